import CoreGlue
import TernISA

/// Turns a guest basic block into an IR block: decodes from `pc` until a
/// control transfer, `ecall`/`ebreak`, `fence.i`, an undecodable or unfetchable
/// instruction, or the length cap; simplifies as it goes (x0 writes dropped or
/// sunk, `lui`/`auipc`/`addi x0` folded to constants, `addi rd,rs,0` to moves).
/// An unconditional direct jump (`jal x0`) whose target lies in the page of
/// `pc` does not end the block: decoding continues at the target (a
/// superblock; the jump itself retires and needs no op), so a loop whose back
/// edge is a `j` runs as one block instead of two.
struct Translator {
    /// Maximum guest instructions per block.
    static let maxInstructions = 64

    let memory: GuestMemory
    /// Whether cached blocks start with a `profile` op counting their entries.
    var profiling = false
    /// Whether a `jal x0` within the block's first page continues the block (superblocks).
    var followsJumps = true
    /// Privileged instructions and non-FP CSRs: illegal (user mode) or exits.
    var systemInstructions = SystemInstructionPolicy.illegal
    /// The CPU model's extensions: instructions of any other decode as illegal.
    var extensions = Extension.implemented
    /// Debugger breakpoints: a block ends before one, and the block at one is a
    /// single `breakpoint` op (Machine+Debug.swift). Checked only while translating.
    var breakpoints: Set<UInt64> = []

    /// Address translation of a personality with an MMU (nil: guest addresses are host offsets).
    var addressTranslation: AddressTranslation?
    /// Instruction addresses that must not run: a block never continues into
    /// one, and a block starting at one is a single `system` exit with bits 0.
    var instructionBreakpoint: ((UInt64) -> Bool)?

    /// Result of fetching one instruction.
    private enum Fetch { case ok(UInt32), fault }

    private func fetch(_ pc: UInt64) -> Fetch {
        guard let lo = halfword(at: pc) else { return .fault }
        if lo & 3 != 3 { return .ok(UInt32(lo)) }
        guard let hi = halfword(at: pc &+ 2) else { return .fault }
        return .ok(UInt32(lo) | UInt32(hi) << 16)
    }

    /// The instruction halfword at guest (virtual) address `pc`, if executable.
    private func halfword(at pc: UInt64) -> UInt16? {
        var address = pc
        if let translate = addressTranslation?.fetch {
            guard let physical = translate(pc) else { return nil }
            address = physical
        }
        return memory.pointer(address, length: 2, .execute)?.loadUnaligned(as: UInt16.self)
    }

    /// The instruction at `pc` (a compressed one in the low 16 bits), if it can be fetched.
    func instructionBits(at pc: UInt64) -> UInt32? {
        guard case .ok(let bits) = fetch(pc) else { return nil }
        return bits
    }

    /// Translates the block at `pc`, or nil when its first instruction cannot be
    /// fetched. A `limit` of 1 with `linkable` false gives the uncached
    /// single-instruction block used to step over a store into its own page.
    /// `overBreakpoint`: the debugger breakpoint at `pc` itself does not stop
    /// the block (a single step runs the instruction it stopped before).
    func translate(at pc: UInt64, limit: Int = Translator.maxInstructions, linkable: Bool = true,
                   overBreakpoint: Bool = false) -> TranslatedBlock? {
        var ops: [TernOp] = []
        ops.reserveCapacity(24)
        if profiling && linkable { ops.append(TernOp(TernOp_profile, pc: pc)) }
        var cursor = pc
        var count = 0
        /// Code ranges before the current one (a superblock's earlier parts).
        var segments: [Range<UInt64>] = []
        var segmentStart = pc
        func finish(_ terminator: TernOp) -> TranslatedBlock {
            ops.append(terminator)
            Fusion.apply(&ops)
            ops.append(TernOp.linkRecord(owner: linkable ? pc : .max))
            return TranslatedBlock(pc: pc, segments: segments + [segmentStart..<cursor], instructionCount: count, ops: ops)
        }
        let translatesData = addressTranslation?.data == true
        while true {
            if let breakpoint = instructionBreakpoint, breakpoint(cursor) {
                if count == 0 { return finish(TernOp(TernOp_system, pc: cursor, imm: 0, aux: 0)) }
                return finish(TernOp(TernOp_jump, pc: cursor, imm: Int64(bitPattern: cursor), aux: UInt32(count)))
            }
            if count == limit {
                return finish(TernOp(TernOp_jump, pc: cursor, imm: Int64(bitPattern: cursor), aux: UInt32(count)))
            }
            if !breakpoints.isEmpty && breakpoints.contains(cursor) && !(overBreakpoint && count == 0) {
                if count == 0 { return finish(TernOp(TernOp_breakpoint, pc: cursor, aux: 0)) }
                return finish(TernOp(TernOp_jump, pc: cursor, imm: Int64(bitPattern: cursor), aux: UInt32(count)))
            }
            guard case .ok(let bits) = fetch(cursor) else {
                if count == 0 { return nil }
                return finish(TernOp(TernOp_jump, pc: cursor, imm: Int64(bitPattern: cursor), aux: UInt32(count)))
            }
            guard let insn = Decoder.decode(bits, extensions: extensions) else {
                return finish(TernOp(TernOp_illegal, pc: cursor, imm: Int64(bits), aux: UInt32(count)))
            }
            let here = cursor
            let length = UInt64(insn.length)
            cursor += length
            count += 1
            let n = UInt32(count)
            let index = UInt32(count - 1) << 16
            switch insn.opcode {
            case .jal where insn.rd == 0 && count < limit && followsJumps(to: here &+ UInt64(bitPattern: insn.imm), from: pc):
                segments.append(segmentStart..<cursor)
                cursor = here &+ UInt64(bitPattern: insn.imm)
                segmentStart = cursor
            case .jal:
                return finish(TernOp(isLink(insn.rd) ? TernOp_jal_call : TernOp_jal, pc: here, rd: sink(insn.rd),
                                     rs3: insn.length, imm: Int64(bitPattern: here &+ UInt64(bitPattern: insn.imm)), aux: n))
            case .jalr:
                return finish(TernOp(jalrOp(rd: insn.rd, rs1: insn.rs1), pc: here, rd: sink(insn.rd), rs1: insn.rs1,
                                     rs3: insn.length, imm: insn.imm, aux: n))
            case .ecall:
                return finish(TernOp(TernOp_ecall, pc: here, rs3: insn.length, aux: n))
            case .ebreak:
                return finish(TernOp(TernOp_ebreak, pc: here, rs3: insn.length, aux: n))
            case .fenceI:
                return finish(TernOp(TernOp_fence_i, pc: here, rs3: insn.length, aux: n))
            case .fence:
                let id = Self.ordersStoreBeforeLoad(fenceBits: insn.imm) ? TernOp_fence : TernOp_nop
                ops.append(TernOp(id, pc: here, aux: index))
            case .lui:
                if insn.rd != 0 { ops.append(TernOp(TernOp_li, pc: here, rd: insn.rd, imm: insn.imm, aux: index)) }
            case .auipc:
                if insn.rd != 0 {
                    ops.append(TernOp(TernOp_li, pc: here, rd: insn.rd, imm: Int64(bitPattern: here &+ UInt64(bitPattern: insn.imm)), aux: index))
                }
            case .addi where insn.rs1 == 0:
                if insn.rd != 0 { ops.append(TernOp(TernOp_li, pc: here, rd: insn.rd, imm: insn.imm, aux: index)) }
            case .addi where insn.imm == 0:
                if insn.rd != 0 { ops.append(TernOp(TernOp_mv, pc: here, rd: insn.rd, rs1: insn.rs1, aux: index)) }
            default:
                if let id = OpSelectionTables.branch[insn.opcode] {
                    return finish(TernOp(id, pc: here, rs1: insn.rs1, rs2: insn.rs2, rs3: insn.length,
                                         imm: Int64(bitPattern: here &+ UInt64(bitPattern: insn.imm)), aux: n))
                }
                if systemInstructions != .illegal, exitsToPersonality(insn) {
                    count -= 1
                    return finish(TernOp(TernOp_system, pc: here, imm: Int64(insn.bits), aux: UInt32(count)))
                }
                if let (id, immediate) = OpSelectionTables.csr[insn.opcode] {
                    if !extensions.contains(.zicntr) && (0xC00...0xC02).contains(insn.imm & 0xfff)
                        || !extensions.contains(.v) && CSR.vector.contains(UInt32(insn.imm & 0xfff)) {
                        // cycle, time and instret belong to Zicntr.
                        count -= 1
                        return finish(TernOp(TernOp_illegal, pc: here, imm: Int64(insn.bits), aux: UInt32(count)))
                    }
                    let writes = insn.opcode == .csrrw || insn.opcode == .csrrwi || insn.rs1 != 0
                    ops.append(TernOp(id, pc: here, rd: sink(insn.rd), rs1: immediate ? 0 : insn.rs1,
                                      rs2: writes ? 1 : 0, imm: immediate ? Int64(insn.rs1) : 0,
                                      aux: UInt32(insn.imm & 0xfff) | index))
                    continue
                }
                if translatesData && insn.opcode.extension == .a {
                    // Atomics under address translation: the personality performs them.
                    count -= 1
                    return finish(TernOp(TernOp_system, pc: here, imm: Int64(insn.bits), aux: UInt32(count)))
                }
                let vectorIndex = Int(insn.opcode.rawValue) - Int(Opcode.vsetvli.rawValue)
                if vectorIndex >= 0, let (selected, destination) = OpSelectionTables.straightLine[insn.opcode] {
                    // A vector row: the drivers find it by its index (aux low 16 bits); bit 24 is vm,
                    // bit 25 whether the model has Zvfh (SEW 16 floating point).
                    let rd = destination == .effectX ? sink(insn.rd) : insn.rd
                    let zvfh: UInt32 = extensions.contains(.zvfh) ? 1 << 25 : 0
                    ops.append(TernOp(selected, pc: here, rd: rd, rs1: insn.rs1, rs2: insn.rs2, rs3: insn.rs3, imm: insn.imm,
                                      aux: UInt32(vectorIndex) | index | UInt32(insn.rm & 1) << 24 | zvfh))
                    continue
                }
                guard let (selected, destination) = OpSelectionTables.straightLine[insn.opcode],
                      systemInstructions != .illegal || !OpSelectionTables.machineModeOnly.contains(insn.opcode) else {
                    // Privileged or otherwise unsupported in user mode.
                    count -= 1
                    return finish(TernOp(TernOp_illegal, pc: here, imm: Int64(insn.bits), aux: UInt32(count)))
                }
                let id = translatesData ? translatedMemoryOps[selected] ?? selected : selected
                var rd = insn.rd
                switch destination {
                case .pureX: if rd == 0 { continue }
                case .effectX: rd = sink(rd)
                case .other: break
                }
                ops.append(TernOp(id, pc: here, rd: rd, rs1: insn.rs1, rs2: insn.rs2, rs3: insn.rs3,
                                  imm: insn.imm, aux: UInt32(insn.rm) | index))
            }
        }
    }

    /// Whether a `fence` (fm, predecessor and successor sets in `fenceBits`
    /// 11:0) orders an earlier store before a later load: the only ordering
    /// x86-64's TSO does not give by itself, so the only fence that needs a
    /// host barrier (MFENCE). Device input/output bits count as reads/writes;
    /// `fence.tso` (fm = 1000) never orders a store before a load. Other
    /// fences become a `nop`: host loads and stores stay in program order, and
    /// the op keeps the accesses on either side in separate handlers (no
    /// superinstruction fuses across it) and in order in native code.
    static func ordersStoreBeforeLoad(fenceBits: Int64) -> Bool {
        let fm = (fenceBits >> 8) & 0xf, predecessors = (fenceBits >> 4) & 0xf, successors = fenceBits & 0xf
        let writes: Int64 = 0b0101, reads: Int64 = 0b1010  // I O R W
        return fm != 0b1000 && predecessors & writes != 0 && successors & reads != 0
    }

    /// Whether a `jal x0` to `target` continues the block at `pc`: only to a
    /// target in the same page (the page `Machine` protects before
    /// translating, so a superblock reaches at most into the following page,
    /// as any block may) and not under translated fetch (virtual pcs).
    private func followsJumps(to target: UInt64, from pc: UInt64) -> Bool {
        followsJumps && addressTranslation?.fetch == nil && GuestMemory.pageDown(target) == GuestMemory.pageDown(pc)
    }

    /// ra and t0, the link registers of the RISC-V calling convention hints.
    private func isLink(_ r: UInt8) -> Bool { r == 1 || r == 5 }

    /// The `jalr` form by its return-address-stack hint (unprivileged spec,
    /// table "Return-address stack prediction hints"): rd a link register is a
    /// call (push), or with rs1 a different link register a swap (pop, then
    /// push); rs1 a link register with rd not one is a return (pop); anything
    /// else is a plain indirect jump.
    private func jalrOp(rd: UInt8, rs1: UInt8) -> TernOpID {
        switch (isLink(rd), isLink(rs1)) {
        case (true, true) where rd != rs1: TernOp_jalr_swap
        case (true, _): TernOp_jalr_call
        case (false, true): TernOp_jalr_ret
        case (false, false): TernOp_jalr
        }
    }

    /// Under `.exit`: privileged instructions, the cache-block operations (their
    /// envcfg enables are the personality's) and CSR accesses other than
    /// fflags/frm/fcsr; under `.exitWithFPUOff` also everything touching the FP state.
    private func exitsToPersonality(_ insn: Instruction) -> Bool {
        if OpSelectionTables.privileged.contains(insn.opcode) || OpSelectionTables.cacheBlock.contains(insn.opcode) { return true }
        if systemInstructions == .exitWithFPUOff && SystemInstructionPolicy.usesFloatingPoint(insn) { return true }
        let csr = UInt32(insn.imm & 0xfff)
        // The vector CSRs are the core's too (mstatus.VS is not modelled: V is always on).
        return OpSelectionTables.csr[insn.opcode] != nil && !SystemInstructionPolicy.coreCSRsUnderExit.contains(csr) && !CSR.vector.contains(csr)
    }

    /// Maps an integer destination x0 to the write sink.
    private func sink(_ rd: UInt8) -> UInt8 { rd == 0 ? UInt8(TERN_X_SINK) : rd }
}
