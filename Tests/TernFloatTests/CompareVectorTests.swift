import XCTest
import TernFloat

final class CompareVectorTests: XCTestCase {
    let one: UInt64 = 0x3ff0_0000_0000_0000, two: UInt64 = 0x4000_0000_0000_0000
    let qnan: UInt64 = 0x7ff8_0000_0000_0005, snan: UInt64 = 0x7ff4_0000_0000_0000
    let pz: UInt64 = 0, nz: UInt64 = 1 << 63

    func testMinMax() {
        expect64({ F64.min(pz, nz, &$0) }, nz, 0, "min(+0,-0)")
        expect64({ F64.min(nz, pz, &$0) }, nz, 0, "min(-0,+0)")
        expect64({ F64.max(nz, pz, &$0) }, pz, 0, "max(-0,+0)")
        expect64({ F64.max(pz, nz, &$0) }, pz, 0, "max(+0,-0)")
        expect64({ F64.min(one, two, &$0) }, one, 0, "min(1,2)")
        expect64({ F64.max(one, two, &$0) }, two, 0, "max(1,2)")
        expect64({ F64.min(two | nz, one, &$0) }, two | nz, 0, "min(-2,1)")
        expect64({ F64.min(qnan, one, &$0) }, one, 0, "min(qNaN,1)")
        expect64({ F64.max(one, qnan, &$0) }, one, 0, "max(1,qNaN)")
        expect64({ F64.min(snan, one, &$0) }, one, NV, "min(sNaN,1)")
        expect64({ F64.max(one, snan, &$0) }, one, NV, "max(1,sNaN)")
        expect64({ F64.min(qnan, qnan, &$0) }, F64.canonicalNaN, 0, "min(qNaN,qNaN)")
        expect64({ F64.max(snan, qnan, &$0) }, F64.canonicalNaN, NV, "max(sNaN,qNaN)")
        expect32({ F32.min(0, 0x8000_0000, &$0) }, 0x8000_0000, 0, "f32 min(+0,-0)")
        expect32({ F32.max(0x8000_0000, 0, &$0) }, 0, 0, "f32 max(-0,+0)")
        expect32({ F32.min(0x7fa0_0000, 0x3f80_0000, &$0) }, 0x3f80_0000, NV, "f32 min(sNaN,1)")
        expect32({ F32.max(0x7fc0_0001, 0xffc0_0000, &$0) }, F32.canonicalNaN, 0, "f32 max(qNaN,qNaN)")
    }

    func cmp(_ f: (UInt64, UInt64, inout UInt32) -> Bool, _ a: UInt64, _ b: UInt64, _ want: Bool, _ flags: UInt32,
             _ what: String, line: UInt = #line) {
        var fl: UInt32 = 0
        XCTAssertEqual(f(a, b, &fl), want, what, line: line)
        XCTAssertEqual(fl, flags, "\(what) flags", line: line)
    }

    func testComparisons() {
        cmp(F64.eq, one, one, true, 0, "1 == 1")
        cmp(F64.eq, pz, nz, true, 0, "+0 == -0")
        cmp(F64.eq, qnan, one, false, 0, "qNaN == 1")
        cmp(F64.eq, qnan, qnan, false, 0, "qNaN == qNaN")
        cmp(F64.eq, snan, one, false, NV, "sNaN == 1")
        cmp(F64.lt, one, two, true, 0, "1 < 2")
        cmp(F64.lt, nz, pz, false, 0, "-0 < +0")
        cmp(F64.lt, qnan, one, false, NV, "qNaN < 1")
        cmp(F64.lt, one, snan, false, NV, "1 < sNaN")
        cmp(F64.le, one, one, true, 0, "1 <= 1")
        cmp(F64.le, pz, nz, true, 0, "+0 <= -0")
        cmp(F64.le, two, one, false, 0, "2 <= 1")
        cmp(F64.le, qnan, one, false, NV, "qNaN <= 1")
        var f: UInt32 = 0
        XCTAssertFalse(F32.eq(0x7fc0_0000, 0x3f80_0000, &f)); XCTAssertEqual(f, 0)
        XCTAssertFalse(F32.eq(0x7f80_0001, 0x3f80_0000, &f)); XCTAssertEqual(f, NV)
        f = 0
        XCTAssertFalse(F32.le(0x7fc0_0000, 0x3f80_0000, &f)); XCTAssertEqual(f, NV)
        f = 0
        XCTAssertTrue(F32.lt(0xbf80_0000, 0x8000_0000, &f)); XCTAssertEqual(f, 0)
    }

    func testClassify() {
        let cases: [(UInt64, UInt64)] = [
            (0xfff0_0000_0000_0000, 1 << 0), (0xbff0_0000_0000_0000, 1 << 1), (0x800f_ffff_ffff_ffff, 1 << 2),
            (nz, 1 << 3), (pz, 1 << 4), (0x0000_0000_0000_0001, 1 << 5), (one, 1 << 6),
            (0x7ff0_0000_0000_0000, 1 << 7), (snan, 1 << 8), (qnan, 1 << 9), (0xfff8_0000_0000_0000, 1 << 9),
        ]
        for (v, want) in cases { XCTAssertEqual(F64.classify(v), want, String(v, radix: 16)) }
        let cases32: [(UInt32, UInt64)] = [
            (0xff80_0000, 1 << 0), (0xbf80_0000, 1 << 1), (0x8000_0001, 1 << 2), (0x8000_0000, 1 << 3), (0, 1 << 4),
            (0x007f_ffff, 1 << 5), (0x3f80_0000, 1 << 6), (0x7f80_0000, 1 << 7), (0x7f80_0001, 1 << 8),
            (0x7fc0_0000, 1 << 9),
        ]
        for (v, want) in cases32 { XCTAssertEqual(F32.classify(v), want, String(v, radix: 16)) }
    }

    func testNaNBoxing() {
        XCTAssertEqual(NaNBox.box(0x3f80_0000), 0xffff_ffff_3f80_0000)
        XCTAssertEqual(NaNBox.unbox(0xffff_ffff_3f80_0000), 0x3f80_0000)
        XCTAssertEqual(NaNBox.unbox(0x0000_0000_3f80_0000), 0x7fc0_0000)
        XCTAssertEqual(NaNBox.unbox(0xffff_fffe_3f80_0000), 0x7fc0_0000)
        XCTAssertEqual(NaNBox.unbox(NaNBox.box(0x7f80_0001)), 0x7f80_0001)
    }
}
