// Format-generic operations the Zfh and Zfa extensions add: ordering and comparisons
// on raw bit patterns, IEEE 754-2019 minimum/maximum, round-to-integral, the modular
// fcvtmod.w.d conversion and the fli constant table.

extension FPFormat {
    /// The value order of two non-NaN patterns: −1, 0 (equal, ±0 included), 1.
    @inline(__always)
    func order(_ a: UInt64, _ b: UInt64) -> Int {
        let ma = magnitude(a), mb = magnitude(b)
        if ma == 0 && mb == 0 { return 0 }
        let sa = sign(a), sb = sign(b)
        if sa != sb { return sa ? -1 : 1 }
        if ma == mb { return 0 }
        return (ma < mb) != sa ? -1 : 1
    }
}

extension SoftFloat {
    /// fmin/fmax (`maximum` false/true): minimumNumber/maximumNumber; with `propagateNaN`
    /// (Zfa fminm/fmaxm: IEEE 754-2019 minimum/maximum) any NaN operand gives the canonical NaN.
    /// −0 orders below +0; NV only for a signalling NaN.
    @usableFromInline
    static func minMax(_ a: UInt64, _ b: UInt64, _ fmt: FPFormat, maximum: Bool, propagateNaN: Bool,
                       _ flags: inout UInt32) -> UInt64 {
        let na = fmt.isNaN(a), nb = fmt.isNaN(b)
        if na || nb {
            if fmt.isSNaN(a) || fmt.isSNaN(b) { flags |= FFlags.nv }
            if propagateNaN || (na && nb) { return fmt.canonicalNaN }
            return na ? b : a
        }
        let o = fmt.order(a, b)
        if o == 0 {
            // Equal values: for ±0 the negative one (min) or the positive one (max).
            return maximum ? (fmt.sign(a) ? b : a) : (fmt.sign(a) ? a : b)
        }
        return (o < 0) != maximum ? a : b
    }

    /// feq (`quiet` comparisons): NV only for a signalling NaN.
    @usableFromInline
    static func equal(_ a: UInt64, _ b: UInt64, _ fmt: FPFormat, _ flags: inout UInt32) -> Bool {
        if fmt.isNaN(a) || fmt.isNaN(b) {
            if fmt.isSNaN(a) || fmt.isSNaN(b) { flags |= FFlags.nv }
            return false
        }
        return fmt.order(a, b) == 0
    }

    /// flt/fle (`orEqual`): NV for any NaN operand, or with `quiet` (Zfa fltq/fleq) only
    /// for a signalling one.
    @usableFromInline
    static func less(_ a: UInt64, _ b: UInt64, _ fmt: FPFormat, orEqual: Bool, quiet: Bool,
                     _ flags: inout UInt32) -> Bool {
        if fmt.isNaN(a) || fmt.isNaN(b) {
            if !quiet || fmt.isSNaN(a) || fmt.isSNaN(b) { flags |= FFlags.nv }
            return false
        }
        let o = fmt.order(a, b)
        return o < 0 || (orEqual && o == 0)
    }

    /// fclass: the one-hot 10-bit class mask.
    @usableFromInline
    static func classify(_ a: UInt64, _ fmt: FPFormat) -> UInt64 {
        let negative = fmt.sign(a)
        let bit: UInt64
        if fmt.isNaN(a) {
            bit = fmt.isSNaN(a) ? 8 : 9
        } else if fmt.isInf(a) {
            bit = negative ? 0 : 7
        } else if fmt.isZero(a) {
            bit = negative ? 3 : 4
        } else if a & fmt.expField == 0 {
            bit = negative ? 2 : 5
        } else {
            bit = negative ? 1 : 6
        }
        return 1 << bit
    }

    /// fround/froundnx: `a` rounded to an integral value of the same format under `rm`.
    /// Zeros and infinities are returned unchanged, NaNs as the canonical NaN (NV for a
    /// signalling one); with `exact` (froundnx) NX when the result differs from `a`.
    @usableFromInline
    static func roundToIntegral(_ a: UInt64, _ fmt: FPFormat, _ rm: RoundingMode, exact: Bool,
                                _ flags: inout UInt32) -> UInt64 {
        if fmt.isNaN(a) {
            if fmt.isSNaN(a) { flags |= FFlags.nv }
            return fmt.canonicalNaN
        }
        if fmt.isInf(a) || fmt.isZero(a) { return a }
        let negative = fmt.sign(a)
        let (e, m) = fmt.unpack(a)  // value = m * 2^e, bit 63 of m set
        if e >= 0 { return a }      // already an integer
        let (q, inexact) = roundShifted(m, by: -e, negative: negative, rm)
        if exact && inexact { flags |= FFlags.nx }
        if q == 0 { return fmt.zero(negative) }
        var ignored: UInt32 = 0  // an integer no wider than `a`'s significand: exact
        return roundPack(negative, 0, q, fmt, .rne, &ignored)
    }

    /// fcvtmod.w.d: the value truncated towards zero, its unbounded two's-complement
    /// integer taken modulo 2^32 and sign-extended; ±∞ and NaN give 0. Flags as
    /// fcvt.w.d with RTZ: NV when the truncated value is outside Int32 (or NaN/∞),
    /// otherwise NX when inexact.
    @usableFromInline
    static func toInt32Modular(_ a: UInt64, _ fmt: FPFormat, _ flags: inout UInt32) -> UInt64 {
        if fmt.isNaN(a) || fmt.isInf(a) {
            flags |= FFlags.nv
            return 0
        }
        if fmt.isZero(a) { return 0 }
        let negative = fmt.sign(a)
        let (e, m) = fmt.unpack(a)
        var low: UInt64        // the truncated magnitude modulo 2^64
        var inRange: Bool
        var inexact = false
        if e >= 0 {
            low = e < 64 ? m << UInt64(e) : 0
            inRange = false    // at least 2^63
        } else {
            let d = -e
            low = d < 64 ? m >> UInt64(d) : 0
            inexact = d >= 64 ? true : m & ((1 << UInt64(d)) - 1) != 0
            inRange = negative ? low <= 1 << 31 : low < 1 << 31
        }
        if inRange {
            if inexact { flags |= FFlags.nx }
        } else {
            flags |= FFlags.nv
        }
        let v = UInt32(truncatingIfNeeded: negative ? 0 &- low : low)
        return UInt64(bitPattern: Int64(Int32(bitPattern: v)))
    }

    /// fli: entry `index` (0…31) of the Zfa constant table in `fmt`: −1.0, the minimum
    /// positive normal, 2^−16, 2^−15, 2^−8, 2^−7, 0.0625 … 2^16 (rounded to the format:
    /// 2^16 is +∞ in half precision), +∞ and the canonical NaN.
    @usableFromInline
    static func loadImmediate(_ index: Int, _ fmt: FPFormat) -> UInt64 {
        switch index {
        case 1: return 1 << UInt64(fmt.fracBits)                  // minimum positive normal
        case 30: return fmt.infinity
        case 31: return fmt.canonicalNaN
        default:
            // value = (4 + frac2) / 4 * 2^exp: two significand bits below the leading one.
            let (negative, exp, frac2) = fliEntries[index]
            var ignored: UInt32 = 0
            return roundPack(negative, exp - 2, UInt64(4 + frac2), fmt, .rne, &ignored)
        }
    }

    /// The table's finite entries other than 1 as (negative, exponent, top two fraction bits).
    static let fliEntries: [(Bool, Int, Int)] = [
        (true, 0, 0), (false, 0, 0), (false, -16, 0), (false, -15, 0), (false, -8, 0), (false, -7, 0),
        (false, -4, 0), (false, -3, 0), (false, -2, 0), (false, -2, 1), (false, -2, 2), (false, -2, 3),
        (false, -1, 0), (false, -1, 1), (false, -1, 2), (false, -1, 3), (false, 0, 0), (false, 0, 1),
        (false, 0, 2), (false, 0, 3), (false, 1, 0), (false, 1, 1), (false, 1, 2), (false, 2, 0),
        (false, 3, 0), (false, 4, 0), (false, 7, 0), (false, 8, 0), (false, 15, 0), (false, 16, 0),
    ]
}
