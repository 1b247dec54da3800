/// Builders for 32-bit instruction words, used to expand compressed forms to
/// their exact 32-bit equivalents.
enum Encode {
    static func r(_ match: UInt32, rd: UInt32, rs1: UInt32, rs2: UInt32) -> UInt32 {
        match | rd << 7 | rs1 << 15 | rs2 << 20
    }
    static func i(_ match: UInt32, rd: UInt32, rs1: UInt32, imm: Int32) -> UInt32 {
        match | rd << 7 | rs1 << 15 | (UInt32(bitPattern: imm) & 0xfff) << 20
    }
    static func s(_ match: UInt32, rs1: UInt32, rs2: UInt32, imm: Int32) -> UInt32 {
        let v = UInt32(bitPattern: imm)
        return match | (v & 31) << 7 | rs1 << 15 | rs2 << 20 | ((v >> 5) & 0x7f) << 25
    }
    static func b(_ match: UInt32, rs1: UInt32, rs2: UInt32, imm: Int32) -> UInt32 {
        let v = UInt32(bitPattern: imm)
        return match | ((v >> 11) & 1) << 7 | ((v >> 1) & 0xf) << 8 | rs1 << 15 | rs2 << 20
            | ((v >> 5) & 0x3f) << 25 | ((v >> 12) & 1) << 31
    }
    static func u(_ match: UInt32, rd: UInt32, imm: Int32) -> UInt32 {
        match | rd << 7 | (UInt32(bitPattern: imm) & 0xffff_f000)
    }
    static func j(_ match: UInt32, rd: UInt32, imm: Int32) -> UInt32 {
        let v = UInt32(bitPattern: imm)
        return match | rd << 7 | ((v >> 12) & 0xff) << 12 | ((v >> 11) & 1) << 20
            | ((v >> 1) & 0x3ff) << 21 | ((v >> 20) & 1) << 31
    }
}
