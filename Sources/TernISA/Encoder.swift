/// Builds 32-bit instruction words from decoded fields: the inverse of `Decoder` for
/// every row of the instruction table (used by test generators such as the fuzzer).
public enum Encoder {
    /// The 32-bit word for `insn` (its `opcode` and the operand fields its format uses;
    /// `length` and `bits` are ignored). Fields are truncated to their encoded widths.
    /// `Decoder.decode(Encoder.encode(i))` gives back `i` (with `bits` set) whenever the
    /// fields are in range, e.g. branch offsets even and within ±4 KiB.
    public static func encode(_ insn: Instruction) -> UInt32 {
        let spec = InstructionSpec.byOpcode[Int(insn.opcode.rawValue)]
        let match = spec.match
        let rd = UInt32(insn.rd & 31), rs1 = UInt32(insn.rs1 & 31), rs2 = UInt32(insn.rs2 & 31)
        let imm = Int32(truncatingIfNeeded: insn.imm)
        // A row that fixes its rounding mode (fcvtmod.w.d: RTZ) keeps it.
        let rm = UInt32(insn.rm & 7) << 12 & ~spec.mask
        switch insn.opcode.format {
        case .reg, .fpRNoRM, .fpCompare: return Encode.r(match, rd: rd, rs1: rs1, rs2: rs2)
        case .imm, .load, .jalr, .fpLoad: return Encode.i(match, rd: rd, rs1: rs1, imm: imm)
        case .store, .fpStore: return Encode.s(match, rs1: rs1, rs2: rs2, imm: imm)
        case .branch: return Encode.b(match, rs1: rs1, rs2: rs2, imm: imm)
        case .upper: return Encode.u(match, rd: rd, imm: imm)
        case .jump: return Encode.j(match, rd: rd, imm: imm)
        case .shift64: return Encode.r(match, rd: rd, rs1: rs1, rs2: 0) | UInt32(imm & 0x3f) << 20
        case .shift32: return Encode.r(match, rd: rd, rs1: rs1, rs2: 0) | UInt32(imm & 0x1f) << 20
        case .csr, .csrImm: return Encode.i(match, rd: rd, rs1: rs1, imm: imm)
        case .fence: return match | (UInt32(bitPattern: imm) & 0xfff) << 20
        case .bare: return match
        case .sfence: return Encode.r(match, rd: 0, rs1: rs1, rs2: rs2)
        case .amo: return Encode.r(match, rd: rd, rs1: rs1, rs2: rs2) | UInt32(insn.rm & 3) << 25
        case .lr: return Encode.r(match, rd: rd, rs1: rs1, rs2: 0) | UInt32(insn.rm & 3) << 25
        case .fpR4: return Encode.r(match, rd: rd, rs1: rs1, rs2: rs2) | UInt32(insn.rs3 & 31) << 27 | rm
        case .fpR: return Encode.r(match, rd: rd, rs1: rs1, rs2: rs2) | rm
        case .fpR1, .fpToX, .xToFP: return Encode.r(match, rd: rd, rs1: rs1, rs2: 0) | rm
        case .fpToXNoRM, .xToFPNoRM, .unary: return Encode.r(match, rd: rd, rs1: rs1, rs2: 0)
        case .cbo: return Encode.r(match, rd: 0, rs1: rs1, rs2: 0)
        case .fpImm: return Encode.r(match, rd: rd, rs1: rs1, rs2: 0)
        case .vArith, .vArithV0, .vMulAdd, .vMove, .vUnary, .vToScalar, .vFromScalar, .vId, .vRotateImm,
             .vMem, .vMemStrided, .vMemIndexed, .vMemWhole:
            // Only the fields the row leaves open: vm, nf, rotate-immediate bit 5, registers.
            let fields = rd << 7 | rs1 << 15 | rs2 << 20 | UInt32(insn.rm & 1) << 25
                | (insn.opcode.format == .vRotateImm ? UInt32(insn.rs3 & 1) << 26 : UInt32(insn.rs3 & 7) << 29)
            return match | (fields & ~spec.mask)
        case .vsetvli: return Encode.r(match, rd: rd, rs1: rs1, rs2: 0) | (UInt32(bitPattern: imm) & 0x7ff) << 20
        case .vsetivli: return Encode.r(match, rd: rd, rs1: rs1, rs2: 0) | (UInt32(bitPattern: imm) & 0x3ff) << 20
        }
    }
}
