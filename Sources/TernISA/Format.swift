/// Instruction formats: each one fixes which fields are extracted from the word
/// (and how the immediate is assembled) and the operand syntax used by the disassembler.
public enum Format: Sendable, Equatable {
    /// `rd, rs1, rs2` (integer).
    case reg
    /// `rd, rs1, imm12` (integer ALU immediate).
    case imm
    /// `rd, imm12(rs1)` integer load.
    case load
    /// `rs2, imm12(rs1)` integer store (S-type immediate).
    case store
    /// `rs1, rs2, target` (B-type offset).
    case branch
    /// `rd, imm20` (U-type; `imm` is the already-shifted value).
    case upper
    /// `rd, target` (J-type offset).
    case jump
    /// `rd, imm12(rs1)` jalr.
    case jalr
    /// `rd, rs1, shamt` with a 6-bit shift amount.
    case shift64
    /// `rd, rs1, shamt` with a 5-bit shift amount (W shifts).
    case shift32
    /// `rd, csr, rs1`.
    case csr
    /// `rd, csr, zimm` (zimm stored in `rs1`).
    case csrImm
    /// `pred, succ` (imm = bits 31:20).
    case fence
    /// No operands.
    case bare
    /// `rs1, rs2` (sfence.vma).
    case sfence
    /// `rd, rs2, (rs1)` with aq/rl in `rm`.
    case amo
    /// `rd, (rs1)` with aq/rl in `rm`.
    case lr
    /// `fd, imm12(rs1)` FP load.
    case fpLoad
    /// `fs2, imm12(rs1)` FP store.
    case fpStore
    /// `fd, fs1, fs2, fs3[, rm]` fused multiply-add.
    case fpR4
    /// `fd, fs1, fs2[, rm]`.
    case fpR
    /// `fd, fs1, fs2` (sign injection, min/max).
    case fpRNoRM
    /// `fd, fs1[, rm]` (fsqrt, FP↔FP conversion).
    case fpR1
    /// `rd, fs1, fs2` (FP comparisons).
    case fpCompare
    /// `rd, fs1[, rm]` (FP → integer conversion).
    case fpToX
    /// `rd, fs1` (fmv.x.*, fclass).
    case fpToXNoRM
    /// `fd, rs1[, rm]` (integer → FP conversion).
    case xToFP
    /// `fd, rs1` (fmv.*.x).
    case xToFPNoRM
    /// `rd, rs1` (integer unary: clz, rev8, sext.b, mop.r.n).
    case unary
    /// `0(rs1)` cache-block operation.
    case cbo
    /// `fd, constant` (Zfa fli: the rs1 field selects one of 32 constants).
    case fpImm
    // Vector formats: rd = vd (or vs3, or x rd), rs1 = the rs1/vs1/imm field, rs2 = vs2/rs2,
    // rm = vm (bit 25), imm = the 5-bit immediate sign-extended (vsetvli/vsetivli: zimm).
    /// `vd, vs2, vs1|rs1|fs1|imm[, v0.t]` (operand kind by funct3).
    case vArith
    /// `vd, vs2, vs1|rs1|imm, v0` (carry and merge forms).
    case vArithV0
    /// `vd, vs1|rs1, vs2[, v0.t]` (multiply-add).
    case vMulAdd
    /// `vd, vs1|rs1|imm` (vmv.v.*).
    case vMove
    /// `vd, vs2[, v0.t]`.
    case vUnary
    /// `rd, vs2[, v0.t]` (vmv.x.s, vcpop.m, vfirst.m).
    case vToScalar
    /// `vd, rs1` (vmv.s.x).
    case vFromScalar
    /// `vd[, v0.t]` (vid.v).
    case vId
    /// `vd, vs2, uimm6[, v0.t]` (vror.vi: immediate bit 5 in bit 26, kept in `rs3`).
    case vRotateImm
    /// `vd, (rs1)[, v0.t]` unit-stride loads and stores (`rs3` = nf field).
    case vMem
    /// `vd, (rs1), rs2[, v0.t]` strided.
    case vMemStrided
    /// `vd, (rs1), vs2[, v0.t]` indexed.
    case vMemIndexed
    /// `vd, (rs1)` whole-register and mask loads and stores.
    case vMemWhole
    /// `rd, rs1, vtypei` (imm = zimm[10:0]).
    case vsetvli
    /// `rd, uimm, vtypei` (rs1 = uimm, imm = zimm[9:0]).
    case vsetivli

    /// Extracts this format's operand fields from a 32-bit word.
    @inline(__always)
    func extract(_ opcode: Opcode, _ w: UInt32) -> Instruction {
        let rd = UInt8((w >> 7) & 31), rs1 = UInt8((w >> 15) & 31), rs2 = UInt8((w >> 20) & 31)
        let funct3 = UInt8((w >> 12) & 7)
        let immI = Int64(Int32(bitPattern: w) >> 20)
        var insn = Instruction(opcode: opcode, length: 4, bits: w)
        switch self {
        case .reg:
            insn.rd = rd; insn.rs1 = rs1; insn.rs2 = rs2
        case .imm, .load, .jalr, .fpLoad:
            insn.rd = rd; insn.rs1 = rs1; insn.imm = immI
        case .store, .fpStore:
            insn.rs1 = rs1; insn.rs2 = rs2
            insn.imm = Int64((Int32(bitPattern: w & 0xfe00_0000) >> 20) | Int32((w >> 7) & 31))
        case .branch:
            insn.rs1 = rs1; insn.rs2 = rs2
            let v = (w >> 31) << 12 | ((w >> 7) & 1) << 11 | ((w >> 25) & 0x3f) << 5 | ((w >> 8) & 0xf) << 1
            insn.imm = Int64(Int32(bitPattern: v << 19) >> 19)
        case .upper:
            insn.rd = rd; insn.imm = Int64(Int32(bitPattern: w & 0xffff_f000))
        case .jump:
            insn.rd = rd
            let v = (w >> 31) << 20 | ((w >> 12) & 0xff) << 12 | ((w >> 20) & 1) << 11 | ((w >> 21) & 0x3ff) << 1
            insn.imm = Int64(Int32(bitPattern: v << 11) >> 11)
        case .shift64:
            insn.rd = rd; insn.rs1 = rs1; insn.imm = Int64((w >> 20) & 0x3f)
        case .shift32:
            insn.rd = rd; insn.rs1 = rs1; insn.imm = Int64((w >> 20) & 0x1f)
        case .csr, .csrImm:
            insn.rd = rd; insn.rs1 = rs1; insn.imm = Int64(w >> 20)
        case .fence:
            insn.imm = Int64((w >> 20) & 0xfff)
        case .bare:
            break
        case .sfence:
            insn.rs1 = rs1; insn.rs2 = rs2
        case .amo:
            insn.rd = rd; insn.rs1 = rs1; insn.rs2 = rs2; insn.rm = UInt8((w >> 25) & 3)
        case .lr:
            insn.rd = rd; insn.rs1 = rs1; insn.rm = UInt8((w >> 25) & 3)
        case .fpR4:
            insn.rd = rd; insn.rs1 = rs1; insn.rs2 = rs2; insn.rs3 = UInt8(w >> 27); insn.rm = funct3
        case .fpR:
            insn.rd = rd; insn.rs1 = rs1; insn.rs2 = rs2; insn.rm = funct3
        case .fpRNoRM, .fpCompare:
            insn.rd = rd; insn.rs1 = rs1; insn.rs2 = rs2
        case .fpR1, .fpToX, .xToFP:
            insn.rd = rd; insn.rs1 = rs1; insn.rm = funct3
        case .fpToXNoRM, .xToFPNoRM, .unary, .fpImm:
            insn.rd = rd; insn.rs1 = rs1
        case .cbo:
            insn.rs1 = rs1
        case .vArith, .vArithV0, .vMulAdd, .vMove, .vUnary, .vToScalar, .vFromScalar, .vId:
            insn.rd = rd; insn.rs1 = rs1; insn.rs2 = rs2; insn.rm = UInt8((w >> 25) & 1)
            insn.imm = Int64(Int32(bitPattern: (w >> 15) << 27) >> 27)
        case .vRotateImm:
            insn.rd = rd; insn.rs1 = rs1; insn.rs2 = rs2; insn.rm = UInt8((w >> 25) & 1)
            insn.rs3 = UInt8((w >> 26) & 1); insn.imm = Int64(rs1) | Int64(insn.rs3) << 5
        case .vMem, .vMemStrided, .vMemIndexed, .vMemWhole:
            insn.rd = rd; insn.rs1 = rs1; insn.rs2 = rs2; insn.rm = UInt8((w >> 25) & 1); insn.rs3 = UInt8(w >> 29)
        case .vsetvli:
            insn.rd = rd; insn.rs1 = rs1; insn.imm = Int64((w >> 20) & 0x7ff)
        case .vsetivli:
            insn.rd = rd; insn.rs1 = rs1; insn.imm = Int64((w >> 20) & 0x3ff)
        }
        return insn
    }
}
