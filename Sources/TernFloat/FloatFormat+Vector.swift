// Operations the vector extension needs at every width beyond the scalar
// instructions': integer conversions of any width (8…64 bits), conversions
// between any two formats (round-to-odd included) and the 7-bit estimates
// vfrec7 / vfrsqrt7 (RISC-V V spec 13.9, 13.10; their tables as the spec's
// recip.c gives them).

extension FloatFormat {
    /// `a` converted to an integer of `bits` bits (8, 16, 32, 64), signed or not,
    /// under `rm`, saturating as fcvt does (NaN → the largest value; NV on
    /// saturation, NX when inexact). The two's-complement pattern, sign-extended to 64 bits.
    @inlinable
    public static func toInteger(_ a: Bits, _ rm: RoundingMode, signed: Bool, bits: Int, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.toInt(wide(a), soft, rm, signed: signed, bits: bits, &flags)
    }

    /// The integer in the low `bits` bits of `v` (signed or not) rounded to this format.
    @inlinable
    public static func fromInteger(_ v: UInt64, signed: Bool, bits: Int, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        let shift = UInt64(64 - bits)
        if signed {
            let x = Int64(bitPattern: v << shift) >> Int64(shift)
            return narrow(SoftFloat.fromInt(negative: x < 0, magnitude: x.magnitude, soft, rm, &flags))
        }
        return narrow(SoftFloat.fromInt(negative: false, magnitude: (v << shift) >> shift, soft, rm, &flags))
    }

    /// `a` converted to format `T` (exact when `T` is wider; rounded under `rm`
    /// otherwise). NaNs become `T`'s canonical NaN, NV for a signalling NaN.
    @inlinable
    public static func convert<T: FloatFormat>(_ a: Bits, to _: T.Type, _ rm: RoundingMode, _ flags: inout UInt32) -> T.Bits {
        T.Bits(truncatingIfNeeded: SoftFloat.convert(wide(a), from: soft, to: T.soft, rm, &flags))
    }

    /// `a` converted to the narrower format `T` rounding to odd (vfncvt.rod.f.f.w):
    /// truncated, with the least significant bit set when the result is inexact.
    @inlinable
    public static func convertRoundingToOdd<T: FloatFormat>(_ a: Bits, to _: T.Type, _ flags: inout UInt32) -> T.Bits {
        var local: UInt32 = 0
        let r = SoftFloat.convert(wide(a), from: soft, to: T.soft, .rtz, &local)
        flags |= local
        return T.Bits(truncatingIfNeeded: local & FFlags.nx != 0 ? r | 1 : r)
    }
}

/// The 128-entry tables of the 7-bit estimates (the V specification's recip.c).
@usableFromInline
enum EstimateTables {
    /// vfrsqrt7: indexed by the exponent's low bit and the six leading fraction bits.
    @usableFromInline static let reciprocalSqrt: [UInt8] = [
        52, 51, 50, 48, 47, 46, 44, 43, 42, 41, 40, 39, 38, 36, 35, 34,
        33, 32, 31, 30, 30, 29, 28, 27, 26, 25, 24, 23, 23, 22, 21, 20,
        19, 19, 18, 17, 16, 16, 15, 14, 14, 13, 12, 12, 11, 10, 10, 9,
        9, 8, 7, 7, 6, 6, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0,
        127, 125, 123, 121, 119, 118, 116, 114, 113, 111, 109, 108, 106, 105, 103, 102,
        100, 99, 97, 96, 95, 93, 92, 91, 90, 88, 87, 86, 85, 84, 83, 82,
        80, 79, 78, 77, 76, 75, 74, 73, 72, 71, 70, 70, 69, 68, 67, 66,
        65, 64, 63, 63, 62, 61, 60, 59, 59, 58, 57, 56, 56, 55, 54, 53,
    ]
    /// vfrec7: indexed by the seven leading fraction bits.
    @usableFromInline static let reciprocal: [UInt8] = [
        127, 125, 123, 121, 119, 117, 116, 114, 112, 110, 109, 107, 105, 104, 102, 100,
        99, 97, 96, 94, 93, 91, 90, 88, 87, 85, 84, 83, 81, 80, 79, 77,
        76, 75, 74, 72, 71, 70, 69, 68, 66, 65, 64, 63, 62, 61, 60, 59,
        58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43,
        42, 41, 40, 40, 39, 38, 37, 36, 35, 35, 34, 33, 32, 31, 31, 30,
        29, 28, 28, 27, 26, 25, 25, 24, 23, 23, 22, 21, 21, 20, 19, 19,
        18, 17, 17, 16, 15, 15, 14, 14, 13, 12, 12, 11, 11, 10, 9, 9,
        8, 8, 7, 7, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0,
    ]
}

extension FloatFormat {
    /// The biased exponent field's width.
    @inlinable static var exponentBits: Int { Bits.bitWidth - 1 - fractionBits }
    /// The exponent bias.
    @inlinable static var bias: Int { (1 << (exponentBits - 1)) - 1 }

    /// A finite nonzero `a`'s biased exponent and fraction, a subnormal normalised
    /// (its exponent then 0 or negative, the leading one dropped from the fraction).
    @inlinable
    static func normalised(_ a: Bits) -> (exp: Int, frac: UInt64) {
        var exp = Int((a & exponentMask) >> Bits(fractionBits))
        var frac = UInt64(a & fractionMask)
        if exp == 0 {
            while frac >> UInt64(fractionBits - 1) & 1 == 0 { exp -= 1; frac <<= 1 }
            frac = (frac << 1) & UInt64(fractionMask)
        }
        return (exp, frac)
    }

    @inlinable
    static func pack(sign: Bool, exp: Int, frac: UInt64) -> Bits {
        (sign ? signBit : 0) | Bits(truncatingIfNeeded: UInt64(exp) << UInt64(fractionBits)) | Bits(truncatingIfNeeded: frac)
    }

    /// vfrsqrt7: an estimate of 1/√a to 7 bits. −0/+0 → −∞/+∞ with DZ; negative
    /// numbers and −∞ → canonical NaN with NV; +∞ → +0; NaN → canonical NaN (NV if signalling).
    @inlinable
    public static func reciprocalSqrtEstimate(_ a: Bits, _ flags: inout UInt32) -> Bits {
        let negative = a & signBit != 0, magnitude = a & ~signBit
        if isNaN(a) {
            if isSNaN(a) { flags |= FFlags.nv }
            return canonicalNaN
        }
        if magnitude == 0 { flags |= FFlags.dz; return a | exponentMask }
        if negative { flags |= FFlags.nv; return canonicalNaN }
        if magnitude == exponentMask { return 0 }
        let (exp, frac) = normalised(a)
        let index = (exp & 1) << 6 | Int(frac >> UInt64(fractionBits - 6))
        let outFrac = UInt64(EstimateTables.reciprocalSqrt[index]) << UInt64(fractionBits - 7)
        let outExp = (3 * bias - 1 - exp) / 2
        return pack(sign: false, exp: outExp, frac: outFrac)
    }

    /// vfrec7: an estimate of 1/a to 7 bits. ±∞ → ±0; ±0 → ±∞ with DZ; NaN →
    /// canonical NaN (NV if signalling); a subnormal whose reciprocal overflows →
    /// ±∞ or the largest finite value as `rm` rounds, with OF and NX; results in
    /// the subnormal range are exact (no UF).
    @inlinable
    public static func reciprocalEstimate(_ a: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        let negative = a & signBit != 0, magnitude = a & ~signBit
        if isNaN(a) {
            if isSNaN(a) { flags |= FFlags.nv }
            return canonicalNaN
        }
        if magnitude == exponentMask { return a & signBit }
        if magnitude == 0 { flags |= FFlags.dz; return a | exponentMask }
        let (exp, frac) = normalised(a)
        if exp < -1 {
            flags |= FFlags.of | FFlags.nx
            let toMax = rm == .rtz || (rm == .rdn && !negative) || (rm == .rup && negative)
            return (negative ? signBit : 0) | (toMax ? exponentMask - 1 : exponentMask)
        }
        var outFrac = UInt64(EstimateTables.reciprocal[Int(frac >> UInt64(fractionBits - 7))]) << UInt64(fractionBits - 7)
        var outExp = 2 * bias - 1 - exp
        if outExp <= 0 {
            // A subnormal result: the implicit one shifts into the fraction.
            outFrac = outFrac >> 1 | 1 << UInt64(fractionBits - 1)
            if outExp == -1 { outFrac >>= 1; outExp = 0 }
        }
        return pack(sign: negative, exp: outExp, frac: outFrac)
    }
}
