extension F32 {
    /// The RISC-V minimum (IEEE 754-2019 minimumNumber): −0 < +0, a single NaN yields the
    /// other operand, two NaNs yield the canonical NaN; NV only for a signalling NaN.
    @inlinable
    public static func min(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> UInt32 {
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x < y { return a }
        if y < x { return b }
        if x == y { return a | b }  // equal values; for ±0 the negative one
        return minMaxNaN(a, b, &flags)
    }

    /// The RISC-V maximum (IEEE 754-2019 maximumNumber); see `min`.
    @inlinable
    public static func max(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> UInt32 {
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x > y { return a }
        if y > x { return b }
        if x == y { return a & b }  // equal values; for ±0 the positive one
        return minMaxNaN(a, b, &flags)
    }

    /// min/max when at least one operand is NaN.
    @usableFromInline
    static func minMaxNaN(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> UInt32 {
        let fmt = FPFormat.f32
        let x = UInt64(a), y = UInt64(b)
        if fmt.isSNaN(x) || fmt.isSNaN(y) { flags |= FFlags.nv }
        if fmt.isNaN(x) { return fmt.isNaN(y) ? canonicalNaN : b }
        return a
    }

    /// Quiet equality (feq): NV only for a signalling NaN.
    @inlinable
    public static func eq(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> Bool {
        if Float(bitPattern: a) == Float(bitPattern: b) { return true }
        if isSNaN(a) || isSNaN(b) { flags |= FFlags.nv }
        return false
    }

    /// Signalling less-than (flt): NV for any NaN operand.
    @inlinable
    public static func lt(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> Bool {
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x < y { return true }
        if x.isNaN || y.isNaN { flags |= FFlags.nv }
        return false
    }

    /// Signalling less-or-equal (fle): NV for any NaN operand.
    @inlinable
    public static func le(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> Bool {
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x <= y { return true }
        if x.isNaN || y.isNaN { flags |= FFlags.nv }
        return false
    }

    @inlinable @inline(__always)
    static func isSNaN(_ a: UInt32) -> Bool {
        a & 0x7fff_ffff > 0x7f80_0000 && a & 0x0040_0000 == 0
    }

    /// fclass: one-hot 10-bit mask (0 −∞, 1 −normal, 2 −subnormal, 3 −0, 4 +0, 5 +subnormal,
    /// 6 +normal, 7 +∞, 8 signalling NaN, 9 quiet NaN).
    @inlinable
    public static func classify(_ a: UInt32) -> UInt64 {
        let negative = a >> 31 != 0
        let exp = a & 0x7f80_0000
        let frac = a & 0x007f_ffff
        let bit: UInt64
        if exp == 0x7f80_0000 {
            if frac == 0 { bit = negative ? 0 : 7 } else { bit = frac & 0x0040_0000 != 0 ? 9 : 8 }
        } else if exp == 0 {
            if frac == 0 { bit = negative ? 3 : 4 } else { bit = negative ? 2 : 5 }
        } else {
            bit = negative ? 1 : 6
        }
        return 1 << bit
    }
}
