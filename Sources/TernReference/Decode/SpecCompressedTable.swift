/// The RVC (C extension) encodings of the reference decoder for RV64, transcribed
/// from the specification's "RVC Instruction Set Listings": each row gives the
/// 16 bits from bit 15 down to bit 0 in the listing's own notation, e.g.
///
///     "000 nzuimm[5:4|9:6|2|3] rd' 00"        (c.addi4spn)
///
/// - a run of 0/1 digits fixes those bits;
/// - `rd` `rs1` `rs2` `rd/rs1` are 5-bit register fields, `rd'` `rs1'` `rs2'`
///   `rd'/rs1'` 3-bit fields naming x8..x15 (f8..f15 for FP loads and stores);
/// - `imm[...]`, `nzimm[...]` (sign-extended) and `uimm[...]`, `nzuimm[...]`
///   (zero-extended) list which immediate bits sit in the field, highest first,
///   with `|` between groups and `a:b` for a descending run.
///
/// `nonzero` lists fields that must not be zero (the code points where they are
/// are reserved, or belong to the next row), and each row expands to the base
/// instruction the specification says it is equivalent to.
enum SpecCompressedTable {
    /// The fields a compressed row read out of a halfword.
    struct Fields: Sendable {
        var rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, imm: Int64 = 0
    }

    /// One listing row: its name (for messages), bit layout, constraints and expansion.
    struct Row: Sendable {
        let name: String
        let layout: String
        let nonzero: [String]
        let expand: @Sendable (Fields) -> (ReferenceOpcode, rd: UInt8, rs1: UInt8, rs2: UInt8, imm: Int64)
    }

    typealias Expansion = (ReferenceOpcode, rd: UInt8, rs1: UInt8, rs2: UInt8, imm: Int64)

    private static func row(_ name: String, _ layout: String, nonzero: [String] = [],
                            _ expand: @escaping @Sendable (Fields) -> Expansion) -> Row {
        Row(name: name, layout: layout, nonzero: nonzero, expand: expand)
    }

    /// Quadrants 0, 1 and 2 for RV64C with the D extension (c.fld/c.fsd, c.ld/c.sd;
    /// no c.flw/c.fsw/c.jal, which are RV32-only), with the Zcb and Zcmop rows (the
    /// "Zcb" and "Zcmop" chapters' listings). Order matters only where the
    /// listing overlaps (c.jr/c.mv, c.ebreak/c.jalr/c.add, c.addi16sp/c.lui).
    static let listing: [Row] = [
        // Quadrant 0
        row("c.addi4spn", "000 nzuimm[5:4|9:6|2|3] rd' 00", nonzero: ["imm"]) { (.addi, $0.rd, 2, 0, $0.imm) },
        row("c.fld",      "001 uimm[5:3] rs1' uimm[7:6] rd' 00") { (.fld, $0.rd, $0.rs1, 0, $0.imm) },
        row("c.lw",       "010 uimm[5:3] rs1' uimm[2|6] rd' 00") { (.lw, $0.rd, $0.rs1, 0, $0.imm) },
        row("c.ld",       "011 uimm[5:3] rs1' uimm[7:6] rd' 00") { (.ld, $0.rd, $0.rs1, 0, $0.imm) },
        row("c.fsd",      "101 uimm[5:3] rs1' uimm[7:6] rs2' 00") { (.fsd, 0, $0.rs1, $0.rs2, $0.imm) },
        row("c.sw",       "110 uimm[5:3] rs1' uimm[2|6] rs2' 00") { (.sw, 0, $0.rs1, $0.rs2, $0.imm) },
        row("c.sd",       "111 uimm[5:3] rs1' uimm[7:6] rs2' 00") { (.sd, 0, $0.rs1, $0.rs2, $0.imm) },
        // Zcb loads and stores (quadrant 0, funct6 100xxx)
        row("c.lbu",      "100 000 rs1' uimm[0|1] rd' 00") { (.lbu, $0.rd, $0.rs1, 0, $0.imm) },
        row("c.lhu",      "100 001 rs1' 0 uimm[1] rd' 00") { (.lhu, $0.rd, $0.rs1, 0, $0.imm) },
        row("c.lh",       "100 001 rs1' 1 uimm[1] rd' 00") { (.lh, $0.rd, $0.rs1, 0, $0.imm) },
        row("c.sb",       "100 010 rs1' uimm[0|1] rs2' 00") { (.sb, 0, $0.rs1, $0.rs2, $0.imm) },
        row("c.sh",       "100 011 rs1' 0 uimm[1] rs2' 00") { (.sh, 0, $0.rs1, $0.rs2, $0.imm) },
        // Quadrant 1 (c.nop is c.addi x0; nonzero immediates with rd=x0 are HINTs)
        row("c.addi",     "000 nzimm[5] rd/rs1 nzimm[4:0] 01") { (.addi, $0.rd, $0.rd, 0, $0.imm) },
        row("c.addiw",    "001 imm[5] rd/rs1 imm[4:0] 01", nonzero: ["rd"]) { (.addiw, $0.rd, $0.rd, 0, $0.imm) },
        row("c.li",       "010 imm[5] rd imm[4:0] 01") { (.addi, $0.rd, 0, 0, $0.imm) },
        row("c.addi16sp", "011 nzimm[9] 00010 nzimm[4|6|8:7|5] 01", nonzero: ["imm"]) { (.addi, 2, 2, 0, $0.imm) },
        // Zcmop: c.mop.n (n odd) takes the reserved c.lui xn, 0 slots; it writes no register.
        row("c.mop.1",    "011 0 00001 00000 01") { _ in (.addi, 0, 0, 0, 0) },
        row("c.mop.3",    "011 0 00011 00000 01") { _ in (.addi, 0, 0, 0, 0) },
        row("c.mop.5",    "011 0 00101 00000 01") { _ in (.addi, 0, 0, 0, 0) },
        row("c.mop.7",    "011 0 00111 00000 01") { _ in (.addi, 0, 0, 0, 0) },
        row("c.mop.9",    "011 0 01001 00000 01") { _ in (.addi, 0, 0, 0, 0) },
        row("c.mop.11",   "011 0 01011 00000 01") { _ in (.addi, 0, 0, 0, 0) },
        row("c.mop.13",   "011 0 01101 00000 01") { _ in (.addi, 0, 0, 0, 0) },
        row("c.mop.15",   "011 0 01111 00000 01") { _ in (.addi, 0, 0, 0, 0) },
        row("c.lui",      "011 nzimm[17] rd nzimm[16:12] 01", nonzero: ["imm"]) { (.lui, $0.rd, 0, 0, $0.imm) },
        row("c.srli",     "100 nzuimm[5] 00 rd'/rs1' nzuimm[4:0] 01") { (.srli, $0.rd, $0.rd, 0, $0.imm) },
        row("c.srai",     "100 nzuimm[5] 01 rd'/rs1' nzuimm[4:0] 01") { (.srai, $0.rd, $0.rd, 0, $0.imm) },
        row("c.andi",     "100 imm[5] 10 rd'/rs1' imm[4:0] 01") { (.andi, $0.rd, $0.rd, 0, $0.imm) },
        row("c.sub",      "100 0 11 rd'/rs1' 00 rs2' 01") { (.sub, $0.rd, $0.rd, $0.rs2, 0) },
        row("c.xor",      "100 0 11 rd'/rs1' 01 rs2' 01") { (.xor, $0.rd, $0.rd, $0.rs2, 0) },
        row("c.or",       "100 0 11 rd'/rs1' 10 rs2' 01") { (.or, $0.rd, $0.rd, $0.rs2, 0) },
        row("c.and",      "100 0 11 rd'/rs1' 11 rs2' 01") { (.and, $0.rd, $0.rd, $0.rs2, 0) },
        row("c.subw",     "100 1 11 rd'/rs1' 00 rs2' 01") { (.subw, $0.rd, $0.rd, $0.rs2, 0) },
        row("c.addw",     "100 1 11 rd'/rs1' 01 rs2' 01") { (.addw, $0.rd, $0.rd, $0.rs2, 0) },
        // Zcb: c.mul and the unary forms (funct6 100111)
        row("c.mul",      "100 1 11 rd'/rs1' 10 rs2' 01") { (.mul, $0.rd, $0.rd, $0.rs2, 0) },
        row("c.zext.b",   "100 1 11 rd'/rs1' 11 000 01") { (.andi, $0.rd, $0.rd, 0, 255) },
        row("c.sext.b",   "100 1 11 rd'/rs1' 11 001 01") { (.sextB, $0.rd, $0.rd, 0, 0) },
        row("c.zext.h",   "100 1 11 rd'/rs1' 11 010 01") { (.zextH, $0.rd, $0.rd, 0, 0) },
        row("c.sext.h",   "100 1 11 rd'/rs1' 11 011 01") { (.sextH, $0.rd, $0.rd, 0, 0) },
        row("c.zext.w",   "100 1 11 rd'/rs1' 11 100 01") { (.addUw, $0.rd, $0.rd, 0, 0) },
        row("c.not",      "100 1 11 rd'/rs1' 11 101 01") { (.xori, $0.rd, $0.rd, 0, -1) },
        row("c.j",        "101 imm[11|4|9:8|10|6|7|3:1|5] 01") { (.jal, 0, 0, 0, $0.imm) },
        row("c.beqz",     "110 imm[8|4:3] rs1' imm[7:6|2:1|5] 01") { (.beq, 0, $0.rs1, 0, $0.imm) },
        row("c.bnez",     "111 imm[8|4:3] rs1' imm[7:6|2:1|5] 01") { (.bne, 0, $0.rs1, 0, $0.imm) },
        // Quadrant 2
        row("c.slli",     "000 nzuimm[5] rd/rs1 nzuimm[4:0] 10") { (.slli, $0.rd, $0.rd, 0, $0.imm) },
        row("c.fldsp",    "001 uimm[5] rd uimm[4:3|8:6] 10") { (.fld, $0.rd, 2, 0, $0.imm) },
        row("c.lwsp",     "010 uimm[5] rd uimm[4:2|7:6] 10", nonzero: ["rd"]) { (.lw, $0.rd, 2, 0, $0.imm) },
        row("c.ldsp",     "011 uimm[5] rd uimm[4:3|8:6] 10", nonzero: ["rd"]) { (.ld, $0.rd, 2, 0, $0.imm) },
        row("c.jr",       "100 0 rs1 00000 10", nonzero: ["rs1"]) { (.jalr, 0, $0.rs1, 0, 0) },
        row("c.mv",       "100 0 rd rs2 10", nonzero: ["rs2"]) { (.add, $0.rd, 0, $0.rs2, 0) },
        row("c.ebreak",   "100 1 00000 00000 10") { _ in (.ebreak, 0, 0, 0, 0) },
        row("c.jalr",     "100 1 rs1 00000 10", nonzero: ["rs1"]) { (.jalr, 1, $0.rs1, 0, 0) },
        row("c.add",      "100 1 rd/rs1 rs2 10", nonzero: ["rs2"]) { (.add, $0.rd, $0.rd, $0.rs2, 0) },
        row("c.fsdsp",    "101 uimm[5:3|8:6] rs2 10") { (.fsd, 0, 2, $0.rs2, $0.imm) },
        row("c.swsp",     "110 uimm[5:2|7:6] rs2 10") { (.sw, 0, 2, $0.rs2, $0.imm) },
        row("c.sdsp",     "111 uimm[5:3|8:6] rs2 10") { (.sd, 0, 2, $0.rs2, $0.imm) },
    ]

    /// A parsed row: fixed bits, field positions and immediate scatter.
    struct Parsed: Sendable {
        let row: Row
        let mask: UInt16, match: UInt16
        /// (bit position in the halfword, immediate bit) pairs.
        let immBits: [(Int, Int)]
        let immWidth: Int
        let signed: Bool
        /// Register fields: (target, lowest bit, width).
        let registers: [(String, Int, Int)]
    }

    static let parsed: [Parsed] = listing.map(parse)

    /// Decoded halfwords, all 65536 (the listing is small; the table makes decoding a lookup).
    private static let cache: [ReferenceInstruction?] = (0..<65536).map { decodeUncached(UInt16($0)) }

    /// Decodes a compressed halfword (nil: reserved, illegal or not RV64C).
    static func decode(_ h: UInt16) -> ReferenceInstruction? { cache[Int(h)] }

    static func decodeUncached(_ h: UInt16) -> ReferenceInstruction? {
        for p in parsed where h & p.mask == p.match {
            var f = Fields()
            var imm: UInt64 = 0
            for (pos, bit) in p.immBits where (h >> UInt16(pos)) & 1 == 1 { imm |= 1 << UInt64(bit) }
            if p.signed {
                let shift = UInt64(64 - p.immWidth)
                f.imm = Int64(bitPattern: imm << shift) >> Int64(shift)
            } else {
                f.imm = Int64(imm)
            }
            for (target, lo, width) in p.registers {
                var r = UInt8((h >> UInt16(lo)) & (width == 3 ? 7 : 31))
                if width == 3 { r += 8 }
                switch target {
                case "rd": f.rd = r
                case "rs1": f.rs1 = r
                case "rs2": f.rs2 = r
                default: f.rd = r; f.rs1 = r
                }
            }
            let zero = p.row.nonzero.contains { name in
                switch name {
                case "imm": return f.imm == 0
                case "rd": return f.rd == 0
                case "rs1": return f.rs1 == 0
                default: return f.rs2 == 0
                }
            }
            // A zero in a nonzero field: reserved, unless a later row takes it (c.jr → c.mv...).
            if zero { continue }
            let e = p.row.expand(f)
            return ReferenceInstruction(opcode: e.0, rd: e.rd, rs1: e.rs1, rs2: e.rs2, imm: e.imm, length: 2, bits: UInt32(h))
        }
        return nil
    }

    /// Parses a row's layout, checking that it spans exactly 16 bits.
    private static func parse(_ row: Row) -> Parsed {
        var pos = 16, mask: UInt16 = 0, match: UInt16 = 0
        var immBits: [(Int, Int)] = [], registers: [(String, Int, Int)] = []
        var signed = false, immWidth = 0
        for token in row.layout.split(separator: " ").map(String.init) {
            if token.allSatisfy({ $0 == "0" || $0 == "1" }) {
                for c in token {
                    pos -= 1
                    mask |= 1 << UInt16(pos)
                    if c == "1" { match |= 1 << UInt16(pos) }
                }
            } else if let open = token.firstIndex(of: "[") {
                let kind = String(token[..<open])
                signed = !(kind == "uimm" || kind == "nzuimm")
                let list = token[token.index(after: open)..<token.index(before: token.endIndex)]
                for group in list.split(separator: "|") {
                    let ends = group.split(separator: ":").map { Int($0)! }
                    let hi = ends[0], lo = ends.count > 1 ? ends[1] : ends[0]
                    for b in stride(from: hi, through: lo, by: -1) {
                        pos -= 1
                        immBits.append((pos, b))
                        immWidth = max(immWidth, b + 1)
                    }
                }
            } else {
                let compact = token.hasSuffix("'") || token.contains("'/")
                let width = compact ? 3 : 5
                pos -= width
                let name = String(token.filter { $0 != "'" })
                registers.append((name == "rd/rs1" ? "rd/rs1" : name, pos, width))
            }
        }
        precondition(pos == 0, "RVC listing: '\(row.name)' does not span 16 bits")
        return Parsed(row: row, mask: mask, match: match, immBits: immBits, immWidth: immWidth,
                      signed: signed, registers: registers)
    }
}
