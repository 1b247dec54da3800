import XCTest
import TernFloat

final class ConversionVectorTests: XCTestCase {
    let p2_5: UInt64 = 0x4004_0000_0000_0000, m2_5: UInt64 = 0xc004_0000_0000_0000, p3_5: UInt64 = 0x400c_0000_0000_0000
    let nanD: UInt64 = 0x7ff8_0000_0000_0000, infD: UInt64 = 0x7ff0_0000_0000_0000

    func i32(_ a: UInt64, _ rm: RoundingMode, _ f: inout UInt32) -> UInt64 { UInt64(UInt32(bitPattern: F64.toInt32(a, rm, &f))) }
    func i64(_ a: UInt64, _ rm: RoundingMode, _ f: inout UInt32) -> UInt64 { UInt64(bitPattern: F64.toInt64(a, rm, &f)) }
    func u32(_ a: UInt64, _ rm: RoundingMode, _ f: inout UInt32) -> UInt64 { UInt64(F64.toUInt32(a, rm, &f)) }
    func u64(_ a: UInt64, _ rm: RoundingMode, _ f: inout UInt32) -> UInt64 { F64.toUInt64(a, rm, &f) }
    func w(_ v: Int32) -> UInt64 { UInt64(UInt32(bitPattern: v)) }

    func testRoundingToIntegerEveryMode() {
        perMode64({ i32(p2_5, $0, &$1) }, [2, 2, 2, 3, 3], [NX], "2.5")
        perMode64({ i32(m2_5, $0, &$1) }, [w(-2), w(-2), w(-3), w(-2), w(-3)], [NX], "-2.5")
        perMode64({ i32(p3_5, $0, &$1) }, [4, 3, 3, 4, 4], [NX], "3.5")
        perMode64({ i64(m2_5, $0, &$1) }, [UInt64(bitPattern: -2), UInt64(bitPattern: -2), UInt64(bitPattern: -3),
                                          UInt64(bitPattern: -2), UInt64(bitPattern: -3)], [NX], "-2.5 to i64")
        perMode64({ UInt64(UInt32(bitPattern: F32.toInt32(0x4020_0000, $0, &$1))) }, [2, 2, 2, 3, 3], [NX], "f32 2.5")
        perMode64({ UInt64(UInt32(bitPattern: F32.toInt32(0xc020_0000, $0, &$1))) },
                  [w(-2), w(-2), w(-3), w(-2), w(-3)], [NX], "f32 -2.5")
        perMode64({ i32(0x4008_0000_0000_0000, $0, &$1) }, [3, 3, 3, 3, 3], [0], "exact 3")
    }

    func testSignedSaturation() {
        let max32 = w(.max), min32 = w(.min)
        perMode64({ i32(0x41e0_0000_0000_0000, $0, &$1) }, Array(repeating: max32, count: 5), [NV], "2^31")
        perMode64({ i32(0xc1e0_0000_0000_0000, $0, &$1) }, Array(repeating: min32, count: 5), [0], "-2^31")
        perMode64({ i32(0xc1e0_0000_0020_0000, $0, &$1) }, Array(repeating: min32, count: 5), [NV], "-2^31-1")
        // 2^31 - 0.5 rounds out of range only when rounding up.
        perMode64({ i32(0x41df_ffff_ffe0_0000, $0, &$1) }, [max32, max32, max32, max32, max32],
                  [NV, NX, NX, NV, NV], "2^31-0.5")
        // -2^31 - 0.5
        perMode64({ i32(0xc1e0_0000_0010_0000, $0, &$1) }, [min32, min32, min32, min32, min32],
                  [NX, NX, NV, NX, NV], "-2^31-0.5")
        for rm in allModes {
            expect64({ i32(nanD, rm, &$0) }, max32, NV, "NaN")
            expect64({ i32(infD, rm, &$0) }, max32, NV, "+inf")
            expect64({ i32(infD | 1 << 63, rm, &$0) }, min32, NV, "-inf")
            expect64({ i64(0x43e0_0000_0000_0000, rm, &$0) }, UInt64(Int64.max), NV, "2^63")
            expect64({ i64(0xc3e0_0000_0000_0000, rm, &$0) }, 1 << 63, 0, "-2^63")
            expect64({ i64(0xc3e0_0000_0000_0001, rm, &$0) }, 1 << 63, NV, "below -2^63")
            expect64({ i64(nanD, rm, &$0) }, UInt64(Int64.max), NV, "NaN to i64")
            expect64({ i64(infD | 1 << 63, rm, &$0) }, 1 << 63, NV, "-inf to i64")
            expect64({ UInt64(bitPattern: F32.toInt64(0x7fa0_0000, rm, &$0)) }, UInt64(Int64.max), NV, "f32 sNaN to i64")
            expect64({ UInt64(UInt32(bitPattern: F32.toInt32(0x4f00_0000, rm, &$0))) }, max32, NV, "f32 2^31")
            expect64({ UInt64(UInt32(bitPattern: F32.toInt32(0xcf00_0000, rm, &$0))) }, min32, 0, "f32 -2^31")
        }
    }

    func testUnsignedSaturation() {
        for rm in allModes {
            expect64({ u32(0xbff0_0000_0000_0000, rm, &$0) }, 0, NV, "-1 to u32")
            expect64({ u64(0xbff0_0000_0000_0000, rm, &$0) }, 0, NV, "-1 to u64")
            expect64({ u32(0x41f0_0000_0000_0000, rm, &$0) }, 0xffff_ffff, NV, "2^32 to u32")
            expect64({ u32(0x41ef_ffff_ffe0_0000, rm, &$0) }, 0xffff_ffff, 0, "2^32-1 to u32")
            expect64({ u64(0x43e0_0000_0000_0000, rm, &$0) }, 1 << 63, 0, "2^63 to u64")
            expect64({ u64(0x43f0_0000_0000_0000, rm, &$0) }, .max, NV, "2^64 to u64")
            expect64({ u32(nanD, rm, &$0) }, 0xffff_ffff, NV, "NaN to u32")
            expect64({ u64(nanD, rm, &$0) }, .max, NV, "NaN to u64")
            expect64({ u64(infD | 1 << 63, rm, &$0) }, 0, NV, "-inf to u64")
            expect64({ u64(infD, rm, &$0) }, .max, NV, "+inf to u64")
            expect64({ UInt64(F32.toUInt32(0xbf80_0000, rm, &$0)) }, 0, NV, "f32 -1 to u32")
            expect64({ F32.toUInt64(0x5f80_0000, rm, &$0) }, .max, NV, "f32 2^64 to u64")
        }
        // -0.5: rounds to 0 (fine, NX) except where it rounds to -1 (NV).
        perMode64({ u32(0xbfe0_0000_0000_0000, $0, &$1) }, [0, 0, 0, 0, 0], [NX, NX, NV, NX, NV], "-0.5 to u32")
        perMode64({ u64(0xbfe8_0000_0000_0000, $0, &$1) }, [0, 0, 0, 0, 0], [NV, NX, NV, NX, NV], "-0.75 to u64")
    }

    func testIntegerToFloat() {
        let p53 = 0x4340_0000_0000_0000 as UInt64
        perMode64({ F64.fromUInt64(.max, $0, &$1) },
                  [0x43f0_0000_0000_0000, 0x43ef_ffff_ffff_ffff, 0x43ef_ffff_ffff_ffff, 0x43f0_0000_0000_0000,
                   0x43f0_0000_0000_0000], [NX], "u64 max")
        perMode64({ F64.fromUInt64((1 << 53) + 1, $0, &$1) }, [p53, p53, p53, p53 + 1, p53 + 1], [NX], "2^53+1")
        perMode64({ F64.fromInt64(-(1 << 53) - 1, $0, &$1) },
                  [p53 | 1 << 63, p53 | 1 << 63, p53 + 1 | 1 << 63, p53 | 1 << 63, p53 + 1 | 1 << 63], [NX], "-(2^53+1)")
        perMode64({ F64.fromInt64(.min, $0, &$1) }, Array(repeating: 0xc3e0_0000_0000_0000, count: 5), [0], "i64 min")
        perMode64({ F64.fromInt32(.min, $0, &$1) }, Array(repeating: 0xc1e0_0000_0000_0000, count: 5), [0], "i32 min")
        perMode64({ F64.fromUInt32(.max, $0, &$1) }, Array(repeating: 0x41ef_ffff_ffe0_0000, count: 5), [0], "u32 max")
        perMode32({ F32.fromInt32((1 << 24) + 1, $0, &$1) },
                  [0x4b80_0000, 0x4b80_0000, 0x4b80_0000, 0x4b80_0001, 0x4b80_0001], [NX], "f32 2^24+1")
        perMode32({ F32.fromInt32(.min, $0, &$1) }, Array(repeating: 0xcf00_0000, count: 5), [0], "f32 i32 min")
        perMode32({ F32.fromUInt32(.max, $0, &$1) },
                  [0x4f80_0000, 0x4f7f_ffff, 0x4f7f_ffff, 0x4f80_0000, 0x4f80_0000], [NX], "f32 u32 max")
        perMode32({ F32.fromUInt64(.max, $0, &$1) },
                  [0x5f80_0000, 0x5f7f_ffff, 0x5f7f_ffff, 0x5f80_0000, 0x5f80_0000], [NX], "f32 u64 max")
        perMode32({ F32.fromInt64(-3, $0, &$1) }, Array(repeating: 0xc040_0000, count: 5), [0], "f32 -3")
        perMode32({ F32.fromInt64(0, $0, &$1) }, Array(repeating: 0, count: 5), [0], "f32 0")
    }

    func testNarrowingAndWidening() {
        perMode32({ F64.toF32(0x3ff0_0000_1000_0000, $0, &$1) },
                  [0x3f80_0000, 0x3f80_0000, 0x3f80_0000, 0x3f80_0001, 0x3f80_0001], [NX], "1+2^-24")
        perMode32({ F64.toF32(0x7fef_ffff_ffff_ffff, $0, &$1) },
                  [0x7f80_0000, 0x7f7f_ffff, 0x7f7f_ffff, 0x7f80_0000, 0x7f80_0000], [OF | NX], "f64 max")
        // 2^-126 (1 - 2^-30): 24-bit rounding reaches 2^-126, so not tiny (tininess after rounding): NX only.
        expect32({ F64.toF32(0x380f_ffff_ff80_0000, .rne, &$0) }, 0x0080_0000, NX, "just below f32 minNormal")
        // 2^-126 - 2^-150: tiny, rounds to 2^-126 with UF.
        perMode32({ F64.toF32(0x380f_ffff_e000_0000, $0, &$1) },
                  [0x0080_0000, 0x007f_ffff, 0x007f_ffff, 0x0080_0000, 0x0080_0000], [UF | NX], "tiny below minNormal")
        expect32({ F64.toF32(0x7ff0_0000_0000_0001, .rne, &$0) }, F32.canonicalNaN, NV, "sNaN narrowing")
        expect32({ F64.toF32(0xfff8_0000_0000_1234, .rmm, &$0) }, F32.canonicalNaN, 0, "qNaN narrowing")
        expect32({ F64.toF32(0x8000_0000_0000_0000, .rmm, &$0) }, 0x8000_0000, 0, "-0 narrowing")
        expect64({ F32.toF64(0x7f80_0001, &$0) }, F64.canonicalNaN, NV, "sNaN widening")
        expect64({ F32.toF64(0xffc0_0001, &$0) }, F64.canonicalNaN, 0, "qNaN widening")
        expect64({ F32.toF64(0x0000_0001, &$0) }, 0x36a0_0000_0000_0000, 0, "f32 minsub widening")
        expect64({ F32.toF64(0xff80_0000, &$0) }, 0xfff0_0000_0000_0000, 0, "-inf widening")
    }
}
