import XCTest
import TernFloat

final class ArithmeticVectorTests: XCTestCase {
    let one: UInt64 = 0x3ff0_0000_0000_0000, two: UInt64 = 0x4000_0000_0000_0000, three: UInt64 = 0x4008_0000_0000_0000
    let half53: UInt64 = 0x3ca0_0000_0000_0000  // 2^-53
    let maxD: UInt64 = 0x7fef_ffff_ffff_ffff, infD: UInt64 = 0x7ff0_0000_0000_0000
    let qnanPayload: UInt64 = 0x7ff8_0000_0000_0123, snan: UInt64 = 0x7ff0_0000_0000_0001

    func testAddTiesEveryMode() {
        perMode64({ F64.add(one, half53, $0, &$1) }, [one, one, one, one + 1, one + 1], [NX], "1 + 2^-53")
        let neg = one | 1 << 63
        perMode64({ F64.add(neg, half53 | 1 << 63, $0, &$1) }, [neg, neg, neg + 1, neg, neg + 1], [NX], "-1 - 2^-53")
        perMode64({ F64.add(one + 1, half53, $0, &$1) }, [one + 2, one + 1, one + 1, one + 2, one + 2], [NX], "(1+u) + u/2")
        perMode32({ F32.add(0x3f80_0000, 0x3380_0000, $0, &$1) },
                  [0x3f80_0000, 0x3f80_0000, 0x3f80_0000, 0x3f80_0001, 0x3f80_0001], [NX], "f32 1 + 2^-24")
        perMode64({ F64.add(one, two, $0, &$1) }, [three, three, three, three, three], [0], "exact 1 + 2")
    }

    func testSubExactZeroSign() {
        perMode64({ F64.sub(one, one, $0, &$1) }, [0, 0, 1 << 63, 0, 0], [0], "1 - 1")
        perMode32({ F32.sub(0x3f80_0000, 0x3f80_0000, $0, &$1) }, [0, 0, 0x8000_0000, 0, 0], [0], "f32 1 - 1")
        perMode64({ F64.add(1 << 63, 0, $0, &$1) }, [0, 0, 1 << 63, 0, 0], [0], "-0 + +0")
    }

    func testMulEveryMode() {
        // (1+u)^2 = 1 + 2u + u^2
        perMode64({ F64.mul(one + 1, one + 1, $0, &$1) }, [one + 2, one + 2, one + 2, one + 3, one + 2], [NX], "(1+u)^2")
        // 3 * (1+3u) = 3 + 4.5 ulp(3): a tie
        perMode64({ F64.mul(three, one + 3, $0, &$1) },
                  [three + 4, three + 4, three + 4, three + 5, three + 5], [NX], "3*(1+3u)")
        let negMax = maxD | 1 << 63, negInf = infD | 1 << 63
        perMode64({ F64.mul(maxD, two, $0, &$1) }, [infD, maxD, maxD, infD, infD], [OF | NX], "max*2")
        perMode64({ F64.mul(maxD, two | 1 << 63, $0, &$1) }, [negInf, negMax, negInf, negMax, negInf], [OF | NX], "max*-2")
        perMode32({ F32.mul(0x7f7f_ffff, 0x4000_0000, $0, &$1) },
                  [0x7f80_0000, 0x7f7f_ffff, 0x7f7f_ffff, 0x7f80_0000, 0x7f80_0000], [OF | NX], "f32 max*2")
    }

    func testUnderflow() {
        // minNormal * 0.5 is an exact subnormal: no flags.
        perMode64({ F64.mul(0x0010_0000_0000_0000, 0x3fe0_0000_0000_0000, $0, &$1) },
                  Array(repeating: 0x0008_0000_0000_0000, count: 5), [0], "exact subnormal")
        // minSubnormal * 0.5: a tie between 0 and minSubnormal.
        perMode64({ F64.mul(1, 0x3fe0_0000_0000_0000, $0, &$1) }, [0, 0, 0, 1, 1], [UF | NX], "minsub/2")
        // 5 * minSubnormal / 2 = 2.5 minSubnormal.
        perMode64({ F64.div(5, two, $0, &$1) }, [2, 2, 2, 3, 3], [UF | NX], "2.5 minsub")
        // (1 - 2^-53) * 2^-1022: tiny after rounding (53-bit rounding keeps it below 2^-1022), rounds up to minNormal.
        perMode64({ F64.mul(0x3fef_ffff_ffff_ffff, 0x0010_0000_0000_0000, $0, &$1) },
                  [0x0010_0000_0000_0000, 0x000f_ffff_ffff_ffff, 0x000f_ffff_ffff_ffff, 0x0010_0000_0000_0000,
                   0x0010_0000_0000_0000], [UF | NX], "just below minNormal")
        perMode32({ F32.mul(1, 0x3f00_0000, $0, &$1) }, [0, 0, 0, 1, 1], [UF | NX], "f32 minsub/2")
        // Negative tiny result rounds to -0 or -minSubnormal.
        perMode64({ F64.mul(1, 0xbfe0_0000_0000_0000, $0, &$1) },
                  [1 << 63, 1 << 63, 1 << 63 | 1, 1 << 63, 1 << 63 | 1], [UF | NX], "-minsub/2")
    }

    func testDivSqrtEveryMode() {
        let third: UInt64 = 0x3fd5_5555_5555_5555
        perMode64({ F64.div(one, three, $0, &$1) }, [third, third, third, third + 1, third], [NX], "1/3")
        let negThird = third | 1 << 63
        perMode64({ F64.div(one | 1 << 63, three, $0, &$1) }, [negThird, negThird, negThird + 1, negThird, negThird],
                  [NX], "-1/3")
        let s2: UInt64 = 0x3ff6_a09e_667f_3bcd
        perMode64({ F64.sqrt(two, $0, &$1) }, [s2, s2 - 1, s2 - 1, s2, s2], [NX], "sqrt 2")
        perMode64({ F64.sqrt(0x4010_0000_0000_0000, $0, &$1) }, Array(repeating: two, count: 5), [0], "sqrt 4")
        perMode32({ F32.sqrt(0x4000_0000, $0, &$1) },
                  [0x3fb5_04f3, 0x3fb5_04f3, 0x3fb5_04f3, 0x3fb5_04f4, 0x3fb5_04f3], [NX], "f32 sqrt 2")
    }

    func testFMA() {
        perMode64({ F64.fma(one, one, half53, $0, &$1) }, [one, one, one, one + 1, one + 1], [NX], "1*1 + 2^-53")
        // Fused: (1+u)(1-u) - 1 = -u^2 exactly (an unfused result would be 0).
        perMode64({ F64.fma(one + 1, 0x3fef_ffff_ffff_fffe, one | 1 << 63, $0, &$1) },
                  Array(repeating: 0xb970_0000_0000_0000, count: 5), [0], "fused cancellation")
        var f: UInt32 = 0
        XCTAssertEqual(F64.fma(infD, 0, F64.canonicalNaN, .rne, &f), F64.canonicalNaN)
        XCTAssertEqual(f, NV, "inf*0 + qNaN raises NV")
        f = 0
        XCTAssertEqual(F32.fma(0, 0xff80_0000, 0x7fc0_0001, .rmm, &f), F32.canonicalNaN)
        XCTAssertEqual(f, NV, "f32 0*-inf + qNaN raises NV")
        expect64({ F64.fma(infD, one, infD | 1 << 63, .rne, &$0) }, F64.canonicalNaN, NV, "inf - inf")
        expect64({ F64.fma(one, one, snan, .rtz, &$0) }, F64.canonicalNaN, NV, "sNaN addend")
        expect64({ F64.fma(one, qnanPayload, one, .rne, &$0) }, F64.canonicalNaN, 0, "qNaN factor")
        perMode64({ F64.fma(maxD, two, 0, $0, &$1) }, [infD, maxD, maxD, infD, infD], [OF | NX], "fma overflow")
        perMode64({ F64.fma(0, one, 0 | 1 << 63, $0, &$1) }, [0, 0, 1 << 63, 0, 0], [0], "0*1 + -0")
    }

    func testNaNRules() {
        for rm in allModes {
            expect64({ F64.add(qnanPayload, one, rm, &$0) }, F64.canonicalNaN, 0, "qNaN + 1")
            expect64({ F64.add(snan, one, rm, &$0) }, F64.canonicalNaN, NV, "sNaN + 1")
            expect64({ F64.sub(infD, infD, rm, &$0) }, F64.canonicalNaN, NV, "inf - inf")
            expect64({ F64.mul(0, infD, rm, &$0) }, F64.canonicalNaN, NV, "0 * inf")
            expect64({ F64.div(0, 0, rm, &$0) }, F64.canonicalNaN, NV, "0 / 0")
            expect64({ F64.div(infD, infD, rm, &$0) }, F64.canonicalNaN, NV, "inf / inf")
            expect64({ F64.div(one, 0, rm, &$0) }, infD, DZ, "1 / 0")
            expect64({ F64.div(one | 1 << 63, 0, rm, &$0) }, infD | 1 << 63, DZ, "-1 / 0")
            expect64({ F64.sqrt(one | 1 << 63, rm, &$0) }, F64.canonicalNaN, NV, "sqrt -1")
            expect64({ F64.sqrt(1 << 63, rm, &$0) }, 1 << 63, 0, "sqrt -0")
            expect64({ F64.sqrt(snan, rm, &$0) }, F64.canonicalNaN, NV, "sqrt sNaN")
            expect32({ F32.add(0x7fc0_1234, 0x3f80_0000, rm, &$0) }, F32.canonicalNaN, 0, "f32 qNaN + 1")
            expect32({ F32.mul(0x7f80_0001, 0x3f80_0000, rm, &$0) }, F32.canonicalNaN, NV, "f32 sNaN * 1")
            expect32({ F32.div(0x3f80_0000, 0x8000_0000, rm, &$0) }, 0xff80_0000, DZ, "f32 1 / -0")
        }
    }
}
