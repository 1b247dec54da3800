/// A tiny RV64 encoder for tests: builds instruction words by format.
enum Enc {
    static func r(_ f7: UInt32, _ rs2: UInt32, _ rs1: UInt32, _ f3: UInt32, _ rd: UInt32, _ op: UInt32) -> UInt32 {
        f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op
    }
    static func i(_ imm: Int32, _ rs1: UInt32, _ f3: UInt32, _ rd: UInt32, _ op: UInt32) -> UInt32 {
        (UInt32(bitPattern: imm) & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op
    }
    static func s(_ imm: Int32, _ rs2: UInt32, _ rs1: UInt32, _ f3: UInt32, _ op: UInt32) -> UInt32 {
        let u = UInt32(bitPattern: imm)
        return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 0x1f) << 7 | op
    }
    static func b(_ imm: Int32, _ rs2: UInt32, _ rs1: UInt32, _ f3: UInt32) -> UInt32 {
        let u = UInt32(bitPattern: imm)
        return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12
            | (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 | 0x63
    }
    static func u(_ imm20: UInt32, _ rd: UInt32, _ op: UInt32) -> UInt32 { imm20 << 12 | rd << 7 | op }
    static func j(_ imm: Int32, _ rd: UInt32) -> UInt32 {
        let u = UInt32(bitPattern: imm)
        return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 | (u >> 12 & 0xff) << 12 | rd << 7 | 0x6f
    }

    static func add(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(0, b, a, 0, rd, 0x33) }
    static func sub(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(0x20, b, a, 0, rd, 0x33) }
    static func sll(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(0, b, a, 1, rd, 0x33) }
    static func sra(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(0x20, b, a, 5, rd, 0x33) }
    static func sraw(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(0x20, b, a, 5, rd, 0x3b) }
    static func addw(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(0, b, a, 0, rd, 0x3b) }
    static func mulh(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 1, rd, 0x33) }
    static func mulhsu(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 2, rd, 0x33) }
    static func mulhu(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 3, rd, 0x33) }
    static func div(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 4, rd, 0x33) }
    static func divu(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 5, rd, 0x33) }
    static func rem(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 6, rd, 0x33) }
    static func remu(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 7, rd, 0x33) }
    static func divw(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 4, rd, 0x3b) }
    static func remw(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 6, rd, 0x3b) }
    static func divuw(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { r(1, b, a, 5, rd, 0x3b) }
    static func addi(_ rd: UInt32, _ a: UInt32, _ imm: Int32) -> UInt32 { i(imm, a, 0, rd, 0x13) }
    static func addiw(_ rd: UInt32, _ a: UInt32, _ imm: Int32) -> UInt32 { i(imm, a, 0, rd, 0x1b) }
    static func slli(_ rd: UInt32, _ a: UInt32, _ sh: Int32) -> UInt32 { i(sh, a, 1, rd, 0x13) }
    static func srai(_ rd: UInt32, _ a: UInt32, _ sh: Int32) -> UInt32 { i(0x400 | sh, a, 5, rd, 0x13) }
    static func srli(_ rd: UInt32, _ a: UInt32, _ sh: Int32) -> UInt32 { i(sh, a, 5, rd, 0x13) }
    static func lui(_ rd: UInt32, _ imm20: UInt32) -> UInt32 { u(imm20, rd, 0x37) }
    static func auipc(_ rd: UInt32, _ imm20: UInt32) -> UInt32 { u(imm20, rd, 0x17) }
    static func ld(_ rd: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { i(off, a, 3, rd, 0x03) }
    static func lw(_ rd: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { i(off, a, 2, rd, 0x03) }
    static func lbu(_ rd: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { i(off, a, 4, rd, 0x03) }
    static func lb(_ rd: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { i(off, a, 0, rd, 0x03) }
    static func sd(_ v: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { s(off, v, a, 3, 0x23) }
    static func sw(_ v: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { s(off, v, a, 2, 0x23) }
    static func sb(_ v: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { s(off, v, a, 0, 0x23) }
    static func jal(_ rd: UInt32, _ off: Int32) -> UInt32 { j(off, rd) }
    static func jalr(_ rd: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { i(off, a, 0, rd, 0x67) }
    static func beq(_ a: UInt32, _ b: UInt32, _ off: Int32) -> UInt32 { Enc.b(off, b, a, 0) }
    static func bne(_ a: UInt32, _ b: UInt32, _ off: Int32) -> UInt32 { Enc.b(off, b, a, 1) }
    static func blt(_ a: UInt32, _ b: UInt32, _ off: Int32) -> UInt32 { Enc.b(off, b, a, 4) }
    static func bltu(_ a: UInt32, _ b: UInt32, _ off: Int32) -> UInt32 { Enc.b(off, b, a, 6) }
    static func amo(_ f5: UInt32, _ w: UInt32, _ rd: UInt32, _ addr: UInt32, _ v: UInt32) -> UInt32 {
        r(f5 << 2, v, addr, w, rd, 0x2f)
    }
    static func csr(_ f3: UInt32, _ rd: UInt32, _ rs1: UInt32, _ csr: UInt32) -> UInt32 {
        csr << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x73
    }
    static func fp(_ f7: UInt32, _ rs2: UInt32, _ rs1: UInt32, _ rm: UInt32, _ rd: UInt32) -> UInt32 {
        r(f7, rs2, rs1, rm, rd, 0x53)
    }
    static func fma(_ op: UInt32, _ fmt: UInt32, _ rs3: UInt32, _ rs2: UInt32, _ rs1: UInt32, _ rm: UInt32, _ rd: UInt32) -> UInt32 {
        rs3 << 27 | fmt << 25 | rs2 << 20 | rs1 << 15 | rm << 12 | rd << 7 | op
    }
    static let ecall: UInt32 = 0x73
    static let ebreak: UInt32 = 0x100073
    static let fenceI: UInt32 = 0x100f
}
