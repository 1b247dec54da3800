/// The reference interpreter's decoder: 32-bit words through `SpecEncodingTable`,
/// 16-bit words through `SpecCompressedTable` (expanded to the base instruction).
/// It shares nothing with TernISA's decoder.
public enum ReferenceDecoder {
    /// Decodes the instruction whose low bits are `bits` (only the low 16 when
    /// `bits & 3 != 3`). Returns nil for an illegal or reserved encoding.
    public static func decode(_ bits: UInt32) -> ReferenceInstruction? {
        if bits & 3 != 3 { return SpecCompressedTable.decode(UInt16(truncatingIfNeeded: bits)) }
        // 48-bit and longer instruction forms (bits 4..2 all ones) are not supported.
        if (bits >> 2) & 7 == 7 { return nil }
        for row in SpecEncodingTable.buckets[Int((bits >> 2) & 31)] where bits & row.mask == row.match {
            return extract(row, bits)
        }
        return nil
    }

    /// Bits hi..lo of `w`.
    @inline(__always) static func field(_ w: UInt32, _ hi: Int, _ lo: Int) -> UInt32 {
        (w >> UInt32(lo)) & UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(hi - lo + 1)) - 1)
    }

    /// `value` (of `width` bits) sign-extended.
    @inline(__always) static func signExtend(_ value: UInt32, width: Int) -> Int64 {
        let shift = UInt64(64 - width)
        return Int64(bitPattern: UInt64(value) << shift) >> Int64(shift)
    }

    /// The operands of `row` read out of `w`, immediates assembled as the
    /// specification's immediate-encoding figures show them.
    static func extract(_ row: SpecRow, _ w: UInt32) -> ReferenceInstruction {
        var i = ReferenceInstruction(opcode: row.opcode, length: 4, bits: w)
        for f in row.operands {
            switch f {
            case .rd, .fd: i.rd = UInt8(field(w, 11, 7))
            case .rs1, .fs1, .zimm: i.rs1 = UInt8(field(w, 19, 15))
            case .rs2, .fs2: i.rs2 = UInt8(field(w, 24, 20))
            case .fs3: i.rs3 = UInt8(field(w, 31, 27))
            case .rm: i.rm = UInt8(field(w, 14, 12))
            case .aq: i.rm |= UInt8(field(w, 26, 26)) << 1
            case .rl: i.rm |= UInt8(field(w, 25, 25))
            case .imm12: i.imm = signExtend(field(w, 31, 20), width: 12)
            case .imm12hi: i.imm = signExtend(field(w, 31, 25) << 5 | field(w, 11, 7), width: 12)
            case .bimm12hi:
                // imm[12|10:5] in 31..25, imm[4:1|11] in 11..7.
                let v = field(w, 31, 31) << 12 | field(w, 7, 7) << 11 | field(w, 30, 25) << 5 | field(w, 11, 8) << 1
                i.imm = signExtend(v, width: 13)
            case .imm20: i.imm = signExtend(field(w, 31, 12) << 12, width: 32)
            case .jimm20:
                // imm[20|10:1|11|19:12] in 31..12.
                let v = field(w, 31, 31) << 20 | field(w, 19, 12) << 12 | field(w, 20, 20) << 11 | field(w, 30, 21) << 1
                i.imm = signExtend(v, width: 21)
            case .shamtd: i.imm = Int64(field(w, 25, 20))
            case .shamtw: i.imm = Int64(field(w, 24, 20))
            case .csr: i.imm = Int64(field(w, 31, 20))
            case .fm: i.imm = Int64(field(w, 31, 20))  // fm, pred and succ together: bits 31..20
            case .imm12lo, .bimm12lo, .pred, .succ: break  // read with their high halves
            }
        }
        return i
    }
}
