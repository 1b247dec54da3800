/// Zba, Zbb, Zbc, Zbs (bit manipulation) and Zicond (conditional zero), RV64
/// encodings from the unprivileged specification's chapters on them.
public let bitManipInstructions: [InstructionRow] = [
    // Zba: address generation.
    InstructionRow("add.uw",    "0000100 ..... ..... 000 ..... 0111011", "reg", "zba", op: "add_uw", .pure, fuzz: "bitManip"),
    InstructionRow("sh1add",    "0010000 ..... ..... 010 ..... 0110011", "reg", "zba", op: "sh1add", .pure, fuzz: "bitManip"),
    InstructionRow("sh2add",    "0010000 ..... ..... 100 ..... 0110011", "reg", "zba", op: "sh2add", .pure, fuzz: "bitManip"),
    InstructionRow("sh3add",    "0010000 ..... ..... 110 ..... 0110011", "reg", "zba", op: "sh3add", .pure, fuzz: "bitManip"),
    InstructionRow("sh1add.uw", "0010000 ..... ..... 010 ..... 0111011", "reg", "zba", op: "sh1add_uw", .pure, fuzz: "bitManip"),
    InstructionRow("sh2add.uw", "0010000 ..... ..... 100 ..... 0111011", "reg", "zba", op: "sh2add_uw", .pure, fuzz: "bitManip"),
    InstructionRow("sh3add.uw", "0010000 ..... ..... 110 ..... 0111011", "reg", "zba", op: "sh3add_uw", .pure, fuzz: "bitManip"),
    InstructionRow("slli.uw",   "000010. ..... ..... 001 ..... 0011011", "shift64", "zba", op: "slli_uw", .pure, fuzz: "bitManip"),
    // Zbb: basic bit manipulation.
    InstructionRow("andn",      "0100000 ..... ..... 111 ..... 0110011", "reg", "zbb", op: "andn", .pure, fuzz: "bitManip"),
    InstructionRow("orn",       "0100000 ..... ..... 110 ..... 0110011", "reg", "zbb", op: "orn", .pure, fuzz: "bitManip"),
    InstructionRow("xnor",      "0100000 ..... ..... 100 ..... 0110011", "reg", "zbb", op: "xnor", .pure, fuzz: "bitManip"),
    InstructionRow("clz",       "0110000 00000 ..... 001 ..... 0010011", "unary", "zbb", op: "clz", .pure, fuzz: "bitManip"),
    InstructionRow("clzw",      "0110000 00000 ..... 001 ..... 0011011", "unary", "zbb", op: "clzw", .pure, fuzz: "bitManip"),
    InstructionRow("ctz",       "0110000 00001 ..... 001 ..... 0010011", "unary", "zbb", op: "ctz", .pure, fuzz: "bitManip"),
    InstructionRow("ctzw",      "0110000 00001 ..... 001 ..... 0011011", "unary", "zbb", op: "ctzw", .pure, fuzz: "bitManip"),
    InstructionRow("cpop",      "0110000 00010 ..... 001 ..... 0010011", "unary", "zbb", op: "cpop", .pure, fuzz: "bitManip"),
    InstructionRow("cpopw",     "0110000 00010 ..... 001 ..... 0011011", "unary", "zbb", op: "cpopw", .pure, fuzz: "bitManip"),
    InstructionRow("max",       "0000101 ..... ..... 110 ..... 0110011", "reg", "zbb", op: "max", .pure, fuzz: "bitManip"),
    InstructionRow("maxu",      "0000101 ..... ..... 111 ..... 0110011", "reg", "zbb", op: "maxu", .pure, fuzz: "bitManip"),
    InstructionRow("min",       "0000101 ..... ..... 100 ..... 0110011", "reg", "zbb", op: "min", .pure, fuzz: "bitManip"),
    InstructionRow("minu",      "0000101 ..... ..... 101 ..... 0110011", "reg", "zbb", op: "minu", .pure, fuzz: "bitManip"),
    InstructionRow("sext.b",    "0110000 00100 ..... 001 ..... 0010011", "unary", "zbb", op: "sext_b", .pure, fuzz: "bitManip"),
    InstructionRow("sext.h",    "0110000 00101 ..... 001 ..... 0010011", "unary", "zbb", op: "sext_h", .pure, fuzz: "bitManip"),
    InstructionRow("zext.h",    "0000100 00000 ..... 100 ..... 0111011", "unary", "zbb", op: "zext_h", .pure, fuzz: "bitManip"),
    InstructionRow("rol",       "0110000 ..... ..... 001 ..... 0110011", "reg", "zbb", op: "rol", .pure, fuzz: "bitManip"),
    InstructionRow("rolw",      "0110000 ..... ..... 001 ..... 0111011", "reg", "zbb", op: "rolw", .pure, fuzz: "bitManip"),
    InstructionRow("ror",       "0110000 ..... ..... 101 ..... 0110011", "reg", "zbb", op: "ror", .pure, fuzz: "bitManip"),
    InstructionRow("rori",      "011000. ..... ..... 101 ..... 0010011", "shift64", "zbb", op: "rori", .pure, fuzz: "bitManip"),
    InstructionRow("roriw",     "0110000 ..... ..... 101 ..... 0011011", "shift32", "zbb", op: "roriw", .pure, fuzz: "bitManip"),
    InstructionRow("rorw",      "0110000 ..... ..... 101 ..... 0111011", "reg", "zbb", op: "rorw", .pure, fuzz: "bitManip"),
    InstructionRow("orc.b",     "0010100 00111 ..... 101 ..... 0010011", "unary", "zbb", op: "orc_b", .pure, fuzz: "bitManip"),
    InstructionRow("rev8",      "0110101 11000 ..... 101 ..... 0010011", "unary", "zbb", op: "rev8", .pure, fuzz: "bitManip"),
    // Zbc: carry-less multiplication.
    InstructionRow("clmul",     "0000101 ..... ..... 001 ..... 0110011", "reg", "zbc", op: "clmul", .pure, fuzz: "bitManip"),
    InstructionRow("clmulh",    "0000101 ..... ..... 011 ..... 0110011", "reg", "zbc", op: "clmulh", .pure, fuzz: "bitManip"),
    InstructionRow("clmulr",    "0000101 ..... ..... 010 ..... 0110011", "reg", "zbc", op: "clmulr", .pure, fuzz: "bitManip"),
    // Zbs: single-bit instructions.
    InstructionRow("bclr",      "0100100 ..... ..... 001 ..... 0110011", "reg", "zbs", op: "bclr", .pure, fuzz: "bitManip"),
    InstructionRow("bclri",     "010010. ..... ..... 001 ..... 0010011", "shift64", "zbs", op: "bclri", .pure, fuzz: "bitManip"),
    InstructionRow("bext",      "0100100 ..... ..... 101 ..... 0110011", "reg", "zbs", op: "bext", .pure, fuzz: "bitManip"),
    InstructionRow("bexti",     "010010. ..... ..... 101 ..... 0010011", "shift64", "zbs", op: "bexti", .pure, fuzz: "bitManip"),
    InstructionRow("binv",      "0110100 ..... ..... 001 ..... 0110011", "reg", "zbs", op: "binv", .pure, fuzz: "bitManip"),
    InstructionRow("binvi",     "011010. ..... ..... 001 ..... 0010011", "shift64", "zbs", op: "binvi", .pure, fuzz: "bitManip"),
    InstructionRow("bset",      "0010100 ..... ..... 001 ..... 0110011", "reg", "zbs", op: "bset", .pure, fuzz: "bitManip"),
    InstructionRow("bseti",     "001010. ..... ..... 001 ..... 0010011", "shift64", "zbs", op: "bseti", .pure, fuzz: "bitManip"),
    // Zicond: integer conditional operations.
    InstructionRow("czero.eqz", "0000111 ..... ..... 101 ..... 0110011", "reg", "zicond", op: "czero_eqz", .pure, fuzz: "bitManip"),
    InstructionRow("czero.nez", "0000111 ..... ..... 111 ..... 0110011", "reg", "zicond", op: "czero_nez", .pure, fuzz: "bitManip"),
]

/// Zicbom/Zicboz (cache-block operations), Zawrs (wait on reservation set) and
/// Zimop (may-be-operations: without a redefining extension they write 0 to rd).
public let systemHintInstructions: [InstructionRow] = [
    InstructionRow("cbo.inval", "0000000 00000 ..... 010 00000 0001111", "cbo", "zicbom", op: "cbo_probe", .machineModeOnly,
                   fuzz: .exempt("illegal in Linux user mode (senvcfg.CBIE clear; so under qemu-user): the encoding probe checks the SIGILL")),
    InstructionRow("cbo.clean", "0000000 00001 ..... 010 00000 0001111", "cbo", "zicbom", op: "cbo_probe", .other,
                   fuzz: .exempt("legal in Linux user mode (senvcfg.CBCFE, Linux 6.15+) but illegal under qemu-user: lockstep random programs and Tests/e2e cover it")),
    InstructionRow("cbo.flush", "0000000 00010 ..... 010 00000 0001111", "cbo", "zicbom", op: "cbo_probe", .other,
                   fuzz: .exempt("legal in Linux user mode (senvcfg.CBCFE, Linux 6.15+) but illegal under qemu-user: lockstep random programs and Tests/e2e cover it")),
    InstructionRow("cbo.zero",  "0000000 00100 ..... 010 00000 0001111", "cbo", "zicboz", op: "cbo_zero", .other, fuzz: "cacheBlock"),
    InstructionRow("wrs.nto",   "0000000 01101 00000 000 00000 1110011", "bare", "zawrs", op: "nop", .other, fuzz: "mayBeOp"),
    InstructionRow("wrs.sto",   "0000000 11101 00000 000 00000 1110011", "bare", "zawrs", op: "nop", .other, fuzz: "mayBeOp"),
] + (0..<32).map { n in
    // mop.r.n: 1 n4 00 n3 n2 0111 n1 n0 rs1 100 rd 1110011
    let b = { (i: Int) in (n >> i) & 1 == 1 ? "1" : "0" }
    return InstructionRow("mop.r.\(n)", "1\(b(4))00\(b(3))\(b(2))0 111\(b(1))\(b(0)) ..... 100 ..... 1110011",
                          "unary", "zimop", op: "mop", .pure, fuzz: "mayBeOp")
} + (0..<8).map { n in
    // mop.rr.n: 1 n2 00 n1 n0 1 rs2 rs1 100 rd 1110011
    let b = { (i: Int) in (n >> i) & 1 == 1 ? "1" : "0" }
    return InstructionRow("mop.rr.\(n)", "1\(b(2))00\(b(1))\(b(0))1 ..... ..... 100 ..... 1110011",
                          "reg", "zimop", op: "mop", .pure, fuzz: "mayBeOp")
}
