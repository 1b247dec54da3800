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
    var classes: [FuzzClass] = Generator.weightedClasses

    public init(seed: UInt64) { r = Xoshiro(seed: seed) }

    /// The sequence for `seed` with `length` units (deterministic).
    public static func sequence(seed: UInt64, length: Int) -> FuzzSequence {
        var g = Generator(seed: seed)
        let initial = g.initialState()
        g.length = length
        if g.r.chance(50) {
            let enabled = Set(FuzzClass.allCases.filter { _ in g.r.chance(50) })
            let kept = Self.weightedClasses.filter { enabled.contains($0) }
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
            (.jump, 2), (.fence, 1), (.loop, 2), (.selfModify, 1),
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
        return MachineState(x: x, f: f, fcsr: fcsr, buffer: buffer)
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

    /// Sets some FP source operands of `insn` right before it to a special value of the
    /// sequence's palette (or the global pools) in the operand's precision:
    /// `lui t, hi; fmv.w.x f, t` for singles, `lui t, hi; slli t, t, 32; fmv.d.x f, t` for doubles.
    mutating func operandSetups(for insn: Instruction) -> [FuzzItem] {
        let sources: [UInt8]
        switch insn.opcode.format {
        case .fpR4: sources = [insn.rs1, insn.rs2, insn.rs3]
        case .fpR, .fpRNoRM, .fpCompare: sources = [insn.rs1, insn.rs2]
        case .fpR1, .fpToX, .fpToXNoRM: sources = [insn.rs1]
        default: sources = []
        }
        let single = insn.opcode.mnemonic.hasSuffix(".s")
        var out = [FuzzItem]()
        var seen = Set<UInt8>()
        for f in sources where seen.insert(f).inserted && r.chance(35) {
            let t = rdNonZero()
            if single {
                let fromPalette = fpPalette.map(\.1).filter { $0 & 0xfff == 0 }
                let v = !fromPalette.isEmpty && r.chance(70) ? r.pick(fromPalette) : r.pick(EdgeValues.luiSingles)
                out += [op(.lui, rd: t, imm: Int64(Int32(bitPattern: v))), op(.fmvWX, rd: f, rs1: t)]
            } else {
                let fromPalette = fpPalette.map(\.0).filter { $0 & 0xfff_ffff_ffff == 0 }
                let v = !fromPalette.isEmpty && r.chance(70) ? r.pick(fromPalette) : r.pick(EdgeValues.luiDoubles)
                out += [op(.lui, rd: t, imm: Int64(Int32(bitPattern: UInt32(v >> 32)))),
                        op(.slli, rd: t, rs1: t, imm: 32), op(.fmvDX, rd: f, rs1: t)]
            }
        }
        return out
    }

    static let aluOps: [Opcode] = [.add, .sub, .sll, .slt, .sltu, .xor, .srl, .sra, .or, .and]
    static let aluImmOps: [Opcode] = [.addi, .slti, .sltiu, .xori, .ori, .andi, .slli, .srli, .srai]
    static let wordOps: [Opcode] = [.addiw, .slliw, .srliw, .sraiw, .addw, .subw, .sllw, .srlw, .sraw]
    static let mulDivOps: [Opcode] = [.mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu,
                                      .mulw, .divw, .divuw, .remw, .remuw]
    static let amoOps: [Opcode] = [.amoswapW, .amoaddW, .amoxorW, .amoandW, .amoorW, .amominW, .amomaxW,
                                   .amominuW, .amomaxuW, .amoswapD, .amoaddD, .amoxorD, .amoandD, .amoorD,
                                   .amominD, .amomaxD, .amominuD, .amomaxuD]
    static let fpArithOps: [Opcode] = [.faddS, .fsubS, .fmulS, .fdivS, .fsqrtS,
                                       .faddD, .fsubD, .fmulD, .fdivD, .fsqrtD]
    static let fusedOps: [Opcode] = [.fmaddS, .fmsubS, .fnmsubS, .fnmaddS, .fmaddD, .fmsubD, .fnmsubD, .fnmaddD]
    static let fpToIntOps: [Opcode] = [.fcvtWS, .fcvtWuS, .fcvtLS, .fcvtLuS, .fcvtWD, .fcvtWuD, .fcvtLD, .fcvtLuD]
    static let intToFpOps: [Opcode] = [.fcvtSW, .fcvtSWu, .fcvtSL, .fcvtSLu, .fcvtDW, .fcvtDWu, .fcvtDL, .fcvtDLu]
    static let fpMiscOps: [Opcode] = [.fsgnjS, .fsgnjnS, .fsgnjxS, .fminS, .fmaxS, .fsgnjD, .fsgnjnD, .fsgnjxD,
                                      .fminD, .fmaxD, .feqS, .fltS, .fleS, .feqD, .fltD, .fleD,
                                      .fclassS, .fclassD]
    static let loadOps: [(Opcode, Int)] = [(.lb, 1), (.lh, 2), (.lw, 4), (.ld, 8), (.lbu, 1), (.lhu, 2), (.lwu, 4)]
    static let storeOps: [(Opcode, Int)] = [(.sb, 1), (.sh, 2), (.sw, 4), (.sd, 8)]
    static let branchOps: [Opcode] = [.beq, .bne, .blt, .bge, .bltu, .bgeu]

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
            let o = r.pick(Self.fpArithOps)
            return [op(o, rd: freg(), rs1: freg(), rs2: freg(), rm: rm())]
        case .fpFused:
            return [op(r.pick(Self.fusedOps), rd: freg(), rs1: freg(), rs2: freg(), rs3: freg(), rm: rm())]
        case .fpConvert:
            switch r.below(3) {
            case 0: return [op(r.pick(Self.fpToIntOps), rd: rd(), rs1: freg(), rm: rm())]
            case 1: return [op(r.pick(Self.intToFpOps), rd: freg(), rs1: rs(), rm: rm())]
            default: return [op(r.chance(50) ? .fcvtSD : .fcvtDS, rd: freg(), rs1: freg(), rm: rm())]
            }
        case .fpMisc:
            let o = r.pick(Self.fpMiscOps)
            switch o.format {
            case .fpCompare: return [op(o, rd: rd(), rs1: freg(), rs2: freg())]
            case .fpToXNoRM: return [op(o, rd: rd(), rs1: freg())]
            default: return [op(o, rd: freg(), rs1: freg(), rs2: freg())]
            }
        case .fpMove:
            let o = r.pick([Opcode.fmvXW, .fmvXD, .fmvWX, .fmvDX])
            return o == .fmvXW || o == .fmvXD ? [op(o, rd: rd(), rs1: freg())] : [op(o, rd: freg(), rs1: rs())]
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
            let (o, w) = r.pick([(Opcode.flw, 4), (.fld, 8), (.fsw, 4), (.fsd, 8)])
            let (base, off) = address(width: w, aligned: r.chance(85))
            return o == .flw || o == .fld ? [op(o, rd: freg(), rs1: base, imm: off)]
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
        case .fence:
            switch r.below(3) {
            case 0: return [op(.fence, imm: Int64(1 + r.below(15)) << 4 | Int64(1 + r.below(15)))]
            case 1: return [op(.fence, imm: 0x833)]   // fence.tso
            default: return [op(.fenceI)]
            }
        }
    }

    /// M instructions, often with a divisor of 0 or -1 (or a dividend of the minimum) set up first.
    mutating func mulDiv() -> [FuzzItem] {
        let o = r.pick(Self.mulDivOps)
        let a = rs(), b = rs(), d = rd()
        var out = [FuzzItem]()
        if r.chance(25), writable(b) {
            out.append(op(.addi, rd: b, rs1: 0, imm: r.pick([0, -1])))
        }
        if r.chance(15), writable(a), a != b {
            // a := the 64-bit or 32-bit minimum (lui gives 0xffffffff80000000 for the W forms).
            if r.chance(50) {
                out.append(op(.addi, rd: a, rs1: 0, imm: -1))
                out.append(op(.slli, rd: a, rs1: a, imm: 63))
            } else {
                out.append(op(.lui, rd: a, imm: Int64(Int32.min)))
            }
        }
        out.append(op(o, rd: d, rs1: a, rs2: b))
        return out
    }

    /// An LR/SC pair on one aligned address with a few ALU instructions between (succeeds).
    /// Never misaligned: qemu 7.2 lets a misaligned SC without a reservation fail instead
    /// of trapping as the specification requires (docs/FUZZING.md, qemu deviations).
    mutating func lrsc() -> [FuzzItem] {
        let d = r.chance(50)
        let (base, off) = address(width: d ? 8 : 4, aligned: true)
        let t = rdNonZero()
        var lrRd = rd(); if lrRd == t { lrRd = 0 }
        var out = [op(.addi, rd: t, rs1: base, imm: off),
                   word(Instruction(opcode: d ? .lrD : .lrW, rd: lrRd, rs1: t, rm: UInt8(r.below(4))))]
        for _ in 0..<r.below(3) {
            var x = rd(); if x == t { x = 0 }
            out.append(op(r.pick(Self.aluOps), rd: x, rs1: rs(), rs2: rs()))
        }
        var scRd = rd(); if scRd == t { scRd = 0 }
        out.append(word(Instruction(opcode: d ? .scD : .scW, rd: scRd, rs1: t, rs2: rs(), rm: UInt8(r.below(4)))))
        return out
    }

    /// Reads and writes of fflags, frm and fcsr that keep frm valid.
    mutating func fpCSR() -> [FuzzItem] {
        switch r.below(8) {
        case 0: return [op(.csrrwi, rd: rd(), rs1: UInt8(r.below(5)), imm: Self.frm)]            // fsrmi
        case 1: return [op(.csrrci, rd: rd(), rs1: UInt8(r.below(8)), imm: Self.frm)]            // clears keep it ≤ 4
        case 2: return [op(r.pick([Opcode.csrrwi, .csrrsi, .csrrci]), rd: rd(), rs1: UInt8(r.below(32)), imm: Self.fflags)]
        case 3: return [op(r.pick([Opcode.csrrw, .csrrs, .csrrc]), rd: rd(), rs1: rs(), imm: Self.fflags)]
        case 4: return [op(.csrrs, rd: rd(), rs1: 0, imm: r.pick([Self.fflags, Self.frm, Self.fcsr]))]
        case 5: return [op(.csrrwi, rd: rd(), rs1: UInt8(r.below(32)), imm: Self.fcsr)]           // frm := 0
        case 6:
            // fsrm from a register masked to 0…3.
            let t = rdNonZero()
            return [op(.andi, rd: t, rs1: rs(), imm: 3), op(.csrrw, rd: rd(), rs1: t, imm: Self.frm)]
        default:
            // fscsr with frm bits 6:5 cleared (frm 0 or 4) and random reserved upper bits.
            let t = rdNonZero()
            return [op(.andi, rd: t, rs1: rs(), imm: -97), op(.csrrw, rd: rd(), rs1: t, imm: Self.fcsr)]
        }
    }

    /// Classes a loop body draws from: everything without control transfers or code patching.
    static let loopBodyClasses = weightedClasses.filter { ![.branch, .jump, .loop, .selfModify].contains($0) }

    /// A counted loop: `counter := 2…5`, a body of 1…5 units that leave the counter alone,
    /// `counter -= 1`, and a back edge (`bne counter, zero` or `c.bnez`) to the body start.
    mutating func loop() -> [FuzzItem] {
        let counter = rdNonZero()
        busy.insert(counter)
        defer { busy.remove(counter) }
        var body = [FuzzItem]()
        for _ in 0..<(1 + r.below(5)) { body += items(r.pick(Self.loopBodyClasses)) }
        body.append(op(.addi, rd: counter, rs1: counter, imm: -1))
        let back = -body.reduce(0) { $0 + $1.length }
        let edge: FuzzItem = (8...15).contains(counter) && r.chance(50)
            ? .word(UInt32(CompressedEncoder.branch(notZero: true, reg: counter, offset: back)), length: 2)
            : op(.bne, rs1: counter, rs2: 0, imm: Int64(back))
        return [op(.addi, rd: counter, rs1: 0, imm: Int64(2 + r.below(4)))] + body + [edge]
    }

    /// Patches an instruction a few words ahead and runs it: `auipc t, 0`, build the new
    /// word in `v`, `sw v, 20(t)`, `fence.i`, then the patched slot (which held another
    /// instruction when the block was first fetched).
    mutating func selfModify() -> [FuzzItem] {
        func aluWord(_ g: inout Generator) -> UInt32 {
            while true {
                if case .word(let w, 4)? = g.items(g.r.pick([FuzzClass.alu, .aluImmediate, .aluWord])).first { return w }
            }
        }
        let t = rdNonZero()
        var v = rdNonZero()
        while v == t { v = rdNonZero() }
        let old = aluWord(&self), new = aluWord(&self)
        let lo = Int64(Int32(bitPattern: new << 20) >> 20)
        let hi = Int64(Int32(bitPattern: new &- UInt32(bitPattern: Int32(lo))))
        return [op(.auipc, rd: t, imm: 0), op(.lui, rd: v, imm: hi), op(.addi, rd: v, rs1: v, imm: lo),
                op(.sw, rs1: t, rs2: v, imm: 20), op(.fenceI), .word(old, length: 4)]
    }

    /// jal, c.j, auipc+jalr, auipc+addi+c.jr/c.jalr, all forward.
    mutating func jump() -> [FuzzItem] {
        switch r.below(4) {
        case 0: return [.link(.jal(rd: rd()), target: forwardTarget(maxAhead: 24))]
        case 1: return [.link(.cJ, target: forwardTarget(maxAhead: 24))]
        case 2:
            let t = rdNonZero()
            return [op(.auipc, rd: t, imm: 0), .link(.jalr(rd: rd(), base: t), target: forwardTarget(maxAhead: 24))]
        default:
            let t = rdNonZero()
            let h = r.chance(50) ? CompressedEncoder.jr(t) : CompressedEncoder.jalr(t)
            return [op(.auipc, rd: t, imm: 0), .link(.addiToTarget(reg: t), target: forwardTarget(maxAhead: 24)),
                    .word(UInt32(h), length: 2)]
        }
    }

    /// A random compressed instruction that is safe: no control flow, no write to a
    /// reserved register, memory accesses only through sp/s0 inside the buffer.
    mutating func compressed() -> FuzzItem {
        if r.chance(3) { return .word(0x0001, length: 2) }   // c.nop
        while true {
            var h = UInt16(truncatingIfNeeded: r.next())
            if r.chance(10) { h &= ~0x107c }   // zero immediates/shift amounts (c.slli64, c.li rd,0, ...)
            guard h & 3 != 3, let insn = Decoder.decode(UInt32(h)), Self.isSafeCompressed(insn),
                  !(busy.contains(insn.rd) && Self.writesX(insn)) else { continue }
            return .word(UInt32(h), length: 2)
        }
    }

    /// True when `i` writes its `rd` as an integer register.
    static func writesX(_ i: Instruction) -> Bool {
        switch i.opcode.format {
        case .store, .fpStore, .branch, .fence, .bare, .sfence, .fpLoad, .fpR4, .fpR, .fpRNoRM, .fpR1,
             .xToFP, .xToFPNoRM: return false
        default: return true
        }
    }

    static func isSafeCompressed(_ i: Instruction) -> Bool {
        switch i.opcode.format {
        case .branch, .jump, .jalr, .bare: return false
        case .load, .store, .fpLoad, .fpStore:
            if i.opcode.format == .load && reserved.contains(i.rd) { return false }
            let width = [Opcode.lw: 4, .sw: 4, .ld: 8, .sd: 8, .fld: 8, .fsd: 8][i.opcode] ?? 8
            if i.rs1 == bufferBase { return i.imm >= 0 && Int(i.imm) + width <= MachineState.bufferSize }
            if i.rs1 == bufferMiddle { return Int(i.imm) + width <= MachineState.bufferSize / 2 }
            return false
        default:
            return !reserved.contains(i.rd)
        }
    }
}
