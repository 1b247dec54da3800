import XCTest
import TernCore

/// Per-instruction semantics of RV64I and M, executed through the engine.
final class IntegerInstructionTests: XCTestCase {
    /// Runs `words` with x10 = a, x11 = b and returns x12.
    private func eval(_ word: UInt32, _ a: UInt64, _ b: UInt64) throws -> UInt64 {
        let r = try GuestRunner([word])
        r.hart[x: 10] = a
        r.hart[x: 11] = b
        XCTAssertEqual(r.run(), .ecall)
        return r.hart[x: 12]
    }
    private let minI64 = UInt64(bitPattern: Int64.min)

    func testAddSubWrap() throws {
        XCTAssertEqual(try eval(Enc.add(12, 10, 11), .max, 2), 1)
        XCTAssertEqual(try eval(Enc.sub(12, 10, 11), 0, 1), .max)
    }

    func testShiftsBy63AndMasking() throws {
        XCTAssertEqual(try eval(Enc.sll(12, 10, 11), 1, 63), 1 << 63)
        XCTAssertEqual(try eval(Enc.sll(12, 10, 11), 1, 64), 1, "shift amount uses the low 6 bits")
        XCTAssertEqual(try eval(Enc.sra(12, 10, 11), minI64, 63), .max)
        XCTAssertEqual(try eval(Enc.srai(12, 10, 63), minI64, 0), .max)
        XCTAssertEqual(try eval(Enc.srli(12, 10, 63), minI64, 0), 1)
        XCTAssertEqual(try eval(Enc.slli(12, 10, 63), 3, 0), 1 << 63)
    }

    func testWordFormsSignExtend() throws {
        XCTAssertEqual(try eval(Enc.addw(12, 10, 11), 0x7fff_ffff, 1), 0xffff_ffff_8000_0000)
        XCTAssertEqual(try eval(Enc.addiw(12, 10, 0), 0x1_ffff_ffff, 0), .max, "sext.w")
        XCTAssertEqual(try eval(Enc.sraw(12, 10, 11), 0x8000_0000, 31), .max)
        XCTAssertEqual(try eval(Enc.sraw(12, 10, 11), 0x8000_0000, 32 + 4), 0xffff_ffff_f800_0000, "low 5 bits")
    }

    func testDivisionEdgeCases() throws {
        XCTAssertEqual(try eval(Enc.div(12, 10, 11), 7, 0), .max, "x/0 = -1")
        XCTAssertEqual(try eval(Enc.divu(12, 10, 11), 7, 0), .max)
        XCTAssertEqual(try eval(Enc.rem(12, 10, 11), 7, 0), 7, "x%0 = x")
        XCTAssertEqual(try eval(Enc.remu(12, 10, 11), 7, 0), 7)
        XCTAssertEqual(try eval(Enc.div(12, 10, 11), minI64, .max), minI64, "MIN/-1 = MIN")
        XCTAssertEqual(try eval(Enc.rem(12, 10, 11), minI64, .max), 0, "MIN%-1 = 0")
        XCTAssertEqual(try eval(Enc.div(12, 10, 11), UInt64(bitPattern: -7), 2), UInt64(bitPattern: -3), "truncates")
        XCTAssertEqual(try eval(Enc.rem(12, 10, 11), UInt64(bitPattern: -7), 2), UInt64(bitPattern: -1))
        XCTAssertEqual(try eval(Enc.divw(12, 10, 11), 0x8000_0000, .max), 0xffff_ffff_8000_0000)
        XCTAssertEqual(try eval(Enc.remw(12, 10, 11), 0x8000_0000, .max), 0)
        XCTAssertEqual(try eval(Enc.divw(12, 10, 11), 5, 0), .max)
        XCTAssertEqual(try eval(Enc.divuw(12, 10, 11), 0xffff_fffe, 1), 0xffff_ffff_ffff_fffe, "divuw sign-extends")
    }

    func testHighMultiplies() throws {
        XCTAssertEqual(try eval(Enc.mulh(12, 10, 11), .max, .max), 0, "-1 * -1")
        XCTAssertEqual(try eval(Enc.mulhu(12, 10, 11), .max, .max), .max - 1)
        XCTAssertEqual(try eval(Enc.mulhsu(12, 10, 11), .max, .max), .max, "-1 * (2^64-1)")
        XCTAssertEqual(try eval(Enc.mulhsu(12, 10, 11), 2, .max), 1)
    }

    func testLuiAuipcAndX0() throws {
        let r = try GuestRunner([Enc.lui(5, 0xfffff), Enc.auipc(6, 1), Enc.addi(0, 5, 1), Enc.add(0, 5, 6)])
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 5], 0xffff_ffff_ffff_f000)
        XCTAssertEqual(r.hart[x: 6], GuestRunner.codeBase + 4 + 0x1000)
        XCTAssertEqual(r.hart[x: 0], 0)
    }

    func testLoadToX0StillFaults() throws {
        let r = try GuestRunner([Enc.ld(0, 0, 16)])
        XCTAssertEqual(r.run(), .loadFault(address: 16))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase)
    }
}
