import TernISA

/// Generates random but valid RV64GC sequences that never trap and always terminate.
///
/// Register conventions (the harness relies on them):
/// - `sp` (x2) holds the scratch buffer's address and `s0` (x8) the buffer's middle;
///   no generated instruction writes them, every memory access is based on one of them
///   (or on a register just set from them) and stays inside the buffer.
/// - Control transfers only go forward to a unit boundary of the same sequence (or its end),
///   except the back edge of a counted loop (a `loop` unit: a counter no other instruction
///   in the loop writes, 2…5 iterations, no other control transfer inside).
/// - Dynamic rounding is used only while frm holds a valid mode (0…4).
public struct Generator {
    /// Buffer base register (sp) and middle-of-buffer register (s0).
    public static let bufferBase: UInt8 = 2, bufferMiddle: UInt8 = 8
    /// Registers no generated instruction may write.
    public static let reserved: Set<UInt8> = [bufferBase, bufferMiddle]

    var r: Xoshiro
    /// Units generated so far in the current sequence and the target length.
    var unitCount = 0, length = 0
    /// Registers this sequence prefers (so results feed later instructions often).
    var hotX: [UInt8] = [], hotF: [UInt8] = []
    /// Registers that must keep their value for now (a loop counter).
    var busy: Set<UInt8> = []
    /// This sequence's FP value palette and the classes it draws from (swarm testing:
    /// each sequence leaves some classes out, so the others come more densely).
    var fpPalette: [(UInt64, UInt32)] = []
    /// Whether this sequence's FP vector elements are mostly ordinary values (`EdgeValues.ordinaryFloat`).
    var ordinaryFloats = false
    var classes: [FuzzClass] = Generator.weightedClasses
    /// The CPU model's extensions: only their instructions are generated.
    var extensions = Extension.implemented {
        didSet { fp = FPOps(extensions) }
    }
    /// The FP classes' opcodes within `extensions`.
    var fp = FPOps(Extension.implemented)
    /// VLEN / 8 of the CPU model (vector units keep their accesses within the buffer for it).
    var vlenb = 16
    /// The vector opcodes vector units draw from (nil: all of the model's).
    var vectorOps: [Opcode]?

    public init(seed: UInt64) { r = Xoshiro(seed: seed) }

    /// The sequence for `seed` with `length` units (deterministic), using only
    /// instructions of `extensions` (the `--cpu` model both emulators run).
    /// `only`, when given, restricts the classes (a campaign focused on some instructions).
    public static func sequence(seed: UInt64, length: Int, extensions: ExtensionSet = Extension.implemented,
                                only: Set<FuzzClass>? = nil, vlen: Int = 128,
                                vectorFamilies: Set<String>? = nil) -> FuzzSequence {
        var g = Generator(seed: seed)
        g.extensions = extensions
        g.vlenb = vlen / 8
        if let vectorFamilies {
            let ops = g.enabledOps(.vector).filter { vectorFamilies.contains(Self.vectorFamily($0)) }
            if !ops.isEmpty { g.vectorOps = ops }
        }
        let initial = g.initialState()
        g.length = length
        var available = weightedClasses.filter {
            (only?.contains($0) ?? true) && (!extensionOnly.contains($0) || !g.enabledOps($0).isEmpty)
        }
        if available.isEmpty { available = [.alu] }   // `only` names nothing of the model (the CLI rejects it)
        g.classes = available
        if g.r.chance(50) {
            let enabled = Set(FuzzClass.allCases.filter { _ in g.r.chance(50) })
            let kept = available.filter { enabled.contains($0) }
            if !kept.isEmpty { g.classes = kept }
        }
        g.hotX = (0..<(4 + g.r.below(8))).map { _ in g.rdAny() }
        g.hotF = (0..<(4 + g.r.below(8))).map { _ in UInt8(g.r.below(32)) }
        var units = [FuzzUnit]()
        for i in 0..<length {
            g.unitCount = i
            units.append(g.unit(g.r.pick(g.classes)))
        }
        return FuzzSequence(seed: seed, initial: initial, units: units, bufferNearCode: g.r.chance(10))
    }

    /// Classes repeated by weight.
    static let weightedClasses: [FuzzClass] = {
        let weights: [(FuzzClass, Int)] = [
            (.alu, 6), (.aluImmediate, 6), (.aluWord, 5), (.upper, 2), (.mulDiv, 6), (.atomic, 4),
            (.lrsc, 2), (.fpArith, 7), (.fpFused, 4), (.fpConvert, 7), (.fpMisc, 5), (.fpMove, 3),
            (.fpCSR, 3), (.load, 4), (.store, 4), (.fpLoadStore, 3), (.compressed, 8), (.branch, 4),
            (.jump, 2), (.fence, 1), (.loop, 2), (.selfModify, 1), (.bitManip, 10), (.mayBeOp, 1), (.cacheBlock, 1),
            (.vector, 20),
        ]
        return weights.flatMap { Array(repeating: $0.0, count: $0.1) }
    }()

    // MARK: - Start state

    mutating func initialState() -> MachineState {
        // Half of the sequences draw most values from small palettes (swarm testing).
        let swarm = r.chance(50)
        let intPalette = EdgeValues.integerPalette(&r)
        fpPalette = EdgeValues.fpPalette(&r)
        var x = (0..<32).map { _ in swarm && r.chance(70) ? r.pick(intPalette) : EdgeValues.integer(&r) }
        x[0] = 0; x[2] = 0; x[8] = 0
        let f = (0..<32).map { _ in swarm && r.chance(80) ? EdgeValues.fromPalette(fpPalette, &r) : EdgeValues.fpRegister(&r) }
        let fcsr = UInt64(r.below(5)) << 5 | UInt64(r.below(32))
        var buffer = [UInt8]()
        for _ in 0..<(MachineState.bufferSize / 8) {
            let v: UInt64 = r.chance(40) ? r.next() : swarm && r.chance(60) ? EdgeValues.fromPalette(fpPalette, &r) : EdgeValues.fpRegister(&r)
            for b in 0..<8 { buffer.append(UInt8(truncatingIfNeeded: v >> (8 * b))) }
        }
        var state = MachineState(x: x, f: f, fcsr: fcsr, buffer: buffer)
        if extensions.contains(.v) {
            // Vector registers: random bytes, a few repeated element patterns, or (half the
            // sequences) FP elements of one width: edge values and random bits.
            let pattern = (0..<4).map { _ in EdgeValues.integer(&r) }
            let floatWidth: Int? = r.chance(50) ? r.pick([2, 4, 8]) : nil
            // Some of those hold mostly ordinary values (and f registers, and frm = RNE,
            // often): arithmetic on them stays normal, so the native tier's vector FP
            // fast paths (which leave every special case to the driver) run.
            ordinaryFloats = floatWidth != nil && r.chance(40)
            if ordinaryFloats, let width = floatWidth {
                for i in 0..<32 where r.chance(50) {
                    let e = EdgeValues.ordinaryFloat(width: width, &r)
                    state.f[i] = width == 8 ? e : ~0 << UInt64(8 * width) | e
                }
                if r.chance(60) { state.fcsr &= 0x1f }
            }
            state.v = (0..<(32 * vlenb / 8)).flatMap { _ -> [UInt8] in
                let w = floatWidth.map { ordinaryFloats || r.chance(85) ? floatVectorWord(width: $0) : r.next() }
                    ?? (swarm && r.chance(60) ? r.pick(pattern) : r.next())
                return (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * UInt64($0))) }
            }
            let sew = r.below(4), lmul = r.below(4)
            state.vectorCSRs = [UInt64(r.below(64)), UInt64(lmul | sew << 3 | r.below(4) << 6), 0, UInt64(r.below(8))]
        }
        return state
    }

    // MARK: - Operand choice

    /// A destination integer register (x0 now and then, never a reserved one).
    mutating func rd() -> UInt8 {
        while true {
            let v: UInt8 = r.chance(3) ? 0 : (r.chance(60) && !hotX.isEmpty ? r.pick(hotX) : rdAny())
            if !busy.contains(v) { return v }
        }
    }

    /// A destination other than x0 (for addresses and values used later in the unit).
    mutating func rdNonZero() -> UInt8 {
        while true {
            let v = rd()
            if v != 0 { return v }
        }
    }

    /// True when generated code may overwrite `reg` as a side set-up.
    func writable(_ reg: UInt8) -> Bool { reg != 0 && !Self.reserved.contains(reg) && !busy.contains(reg) }

    mutating func rdAny() -> UInt8 {
        while true {
            let v = UInt8(1 + r.below(31))
            if !Self.reserved.contains(v) { return v }
        }
    }

    /// Any integer source register.
    mutating func rs() -> UInt8 { r.chance(60) && !hotX.isEmpty ? r.pick(hotX) : UInt8(r.below(32)) }
    mutating func freg() -> UInt8 { r.chance(60) && !hotF.isEmpty ? r.pick(hotF) : UInt8(r.below(32)) }

    /// A rounding-mode field: a static mode or dynamic (7).
    mutating func rm() -> UInt8 { r.chance(30) ? 7 : UInt8(r.below(5)) }

    mutating func imm12() -> Int64 {
        r.chance(40) ? r.pick([0, 1, -1, 2047, -2048, 2046, -2047, 0x7f, 0x80, -0x80]) : Int64(r.below(4096) - 2048)
    }

    func word(_ i: Instruction) -> FuzzItem { .word(Encoder.encode(i), length: 4) }

    mutating func op(_ opcode: Opcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, rs3: UInt8 = 0,
                     imm: Int64 = 0, rm: UInt8 = 0) -> FuzzItem {
        word(Instruction(opcode: opcode, rd: rd, rs1: rs1, rs2: rs2, rs3: rs3, imm: imm, rm: rm))
    }

    /// A target unit index 1…`maxAhead` units ahead (possibly the end), mostly near.
    mutating func forwardTarget(maxAhead: Int) -> Int {
        min(unitCount + 1 + r.below(r.chance(80) ? min(3, maxAhead) : maxAhead), length)
    }

    /// A base register and an in-buffer offset for an access of `width` bytes.
    mutating func address(width: Int, aligned: Bool) -> (base: UInt8, offset: Int64) {
        let middle = r.chance(50)
        var off = r.below(MachineState.bufferSize - width + 1)
        if aligned { off &= ~(width - 1) }
        return middle ? (Self.bufferMiddle, Int64(off - MachineState.bufferSize / 2)) : (Self.bufferBase, Int64(off))
    }

    // MARK: - Units

    mutating func unit(_ c: FuzzClass) -> FuzzUnit {
        var items = items(c)
        if [.fpArith, .fpFused, .fpConvert, .fpMisc].contains(c), case .word(let w, 4)? = items.last,
           let insn = Decoder.decode(w) {
            items = operandSetups(for: insn) + items
        }
        return FuzzUnit(c, items)
    }

    /// A class's opcodes, as the instruction description lists them (FuzzOps.swift).
    static func ops(_ c: FuzzClass) -> [Opcode] { FuzzClass.generatedOps[c] ?? [] }

    /// Classes made only of instructions beyond RV64GC: generated when the CPU
    /// model has at least one of their extensions, and then only those instructions.
    static let extensionOnly: Set<FuzzClass> = [.bitManip, .mayBeOp, .cacheBlock, .vector]

    /// `ops(c)` restricted to the CPU model's extensions.
    func enabledOps(_ c: FuzzClass) -> [Opcode] { Self.ops(c).filter { extensions.isSuperset(of: $0.requiredExtensions) } }
    static let aluOps = ops(.alu)
    static let aluImmOps = ops(.aluImmediate)
    static let wordOps = ops(.aluWord)
    static let mulDivOps = ops(.mulDiv)
    static let amoOps = ops(.atomic)
    // The FP classes mix RV64GC rows with Zfh/Zfa ones: each generator keeps those
    // of its CPU model (`FPOps`).
    static let loadOps: [(Opcode, Int)] = ops(.load).map { ($0, accessWidth($0)) }
    static let storeOps: [(Opcode, Int)] = ops(.store).map { ($0, accessWidth($0)) }

    static let branchOps = ops(.branch)

    /// Bytes a load or store accesses, from its mnemonic's width letter.
    static func accessWidth(_ o: Opcode) -> Int {
        let m = o.mnemonic
        let letter = m.hasPrefix("f") ? m.dropFirst().dropFirst().first : m.dropFirst().first
        switch letter { case "b": return 1; case "h": return 2; case "w": return 4; default: return 8 }
    }

    /// An instruction with random operands of its format (integer registers,
    /// shift amounts biased to 0, 1, 31, 32 and 63).
    mutating func operation(_ o: Opcode) -> FuzzItem {
        switch o.format {
        case .reg: return op(o, rd: rd(), rs1: rs(), rs2: rs())
        case .unary: return op(o, rd: rd(), rs1: rs())
        case .shift64: return op(o, rd: rd(), rs1: rs(), imm: Int64(r.chance(30) ? r.pick([0, 1, 31, 32, 63]) : r.below(64)))
        case .shift32: return op(o, rd: rd(), rs1: rs(), imm: Int64(r.chance(30) ? r.pick([0, 1, 31]) : r.below(32)))
        case .imm: return op(o, rd: rd(), rs1: rs(), imm: imm12())
        default: return op(o)
        }
    }

    /// fcsr CSR numbers.
    static let fflags: Int64 = 1, frm: Int64 = 2, fcsr: Int64 = 3

    mutating func items(_ c: FuzzClass) -> [FuzzItem] {
        switch c {
        case .alu:
            return [op(r.pick(Self.aluOps), rd: rd(), rs1: rs(), rs2: rs())]
        case .aluImmediate:
            let o = r.pick(Self.aluImmOps)
            let shift = o == .slli || o == .srli || o == .srai
            let imm = shift ? Int64(r.chance(30) ? r.pick([0, 1, 31, 32, 63]) : r.below(64)) : imm12()
            return [op(o, rd: rd(), rs1: rs(), imm: imm)]
        case .aluWord:
            let o = r.pick(Self.wordOps)
            switch o.format {
            case .shift32: return [op(o, rd: rd(), rs1: rs(), imm: Int64(r.chance(30) ? r.pick([0, 1, 31]) : r.below(32)))]
            case .imm: return [op(o, rd: rd(), rs1: rs(), imm: imm12())]
            default: return [op(o, rd: rd(), rs1: rs(), rs2: rs())]
            }
        case .upper:
            let imm = Int64(Int32(bitPattern: UInt32(r.chance(30) ? r.pick([0, 0x80000, 0xfffff, 0x7ffff, 1]) : r.below(1 << 20)) << 12))
            return [op(r.chance(50) ? .lui : .auipc, rd: rd(), imm: imm)]
        case .mulDiv:
            return mulDiv()
        case .atomic:
            let o = r.pick(Self.amoOps)
            let width = o.mnemonic.hasSuffix(".w") ? 4 : 8
            let (base, off) = address(width: width, aligned: true)
            let t = rdNonZero()
            return [op(.addi, rd: t, rs1: base, imm: off),
                    word(Instruction(opcode: o, rd: rd(), rs1: t, rs2: rs(), rm: UInt8(r.below(4))))]
        case .lrsc:
            return lrsc()
        case .fpArith:
            let o = r.pick(fp.arith)
            return [op(o, rd: freg(), rs1: freg(), rs2: freg(), rm: rm())]
        case .fpFused:
            return [op(r.pick(fp.fused), rd: freg(), rs1: freg(), rs2: freg(), rs3: freg(), rm: rm())]
        case .fpConvert:
            switch r.below(3) {
            case 0:
                let o = r.pick(fp.toInt)
                // fcvtmod.w.d fixes RTZ in its encoding (Encoder keeps it).
                return [op(o, rd: rd(), rs1: freg(), rm: rm())]
            case 1: return [op(r.pick(fp.fromInt), rd: freg(), rs1: rs(), rm: rm())]
            default: return [op(r.pick(fp.toFP), rd: freg(), rs1: freg(), rm: rm())]
            }
        case .fpMisc:
            let o = r.pick(fp.misc)
            switch o.format {
            case .fpCompare: return [op(o, rd: rd(), rs1: freg(), rs2: freg())]
            case .fpToXNoRM: return [op(o, rd: rd(), rs1: freg())]
            default: return [op(o, rd: freg(), rs1: freg(), rs2: freg())]
            }
        case .fpMove:
            let o = r.pick(fp.move)
            switch o.format {
            case .fpToXNoRM: return [op(o, rd: rd(), rs1: freg())]
            case .fpImm: return [op(o, rd: freg(), rs1: UInt8(r.below(32)))]   // rs1: the fli table index
            default: return [op(o, rd: freg(), rs1: rs())]
            }
        case .fpCSR:
            return fpCSR()
        case .load:
            let (o, w) = r.pick(Self.loadOps)
            let (base, off) = address(width: w, aligned: r.chance(85))
            return [op(o, rd: rd(), rs1: base, imm: off)]
        case .store:
            let (o, w) = r.pick(Self.storeOps)
            let (base, off) = address(width: w, aligned: r.chance(85))
            return [op(o, rs1: base, rs2: rs(), imm: off)]
        case .fpLoadStore:
            let (o, w) = r.pick(fp.loadStore)
            let (base, off) = address(width: w, aligned: r.chance(85))
            return o.format == .fpLoad ? [op(o, rd: freg(), rs1: base, imm: off)]
                                          : [op(o, rs1: base, rs2: freg(), imm: off)]
        case .compressed:
            return [compressed()]
        case .branch:
            if r.chance(25) {
                return [.link(.cBranch(notZero: r.chance(50), reg: UInt8(8 + r.below(8))), target: forwardTarget(maxAhead: 8))]
            }
            return [.link(.branch(r.pick(Self.branchOps), a: rs(), b: rs()), target: forwardTarget(maxAhead: 24))]
        case .jump:
            return jump()
        case .loop:
            return loop()
        case .selfModify:
            return selfModify()
        case .bitManip, .mayBeOp:
            return [operation(r.pick(enabledOps(c)))]
        case .vector:
            return vectorItems()
        case .cacheBlock:
            let (base, off) = address(width: 1, aligned: false)
            let t = rdNonZero()
            return [op(.addi, rd: t, rs1: base, imm: off), op(r.pick(enabledOps(.cacheBlock)), rs1: t)]
        case .fence:
            switch r.below(3) {
            case 0: return [op(.fence, imm: Int64(1 + r.below(15)) << 4 | Int64(1 + r.below(15)))]
            case 1: return [op(.fence, imm: 0x833)]   // fence.tso
            default: return [op(.fenceI)]
            }
        }
    }
}

/// The opcodes of the FP fuzzer classes that a CPU model has (F and D, and Zfh,
/// Zfhmin and Zfa where enabled), split by operand shape.
struct FPOps {
    let arith, fused, toInt, fromInt, toFP, misc, move: [Opcode]
    let loadStore: [(Opcode, Int)]

    init(_ extensions: ExtensionSet) {
        func ops(_ c: FuzzClass) -> [Opcode] {
            Generator.ops(c).filter { extensions.isSuperset(of: $0.requiredExtensions) }
        }
        arith = ops(.fpArith)
        fused = ops(.fpFused)
        let convert = ops(.fpConvert)
        toInt = convert.filter { $0.format == .fpToX }
        fromInt = convert.filter { $0.format == .xToFP }
        toFP = convert.filter { $0.format == .fpR1 }
        misc = ops(.fpMisc)
        move = ops(.fpMove)
        loadStore = ops(.fpLoadStore).map { ($0, Generator.accessWidth($0)) }
    }
}
