#if arch(x86_64)
import JITRuntime
#endif

extension F64 {
    /// fcvt.w.d: saturating (NaN → Int32.max, overflow → max/min) with NV; NX when inexact.
    @inlinable
    public static func toInt32(_ a: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> Int32 {
        let d = Double(bitPattern: a)
        if rm == .rtz && d.magnitude < 0x1p31 {
            let i = Int32(d)
            if Double(i) != d { flags |= FFlags.nx }
            return i
        }
        return Int32(truncatingIfNeeded: SoftFloat.toInt(a, .f64, rm, signed: true, bits: 32, &flags))
    }

    /// fcvt.wu.d: NaN and +overflow → UInt32.max, negative (unless it rounds to 0) → 0, with NV.
    @inlinable
    public static func toUInt32(_ a: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SoftFloat.toInt(a, .f64, rm, signed: false, bits: 32, &flags))
    }

    /// fcvt.l.d: saturating (NaN → Int64.max, overflow → max/min) with NV; NX when inexact.
    @inlinable
    public static func toInt64(_ a: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> Int64 {
        let d = Double(bitPattern: a)
        if rm == .rtz && d.magnitude < 0x1p63 {
            let i = Int64(d)
            if Double(i) != d { flags |= FFlags.nx }
            return i
        }
        return Int64(bitPattern: SoftFloat.toInt(a, .f64, rm, signed: true, bits: 64, &flags))
    }

    /// fcvt.lu.d: NaN and +overflow → UInt64.max, negative (unless it rounds to 0) → 0, with NV.
    @inlinable
    public static func toUInt64(_ a: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.toInt(a, .f64, rm, signed: false, bits: 64, &flags)
    }

    /// fcvt.d.w (always exact).
    @inlinable
    public static func fromInt32(_ v: Int32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        Double(v).bitPattern
    }

    /// fcvt.d.wu (always exact).
    @inlinable
    public static func fromUInt32(_ v: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        Double(v).bitPattern
    }

    /// fcvt.d.l: rounds under `rm`, NX when inexact.
    @inlinable
    public static func fromInt64(_ v: Int64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        if v.magnitude <= 1 << 53 { return Double(v).bitPattern }
        return SoftFloat.fromInt(negative: v < 0, magnitude: v.magnitude, .f64, rm, &flags)
    }

    /// fcvt.d.lu: rounds under `rm`, NX when inexact.
    @inlinable
    public static func fromUInt64(_ v: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        if v <= 1 << 53 { return Double(v).bitPattern }
        return SoftFloat.fromInt(negative: false, magnitude: v, .f64, rm, &flags)
    }

    /// fcvt.s.d: narrows under `rm` (OF/UF/NX as IEEE); NaN → binary32 canonical NaN, NV on sNaN.
    @inlinable
    public static func toF32(_ a: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if fastMode(rm, flags) && isFinite(a) {
            let r = Float(Double(bitPattern: a)).bitPattern
            if F32.isSafeNormal(r) || a << 1 == 0 { return r }
        }
        return toF32Slow(a, rm, &flags)
    }

    @usableFromInline
    static func toF32Slow(_ a: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        #if arch(x86_64)
        if rm != .rmm { return tern_fpu_f64_to_f32(a, UInt32(rm.rawValue), &flags) }
        #endif
        return UInt32(truncatingIfNeeded: SoftFloat.convert(a, from: .f64, to: .f32, rm, &flags))
    }
}

extension F32 {
    /// fcvt.w.s: saturating (NaN → Int32.max, overflow → max/min) with NV; NX when inexact.
    @inlinable
    public static func toInt32(_ a: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> Int32 {
        let f = Float(bitPattern: a)
        if rm == .rtz && f.magnitude < 0x1p31 {
            let i = Int32(f)
            if Float(i) != f { flags |= FFlags.nx }
            return i
        }
        return Int32(truncatingIfNeeded: SoftFloat.toInt(UInt64(a), .f32, rm, signed: true, bits: 32, &flags))
    }

    /// fcvt.wu.s: NaN and +overflow → UInt32.max, negative (unless it rounds to 0) → 0, with NV.
    @inlinable
    public static func toUInt32(_ a: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SoftFloat.toInt(UInt64(a), .f32, rm, signed: false, bits: 32, &flags))
    }

    /// fcvt.l.s: saturating (NaN → Int64.max, overflow → max/min) with NV; NX when inexact.
    @inlinable
    public static func toInt64(_ a: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> Int64 {
        let f = Float(bitPattern: a)
        if rm == .rtz && f.magnitude < 0x1p63 {
            let i = Int64(f)
            if Float(i) != f { flags |= FFlags.nx }
            return i
        }
        return Int64(bitPattern: SoftFloat.toInt(UInt64(a), .f32, rm, signed: true, bits: 64, &flags))
    }

    /// fcvt.lu.s: NaN and +overflow → UInt64.max, negative (unless it rounds to 0) → 0, with NV.
    @inlinable
    public static func toUInt64(_ a: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.toInt(UInt64(a), .f32, rm, signed: false, bits: 64, &flags)
    }

    /// fcvt.s.w: rounds under `rm`, NX when inexact.
    @inlinable
    public static func fromInt32(_ v: Int32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if v.magnitude <= 1 << 24 { return Float(v).bitPattern }
        return UInt32(truncatingIfNeeded: SoftFloat.fromInt(negative: v < 0, magnitude: UInt64(v.magnitude), .f32, rm, &flags))
    }

    /// fcvt.s.wu: rounds under `rm`, NX when inexact.
    @inlinable
    public static func fromUInt32(_ v: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if v <= 1 << 24 { return Float(v).bitPattern }
        return UInt32(truncatingIfNeeded: SoftFloat.fromInt(negative: false, magnitude: UInt64(v), .f32, rm, &flags))
    }

    /// fcvt.s.l: rounds under `rm`, NX when inexact.
    @inlinable
    public static func fromInt64(_ v: Int64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if v.magnitude <= 1 << 24 { return Float(v).bitPattern }
        return UInt32(truncatingIfNeeded: SoftFloat.fromInt(negative: v < 0, magnitude: v.magnitude, .f32, rm, &flags))
    }

    /// fcvt.s.lu: rounds under `rm`, NX when inexact.
    @inlinable
    public static func fromUInt64(_ v: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if v <= 1 << 24 { return Float(v).bitPattern }
        return UInt32(truncatingIfNeeded: SoftFloat.fromInt(negative: false, magnitude: v, .f32, rm, &flags))
    }

    /// fcvt.d.s (exact): NaN → binary64 canonical NaN, NV on sNaN.
    @inlinable
    public static func toF64(_ a: UInt32, _ flags: inout UInt32) -> UInt64 {
        if a & 0x7fff_ffff <= 0x7f80_0000 { return Double(Float(bitPattern: a)).bitPattern }
        if a & 0x0040_0000 == 0 { flags |= FFlags.nv }
        return F64.canonicalNaN
    }
}
