// Exact software conversions: float → integer (RISC-V saturation rules), integer → float,
// and between the two formats.

extension SoftFloat {
    /// Float `a` to an integer of `bits` bits (32 or 64), signed or not, under `rm`.
    /// Returns the result's two's-complement bit pattern sign-extended to 64 bits
    /// (for unsigned 32-bit results, as RISC-V sign-extends them too, the low 32 bits matter).
    @usableFromInline
    static func toInt(_ a: UInt64, _ fmt: FPFormat, _ rm: RoundingMode, signed: Bool, bits: Int,
                      _ flags: inout UInt32) -> UInt64 {
        let maxPos: UInt64 = signed ? (1 << UInt64(bits - 1)) - 1 : (bits == 64 ? .max : (1 << UInt64(bits)) - 1)
        let minNegMag: UInt64 = signed ? 1 << UInt64(bits - 1) : 0  // largest allowed negative magnitude
        if fmt.isNaN(a) {
            flags |= FFlags.nv
            return maxPos
        }
        let negative = fmt.sign(a)
        let saturated = negative ? (signed ? 0 &- minNegMag : 0) : maxPos
        if fmt.isInf(a) {
            flags |= FFlags.nv
            return saturated
        }
        if fmt.isZero(a) { return 0 }
        let (e, m) = fmt.unpack(a)  // value = m * 2^e, bit 63 of m set
        var q: UInt64
        var inexact = false
        if e > 0 {
            flags |= FFlags.nv
            return saturated
        } else if e == 0 {
            q = m
        } else {
            (q, inexact) = roundShifted(m, by: -e, negative: negative, rm)
        }
        if negative ? q > minNegMag : q > maxPos {
            flags |= FFlags.nv
            return saturated
        }
        if inexact { flags |= FFlags.nx }
        return negative ? 0 &- q : q
    }

    /// `m / 2^d` (d > 0) rounded to an integer magnitude under `rm` for a value of
    /// sign `negative`, and whether bits were lost.
    @usableFromInline
    static func roundShifted(_ m: UInt64, by d: Int, negative: Bool, _ rm: RoundingMode) -> (UInt64, Bool) {
        var q: UInt64
        var above = false, tie = false, inexact = true
        if d < 64 {
            let rem = m & ((1 << UInt64(d)) - 1)
            let half: UInt64 = 1 << UInt64(d - 1)
            q = m >> UInt64(d)
            above = rem > half
            tie = rem == half
            inexact = rem != 0
        } else {
            q = 0
            if d == 64 {
                above = m > 1 << 63
                tie = m == 1 << 63
            }
        }
        if roundIncrement(rm, negative: negative, above: above, tie: tie, inexact: inexact, odd: q & 1 != 0) {
            q += 1
        }
        return (q, inexact)
    }

    /// The integer `(negative ? -1 : 1) * magnitude` rounded to `fmt`.
    @usableFromInline
    static func fromInt(negative: Bool, magnitude: UInt64, _ fmt: FPFormat, _ rm: RoundingMode,
                        _ flags: inout UInt32) -> UInt64 {
        if magnitude == 0 { return 0 }
        return roundPack(negative, 0, magnitude, fmt, rm, &flags)
    }

    /// Converts between formats (widening is exact; narrowing rounds under `rm`).
    /// NaNs become the target's canonical NaN, NV for a signalling NaN.
    @usableFromInline
    static func convert(_ a: UInt64, from src: FPFormat, to dst: FPFormat, _ rm: RoundingMode,
                        _ flags: inout UInt32) -> UInt64 {
        if src.isNaN(a) {
            if src.isSNaN(a) { flags |= FFlags.nv }
            return dst.canonicalNaN
        }
        let negative = src.sign(a)
        if src.isInf(a) { return dst.zero(negative) | dst.infinity }
        if src.isZero(a) { return dst.zero(negative) }
        let (e, m) = src.unpack(a)
        return roundPack(negative, e, m, dst, rm, &flags)
    }
}
