import TernSpec

/// One vector instruction as the reference decodes it: its TernSpec row and
/// the fields of the encoding (V spec 5: vd/vs3 in 11:7, vs1/rs1/imm in
/// 19:15, vs2/rs2 in 24:20, vm in 25).
struct ReferenceVectorInstruction {
    let row: VectorInstruction
    let bits: UInt32
    var vd: Int { Int((bits >> 7) & 31) }
    var rs1: Int { Int((bits >> 15) & 31) }
    var vs2: Int { Int((bits >> 20) & 31) }
    /// vm = 1: unmasked.
    var vm: Bool { (bits >> 25) & 1 == 1 }
    /// The 5-bit immediate sign-extended (OPIVI).
    var simm5: UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: bits << 12) >> 27)) }
    /// The unsigned immediate: 5 bits, 6 with bit 26 for vror.vi.
    var uimm: UInt64 { UInt64(rs1) | (row.format == "vRotateImm" ? UInt64((bits >> 26) & 1) << 5 : 0) }
}

/// Decodes OP-V and the vector loads and stores by matching the bits against
/// every TernSpec vector row's pattern; the most specific matching row wins.
enum ReferenceVectorDecoder {
    /// The bits a bucket key is made of: funct6 / nf-mew-mop (31:26), funct3 / width (14:12), major (6:0).
    private static let keyMask: UInt32 = 0xfc00_707f

    /// The candidate rows per key, most specific first: a row is listed under
    /// every key its pattern allows.
    private static let buckets: [UInt32: [(mask: UInt32, match: UInt32, row: VectorInstruction)]] = {
        var out: [UInt32: [(mask: UInt32, match: UInt32, row: VectorInstruction)]] = [:]
        for row in vectorInstructions {
            var mask: UInt32 = 0, match: UInt32 = 0, bit = 32
            for c in row.pattern where c != " " {
                bit -= 1
                if c == "0" || c == "1" { mask |= 1 << UInt32(bit) }
                if c == "1" { match |= 1 << UInt32(bit) }
            }
            precondition(bit == 0, "vector row \(row.mnemonic): pattern of \(32 - bit) bits")
            // Every key the row's free key bits allow.
            let free = keyMask & ~mask
            var sub: UInt32 = 0
            repeat {
                out[(match & keyMask) | sub, default: []].append((mask, match, row))
                sub = (sub &- free) & free
            } while sub != 0
        }
        return out.mapValues { $0.sorted { $0.mask.nonzeroBitCount > $1.mask.nonzeroBitCount } }
    }()

    /// The vector instruction `bits` encodes, or nil (not a vector encoding, or reserved).
    static func decode(_ bits: UInt32) -> ReferenceVectorInstruction? {
        switch bits & 0x7f {
        case 0x57: break
        case 0x07, 0x27:
            // LOAD-FP/STORE-FP: widths 1-4 are the scalar flh/flw/fld/flq forms.
            let width = (bits >> 12) & 7
            if width >= 1 && width <= 4 { return nil }
        default: return nil
        }
        guard let candidates = buckets[bits & keyMask],
              let hit = candidates.first(where: { bits & $0.mask == $0.match }) else { return nil }
        return ReferenceVectorInstruction(row: hit.row, bits: bits)
    }
}
