import TernFloat
import XCTest

/// The operations only the vector extension uses: vfrec7/vfrsqrt7 (the tables
/// checked against 1/x and 1/√x at every bucket's midpoint, and the special and
/// range cases of the spec), integer conversions of 8 and 16 bits, round-to-odd.
final class VectorFloatTests: XCTestCase {
    func testReciprocalEstimateIsWithinSevenBitsEverywhere() {
        for e in [-20, 0, 1, 37] {
            for i in 0..<128 {
                let x = Float(sign: .plus, exponent: e, significand: 1 + (Float(i) + 0.5) / 128)
                var flags: UInt32 = 0
                let est = Float(bitPattern: F32.reciprocalEstimate(x.bitPattern, .rne, &flags))
                XCTAssertLessThan(abs(Double(est) * Double(x) - 1), 1.0 / 256, "x \(x)")
                XCTAssertEqual(flags, 0)
                let neg = Float(bitPattern: F32.reciprocalEstimate((-x).bitPattern, .rne, &flags))
                XCTAssertEqual(neg, -est)
            }
        }
    }

    func testReciprocalSqrtEstimateIsWithinSevenBitsEverywhere() {
        for e in [-30, -1, 0, 1, 2, 51] {
            for i in 0..<64 {
                let x = Double(sign: .plus, exponent: e, significand: 1 + (Double(i) + 0.5) / 64)
                var flags: UInt32 = 0
                let est = Double(bitPattern: F64.reciprocalSqrtEstimate(x.bitPattern, &flags))
                XCTAssertLessThan(abs(est * x.squareRoot() - 1), 1.0 / 256, "x \(x)")
                XCTAssertEqual(flags, 0)
            }
        }
    }

    func testEstimateSpecialCases() {
        var flags: UInt32 = 0
        // 1/±0 = ±∞ with DZ; 1/±∞ = ±0; NaNs give the canonical NaN, NV only when signalling.
        XCTAssertEqual(F32.reciprocalEstimate(0x8000_0000, .rne, &flags), 0xff80_0000)
        XCTAssertEqual(flags, FFlags.dz); flags = 0
        XCTAssertEqual(F32.reciprocalEstimate(0x7f80_0000, .rne, &flags), 0)
        XCTAssertEqual(F32.reciprocalEstimate(0x7fc0_1234, .rne, &flags), 0x7fc0_0000)
        XCTAssertEqual(flags, 0)
        XCTAssertEqual(F16.reciprocalEstimate(0x7c01, .rne, &flags), 0x7e00)
        XCTAssertEqual(flags, FFlags.nv); flags = 0
        // A tiny subnormal's reciprocal overflows: ∞ or the largest finite value as rounding goes.
        XCTAssertEqual(F32.reciprocalEstimate(0x0000_0001, .rne, &flags), 0x7f80_0000)
        XCTAssertEqual(flags, FFlags.of | FFlags.nx); flags = 0
        XCTAssertEqual(F32.reciprocalEstimate(0x0000_0001, .rtz, &flags), 0x7f7f_ffff)
        XCTAssertEqual(F32.reciprocalEstimate(0x8000_0001, .rup, &flags), 0xff7f_ffff)
        XCTAssertEqual(F32.reciprocalEstimate(0x8000_0001, .rdn, &flags), 0xff80_0000)
        flags = 0
        // The largest subnormal inverts to a normal; huge values invert to exact subnormals (no UF).
        XCTAssertEqual(F32.reciprocalEstimate(0x0040_0000, .rne, &flags) >> 23, 0xfd)
        XCTAssertEqual(F32.reciprocalEstimate(0x7f00_0000, .rne, &flags), 0x003f_c000)
        XCTAssertEqual(F32.reciprocalEstimate(0x7f7f_ffff, .rne, &flags), 0x0020_0000)
        XCTAssertEqual(flags, 0)
        // 1/√: ±0 → ±∞ with DZ, negative numbers and −∞ → NaN with NV, +∞ → +0.
        XCTAssertEqual(F64.reciprocalSqrtEstimate(0x8000_0000_0000_0000, &flags), 0xfff0_0000_0000_0000)
        XCTAssertEqual(flags, FFlags.dz); flags = 0
        XCTAssertEqual(F64.reciprocalSqrtEstimate(0x8000_0000_0000_0001, &flags), 0x7ff8_0000_0000_0000)
        XCTAssertEqual(flags, FFlags.nv); flags = 0
        XCTAssertEqual(F64.reciprocalSqrtEstimate(0x7ff0_0000_0000_0000, &flags), 0)
        XCTAssertEqual(F16.reciprocalSqrtEstimate(0x7e00, &flags), 0x7e00)
        XCTAssertEqual(flags, 0)
        // A subnormal is normalised first: 4 = 2^-147 (even exponent, fraction 0: entry 52),
        // 1/√ = 2^73.5 ≈ 2^73 · 1.41421, estimated as 2^73 · (1 + 52/128), within 2^-7.
        XCTAssertEqual(F32.reciprocalSqrtEstimate(4, &flags), UInt32(73 + 127) << 23 | 52 << 16)
        let est = Float(bitPattern: F32.reciprocalSqrtEstimate(4, &flags))
        XCTAssertLessThan(abs(Double(est) * Double(Float(bitPattern: 4)).squareRoot() - 1), 1.0 / 128)
    }

    func testNarrowIntegerConversionsSaturate() {
        var flags: UInt32 = 0
        XCTAssertEqual(F32.toInteger(Float(300).bitPattern, .rne, signed: true, bits: 8, &flags), 127)
        XCTAssertEqual(flags, FFlags.nv); flags = 0
        XCTAssertEqual(F32.toInteger(Float(-300.5).bitPattern, .rne, signed: true, bits: 8, &flags), UInt64(bitPattern: -128))
        XCTAssertEqual(flags, FFlags.nv); flags = 0
        XCTAssertEqual(F16.toInteger(0x7e00, .rne, signed: true, bits: 8, &flags), 127)
        XCTAssertEqual(F16.toInteger(0xfc00, .rne, signed: false, bits: 8, &flags), 0)
        XCTAssertEqual(F64.toInteger(Double(65535.6).bitPattern, .rne, signed: false, bits: 16, &flags), 65535)
        XCTAssertEqual(flags, FFlags.nv); flags = 0   // saturation: NV alone, as qemu's float_to_uint
        XCTAssertEqual(F64.toInteger(Double(65535.4).bitPattern, .rne, signed: false, bits: 16, &flags), 65535)
        XCTAssertEqual(flags, FFlags.nx); flags = 0
        XCTAssertEqual(F64.toInteger(Double(-0.4).bitPattern, .rne, signed: false, bits: 16, &flags), 0)
        XCTAssertEqual(flags, FFlags.nx); flags = 0
        XCTAssertEqual(F16.fromInteger(0xff, signed: true, bits: 8, .rne, &flags), 0xbc00)      // -1
        XCTAssertEqual(F16.fromInteger(0xff, signed: false, bits: 8, .rne, &flags), 0x5bf8)     // 255
        XCTAssertEqual(F16.fromInteger(0xffff_ffff, signed: false, bits: 32, .rne, &flags), 0x7c00)
        XCTAssertEqual(flags, FFlags.of | FFlags.nx)
    }

    func testRoundToOddNarrowing() {
        var flags: UInt32 = 0
        XCTAssertEqual(F64.convertRoundingToOdd(0x3ff0_0000_0040_0000, to: F32.self, &flags), 0x3f80_0001)
        XCTAssertEqual(flags, FFlags.nx); flags = 0
        XCTAssertEqual(F64.convertRoundingToOdd(Double(1.5).bitPattern, to: F32.self, &flags), Float(1.5).bitPattern)
        XCTAssertEqual(flags, 0)
        // Beyond binary32: the largest finite value (odd already), OF and NX; a tiny value: the smallest subnormal.
        XCTAssertEqual(F64.convertRoundingToOdd(Double(1e300).bitPattern, to: F32.self, &flags), 0x7f7f_ffff)
        XCTAssertEqual(flags, FFlags.of | FFlags.nx); flags = 0
        XCTAssertEqual(F64.convertRoundingToOdd(Double(-1e-300).bitPattern, to: F32.self, &flags), 0x8000_0001)
        XCTAssertEqual(flags, FFlags.uf | FFlags.nx); flags = 0
        XCTAssertEqual(F32.convertRoundingToOdd(0x7f80_0001, to: F16.self, &flags), 0x7e00)
        XCTAssertEqual(flags, FFlags.nv)
    }
}
