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
        // Pairs ending in `jal` fuse where the jump ends its block (a target in another page).
        r.machine.superblocks = false
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

    /// Integer pairs from the sha256, imatmul and memops pair counts. Each case:
    /// two instructions, x10 = a, x11 = b, the pair expected, and exact results
    /// (the second instruction often reads what the first wrote).
    func testIntegerPairTable() throws {
        func r(_ f7: UInt32, _ f3: UInt32, _ op: UInt32) -> (UInt32, UInt32, UInt32) -> UInt32 {
            { rd, a, b in Enc.r(f7, b, a, f3, rd, op) }
        }
        let or = r(0, 6, 0x33), and = r(0, 7, 0x33), xor = r(0, 4, 0x33), srl = r(0, 5, 0x33), sll = r(0, 1, 0x33)
        let addw = r(0, 0, 0x3b), mulw = r(1, 0, 0x3b), sltu = r(0, 3, 0x33)
        func slliw(_ rd: UInt32, _ a: UInt32, _ k: Int32) -> UInt32 { Enc.i(k, a, 1, rd, 0x1b) }
        func srliw(_ rd: UInt32, _ a: UInt32, _ k: Int32) -> UInt32 { Enc.i(k, a, 5, rd, 0x1b) }
        func xori(_ rd: UInt32, _ a: UInt32, _ imm: Int32) -> UInt32 { Enc.i(imm, a, 4, rd, 0x13) }
        let mv = { (rd: UInt32, a: UInt32) in Enc.addi(rd, a, 0) }
        let cases: [(String, [UInt32], UInt64, UInt64, [(Int, UInt64)])] = [
            ("mv_mv", [mv(12, 10), mv(13, 12)], 5, 0, [(12, 5), (13, 5)]),
            ("or_or", [or(12, 10, 11), or(13, 12, 10)], 0xf0, 0x0f, [(12, 0xff), (13, 0xff)]),
            ("slliw_srliw", [slliw(12, 10, 26), srliw(13, 10, 6)], 0x8000_0041, 0,
             [(12, 0x0000_0000_0400_0000), (13, 0x0200_0001)]),
            ("srliw_slliw", [srliw(12, 10, 1), slliw(13, 12, 31)], 0xffff_ffff_0000_0003, 0,
             [(12, 1), (13, 0xffff_ffff_8000_0000)]),
            ("addw_xor", [addw(12, 10, 11), xor(13, 12, 11)], 0x7fff_ffff, 1, [(12, 0xffff_ffff_8000_0000), (13, 0xffff_ffff_8000_0001)]),
            ("addw_addiw", [addw(12, 10, 11), Enc.addiw(13, 12, -1)], 0xffff_ffff, 1, [(12, 0), (13, .max)]),
            ("xor_addw", [xor(12, 10, 11), addw(13, 12, 12)], 0x4000_0000, 0, [(12, 0x4000_0000), (13, 0xffff_ffff_8000_0000)]),
            ("addw_addw", [addw(12, 10, 11), addw(13, 12, 10)], 1, 2, [(12, 3), (13, 4)]),
            ("xor_xor", [xor(12, 10, 11), xor(13, 12, 11)], 0x1234, 0xff00, [(12, 0xed34), (13, 0x1234)]),
            ("addi_mulw", [Enc.addi(12, 10, 1), mulw(13, 12, 11)], 0xffff, 0x10001, [(12, 0x10000), (13, 0x10000)]),
            ("addi_addw", [Enc.addi(12, 10, 4), addw(13, 12, 11)], 0x7fff_fffc, 0, [(12, 0x8000_0000), (13, 0xffff_ffff_8000_0000)]),
            ("add_xori", [Enc.add(12, 10, 11), xori(13, 12, -1)], 2, 3, [(12, 5), (13, ~UInt64(5))]),
            ("and_and", [and(12, 10, 11), and(13, 12, 10)], 0xff0, 0x0ff, [(12, 0x0f0), (13, 0x0f0)]),
            ("xori_and", [xori(12, 10, 0xff), and(13, 12, 11)], 0xf0, 0xfff, [(12, 0x0f), (13, 0x0f)]),
            ("srl_sll", [srl(12, 10, 11), sll(13, 12, 11)], 0xff, 68, [(12, 0x0f), (13, 0xf0)]),
            ("sll_or", [sll(12, 10, 11), or(13, 12, 10)], 1, 63, [(12, 1 << 63), (13, (1 << 63) | 1)]),
            // Second round (sha256 rounds, the fsm loop).
            ("slliw_slliw", [slliw(12, 10, 4), slliw(13, 12, 24)], 0x1234_5678, 0,
             [(12, 0x2345_6780), (13, 0xffff_ffff_8000_0000)]),
            ("srliw_srliw", [srliw(12, 10, 4), srliw(13, 12, 4)], 0xffff_ffff_8000_0000, 0, [(12, 0x0800_0000), (13, 0x0080_0000)]),
            ("srliw_or", [srliw(12, 10, 8), or(13, 12, 11)], 0x1_0000_ff00, 0xf000, [(12, 0xff), (13, 0xf0ff)]),
            ("slliw_or", [slliw(12, 10, 16), or(13, 12, 10)], 0x1234, 0, [(12, 0x1234_0000), (13, 0x1234_1234)]),
            ("or_xori", [or(12, 10, 11), xori(13, 12, -1)], 0xf0, 0x0f, [(12, 0xff), (13, ~UInt64(0xff))]),
            ("xor_and", [xor(12, 10, 11), and(13, 12, 10)], 0xff, 0x0f, [(12, 0xf0), (13, 0xf0)]),
            ("and_addw", [and(12, 10, 11), addw(13, 12, 12)], 0xffff_ffff, 0xc000_0000,
             [(12, 0xc000_0000), (13, 0xffff_ffff_8000_0000)]),
            ("addi_mv", [Enc.addi(12, 10, 1), mv(13, 12)], 41, 0, [(12, 42), (13, 42)]),
            ("addiw_addi", [Enc.addiw(12, 10, 1), Enc.addi(13, 12, 1)], 0x7fff_ffff, 0,
             [(12, 0xffff_ffff_8000_0000), (13, 0xffff_ffff_8000_0001)]),
            ("or_addw", [or(12, 10, 11), addw(13, 12, 11)], 0x7000_0000, 0x0fff_ffff,
             [(12, 0x7fff_ffff), (13, 0xffff_ffff_8fff_fffe)]),
            // Linked (TernSpec/Linking.swift): the second add reads the first's result as rs1.
            ("add_add_l1a0", [Enc.add(12, 10, 11), Enc.add(13, 12, 12)], 1, 2, [(12, 3), (13, 6)]),
            ("sub_sltu", [Enc.sub(12, 10, 11), sltu(13, 0, 12)], 5, 3, [(12, 2), (13, 1)]),
            ("slli_addi", [Enc.slli(12, 10, 3), Enc.addi(13, 12, 64)], 2, 0, [(12, 16), (13, 80)]),
        ]
        for (name, words, a, b, expected) in cases {
            let runner = try run(words, a, b)
            XCTAssertEqual(firstOp(runner), name)
            for (reg, value) in expected { XCTAssertEqual(runner.hart[x: reg], value, "\(name) x\(reg)") }
        }
    }

    func testAddiSdAndLdSd() throws {
        var r = try run([Enc.addi(12, 11, 1), Enc.sd(12, 10, 8), Enc.ld(13, 10, 8)], base, 41)
        XCTAssertEqual(firstOp(r), "addi_sd")
        XCTAssertEqual(r.hart[x: 13], 42, "the store saw the addi's result")
        r = try run([Enc.ld(12, 10, 0), Enc.sd(12, 10, 8), Enc.ld(13, 10, 8)], base)
        XCTAssertEqual(firstOp(r), "ld_sd")
        XCTAssertEqual(r.hart[x: 13], 0x8122_3344_5566_7788)
    }

    func testSecondRoundMemoryPairs() throws {
        var r = try run([Enc.lbu(12, 10, 7), Enc.addi(13, 12, 0)], base)
        XCTAssertEqual(firstOp(r), "lbu_mv")
        XCTAssertEqual(r.hart[x: 13], 0x81)
        r = try run([Enc.lbu(12, 10, 0), Enc.addi(10, 10, 1)], base)
        XCTAssertEqual(firstOp(r), "lbu_addi")
        XCTAssertEqual(r.hart[x: 12], 0x88, "loaded through the old x10")
        XCTAssertEqual(r.hart[x: 10], base + 1)
        r = try run([Enc.add(12, 11, 11), Enc.sd(12, 10, 8), Enc.ld(13, 10, 8)], base, 21)
        XCTAssertEqual(firstOp(r), "add_sd")
        XCTAssertEqual(r.hart[x: 13], 42, "the store saw the add's result")
        r = try run([Enc.sw(11, 10, 0), Enc.addi(10, 10, 4), Enc.ld(13, 10, -4)], base, 0x1234)
        XCTAssertEqual(firstOp(r), "sw_addi")
        XCTAssertEqual(r.hart[x: 13], 0x8122_3344_0000_1234)
    }

    func testMoveThenJumpAndLoadThenBranch() throws {
        var r = try run([Enc.addi(12, 10, 0), Enc.jal(0, 8), Enc.addi(14, 0, 1)], 7)
        XCTAssertEqual(firstOp(r), "mv_jal")
        XCTAssertEqual(r.hart[x: 12], 7)
        XCTAssertEqual(r.hart[x: 14], 0, "jumped over the addi")
        for (b, taken) in [(UInt64(0x8122_3344_5566_7788), true), (1, false)] {
            r = try run([Enc.ld(12, 10, 0), Enc.beq(11, 12, 8), Enc.addi(14, 0, 1)], base, b)
            XCTAssertEqual(firstOp(r), "ld_beq")
            XCTAssertEqual(r.hart[x: 14], taken ? 0 : 1)
        }
    }

    func testLoadThenBranchAndAddiThenJump() throws {
        let bltu = { (a: UInt32, b: UInt32, off: Int32) in Enc.b(off, b, a, 6) }
        let cases: [(UInt32, UInt32, String, UInt64, Bool)] = [
            (Enc.ld(12, 10, 0), Enc.bne(12, 0, 8), "ld_bnez", 0, true),
            (Enc.ld(12, 10, 0), bltu(11, 12, 8), "ld_bltu", 5, true),
            (Enc.ld(12, 10, 0), bltu(12, 11, 8), "ld_bltu", 5, false),
            (Enc.lbu(12, 10, 7), bltu(11, 12, 8), "lbu_bltu", 0x80, true),
            (Enc.lbu(12, 10, 7), bltu(11, 12, 8), "lbu_bltu", 0x81, false),
        ]
        for (load, branch, name, b, taken) in cases {
            let r = try run([load, branch, Enc.addi(14, 0, 1)], base, b)
            XCTAssertEqual(firstOp(r), name)
            XCTAssertEqual(r.hart[x: 14], taken ? 0 : 1, "\(name) b=\(b)")
        }
        let r = try run([Enc.addi(12, 10, 5), Enc.jal(0, 8), Enc.addi(14, 0, 1)], 37)
        XCTAssertEqual(firstOp(r), "addi_jal")
        XCTAssertEqual(r.hart[x: 12], 42)
        XCTAssertEqual(r.hart[x: 14], 0, "jumped over the addi")
    }

    func testAluOrStoreThenJumpOrBranch() throws {
        let and = { (rd: UInt32, a: UInt32, b: UInt32) in Enc.r(0, b, a, 7, rd, 0x33) }
        var r = try run([and(12, 10, 11), Enc.jal(0, 8), Enc.addi(14, 0, 1)], 0xff, 0x0f)
        XCTAssertEqual(firstOp(r), "and_jal")
        XCTAssertEqual(r.hart[x: 12], 0x0f)
        XCTAssertEqual(r.hart[x: 14], 0, "jumped over the addi")
        r = try run([Enc.sd(11, 10, 0), Enc.jal(0, 8), Enc.addi(14, 0, 1), Enc.ld(13, 10, 0)], base, 42)
        XCTAssertEqual(firstOp(r), "sd_jal")
        XCTAssertEqual(r.hart[x: 13], 42)
        XCTAssertEqual(r.hart[x: 14], 0, "jumped over the addi")
        for (b, taken) in [(UInt64(1), true), (4, false)] {
            r = try run([Enc.add(12, 10, 10), Enc.bne(12, 11, 8), Enc.addi(14, 0, 1)], 2, b)
            XCTAssertEqual(firstOp(r), "add_bne")
            XCTAssertEqual(r.hart[x: 14], taken ? 0 : 1, "add_bne b=\(b)")
        }
    }

    func testAndThenBranchOnZero() throws {
        let and = { (rd: UInt32, a: UInt32, b: UInt32) in Enc.r(0, b, a, 7, rd, 0x33) }
        for (a, taken) in [(UInt64(0xf0), true), (0x0f, false)] {
            let r = try run([and(12, 10, 11), Enc.beq(12, 0, 8), Enc.addi(14, 0, 1)], a, 0x0f)
            XCTAssertEqual(firstOp(r), "and_beqz")
            XCTAssertEqual(r.hart[x: 14], taken ? 0 : 1)
            XCTAssertEqual(r.hart[x: 12], a & 0x0f)
        }
    }
}
