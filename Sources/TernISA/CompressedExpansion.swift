/// How a compressed form's operands are written by `objdump -M no-aliases`.
enum CompressedSyntax: Sendable {
    case none          // c.ebreak
    case expanded      // same operands as the 32-bit form (c.addi4spn, loads, stores)
    case rdImm         // rd,imm        (c.addi, c.addiw, c.li, c.addi16sp, c.andi)
    case rdUpper       // rd,0xhi       (c.lui)
    case rdShamt       // rd,0xshamt    (c.slli, c.srli, c.srai)
    case rdRs2         // rd,rs2        (c.mv, c.add, c.sub, ...)
    case target        // target        (c.j)
    case rs1Target     // rs1,target    (c.beqz, c.bnez)
    case rs1           // rs1           (c.jr, c.jalr)
    case rd            // rd            (c.zext.b, c.not, ...)
    case mop           // no operands, the name carries n (c.mop.n)
}

/// One row of the RVC table: halfword `h` is this form when `h & mask == match`;
/// `expand` returns the equivalent 32-bit word, or nil for a reserved encoding.
struct CompressedSpec: Sendable {
    let name: String
    let mask: UInt16
    let match: UInt16
    let syntax: CompressedSyntax
    let expand: @Sendable (UInt32) -> UInt32?
    /// Extensions that must be enabled besides the expansion's own (C, and D for
    /// the FP loads and stores, Zcb, Zcmop).
    let required: ExtensionSet
    init(_ name: String, _ mask: UInt16, _ match: UInt16, _ syntax: CompressedSyntax, _ ext: [Extension] = [.c],
         _ expand: @escaping @Sendable (UInt32) -> UInt32?) {
        self.name = name; self.mask = mask; self.match = match; self.syntax = syntax; self.expand = expand
        self.required = ExtensionSet(ext)
    }
}

// MARK: - Field extraction (h is the halfword widened to UInt32)

private func bit(_ h: UInt32, _ i: UInt32) -> UInt32 { (h >> i) & 1 }
private func rdFull(_ h: UInt32) -> UInt32 { (h >> 7) & 31 }
private func rs2Full(_ h: UInt32) -> UInt32 { (h >> 2) & 31 }
private func rdP(_ h: UInt32) -> UInt32 { 8 + ((h >> 2) & 7) }     // rd'/rs2' in bits 4:2
private func rs1P(_ h: UInt32) -> UInt32 { 8 + ((h >> 7) & 7) }    // rs1'/rd' in bits 9:7
private func sext(_ v: UInt32, _ width: UInt32) -> Int32 {
    Int32(bitPattern: v << (32 - width)) >> Int32(32 - width)
}
/// CI-format 6-bit signed immediate: imm[5] = h[12], imm[4:0] = h[6:2].
private func ciImm(_ h: UInt32) -> Int32 { sext(bit(h, 12) << 5 | (h >> 2) & 31, 6) }
private func ciShamt(_ h: UInt32) -> Int32 { Int32(bit(h, 12) << 5 | (h >> 2) & 31) }
/// c.lw/c.sw offset: uimm[5:3] = h[12:10], uimm[2] = h[6], uimm[6] = h[5].
private func clwOff(_ h: UInt32) -> Int32 { Int32(((h >> 10) & 7) << 3 | bit(h, 6) << 2 | bit(h, 5) << 6) }
/// c.ld/c.sd/c.fld/c.fsd offset: uimm[5:3] = h[12:10], uimm[7:6] = h[6:5].
private func cldOff(_ h: UInt32) -> Int32 { Int32(((h >> 10) & 7) << 3 | ((h >> 5) & 3) << 6) }
/// c.j offset.
private func cjOff(_ h: UInt32) -> Int32 {
    let v = bit(h, 12) << 11 | bit(h, 11) << 4 | ((h >> 9) & 3) << 8 | bit(h, 8) << 10
        | bit(h, 7) << 6 | bit(h, 6) << 7 | ((h >> 3) & 7) << 1 | bit(h, 2) << 5
    return sext(v, 12)
}
/// c.beqz/c.bnez offset.
private func cbOff(_ h: UInt32) -> Int32 {
    let v = bit(h, 12) << 8 | ((h >> 10) & 3) << 3 | ((h >> 5) & 3) << 6 | ((h >> 3) & 3) << 1 | bit(h, 2) << 5
    return sext(v, 9)
}

/// c.lbu/c.sb offset: uimm[0] = h[6], uimm[1] = h[5].
private func zcbByte(_ h: UInt32) -> Int32 { Int32(bit(h, 6) | bit(h, 5) << 1) }
/// c.lhu/c.lh/c.sh offset: uimm[1] = h[5].
private func zcbHalf(_ h: UInt32) -> Int32 { Int32(bit(h, 5) << 1) }

private let sp: UInt32 = 2

/// The RVC table for RV64 (c.jal does not exist on RV64; its slot is c.addiw).
/// Within a bucket the first matching row wins, so specific rows precede general ones.
let compressedTable: [CompressedSpec] = [
    // Quadrant 0
    .init("c.addi4spn", 0xe003, 0x0000, .expanded) { h in
        let nz = ((h >> 11) & 3) << 4 | ((h >> 7) & 0xf) << 6 | bit(h, 6) << 2 | bit(h, 5) << 3
        return nz == 0 ? nil : Encode.i(0x13, rd: rdP(h), rs1: sp, imm: Int32(nz))
    },
    .init("c.fld", 0xe003, 0x2000, .expanded, [.c, .d]) { h in Encode.i(0x3007, rd: rdP(h), rs1: rs1P(h), imm: cldOff(h)) },
    .init("c.lw",  0xe003, 0x4000, .expanded) { h in Encode.i(0x2003, rd: rdP(h), rs1: rs1P(h), imm: clwOff(h)) },
    .init("c.ld",  0xe003, 0x6000, .expanded) { h in Encode.i(0x3003, rd: rdP(h), rs1: rs1P(h), imm: cldOff(h)) },
    .init("c.fsd", 0xe003, 0xa000, .expanded, [.c, .d]) { h in Encode.s(0x3027, rs1: rs1P(h), rs2: rdP(h), imm: cldOff(h)) },
    .init("c.sw",  0xe003, 0xc000, .expanded) { h in Encode.s(0x2023, rs1: rs1P(h), rs2: rdP(h), imm: clwOff(h)) },
    .init("c.sd",  0xe003, 0xe000, .expanded) { h in Encode.s(0x3023, rs1: rs1P(h), rs2: rdP(h), imm: cldOff(h)) },
    // Zcb loads and stores: byte offset uimm[0] = h[6], uimm[1] = h[5]; halfword forms use h[5] only.
    .init("c.lbu", 0xfc03, 0x8000, .expanded, [.c, .zcb]) { h in Encode.i(0x4003, rd: rdP(h), rs1: rs1P(h), imm: zcbByte(h)) },
    .init("c.lhu", 0xfc43, 0x8400, .expanded, [.c, .zcb]) { h in Encode.i(0x5003, rd: rdP(h), rs1: rs1P(h), imm: zcbHalf(h)) },
    .init("c.lh",  0xfc43, 0x8440, .expanded, [.c, .zcb]) { h in Encode.i(0x1003, rd: rdP(h), rs1: rs1P(h), imm: zcbHalf(h)) },
    .init("c.sb",  0xfc03, 0x8800, .expanded, [.c, .zcb]) { h in Encode.s(0x0023, rs1: rs1P(h), rs2: rdP(h), imm: zcbByte(h)) },
    .init("c.sh",  0xfc43, 0x8c00, .expanded, [.c, .zcb]) { h in Encode.s(0x1023, rs1: rs1P(h), rs2: rdP(h), imm: zcbHalf(h)) },
    // Quadrant 1
    .init("c.addi", 0xe003, 0x0001, .rdImm) { h in Encode.i(0x13, rd: rdFull(h), rs1: rdFull(h), imm: ciImm(h)) },
    .init("c.addiw", 0xe003, 0x2001, .rdImm) { h in
        rdFull(h) == 0 ? nil : Encode.i(0x1b, rd: rdFull(h), rs1: rdFull(h), imm: ciImm(h))
    },
    .init("c.li", 0xe003, 0x4001, .rdImm) { h in Encode.i(0x13, rd: rdFull(h), rs1: 0, imm: ciImm(h)) },
    .init("c.addi16sp", 0xef83, 0x6101, .rdImm) { h in
        let v = bit(h, 12) << 9 | bit(h, 6) << 4 | bit(h, 5) << 6 | ((h >> 3) & 3) << 7 | bit(h, 2) << 5
        return v == 0 ? nil : Encode.i(0x13, rd: sp, rs1: sp, imm: sext(v, 10))
    },
    // Zcmop: c.mop.n (n odd, 1...15) in the reserved c.lui xn, 0 space; no register is written.
    .init("c.mop.1",  0xffff, 0x6081, .mop, [.c, .zcmop]) { _ in 0x13 },
    .init("c.mop.3",  0xffff, 0x6181, .mop, [.c, .zcmop]) { _ in 0x13 },
    .init("c.mop.5",  0xffff, 0x6281, .mop, [.c, .zcmop]) { _ in 0x13 },
    .init("c.mop.7",  0xffff, 0x6381, .mop, [.c, .zcmop]) { _ in 0x13 },
    .init("c.mop.9",  0xffff, 0x6481, .mop, [.c, .zcmop]) { _ in 0x13 },
    .init("c.mop.11", 0xffff, 0x6581, .mop, [.c, .zcmop]) { _ in 0x13 },
    .init("c.mop.13", 0xffff, 0x6681, .mop, [.c, .zcmop]) { _ in 0x13 },
    .init("c.mop.15", 0xffff, 0x6781, .mop, [.c, .zcmop]) { _ in 0x13 },
    .init("c.lui", 0xe003, 0x6001, .rdUpper) { h in
        let imm = ciImm(h) << 12
        return imm == 0 ? nil : Encode.u(0x37, rd: rdFull(h), imm: imm)
    },
    .init("c.srli", 0xec03, 0x8001, .rdShamt) { h in Encode.i(0x5013, rd: rs1P(h), rs1: rs1P(h), imm: ciShamt(h)) },
    .init("c.srai", 0xec03, 0x8401, .rdShamt) { h in
        Encode.i(0x4000_5013, rd: rs1P(h), rs1: rs1P(h), imm: ciShamt(h))
    },
    .init("c.andi", 0xec03, 0x8801, .rdImm) { h in Encode.i(0x7013, rd: rs1P(h), rs1: rs1P(h), imm: ciImm(h)) },
    .init("c.sub",  0xfc63, 0x8c01, .rdRs2) { h in Encode.r(0x4000_0033, rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h)) },
    .init("c.xor",  0xfc63, 0x8c21, .rdRs2) { h in Encode.r(0x4033, rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h)) },
    .init("c.or",   0xfc63, 0x8c41, .rdRs2) { h in Encode.r(0x6033, rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h)) },
    .init("c.and",  0xfc63, 0x8c61, .rdRs2) { h in Encode.r(0x7033, rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h)) },
    .init("c.subw", 0xfc63, 0x9c01, .rdRs2) { h in Encode.r(0x4000_003b, rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h)) },
    .init("c.addw", 0xfc63, 0x9c21, .rdRs2) { h in Encode.r(0x3b, rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h)) },
    // Zcb: unary operations on rd' and c.mul.
    .init("c.mul",    0xfc63, 0x9c41, .rdRs2, [.c, .zcb]) { h in Encode.r(0x0200_0033, rd: rs1P(h), rs1: rs1P(h), rs2: rdP(h)) },
    .init("c.zext.b", 0xfc7f, 0x9c61, .rd, [.c, .zcb]) { h in Encode.i(0x7013, rd: rs1P(h), rs1: rs1P(h), imm: 255) },
    .init("c.sext.b", 0xfc7f, 0x9c65, .rd, [.c, .zcb]) { h in Encode.r(0x6040_1013, rd: rs1P(h), rs1: rs1P(h), rs2: 0) },
    .init("c.zext.h", 0xfc7f, 0x9c69, .rd, [.c, .zcb]) { h in Encode.r(0x0800_403b, rd: rs1P(h), rs1: rs1P(h), rs2: 0) },
    .init("c.sext.h", 0xfc7f, 0x9c6d, .rd, [.c, .zcb]) { h in Encode.r(0x6050_1013, rd: rs1P(h), rs1: rs1P(h), rs2: 0) },
    .init("c.zext.w", 0xfc7f, 0x9c71, .rd, [.c, .zcb]) { h in Encode.r(0x0800_003b, rd: rs1P(h), rs1: rs1P(h), rs2: 0) },
    .init("c.not",    0xfc7f, 0x9c75, .rd, [.c, .zcb]) { h in Encode.i(0x4013, rd: rs1P(h), rs1: rs1P(h), imm: -1) },
    .init("c.j",    0xe003, 0xa001, .target) { h in Encode.j(0x6f, rd: 0, imm: cjOff(h)) },
    .init("c.beqz", 0xe003, 0xc001, .rs1Target) { h in Encode.b(0x63, rs1: rs1P(h), rs2: 0, imm: cbOff(h)) },
    .init("c.bnez", 0xe003, 0xe001, .rs1Target) { h in Encode.b(0x1063, rs1: rs1P(h), rs2: 0, imm: cbOff(h)) },
    // Quadrant 2
    .init("c.slli", 0xe003, 0x0002, .rdShamt) { h in Encode.i(0x1013, rd: rdFull(h), rs1: rdFull(h), imm: ciShamt(h)) },
    .init("c.fldsp", 0xe003, 0x2002, .expanded, [.c, .d]) { h in
        let off = bit(h, 12) << 5 | ((h >> 5) & 3) << 3 | ((h >> 2) & 7) << 6
        return Encode.i(0x3007, rd: rdFull(h), rs1: sp, imm: Int32(off))
    },
    .init("c.lwsp", 0xe003, 0x4002, .expanded) { h in
        let off = bit(h, 12) << 5 | ((h >> 4) & 7) << 2 | ((h >> 2) & 3) << 6
        return rdFull(h) == 0 ? nil : Encode.i(0x2003, rd: rdFull(h), rs1: sp, imm: Int32(off))
    },
    .init("c.ldsp", 0xe003, 0x6002, .expanded) { h in
        let off = bit(h, 12) << 5 | ((h >> 5) & 3) << 3 | ((h >> 2) & 7) << 6
        return rdFull(h) == 0 ? nil : Encode.i(0x3003, rd: rdFull(h), rs1: sp, imm: Int32(off))
    },
    .init("c.jr", 0xf07f, 0x8002, .rs1) { h in
        rdFull(h) == 0 ? nil : Encode.i(0x67, rd: 0, rs1: rdFull(h), imm: 0)
    },
    .init("c.mv", 0xf003, 0x8002, .rdRs2) { h in Encode.r(0x33, rd: rdFull(h), rs1: 0, rs2: rs2Full(h)) },
    .init("c.ebreak", 0xffff, 0x9002, .none) { _ in 0x0010_0073 },
    .init("c.jalr", 0xf07f, 0x9002, .rs1) { h in Encode.i(0x67, rd: 1, rs1: rdFull(h), imm: 0) },
    .init("c.add", 0xf003, 0x9002, .rdRs2) { h in Encode.r(0x33, rd: rdFull(h), rs1: rdFull(h), rs2: rs2Full(h)) },
    .init("c.fsdsp", 0xe003, 0xa002, .expanded, [.c, .d]) { h in
        let off = ((h >> 10) & 7) << 3 | ((h >> 7) & 7) << 6
        return Encode.s(0x3027, rs1: sp, rs2: rs2Full(h), imm: Int32(off))
    },
    .init("c.swsp", 0xe003, 0xc002, .expanded) { h in
        let off = ((h >> 9) & 0xf) << 2 | ((h >> 7) & 3) << 6
        return Encode.s(0x2023, rs1: sp, rs2: rs2Full(h), imm: Int32(off))
    },
    .init("c.sdsp", 0xe003, 0xe002, .expanded) { h in
        let off = ((h >> 10) & 7) << 3 | ((h >> 7) & 7) << 6
        return Encode.s(0x3023, rs1: sp, rs2: rs2Full(h), imm: Int32(off))
    },
]

extension CompressedSpec {
    /// Bucket index: quadrant (bits 1:0) and funct3 (bits 15:13).
    @inline(__always) static func bucket(_ h: UInt16) -> Int { Int(h & 3) << 3 | Int(h >> 13) }

    /// Row indices of `compressedTable` bucketed by quadrant and funct3, built once.
    static let buckets: [[Int]] = {
        var b = [[Int]](repeating: [], count: 32)
        for (i, spec) in compressedTable.enumerated() {
            precondition(spec.mask & 0xe003 == 0xe003, "RVC rows must fix quadrant and funct3")
            b[bucket(spec.match)].append(i)
        }
        return b
    }()

    /// The table row describing halfword `h`, if any.
    static func row(for h: UInt16) -> CompressedSpec? {
        guard h & 3 != 3 else { return nil }
        for i in buckets[bucket(h)] where h & compressedTable[i].mask == compressedTable[i].match {
            return compressedTable[i]
        }
        return nil
    }

    /// Decodes and expands a compressed instruction.
    static func decode(_ h: UInt16, extensions: ExtensionSet = Extension.implemented) -> Instruction? {
        guard let spec = row(for: h), extensions.isSuperset(of: spec.required), let word = spec.expand(UInt32(h)),
              var insn = Decoder.decode32(word, extensions: extensions) else { return nil }
        insn.length = 2
        insn.bits = UInt32(h)
        return insn
    }
}
