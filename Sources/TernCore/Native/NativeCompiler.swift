import CoreGlue
import JITRuntime

/// Machine code for one block, assembled once and placed at its address
/// (`bytes(at:)`) when its memory is allocated.
struct NativeCode {
    /// The assembled code and its relocations.
    var assembly: X86Assembler
    /// Bytes of code.
    var size: Int { assembly.count }
    /// The code as it runs at `origin` (16-byte aligned).
    func bytes(at origin: UInt) -> [UInt8] { assembly.placed(at: origin) }
    /// Offset of the entry used by the dispatcher (loads the pinned counters).
    var entryOffset: Int
    /// Offset of the entry chain jumps and the jump table use (counters live).
    var chainOffset: Int
    /// Chain jumps: offset of each `jmp rel32` site and its guest target pc.
    var chainSites: [(offset: Int, target: UInt64)]
    /// IR ops compiled natively (a shorter prefix exits to the threaded engine).
    var coveredOps: Int
    /// Prediction cells (`NativeLinkCells`) the code's indirect jumps use.
    var cells: [UnsafeMutablePointer<UInt>]
    /// Each guest memory access instruction: its op and the guest registers
    /// only host registers hold there.
    var accesses: NativeAccessTable
}

/// Compiles a translated block's IR ops into x86-64 for the native tier.
/// Guest registers live in the hart struct (rbx); guest memory is r12 + address.
struct NativeCompiler {
    /// Exit stub addresses, indexed by TernNativeExit.
    let exits: [UInt]
    /// Address of the tier's jump table (`NativeJumpTable`).
    let jumpTable: UInt
    /// An empty prediction cell's value (the jump table's empty entry).
    let emptyCell: UInt
    /// The value marking an inline cache megamorphic (never matches, never refilled).
    let megamorphicCell: UInt

    private static let raiseAddress = UInt(bitPattern: tern_guard_raise_address())
    private static func offset(_ key: PartialKeyPath<TernHart>) -> Int { MemoryLayout<TernHart>.offset(of: key)! }
    private static let pcOffset = offset(\TernHart.pc)
    private static let retiredOffset = offset(\TernHart.retired)
    private static let curOpOffset = offset(\TernHart.curOp)
    private static let exitValueOffset = offset(\TernHart.exitValue)
    private static let vectorOffOffset = offset(\TernHart.vectorOff)
    private static let budgetOffset = offset(\TernHart.budget)
    private static let chainHitsOffset = offset(\TernHart.nativeChainHits)
    private static let icHitsOffset = offset(\TernHart.nativeInlineCacheHits)
    private static let rasHitsOffset = offset(\TernHart.nativeRasHits)
    private static let rasMissesOffset = offset(\TernHart.nativeRasMisses)
    private static let tableHitsOffset = offset(\TernHart.nativeJumpTableHits)
    private static let tableMissesOffset = offset(\TernHart.nativeJumpTableMisses)
    private static let fusedOffset = offset(\TernHart.nativeFusedEntries)
    private static let scratchOffset = offset(\TernHart.nativeScratch)
    private static let rasTopOffset = offset(\TernHart.nativeRasTop)
    private static let rasOffset = offset(\TernHart.nativeRas)
    /// Bytes from a chain entry to the indirect entry: the chain entry's
    /// `inc r14` (a direct chain hit) is skipped by indirect jumps, which count
    /// their own kind of entry.
    static let indirectEntryOffset = 3
    private static let fflagsOffset = offset(\TernHart.fflags)
    private static let frmOffset = offset(\TernHart.frm)
    private static let xOffset = offset(\TernHart.x)
    @inline(__always) private static func x(_ r: UInt8) -> Int { xOffset + Int(r) * 8 }
    private static let fOffset = offset(\TernHart.f)
    @inline(__always) private static func f(_ r: UInt8) -> Int { fOffset + Int(r) * 8 }

    /// Number of leading ops (terminator included when reached) the table
    /// covers; blocks are compiled only when this is at least 1.
    static func coverage(_ ops: UnsafePointer<TernOp>, count: Int) -> (ops: Int, complete: Bool) {
        coverage(forms(ops, count: count))
    }

    /// The form of each op up to the first one without a form or the terminator.
    static func forms(_ ops: UnsafePointer<TernOp>, count: Int) -> [NativeForm] {
        forms((0..<count).map { ops + $0 }, junctions: [])
    }

    /// The form of each op of a region up to the first one without a form or
    /// the first terminator that is not a junction.
    static func forms(_ ops: [UnsafePointer<TernOp>], junctions: [Bool]) -> [NativeForm] {
        var forms: [NativeForm] = []
        forms.reserveCapacity(ops.count)
        for (i, op) in ops.enumerated() {
            guard let form = NativeOpTable.form(of: op.pointee) else { break }
            forms.append(form)
            if form.isTerminator && !(i < junctions.count && junctions[i]) { break }
        }
        return forms
    }

    private static func coverage(_ forms: [NativeForm]) -> (ops: Int, complete: Bool) {
        (forms.count, forms.last?.isTerminator == true)
    }

    /// Emits the block at `origin`. `ops` are the region's IR records
    /// (`NativeRegion`: its blocks' ops without their link records), which
    /// must stay alive while the code exists; `junctions[i]` marks the
    /// unconditional jump ending a fused block (compiled as a budget check and
    /// a fused-entry count, falling through into the next block's ops).
    /// `cell` hands out prediction cells for the terminator's inline cache or
    /// return cell (nil: none left; the site then goes without one).
    /// `vector` is the hart's vtype and VLEN / 8 when the block is compiled
    /// (vector ops before the block's own vsetvli are specialised on that vtype).
    func compile(_ ops: [UnsafePointer<TernOp>], junctions: [Bool] = [], pc blockPC: UInt64,
                 vector: (vtype: UInt64, vlenb: Int) = (VectorState.vill, 16),
                 cell: () -> UnsafeMutablePointer<UInt>? = { nil }) -> NativeCode {
        var cells: [UnsafeMutablePointer<UInt>] = []
        func newCell() -> UnsafeMutablePointer<UInt>? {
            let c = cell()
            if let c { cells.append(c) }
            return c
        }
        let count = ops.count
        var a = X86Assembler(capacity: 64 + 48 * count)
        var sites: [(Int, UInt64)] = []
        /// Out-of-line address traps: label, reason, op, dirty registers, the register holding the address.
        var faults: [(X86Assembler.Label, TernExitReason, UInt, [(guest: UInt8, host: X86Assembler.Reg)], X86Assembler.Reg)] = []
        /// Out-of-line body calls of ops with an inline fast path: entry, return
        /// label, op, body, registers to store before and reload after.
        /// `result`: a guest register the body wrote, loaded into rax before returning;
        /// `floats`: FP registers whose xmm copies are reloaded; `zeroCheck`: run first.
        var slowCalls: [(X86Assembler.Label, X86Assembler.Label, UInt, UInt, [(guest: UInt8, host: X86Assembler.Reg)],
                         [(guest: UInt8, host: X86Assembler.Reg)], result: UInt8?,
                         floats: [(guest: UInt8, xmm: UInt8)], zeroCheck: NativeFloatZeroCheck?, vector: NativeVectorCopy?)] = []
        /// Out-of-line checks of the native vector ops (they jump back or to their driver call).
        var vectorStubs: [NativeVectorStub] = []
        /// Exits of vector ops whose guard failed: the rest of the block runs in the
        /// threaded engine from the op (label, registers to store, the op).
        var sideExits: [(X86Assembler.Label, [(guest: UInt8, host: X86Assembler.Reg)], UInt)] = []
        /// The guest register whose value rax holds (its store already done).
        var rax: UInt8?
        /// The base registers whose accesses need no range check (`NativeAddressChecks`).
        var checks = NativeAddressChecks()
        /// The vector state known at the op being compiled.
        var vectorKnowledge = NativeVectorKnowledge(vlenb: vector.vlenb, vtype: vector.vtype)
        /// Whether the code so far checked that V is on for the hart (`Hart.vectorEnabled`):
        /// once per block, before its first inline vector op (nothing in a block
        /// switches it; the ops that call their driver check it there).
        var vectorSwitchChecked = false
        /// Whether vector code ran on ymm registers: upper halves are cleared
        /// (`vzeroupper`) before body calls and block exits from then on.
        var ymmUsed = false
        let forms = Self.forms(ops, junctions: junctions)
        let covered = forms.count
        func isJunction(_ i: Int) -> Bool { i < junctions.count && junctions[i] }
        var cache = NativeRegisterCache(covered, reads: { Self.reads(ops[$0].pointee, forms[$0]) },
                                        writes: { Self.writes(ops[$0].pointee, forms[$0]) })
        // Blocks with vector FP keep xmm15 for the last FP result (`NativeVectorCopy`).
        let vectorFloat = forms.prefix(covered).contains {
            switch $0 {
            case .vector(.floatLanewise, _), .vector(.floatMultiplyAdd, _): true
            default: false
            }
        }
        var floats = NativeFloatCache(covered, reserved: vectorFloat ? 1 << NativeVectorCopy.register : 0,
                                      uses: { Self.floatUses(ops[$0].pointee, forms[$0]) })
        /// The vector register group ymm15 holds here, if any.
        var vectorCopy: NativeVectorCopy?
        var accesses = NativeAccessTable(hosts: cache.allocation)
        let floatEmitter = NativeFloatEmitter(fflagsOffset: Self.fflagsOffset, frmOffset: Self.frmOffset, fOffset: Self.fOffset)
        /// Budget exits of junctions: label, registers to store, the fused
        /// block's pc, whether ymm registers were used.
        var junctionExits: [(X86Assembler.Label, [(guest: UInt8, host: X86Assembler.Reg)], UInt64, Bool)] = []
        func load(_ dst: X86Assembler.Reg, _ r: UInt8) {
            if r == 0 {
                a.zero(dst)
            } else if let h = cache.host(of: r) {
                if dst != h { a.mov(dst, h) }
            } else if rax == r {
                if dst != .rax { a.mov(dst, .rax) }
            } else {
                a.load(dst, state: Self.x(r))
                if let h = cache.slot(of: r) {
                    if h != dst { a.mov(h, dst) }
                    cache.validate(r)
                }
            }
        }
        /// A register holding x[r] that is not `busy` (its host copy, else rcx).
        func source(_ r: UInt8, notIn busy: X86Assembler.Reg) -> X86Assembler.Reg {
            if r != 0, let h = cache.host(of: r), h != busy { return h }
            load(.rcx, r)
            return .rcx
        }
        /// Where an op computes rd: its host register, else rax.
        func target(_ rd: UInt8) -> X86Assembler.Reg { cache.slot(of: rd) ?? .rax }
        /// Notes that `d` (from `target(rd)`) now holds rd's new value.
        func result(_ rd: UInt8, in d: X86Assembler.Reg) {
            checks.written(rd)
            if d == .rax {
                storeRAX(rd)
            } else {
                cache.write(rd)
                if rax == rd { rax = nil }
            }
        }
        func loadRAX(_ r: UInt8) {
            load(.rax, r)
            rax = r
        }
        func loadRCX(_ r: UInt8) { load(.rcx, r) }
        func storeRAX(_ r: UInt8) {
            checks.written(r)
            if let h = cache.slot(of: r) {
                a.mov(h, .rax)
                cache.write(r)
            } else {
                a.store(.rax, state: Self.x(r))
            }
            rax = r
        }
        /// Stores the dirty guest registers to the hart.
        func flush() {
            storeDirty()
            cache.clean()
        }
        /// Stores the dirty guest registers on a path that leaves the block
        /// (the other paths keep them dirty).
        func storeDirty() {
            for (g, h) in cache.dirty { a.store(h, state: Self.x(g)) }
        }
        /// Loads the convention registers again after a body call (which may
        /// have clobbered their host registers or written the guest ones).
        func reloadConvention() {
            for (g, h) in cache.invalidConvention {
                a.load(h, state: Self.x(g))
                cache.validate(g)
            }
        }
        /// Records the guest memory access emitted next (op `i`).
        func access(_ i: Int) {
            accesses.append(ops[i], offset: a.count, dirtyMask: cache.dirtyMask)
        }
        /// Range-checks the address of a guest access (unless `checks` covers
        /// it) and returns the index register and displacement of its
        /// `[r12 + index + disp]` operand. Uses rax for x[rs1] when no host
        /// register holds it and for the address when the check needs it.
        func checkAddress(_ op: TernOp, _ reason: TernExitReason, _ opAddress: UInt) -> (X86Assembler.Reg, Int32) {
            let b: X86Assembler.Reg
            if op.rs1 != 0, let h = cache.host(of: op.rs1) { b = h } else { loadRAX(op.rs1); b = .rax }
            let disp = Int32(truncatingIfNeeded: op.imm)
            if checks.covers(op.rs1, disp: op.imm) { return (b, disp) }
            var address = b
            if disp != 0 {
                a.lea(.rax, b, disp)  // the effective address
                rax = nil
                address = .rax
            }
            a.cmp(address, .r15)      // r15 = 2^38
            let fault = a.newLabel()
            a.jcc(0x3, fault)         // jae
            faults.append((fault, reason, opAddress, cache.dirty, address))
            checks.checked(op.rs1, disp: op.imm)
            return (address, 0)
        }
        /// Exit to `target` (chained), or straight back to the loop head when
        /// the block branches to itself.
        let loopHead = a.newLabel()
        // A block that branches to itself keeps every allocated register in its
        // host register around the loop: all are loaded at the chain entry, and
        // the ones the block writes count as dirty from the loop head on (so the
        // back edge stores nothing; storing a clean one again is harmless).
        let selfLoop = covered == count && covered > 0 && Self.exitTargets(ops[covered - 1].pointee).contains(blockPC)
        let loopRegisters = selfLoop ? cache.allocated : cache.liveIn
        let loopFloats = selfLoop ? floats.allocated : floats.liveIn
        func exit(_ op: TernOp, to target: UInt64) {
            if target == blockPC {
                retire(&a, op)
                let budget = a.newLabel()
                a.jcc(0x3, budget)                                       // jae: budget used up
                for r in cache.invalid(among: loopRegisters) { a.load(cache.slot(of: r)!, state: Self.x(r)) }
                for r in floats.invalid(among: loopFloats) { a.sse(0xf2, 0x10, reg: floats.slot(of: r)!, state: Self.f(r)) }
                a.emit(0x49, 0xff, 0xc6)                                 // inc r14 (a chain hit)
                a.jmp(loopHead)
                a.bind(budget)
                storeDirty()
                a.movImm(.rcx, target)
                a.store(.rcx, state: Self.pcOffset)
                leave(&a, TernNativeExitBudget)
            } else {
                // Block-local registers go to the hart; the convention's stay in
                // their host registers along the chain and are stored only where
                // the exit leaves native code.
                for (g, h) in cache.dirtyLocal { a.store(h, state: Self.x(g)) }
                sites.append((exitPath(&a, op, to: target, storing: cache.dirtyConvention), target))
            }
        }
        // Layout: the block's guest pc (8 bytes, read by the jump table probe),
        // then the chain entry, the body, out-of-line paths and, last, the
        // dispatcher entry, which jumps to the chain entry.
        a.emit64(blockPC)
        let chain = a.count
        let chainLabel = a.newLabel()
        a.bind(chainLabel)
        a.emit(0x49, 0xff, 0xc6)  // inc r14 (indirect jumps enter after it: indirectEntryOffset)
        for r in loopRegisters {
            a.load(cache.slot(of: r)!, state: Self.x(r))
            cache.validate(r)
        }
        for r in loopFloats {
            a.sse(0xf2, 0x10, reg: floats.slot(of: r)!, state: Self.f(r))  // movsd xmm(r), f[r]
            floats.validate(r)
        }
        /// Where a failed loop entry check goes (the whole block then runs in
        /// the threaded engine, which faults at the exact op), with the
        /// registers to store.
        var entryFallback: (X86Assembler.Label, [(guest: UInt8, host: X86Assembler.Reg)])?
        if selfLoop {
            cache.assumeDirty(cache.allocatedWrites)
            let callsBody = forms.contains {
                switch $0 {
                case .call, .vector: true
                default: false
                }
            }
            let hoisted = callsBody ? [] : NativeAddressChecks.loopEntryChecks(
                covered,
                access: { i in
                    switch forms[i] {
                    case .load, .store, .floatLoad, .floatStore: (ops[i].pointee.rs1, ops[i].pointee.imm)
                    default: nil
                    }
                },
                selfAdd: { i in
                    let op = ops[i].pointee
                    guard case .regImm(.add, .imm32, word: false) = forms[i], op.rd == op.rs1 else { return nil }
                    return (op.rd, op.imm)
                },
                writes: { Self.writes(ops[$0].pointee, forms[$0]) })
            if !hoisted.isEmpty {
                let fallback = a.newLabel()
                for (r, k) in hoisted {
                    var address = X86Assembler.Reg.rax
                    if let h = cache.host(of: r) { address = h } else { a.load(.rax, state: Self.x(r)) }
                    if k != 0 {
                        a.lea(.rax, address, Int32(k))
                        address = .rax
                    }
                    a.cmp(address, .r15)  // r15 = 2^38
                    a.jcc(0x3, fallback)  // jae
                    checks.checked(r, disp: k)
                }
                entryFallback = (fallback, cache.dirty)
            }
            a.alignWithNops(16)  // the loop head on a 16-byte boundary (the code is placed 16-byte aligned)
        }
        a.bind(loopHead)
        var ended = false
        /// Whether op i was compiled together with the op before it.
        var fusedWithPrevious = false
        for i in 0..<covered {
            if fusedWithPrevious {
                fusedWithPrevious = false
                continue
            }
            let op = ops[i].pointee
            let opAddress = UInt(bitPattern: ops[i])
            if i + 1 < covered, !isJunction(i + 1), let other = Self.scaledIndex(op, ops[i + 1].pointee) {
                // slli rd, rs, 1-3; add rd, rd, rb → lea rd, [rb + rs * 2^k]
                // (the shifted value is never seen: nothing between can fault).
                let d = target(op.rd)
                var scaled = X86Assembler.Reg.rax
                if op.rs1 != 0, let h = cache.host(of: op.rs1) { scaled = h } else { loadRAX(op.rs1) }
                let base = source(other, notIn: .rax)
                a.lea(d, base: base, index: scaled, scale: UInt8(op.imm))
                result(op.rd, in: d)
                fusedWithPrevious = true
                continue
            }
            if i + 1 < covered, !isJunction(i + 1), case .scalar = forms[i], case .scalar = forms[i + 1],
               let pair = NativeIntegerPeepholes.divisionPair(op, ops[i + 1].pointee) {
                // remu + divu (rem + div) of the same operands: one division.
                loadRCX(op.rs2)
                loadRAX(op.rs1)
                a.bytes(NativeIntegerPeepholes.divisionBytes(signed: pair.signed))
                checks.written(pair.remainder)
                if let h = cache.slot(of: pair.remainder) {
                    a.mov(h, .rcx)
                    cache.write(pair.remainder)
                } else {
                    a.store(.rcx, state: Self.x(pair.remainder))
                }
                storeRAX(pair.quotient)
                fusedWithPrevious = true
                continue
            }
            // A word result whose upper half no later op sees stays unextended.
            let extend = !NativeIntegerPeepholes.upperHalfUnseen(i, count: covered, op: { ops[$0].pointee },
                                                                 form: { forms[$0] }, junction: isJunction)
            if isJunction(i) {
                // The jump into the next fused block: its link register (a
                // `jal` with rd other than x0), then retire and check the
                // budget as a chain jump does, count the entry, fall through.
                if NativeOpTable.id(of: op) == TernOp_jal, op.rd != UInt8(TERN_X_SINK) {
                    a.movImm(.rax, op.pc &+ UInt64(op.rs3))
                    storeRAX(op.rd)
                }
                retire(&a, op)
                let out = a.newLabel()
                a.jcc(0x3, out)                                          // jae: budget used up
                increment(&a, Self.fusedOffset)
                junctionExits.append((out, cache.dirty, UInt64(bitPattern: op.imm), ymmUsed))
                continue
            }
            if ymmUsed && forms[i].isTerminator { a.vzeroupper() }
            switch forms[i] {
            case .regReg(let alu, let word) where alu.isShift && HostFeature.bmi2.available:
                // shlx/shrx/sarx: any count register, no copy of rs1 first.
                let d = target(op.rd)
                var count = X86Assembler.Reg.rcx
                if op.rs2 != 0, let h = cache.host(of: op.rs2) { count = h } else { load(.rcx, op.rs2) }
                if count == d && op.rs1 != op.rs2 {
                    a.mov(.rcx, d)
                    count = .rcx
                }
                var value = d
                if op.rs1 != 0, let h = cache.host(of: op.rs1) { value = h } else { load(d, op.rs1) }
                a.shiftX(alu, d, value, count: count, wide: !word)
                if word && extend { a.signExtend(d) }
                result(op.rd, in: d)
            case .regReg(let alu, let word):
                let d = target(op.rd)
                if alu != .shl, alu != .shr, alu != .sar, op.rs2 != 0, rax != op.rs2, cache.slot(of: op.rs2) == nil {
                    // rs2 lives only in the hart: use it as a memory operand.
                    load(d, op.rs1)
                    a.alu(alu, d, state: Self.x(op.rs2), wide: !word)
                } else {
                    let src: X86Assembler.Reg
                    if alu == .shl || alu == .shr || alu == .sar {
                        load(.rcx, op.rs2)  // the count goes in cl
                        src = .rcx
                    } else {
                        src = source(op.rs2, notIn: d)
                    }
                    load(d, op.rs1)
                    a.alu(alu, d, src, wide: !word)
                }
                if word && extend { a.signExtend(d) }
                result(op.rd, in: d)
            case .regImm(let alu, let kind, let word):
                let d = target(op.rd)
                load(d, op.rs1)
                // No-op forms: addiw rd, rs, 0 (sext.w) is the sign extension
                // alone; a 32-bit right shift by 1-31 clears bit 31, so its zero
                // extension is already the sign extension.
                let sextOnly = word && alu == .add && op.imm == 0
                let alreadyExtended = kind == .shift32 && alu == .shr && op.imm & 31 != 0
                switch kind {
                case _ where sextOnly: break
                case .imm32: a.alu(alu, d, imm: Int32(truncatingIfNeeded: op.imm), wide: !word)
                case .shift64: a.alu(alu, d, imm: Int32(op.imm & 63), wide: true)
                case .shift32: a.alu(alu, d, imm: Int32(op.imm & 31), wide: false)
                }
                if word && !alreadyExtended && extend { a.signExtend(d) }
                // addi keeps rs1's checked address, shifted (read before result() forgets rd's).
                var shifted = checks
                shifted.derived(op.rd, from: op.rs1, adding: alu == .add && kind == .imm32 && !word ? op.imm : nil)
                result(op.rd, in: d)
                checks = shifted
            case .setIf(let cc, let immediate):
                if !immediate { loadRCX(op.rs2) }
                loadRAX(op.rs1)
                if immediate {
                    a.emit(0x48, 0x3d); a.emit32(Int32(truncatingIfNeeded: op.imm))  // cmp rax, imm32
                } else {
                    a.emit(0x48, 0x39, 0xc8)                                           // cmp rax, rcx
                }
                a.emit(0x0f, 0x90 | cc, 0xc0)  // setcc al
                a.emit(0x0f, 0xb6, 0xc0)       // movzx eax, al
                storeRAX(op.rd)
            case .scalar(let code, let binary, let immediate, let then, _):
                if binary { loadRCX(op.rs2) }
                loadRAX(op.rs1)
                a.bytes(code)
                if immediate { a.emit(UInt8(op.imm & 63)) }
                a.bytes(then)
                storeRAX(op.rd)
            case .shiftAdd(let shift, let zeroExtend):
                let d = target(op.rd)
                var index = X86Assembler.Reg.rax
                if op.rs1 != 0, let h = cache.host(of: op.rs1) { index = h } else { loadRAX(op.rs1) }
                if op.rs2 == 0 {
                    // zext.w, or a plain shift: no base register.
                    if zeroExtend { a.mov32(d, index) } else if index != d { a.mov(d, index) }
                    if shift > 0 { a.alu(.shl, d, imm: Int32(shift), wide: true) }
                } else {
                    if zeroExtend {
                        a.mov32(.rax, index)
                        index = .rax
                        rax = nil
                    }
                    a.lea(d, base: source(op.rs2, notIn: .rax), index: index, scale: shift)
                }
                if d == .rax { rax = nil }
                result(op.rd, in: d)
            case .loadImmediate:
                let d = target(op.rd)
                a.movImm(d, UInt64(bitPattern: op.imm))
                result(op.rd, in: d)
            case .move:
                let d = target(op.rd)
                load(d, op.rs1)
                var moved = checks
                moved.derived(op.rd, from: op.rs1, adding: 0)
                result(op.rd, in: d)
                checks = moved
            case .nothing:
                break
            case .call(let body):
                flush()
                if ymmUsed { a.vzeroupper() }
                callBody(&a, opAddress, body)
                rax = nil
                cache.clear()
                checks.clear()
                floats.clear()
                vectorCopy = nil
                reloadConvention()
                vectorKnowledge.after(call: NativeOpTable.id(of: op))
            case .vector(let shape, let body):
                guard var plan = NativeVectorEmitter.plan(op, shape, vectorKnowledge) else {
                    flush()
                    if ymmUsed { a.vzeroupper() }
                    callBody(&a, opAddress, body)
                    rax = nil
                    cache.clear()
                checks.clear()
                    floats.clear()
                    vectorCopy = nil
                    reloadConvention()
                    vectorKnowledge.after(call: NativeOpTable.id(of: op))
                    break
                }
                if !vectorSwitchChecked {
                    // V off for this thread (prctl): the op runs in the threaded
                    // engine, whose driver raises the illegal instruction.
                    let off = a.newLabel()
                    a.cmp32(state: Self.vectorOffOffset, 0)
                    a.jcc(0x5, off)  // jne
                    sideExits.append((off, cache.dirty, opAddress))
                    vectorSwitchChecked = true
                }
                plan.copy = vectorCopy
                if plan.needsScalar { load(.rax, op.rs1) }
                if case .float(let w) = plan.work, case .float(let r) = w.operand { plan.floatOperandCopy = floats.xmm(of: UInt8(r)) }
                let slow = a.newLabel(), done = a.newLabel(), sideExit = a.newLabel()
                let emitted = NativeVectorEmitter.emit(&a, plan, slow: slow, exit: sideExit, vlenb: vector.vlenb,
                                                       stubs: &vectorStubs)
                if emitted.usesExit { sideExits.append((sideExit, cache.dirty, opAddress)) }
                for offset in emitted.accesses {
                    accesses.append(ops[i], offset: offset, dirtyMask: cache.dirtyMask)
                }
                // The fast path clobbers some xmm registers (`plan.clobbered`);
                // vfmv.f.s leaves f[rd] in rax for its cached copy.
                floats.clear(clobbered: plan.clobbered)
                if let c = plan.producedCopy {
                    vectorCopy = c
                } else if !plan.writesNoVectorRegister || plan.clobbered & 1 << NativeVectorCopy.register != 0 {
                    vectorCopy = nil
                }
                if case .floatToScalar(let rd) = plan.work {
                    floats.invalidate(UInt8(rd))
                    if let x = floats.slot(of: UInt8(rd)) {
                        a.sse(0x66, 0x6e, reg: x, rm: 0, wide: true)  // movq xmm(rd), rax
                        floats.validate(UInt8(rd))
                    }
                }
                a.bind(done)
                // vsetvli (never slow) and vcpop/vfirst leave x[rd] in rax.
                var scalarResult: UInt8? = nil
                switch plan.work {
                case .configuration, .maskCount: if op.rd != 0, op.rd < 32 { scalarResult = op.rd }
                default: break
                }
                if emitted.usesSlow {
                    // The driver call clobbers every xmm register: it reloads the copies valid after the op.
                    slowCalls.append((slow, done, opAddress, body, cache.dirty, cache.validRegisters, scalarResult,
                                      floats.validRegisters, nil, vectorCopy))
                }
                rax = nil
                ymmUsed = ymmUsed || plan.usesYMM
                vectorKnowledge.after(plan)
                if let rd = scalarResult { result(rd, in: .rax) }
            case .float(let form, let body):
                if form.readsX { load(.rax, op.rs1) }
                let slow = a.newLabel(), done = a.newLabel()
                let emitted = floatEmitter.emit(&a, &floats, op, form, slow: slow,
                                                environmentKnown: vectorKnowledge.floatReady)
                a.bind(done)
                rax = nil
                let xResult: UInt8? = form.writesX ? op.rd : nil
                if emitted.usesSlow || emitted.zeroCheck != nil {
                    slowCalls.append((slow, done, opAddress, body, cache.dirty, cache.validRegisters, xResult,
                                      floats.validRegisters, emitted.zeroCheck, vectorCopy))
                }
                if let rd = xResult { result(rd, in: .rax) }
            case .fence:
                a.emit(0x0f, 0xae, 0xf0)  // mfence
            case .load(let bytes):
                let (index, disp) = checkAddress(op, TernExitLoadFault, opAddress)
                let d = target(op.rd)
                access(i)
                a.bytes(Self.addressed(Self.retarget(bytes, d), index: index, disp: disp))
                result(op.rd, in: d)
            case .store(let bytes):
                let (index, disp) = checkAddress(op, TernExitStoreFault, opAddress)
                let value = source(op.rs2, notIn: .rax)
                access(i)
                a.bytes(Self.addressed(Self.retarget(bytes, value), index: index, disp: disp))
            case .floatLoad(let bytes, let nanBox):
                let (index, disp) = checkAddress(op, TernExitLoadFault, opAddress)
                access(i)
                a.bytes(Self.addressed(bytes, index: index, disp: disp))
                if nanBox {
                    a.movImm(.rcx, 0xffff_ffff_0000_0000)
                    a.emit(0x48, 0x09, 0xc8)  // or rax, rcx
                }
                a.store(.rax, state: Self.f(op.rd))
                if let x = floats.slot(of: op.rd) {
                    a.sse(0x66, 0x6e, reg: x, rm: 0, wide: true)  // movq xmm(rd), rax
                    floats.validate(op.rd)
                }
                rax = nil
            case .floatStore(let bytes):
                let (index, disp) = checkAddress(op, TernExitStoreFault, opAddress)
                if let x = floats.xmm(of: op.rs2) {
                    a.sse(0x66, 0x7e, reg: x, rm: 1, wide: true)  // movq rcx, xmm(rs2)
                } else {
                    a.load(.rcx, state: Self.f(op.rs2))
                }
                access(i)
                a.bytes(Self.addressed(bytes, index: index, disp: disp))
            case .branch(let cc):
                let taken = a.newLabel()
                var lhs = X86Assembler.Reg.rax
                if op.rs1 != 0, let h = cache.host(of: op.rs1) { lhs = h } else { loadRAX(op.rs1) }
                if op.rs2 == 0 {
                    a.test(lhs)  // the flags of cmp lhs, 0
                } else if let h = cache.host(of: op.rs2) {
                    a.cmp(lhs, h)
                } else {
                    a.cmp(lhs, state: Self.x(op.rs2))
                }
                let takenPC = UInt64(bitPattern: op.imm), nextPC = op.pc &+ UInt64(op.rs3)
                if takenPC == blockPC && nextPC != blockPC {
                    // A loop's back edge falls through (one taken jump per
                    // iteration, to the loop head); the loop exit branches.
                    a.jcc(cc ^ 1, taken)
                    exit(op, to: takenPC)
                    a.bind(taken)
                    exit(op, to: nextPC)
                } else {
                    a.jcc(cc, taken)
                    exit(op, to: nextPC)
                    a.bind(taken)
                    exit(op, to: takenPC)
                }
                ended = true
            case .jal:
                a.movImm(.rax, op.pc &+ UInt64(op.rs3))
                storeRAX(op.rd)
                if NativeOpTable.id(of: op) == TernOp_jal_call {
                    pushReturn(&a, op.pc &+ UInt64(op.rs3), cell: newCell())
                    rax = nil
                }
                exit(op, to: UInt64(bitPattern: op.imm))
                ended = true
            case .jump:
                exit(op, to: UInt64(bitPattern: op.imm))
                ended = true
            case .jalr:
                // Block-local registers go to the hart (their host registers are
                // free from here on); the convention's stay for the target.
                for (g, h) in cache.dirtyLocal { a.store(h, state: Self.x(g)) }
                loadRAX(op.rs1)
                a.emit(0x48, 0x05); a.emit32(Int32(truncatingIfNeeded: op.imm))  // add rax, imm32
                a.emit(0x48, 0x83, 0xe0, 0xfe)                                   // and rax, ~1
                if NativeRegisterCache.conventionMask & 1 << op.rd != 0, let h = cache.slot(of: op.rd) {
                    a.movImm(h, op.pc &+ UInt64(op.rs3))
                    cache.write(op.rd)
                } else {
                    a.movImm(.rcx, op.pc &+ UInt64(op.rs3))
                    a.store(.rcx, state: Self.x(op.rd))
                }
                a.store(.rax, state: Self.pcOffset)
                a.mov(.rdx, .rax)                                                // rdx = target
                let convention = cache.dirtyConvention
                retire(&a, op)
                let budget = a.newLabel()
                a.jcc(0x3, budget)                                               // jae: budget used up
                indirectJump(&a, op, newCell: newCell, storing: convention)
                a.bind(budget)
                for (g, h) in convention { a.store(h, state: Self.x(g)) }
                leave(&a, TernNativeExitBudget)
                ended = true
            case .ecall:
                flush()
                a.movImm(.rax, op.pc)
                a.store(.rax, state: Self.pcOffset)
                retire(&a, op)
                leave(&a, TernNativeExitSyscall)
                ended = true
            }
        }
        if !ended {
            // The rest of the block runs in the threaded engine, from this op.
            flush()
            if ymmUsed { a.vzeroupper() }
            a.movAddress(.rax, UInt(bitPattern: ops[covered]))
            a.store(.rax, state: Self.exitValueOffset)
            leave(&a, TernNativeExitFallback)
        }
        // Junction budget exits: the state at the fused block's boundary (every
        // dirty register stored, pc = the fused block's), as a chain exit leaves it.
        for (label, dirty, target, ymm) in junctionExits {
            a.bind(label)
            for (g, h) in dirty { a.store(h, state: Self.x(g)) }
            if ymm { a.vzeroupper() }
            a.movImm(.rcx, target)
            a.store(.rcx, state: Self.pcOffset)
            leave(&a, TernNativeExitBudget)
        }
        if let (label, dirty) = entryFallback {
            a.bind(label)
            for (g, h) in dirty { a.store(h, state: Self.x(g)) }
            a.movAddress(.rax, UInt(bitPattern: ops[0]))
            a.store(.rax, state: Self.exitValueOffset)
            leave(&a, TernNativeExitFallback)
        }
        // Out-of-line traps for addresses outside the guest space: record the
        // op in curOp (as the threaded handlers do) and raise the guest fault.
        for (label, reason, opAddress, dirty, address) in faults {
            a.bind(label)
            for (g, h) in dirty { a.store(h, state: Self.x(g)) }
            a.mov(.rsi, address)                                         // value: the address
            a.movAddress(.rax, opAddress)
            a.store(.rax, state: Self.curOpOffset)
            spillCounters(&a)
            a.emit(0xbf); a.emit32(Int32(bitPattern: reason.rawValue))  // mov edi, reason
            a.movAddress(.rax, Self.raiseAddress)
            a.callRAX()
        }
        // Out-of-line body calls: the hart gets the dirty registers first, and
        // the host registers their (unchanged) guest values back after.
        for stub in vectorStubs {
            a.bind(stub.entry)
            stub.emit(&a)
        }
        for (label, dirty, opAddress) in sideExits {
            a.bind(label)
            for (g, h) in dirty { a.store(h, state: Self.x(g)) }
            a.vzeroupper()
            a.movAddress(.rax, opAddress)
            a.store(.rax, state: Self.exitValueOffset)
            leave(&a, TernNativeExitFallback)
        }
        for (slow, done, opAddress, body, dirty, valid, result, floatCopies, zeroCheck, vectorCopy) in slowCalls {
            if let zeroCheck { floatEmitter.emit(&a, zeroCheck) }
            a.bind(slow)
            for (g, h) in dirty { a.store(h, state: Self.x(g)) }
            if ymmUsed { a.vzeroupper() }
            callBody(&a, opAddress, body)
            for (g, h) in valid { a.load(h, state: Self.x(g)) }
            for (g, x) in floatCopies { a.sse(0xf2, 0x10, reg: x, state: Self.f(g)) }  // movsd xmm, f[g]
            if let v = vectorCopy {
                // ymm15 = the group it held (the body call clobbered it).
                a.vmovdquLoad(NativeVectorCopy.register, .memory(base: .rbx, disp: NativeVectorEmitter.fileOffset + v.vreg * vector.vlenb),
                              wide: v.bytes == 32)
            }
            if let r = result { a.load(.rax, state: Self.x(r)) }
            a.jmp(done)
        }
        // Dispatcher entry: pin the retired count in r13, start the chain-hit
        // count in r14 at -1 (the chain entry's increment makes it 0), load the
        // convention's registers.
        let entry = a.count
        a.load(.r13, state: Self.retiredOffset)
        a.movImm(.r14, .max)
        a.movImm(.r15, GuestMemory.size)  // the guest address limit, for the access checks
        for (g, h) in NativeRegisterCache.convention { a.load(h, state: Self.x(g)) }
        a.jmp(chainLabel)
        a.finish()
        return NativeCode(assembly: a, entryOffset: entry, chainOffset: chain, chainSites: sites, coveredOps: covered,
                          cells: cells, accesses: accesses)
    }

    /// For `slli rd, rs, k` (k = 1...3, rd not x0) followed by an `add` of rd
    /// and another register into rd: that other register (the pair is one `lea`).
    static func scaledIndex(_ shift: TernOp, _ add: TernOp) -> UInt8? {
        guard NativeOpTable.id(of: shift) == TernOp_slli, (1...3).contains(shift.imm), shift.rd != 0,
              shift.rd < 32, NativeOpTable.id(of: add) == TernOp_add, add.rd == shift.rd else { return nil }
        if add.rs1 == shift.rd && add.rs2 != shift.rd { return add.rs2 }
        if add.rs2 == shift.rd && add.rs1 != shift.rd { return add.rs1 }
        return nil
    }

    /// The guest registers an op's native code reads (none for body calls,
    /// which read the hart).
    static func reads(_ op: TernOp, _ form: NativeForm) -> (UInt8, UInt8) {
        switch form {
        case .regReg, .store, .branch: (op.rs1, op.rs2)
        case .setIf(_, let immediate): immediate ? (op.rs1, 0) : (op.rs1, op.rs2)
        case .scalar(_, let binary, _, _, _): binary ? (op.rs1, op.rs2) : (op.rs1, 0)
        case .shiftAdd: (op.rs1, op.rs2)
        case .regImm, .move, .load, .floatLoad, .floatStore, .jalr: (op.rs1, 0)
        case .vector(let shape, _): (NativeVectorEmitter.scalarSource(op, shape), 0)
        case .float(let f, _): f.readsX ? (op.rs1, 0) : (0, 0)
        default: (0, 0)
        }
    }

    /// The FP registers an op's native code reads and writes through the
    /// block's `NativeFloatCache`.
    static func floatUses(_ op: TernOp, _ form: NativeForm) -> (reads: [UInt8], write: UInt8?) {
        switch form {
        case .float(let f, _): f.floatUses(op)
        case .floatLoad: ([], op.rd)
        case .floatStore: ([op.rs2], nil)
        case .vector(.floatToScalar, _): ([], op.rd)
        default: ([], nil)
        }
    }

    /// The guest targets of a terminator's direct exits.
    static func exitTargets(_ op: TernOp) -> [UInt64] {
        switch NativeOpTable.form(of: op) {
        case .branch?: [UInt64(bitPattern: op.imm), op.pc &+ UInt64(op.rs3)]
        case .jal?, .jump?: [UInt64(bitPattern: op.imm)]
        default: []
        }
    }

    /// The guest registers an op's native code writes through the cache.
    static func writes(_ op: TernOp, _ form: NativeForm) -> UInt8 {
        switch form {
        case .regReg, .regImm, .setIf, .scalar, .shiftAdd, .loadImmediate, .move, .load, .jal: op.rd
        case .vector(.configuration, _), .vector(.maskCount, _): op.rd
        case .float(let f, _): f.writesX ? op.rd : 0
        default: 0
        }
    }

    /// A guest memory access's bytes (`op reg, [r12 + rax]`, REX prefix first
    /// or after an operand-size prefix, ModRM second to last) with `reg` as its
    /// register operand.
    static func retarget(_ bytes: [UInt8], _ reg: X86Assembler.Reg) -> [UInt8] {
        var b = bytes
        let rex = b[0] == 0x66 ? 1 : 0
        b[rex] |= (reg.rawValue >> 3) << 2
        b[b.count - 2] = b[b.count - 2] & 0xc7 | (reg.rawValue & 7) << 3
        return b
    }

    /// A guest memory access's bytes (`op reg, [r12 + rax]`, REX prefix first
    /// or after an operand-size prefix, ModRM and SIB last) addressing
    /// `[r12 + index + disp]` instead.
    static func addressed(_ bytes: [UInt8], index: X86Assembler.Reg, disp: Int32) -> [UInt8] {
        var b = bytes
        let rex = b[0] == 0x66 ? 1 : 0
        b[rex] |= (index.rawValue >> 3) << 1                          // REX.X
        b[b.count - 1] = b[b.count - 1] & 0xc7 | (index.rawValue & 7) << 3  // SIB index
        if disp == 0 { return b }
        if let d8 = Int8(exactly: disp) {
            b[b.count - 2] |= 0x40                                    // mod 01: disp8
            b.append(UInt8(bitPattern: d8))
        } else {
            b[b.count - 2] |= 0x80                                    // mod 10: disp32
            withUnsafeBytes(of: disp.littleEndian) { b.append(contentsOf: $0) }
        }
        return b
    }

    /// A System V call of an op's body with (op record, hart, memory base).
    private func callBody(_ a: inout X86Assembler, _ opAddress: UInt, _ body: UInt) {
        a.movAddress(.rdi, opAddress)
        a.mov(.rsi, .rbx)
        a.mov(.rdx, .r12)
        a.movAddress(.rax, body)
        a.store(.r13, state: Self.retiredOffset)  // bodies may read instret
        a.callRAX()
    }

    /// The indirect jump of a `jalr` (target pc in rdx, retired and budget
    /// checked, every guest register stored): a return pops the native
    /// return-address stack and enters the block its entry's return cell
    /// holds; a call pushes its own return address (a coroutine swap pops,
    /// then pushes); any other `jalr` tries its inline cache. A missed
    /// prediction probes the jump table and refills the cell it tried; a
    /// table miss exits with a lookup miss (no chain site). Each way in is
    /// counted in the hart (exact block-entry attribution).
    private func indirectJump(_ a: inout X86Assembler, _ op: TernOp, newCell: () -> UnsafeMutablePointer<UInt>?,
                              storing convention: [(guest: UInt8, host: X86Assembler.Reg)]) {
        let id = NativeOpTable.id(of: op)
        let returnPC = op.pc &+ UInt64(op.rs3)
        let tableProbe = a.newLabel(), tableProbeNoFill = a.newLabel()
        if id == TernOp_jalr_ret || id == TernOp_jalr_swap {
            // Pop: rdi = predicted pc, rsi = its return cell.
            a.emit(0x8b, 0x83); a.emit32(Int32(Self.rasTopOffset))           // mov eax, [rbx + top]
            a.emit(0x89, 0xc1)                                               // mov ecx, eax
            a.emit(0xc1, 0xe1, 0x04)                                         // shl ecx, 4
            a.emit(0x48, 0x8b, 0xbc, 0x0b); a.emit32(Int32(Self.rasOffset))  // mov rdi, [rbx + rcx + ras]
            a.emit(0x48, 0x8b, 0xb4, 0x0b); a.emit32(Int32(Self.rasOffset + 8))  // mov rsi, [rbx + rcx + ras + 8]
            a.emit(0xff, 0xc8)                                               // dec eax
            a.emit(0x83, 0xe0, UInt8(TERN_RAS_SIZE - 1))                     // and eax, size - 1
            a.emit(0x89, 0x83); a.emit32(Int32(Self.rasTopOffset))           // mov [rbx + top], eax
            if id == TernOp_jalr_swap { pushReturn(&a, returnPC, cell: newCell()) }
            let miss = a.newLabel(), stale = a.newLabel()
            a.emit(0x48, 0x39, 0xfa)                                         // cmp rdx, rdi
            a.jcc(0x5, miss)                                                 // jne: mispredicted
            a.emit(0x48, 0x8b, 0x06)                                         // mov rax, [rsi]
            a.emit(0x48, 0x3b, 0x50, 0xf8)                                   // cmp rdx, [rax - 8]
            a.jcc(0x5, stale)                                                // jne: the cell holds another block
            enterIndirect(&a, counter: Self.rasHitsOffset)
            a.bind(miss)
            a.emit(0x48, 0x8d, 0xb3); a.emit32(Int32(Self.scratchOffset))    // lea rsi, [rbx + scratch]: no cell to fill
            a.bind(stale)
            increment(&a, Self.rasMissesOffset)
            a.jmp(tableProbe)
        } else {
            if id == TernOp_jalr_call { pushReturn(&a, returnPC, cell: newCell()) }
            if let cell = newCell() {
                // Monomorphic: the first target fills the empty cell; a later
                // miss marks the site megamorphic for good (the cell then never
                // matches and is never refilled), so a site with many targets
                // pays two predictable branches before the table probe.
                let miss = a.newLabel()
                a.movAddress(.rsi, UInt(bitPattern: cell))
                a.emit(0x48, 0x8b, 0x06)                                     // mov rax, [rsi]
                a.emit(0x48, 0x3b, 0x50, 0xf8)                               // cmp rdx, [rax - 8]
                a.jcc(0x5, miss)                                             // jne
                enterIndirect(&a, counter: Self.icHitsOffset)
                a.bind(miss)
                a.movAddress(.rcx, megamorphicCell)
                a.emit(0x48, 0x39, 0xc8)                                     // cmp rax, rcx
                a.jcc(0x4, tableProbeNoFill)                                 // je: megamorphic already
                a.movAddress(.rdi, emptyCell)
                a.emit(0x48, 0x39, 0xf8)                                     // cmp rax, rdi
                a.jcc(0x4, tableProbe)                                       // je: empty, fill it from the table
                a.emit(0x48, 0x89, 0x0e)                                     // mov [rsi], rcx: megamorphic from now on
                a.jmp(tableProbeNoFill)
            } else {
                a.jmp(tableProbeNoFill)
            }
            // Inline-cache misses are not counted here: they are the table
            // probes that no return-stack miss made (EngineCounters).
        }
        let tableMiss = a.newLabel()
        /// The jump table; a hit refills the cell at rsi when `fill`.
        func probe(fill: Bool) {
            a.mov(.rcx, .rdx)
            a.emit(0x48, 0xd1, 0xe9)                                     // shr rcx, 1
            a.emit(0x81, 0xe1); a.emit32(Int32(NativeJumpTable.mask))    // and ecx, mask
            a.movAddress(.rax, jumpTable)
            a.emit(0x48, 0x8b, 0x04, 0xc8)                               // mov rax, [rax + rcx*8]
            a.emit(0x48, 0x3b, 0x50, 0xf8)                               // cmp rdx, [rax - 8]
            a.jcc(0x5, tableMiss)                                        // jne
            if fill { a.emit(0x48, 0x89, 0x06) }                         // mov [rsi], rax
            enterIndirect(&a, counter: Self.tableHitsOffset)
        }
        a.bind(tableProbe)
        probe(fill: true)
        a.bind(tableProbeNoFill)
        probe(fill: false)
        a.bind(tableMiss)
        increment(&a, Self.tableMissesOffset)
        for (g, h) in convention { a.store(h, state: Self.x(g)) }
        a.emit(0x31, 0xc9)                                           // xor ecx, ecx
        a.store(.rcx, state: Self.exitValueOffset)                   // no chain site
        leave(&a, TernNativeExitLookupMiss)
    }

    /// Counts an indirect entry and jumps to the indirect entry of the chain
    /// entry in rax.
    private func enterIndirect(_ a: inout X86Assembler, counter: Int) {
        increment(&a, counter)
        a.emit(0x48, 0x83, 0xc0, UInt8(Self.indirectEntryOffset))   // add rax, 3
        a.emit(0xff, 0xe0)                                           // jmp rax
    }

    /// `inc qword [rbx + disp]` (a per-hart counter).
    private func increment(_ a: inout X86Assembler, _ disp: Int) {
        a.emit(0x48, 0xff, 0x83); a.emit32(Int32(disp))
    }

    /// Pushes (returnPC, cell) onto the native return-address stack; uses
    /// rax and rcx only (host registers of guest registers stay intact). A
    /// call without a cell pushes the empty entry's pc, which never matches.
    private func pushReturn(_ a: inout X86Assembler, _ returnPC: UInt64, cell: UnsafeMutablePointer<UInt>?) {
        a.emit(0x8b, 0x83); a.emit32(Int32(Self.rasTopOffset))           // mov eax, [rbx + top]
        a.emit(0xff, 0xc0)                                               // inc eax
        a.emit(0x83, 0xe0, UInt8(TERN_RAS_SIZE - 1))                     // and eax, size - 1
        a.emit(0x89, 0x83); a.emit32(Int32(Self.rasTopOffset))           // mov [rbx + top], eax
        a.emit(0xc1, 0xe0, 0x04)                                         // shl eax, 4
        a.movImm(.rcx, cell == nil ? .max : returnPC)
        a.emit(0x48, 0x89, 0x8c, 0x03); a.emit32(Int32(Self.rasOffset))  // mov [rbx + rax + ras], rcx
        a.movAddress(.rcx, UInt(bitPattern: cell))
        a.emit(0x48, 0x89, 0x8c, 0x03); a.emit32(Int32(Self.rasOffset + 8))  // mov [rbx + rax + ras + 8], rcx
    }

    /// Stores the pinned counters: r13 → retired, r14 added to the hart's
    /// chain-hit counter (and reset).
    private func spillCounters(_ a: inout X86Assembler) {
        a.store(.r13, state: Self.retiredOffset)
        a.emit(0x4c, 0x01, 0xb3); a.emit32(Int32(Self.chainHitsOffset))  // add [rbx + nativeChainHits], r14
        a.emit(0x45, 0x31, 0xf6)  // xor r14d, r14d
    }

    /// Spills the counters and jumps to the exit trampoline for `reason`.
    private func leave(_ a: inout X86Assembler, _ reason: TernNativeExit) {
        spillCounters(&a)
        a.jmp(absolute: exits[Int(reason.rawValue)])
    }

    /// r13 (retired) += instructions in the block, then compares it with the
    /// budget (flags for a following `jae`).
    private func retire(_ a: inout X86Assembler, _ op: TernOp) {
        a.emit(0x49, 0x81, 0xc5); a.emit32(Int32(op.aux))  // add r13, imm32
        a.cmp(.r13, state: Self.budgetOffset)
    }

    /// Block exit to a known target: retire, exit on budget, else a chain
    /// jump (initially falling through to the unchained exit). The guest pc is
    /// stored only on the paths that leave native code. Returns the chain
    /// site's offset.
    private func exitPath(_ a: inout X86Assembler, _ op: TernOp, to target: UInt64,
                          storing convention: [(guest: UInt8, host: X86Assembler.Reg)]) -> Int {
        retire(&a, op)
        let budget = a.newLabel()
        a.jcc(0x3, budget)                                                // jae: budget used up
        let site = a.chainJump()
        for (g, h) in convention { a.store(h, state: Self.x(g)) }
        a.movImm(.rcx, target)
        a.store(.rcx, state: Self.pcOffset)
        a.movCodeAddress(.rax, offset: site)
        a.store(.rax, state: Self.exitValueOffset)
        leave(&a, TernNativeExitLookupMiss)
        a.bind(budget)
        for (g, h) in convention { a.store(h, state: Self.x(g)) }
        a.movImm(.rcx, target)
        a.store(.rcx, state: Self.pcOffset)
        leave(&a, TernNativeExitBudget)
        return site
    }
}

extension NativeForm {
    /// Whether the form ends a block.
    var isTerminator: Bool {
        switch self {
        case .branch, .jal, .jump, .jalr, .ecall: true
        default: false
        }
    }
}


