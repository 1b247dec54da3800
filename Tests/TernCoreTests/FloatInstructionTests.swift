import XCTest
import TernCore

/// F/D instructions through the engine: operand plumbing, NaN-boxing, rounding
/// mode resolution and flags (the arithmetic itself is tested in TernFloatTests).
final class FloatInstructionTests: XCTestCase {
    private let faddD = { (rd: UInt32, a: UInt32, b: UInt32, rm: UInt32) in Enc.fp(0b0000001, b, a, rm, rd) }
    private let faddS = { (rd: UInt32, a: UInt32, b: UInt32, rm: UInt32) in Enc.fp(0b0000000, b, a, rm, rd) }
    private func fmvDX(_ rd: UInt32, _ rs: UInt32) -> UInt32 { Enc.fp(0b1111001, 0, rs, 0, rd) }
    private func fmvXD(_ rd: UInt32, _ rs: UInt32) -> UInt32 { Enc.fp(0b1110001, 0, rs, 0, rd) }
    private func fcvtWD(_ rd: UInt32, _ rs: UInt32, _ rm: UInt32) -> UInt32 { Enc.fp(0b1100001, 0, rs, rm, rd) }
    private func fcvtWuD(_ rd: UInt32, _ rs: UInt32, _ rm: UInt32) -> UInt32 { Enc.fp(0b1100001, 1, rs, rm, rd) }
    private func fclassD(_ rd: UInt32, _ rs: UInt32) -> UInt32 { Enc.fp(0b1110001, 0, rs, 1, rd) }
    private func feqD(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.fp(0b1010001, b, a, 2, rd) }
    private func fltD(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.fp(0b1010001, b, a, 1, rd) }

    private func run(_ words: [UInt32], f: [Int: UInt64] = [:], x: [Int: UInt64] = [:]) throws -> GuestRunner {
        let r = try GuestRunner(words)
        for (i, v) in f { r.hart[f: i] = v }
        for (i, v) in x { r.hart[x: i] = v }
        XCTAssertEqual(r.run(), .ecall)
        return r
    }

    func testDoubleAddAndInexactFlag() throws {
        let one = 1.0.bitPattern, third = (1.0 / 3.0).bitPattern
        let r = try run([faddD(3, 1, 2, 7)], f: [1: one, 2: third])
        XCTAssertEqual(r.hart[f: 3], (1.0 + 1.0 / 3.0).bitPattern)
        XCTAssertEqual(r.hart.fflags, 1, "NX")
    }

    func testStaticRoundingModesDiffer() throws {
        let one = 1.0.bitPattern, tiny = 1e-30.bitPattern
        let up = try run([faddD(3, 1, 2, 3)], f: [1: one, 2: tiny])      // RUP
        let down = try run([faddD(3, 1, 2, 2)], f: [1: one, 2: tiny])    // RDN
        XCTAssertEqual(up.hart[f: 3], one + 1)
        XCTAssertEqual(down.hart[f: 3], one)
    }

    func testDynamicRoundingFromFrmAndInvalidModeIsIllegal() throws {
        let one = 1.0.bitPattern, tiny = 1e-30.bitPattern
        let setFrmRUP = Enc.csr(5, 0, 3, 0x002) // csrwi frm, 3
        let r = try run([setFrmRUP, faddD(3, 1, 2, 7)], f: [1: one, 2: tiny])
        XCTAssertEqual(r.hart[f: 3], one + 1)
        let bad = try GuestRunner([faddD(3, 1, 2, 5)])
        if case .illegalInstruction = bad.run() {} else { XCTFail("rm 5 must be illegal") }
        let badDyn = try GuestRunner([Enc.csr(5, 0, 6, 0x002), faddD(3, 1, 2, 7)])
        if case .illegalInstruction = badDyn.run() {} else { XCTFail("dynamic rm with frm 6 must be illegal") }
    }

    func testSingleResultsAreNaNBoxedAndBadBoxesReadAsCanonicalNaN() throws {
        let boxedOne: UInt64 = 0xffff_ffff_3f80_0000
        let r = try run([faddS(3, 1, 2, 0)], f: [1: boxedOne, 2: boxedOne])
        XCTAssertEqual(r.hart[f: 3], 0xffff_ffff_4000_0000)
        let unboxed = try run([faddS(3, 1, 2, 0)], f: [1: 0x0000_0000_3f80_0000, 2: boxedOne])
        XCTAssertEqual(unboxed.hart[f: 3], 0xffff_ffff_7fc0_0000, "improperly boxed input is the canonical NaN")
    }

    func testConversionSaturatesAndSetsInvalid() throws {
        let big = 1e20.bitPattern, nan = Double.nan.bitPattern, neg = (-1.5).bitPattern
        let r = try run([fcvtWD(10, 1, 1), fcvtWD(11, 2, 1), fcvtWuD(12, 3, 1)], f: [1: big, 2: nan, 3: neg])
        XCTAssertEqual(r.hart[x: 10], 0x7fff_ffff)
        XCTAssertEqual(r.hart[x: 11], 0x7fff_ffff, "NaN converts to the largest integer")
        XCTAssertEqual(r.hart[x: 12], 0, "negative to unsigned saturates to 0")
        XCTAssertEqual(r.hart.fflags & 16, 16, "NV")
    }

    func testWuResultIsSignExtendedOnRV64() throws {
        let r = try run([fcvtWuD(10, 1, 1)], f: [1: 4294967295.0.bitPattern])
        XCTAssertEqual(r.hart[x: 10], .max)
    }

    func testClassifyAndCompareFlags() throws {
        let r = try run([fclassD(10, 1), fclassD(11, 2), feqD(12, 2, 2), fltD(13, 2, 1)],
                        f: [1: (-0.0).bitPattern, 2: Double.nan.bitPattern])
        XCTAssertEqual(r.hart[x: 10], 1 << 3, "-0")
        XCTAssertEqual(r.hart[x: 11], 1 << 9, "quiet NaN")
        XCTAssertEqual(r.hart[x: 12], 0)
        XCTAssertEqual(r.hart[x: 13], 0)
        XCTAssertEqual(r.hart.fflags, 16, "flt on a quiet NaN signals; feq does not")
    }

    func testMoveBetweenRegisterFilesIsBitExact() throws {
        let snan: UInt64 = 0x7ff0_0000_0000_0001
        let r = try run([fmvDX(1, 10), fmvXD(11, 1)], x: [10: snan])
        XCTAssertEqual(r.hart[x: 11], snan)
        XCTAssertEqual(r.hart.fflags, 0)
    }
}
