import XCTest
import TernCore

/// Adjacent pairs (two independent ops in one dispatch): each pair is chosen by
/// the translator and keeps the exact sequential semantics of its two ops,
/// including when the second reads what the first wrote.
final class AdjacentPairTests: XCTestCase {
    private static func xor(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.r(0, b, a, 4, rd, 0x33) }
    private static func mul(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.r(1, b, a, 0, rd, 0x33) }
    private static func fld(_ rd: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { Enc.i(off, a, 3, rd, 0x07) }
    private static func fsd(_ v: UInt32, _ a: UInt32, _ off: Int32) -> UInt32 { Enc.s(off, v, a, 3, 0x27) }

    private static let data: [UInt8] = [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x81,
                                        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08]
    private let base = GuestRunner.dataBase

    /// Runs `words` (then ecall) with x10 = a, x11 = b and the data page preset.
    private func run(_ words: [UInt32], _ a: UInt64, _ b: UInt64 = 0) throws -> GuestRunner {
        let r = try GuestRunner(words)
        try Self.data.withUnsafeBytes { try r.machine.memory.writeInitial(GuestRunner.dataBase, $0) }
        r.hart[x: 10] = a
        r.hart[x: 11] = b
        XCTAssertEqual(r.run(), .ecall)
        return r
    }

    private func firstOp(_ r: GuestRunner) -> String? {
        r.machine.cache.block(at: GuestRunner.codeBase)?.opNames.first
    }

    func testLoadPairs() throws {
        var r = try run([Self.fld(1, 10, 0), Self.fld(2, 10, 8)], base)
        XCTAssertEqual(firstOp(r), "fld_fld")
        XCTAssertEqual(r.hart[f: 1], 0x8122_3344_5566_7788)
        XCTAssertEqual(r.hart[f: 2], 0x0807_0605_0403_0201)
        r = try run([Enc.lw(12, 10, 0), Enc.lw(13, 10, 4)], base)
        XCTAssertEqual(firstOp(r), "lw_lw")
        XCTAssertEqual(r.hart[x: 12], 0x5566_7788)
        XCTAssertEqual(r.hart[x: 13], 0xffff_ffff_8122_3344, "lw sign-extends")
        r = try run([Enc.ld(10, 10, 8), Enc.ld(13, 11, 0)], base, base)
        XCTAssertEqual(firstOp(r), "ld_ld")
        XCTAssertEqual(r.hart[x: 10], 0x0807_0605_0403_0201)
        XCTAssertEqual(r.hart[x: 13], 0x8122_3344_5566_7788)
    }

    func testLoadThenPointerBump() throws {
        var r = try run([Self.fld(1, 10, 0), Enc.addi(10, 10, 8)], base)
        XCTAssertEqual(firstOp(r), "fld_addi")
        XCTAssertEqual(r.hart[f: 1], 0x8122_3344_5566_7788, "loaded through the old x10")
        XCTAssertEqual(r.hart[x: 10], base + 8)
        r = try run([Enc.ld(12, 10, 8), Enc.addi(10, 10, 8)], base)
        XCTAssertEqual(firstOp(r), "ld_addi")
        XCTAssertEqual(r.hart[x: 12], 0x0807_0605_0403_0201)
        XCTAssertEqual(r.hart[x: 10], base + 8)
        r = try run([Enc.lw(10, 10, 4), Enc.addi(12, 10, 1)], base)
        XCTAssertEqual(firstOp(r), "lw_addi")
        XCTAssertEqual(r.hart[x: 12], 0xffff_ffff_8122_3345, "the addi sees the loaded value")
    }

    func testAluPairs() throws {
        var r = try run([Enc.addi(10, 10, 1), Enc.add(12, 10, 10)], 20)
        XCTAssertEqual(firstOp(r), "addi_add")
        XCTAssertEqual(r.hart[x: 12], 42)
        r = try run([Enc.addi(10, 10, -1), Enc.addi(11, 10, -2)], 0)
        XCTAssertEqual(firstOp(r), "addi_addi")
        XCTAssertEqual(r.hart[x: 11], UInt64(bitPattern: -3))
        r = try run([Self.xor(5, 10, 11), Self.mul(12, 5, 11)], 0xf0, 0x0f)
        XCTAssertEqual(firstOp(r), "xor_mul")
        XCTAssertEqual(r.hart[x: 12], 0xff * 0x0f)
        r = try run([Self.xor(5, 10, 11), Enc.srli(12, 5, 4)], 0xf0f0, 0x0f0f)
        XCTAssertEqual(firstOp(r), "xor_srli")
        XCTAssertEqual(r.hart[x: 12], 0xfff)
        r = try run([Enc.slli(5, 10, 4), Self.xor(12, 11, 5)], 0xf, 0xff)
        XCTAssertEqual(firstOp(r), "slli_xor")
        XCTAssertEqual(r.hart[x: 12], 0x0f)
        r = try run([Self.xor(5, 10, 11), Enc.slli(12, 5, 60)], 0x3, 0x1)
        XCTAssertEqual(firstOp(r), "xor_slli")
        XCTAssertEqual(r.hart[x: 12], 0x2000_0000_0000_0000)
        r = try run([Enc.addiw(12, 10, 1), Enc.addiw(13, 12, 0)], 0x7fff_ffff)
        XCTAssertEqual(firstOp(r), "addiw_addiw")
        XCTAssertEqual(r.hart[x: 12], 0xffff_ffff_8000_0000)
        XCTAssertEqual(r.hart[x: 13], 0xffff_ffff_8000_0000)
    }

    func testStorePairThenLoads() throws {
        let r = try run([Enc.sd(11, 10, 0), Enc.sd(10, 10, 8), Enc.ld(12, 10, 0), Enc.ld(13, 10, 8)], base, 0x1234)
        XCTAssertEqual(r.machine.cache.block(at: GuestRunner.codeBase)?.opNames, ["sd_sd", "ld_ld", "ecall"])
        XCTAssertEqual(r.hart[x: 12], 0x1234)
        XCTAssertEqual(r.hart[x: 13], base)
    }

    func testSecondOpFaultRetiresTheFirst() throws {
        let r = try GuestRunner([Enc.ld(12, 10, 0), Enc.ld(13, 11, 0)])
        r.hart[x: 10] = base
        r.hart[x: 11] = 0x8
        XCTAssertEqual(r.run(), .loadFault(address: 0x8))
        XCTAssertEqual(r.machine.cache.block(at: GuestRunner.codeBase)?.opNames.first, "ld_ld")
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 4)
        XCTAssertEqual(r.hart.retired, 1)
        XCTAssertEqual(r.hart[x: 12], 0, "the page is zero-filled: the first load ran")
        XCTAssertEqual(r.hart[x: 13], 0)
    }

    func testStoreThenBranch() throws {
        // store; bne x11, x12 over `addi x14, x0, 1`; then reload the doubleword.
        let stores: [(UInt32, String, UInt64)] = [
            (Enc.sw(11, 10, 0), "sw_bne", 0x8122_3344_0000_0001), (Enc.sd(11, 10, 0), "sd_bne", 1),
            (Enc.sb(11, 10, 0), "sb_bne", 0x8122_3344_5566_7701), (Self.fsd(3, 10, 0), "fsd_bne", 0x3ff0_0000_0000_0000),
        ]
        for (store, name, stored) in stores {
            for (x12, taken) in [(UInt64(2), true), (1, false)] {
                let r = try GuestRunner([store, Enc.bne(11, 12, 8), Enc.addi(14, 0, 1), Enc.ld(15, 10, 0)])
                try Self.data.withUnsafeBytes { try r.machine.memory.writeInitial(GuestRunner.dataBase, $0) }
                r.hart[x: 10] = base
                r.hart[x: 11] = 1
                r.hart[x: 12] = x12
                r.hart[f: 3] = 0x3ff0_0000_0000_0000
                XCTAssertEqual(r.run(), .ecall)
                XCTAssertEqual(r.machine.cache.block(at: GuestRunner.codeBase)?.opNames, [name])
                XCTAssertEqual(r.hart[x: 14], taken ? 0 : 1, "\(name) taken: \(taken)")
                XCTAssertEqual(r.hart[x: 15], stored, name)
            }
        }
    }
}
