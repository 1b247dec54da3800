#if arch(x86_64)
import JITRuntime
#endif

/// RISC-V binary32 (F extension) arithmetic on raw IEEE bit patterns.
///
/// Every NaN result is the canonical NaN; flags are OR-ed into `flags` in fflags order.
/// Hot operations take an inlined host fast path when `rm == .rne`, NX is already set and
/// the host result is a normal number; everything else goes to an exact out-of-line path
/// (host SSE under MXCSR control on x86-64, software for RMM and on other hosts).
public enum F32 {
    /// The RISC-V canonical quiet NaN.
    public static let canonicalNaN: UInt32 = 0x7fc0_0000

    @usableFromInline static let expMask: UInt32 = 0x7f80_0000

    @inlinable @inline(__always)
    static func isFinite(_ x: UInt32) -> Bool { x & expMask != expMask }

    /// True when `r` is a normal number strictly above the smallest normal in magnitude
    /// (so it cannot have underflowed under after-rounding tininess) and finite.
    @inlinable @inline(__always)
    static func isSafeNormal(_ r: UInt32) -> Bool {
        (r & 0x7fff_ffff) &- 0x0080_0001 < 0x7f80_0000 - 0x0080_0001
    }

    /// The fast path applies: round-to-nearest-even and NX already accrued.
    @inlinable @inline(__always)
    static func fastMode(_ rm: RoundingMode, _ flags: UInt32) -> Bool {
        rm == .rne && flags & FFlags.nx != 0
    }

    /// a + b.
    @inlinable
    public static func add(_ a: UInt32, _ b: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) {
            let r = (Float(bitPattern: a) + Float(bitPattern: b)).bitPattern
            // Tiny sums of finite values are exact, and an exact zero carries no flags.
            if isSafeNormal(r) || r << 1 == 0 { return r }
        }
        return addSlow(a, b, rm, &flags)
    }

    /// a − b.
    @inlinable
    public static func sub(_ a: UInt32, _ b: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) {
            let r = (Float(bitPattern: a) - Float(bitPattern: b)).bitPattern
            if isSafeNormal(r) || r << 1 == 0 { return r }
        }
        return subSlow(a, b, rm, &flags)
    }

    /// a × b.
    @inlinable
    public static func mul(_ a: UInt32, _ b: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) {
            let r = (Float(bitPattern: a) * Float(bitPattern: b)).bitPattern
            if isSafeNormal(r) || a << 1 == 0 || b << 1 == 0 { return r }
        }
        return mulSlow(a, b, rm, &flags)
    }

    /// a ÷ b.
    @inlinable
    public static func div(_ a: UInt32, _ b: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) {
            let r = (Float(bitPattern: a) / Float(bitPattern: b)).bitPattern
            if isSafeNormal(r) { return r }
        }
        return divSlow(a, b, rm, &flags)
    }

    /// √a.
    @inlinable
    public static func sqrt(_ a: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        // Positive finite inputs give normal (or zero) results: only NX can arise.
        if fastMode(rm, flags) && a < expMask {
            return Float(bitPattern: a).squareRoot().bitPattern
        }
        return sqrtSlow(a, rm, &flags)
    }

    /// a × b + c with a single rounding (fmadd; the engine flips signs for the other forms).
    @inlinable
    public static func fma(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ rm: RoundingMode,
                           _ flags: inout UInt32) -> UInt32 {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) && isFinite(c) {
            let r = Float(bitPattern: c).addingProduct(Float(bitPattern: a), Float(bitPattern: b)).bitPattern
            if isSafeNormal(r) { return r }
        }
        return fmaSlow(a, b, c, rm, &flags)
    }

    // MARK: Exact paths

    @usableFromInline
    static func addSlow(_ a: UInt32, _ b: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        #if arch(x86_64)
        if rm != .rmm { return tern_fpu_add32(a, b, UInt32(rm.rawValue), &flags) }
        #endif
        return UInt32(truncatingIfNeeded: SoftFloat.add(UInt64(a), UInt64(b), .f32, rm, &flags))
    }

    @usableFromInline
    static func subSlow(_ a: UInt32, _ b: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        #if arch(x86_64)
        if rm != .rmm { return tern_fpu_sub32(a, b, UInt32(rm.rawValue), &flags) }
        #endif
        return UInt32(truncatingIfNeeded: SoftFloat.add(UInt64(a), UInt64(b ^ (1 << 31)), .f32, rm, &flags))
    }

    @usableFromInline
    static func mulSlow(_ a: UInt32, _ b: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        #if arch(x86_64)
        if rm != .rmm { return tern_fpu_mul32(a, b, UInt32(rm.rawValue), &flags) }
        #endif
        return UInt32(truncatingIfNeeded: SoftFloat.mul(UInt64(a), UInt64(b), .f32, rm, &flags))
    }

    @usableFromInline
    static func divSlow(_ a: UInt32, _ b: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        #if arch(x86_64)
        if rm != .rmm { return tern_fpu_div32(a, b, UInt32(rm.rawValue), &flags) }
        #endif
        return UInt32(truncatingIfNeeded: SoftFloat.div(UInt64(a), UInt64(b), .f32, rm, &flags))
    }

    @usableFromInline
    static func sqrtSlow(_ a: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        #if arch(x86_64)
        // A square root is never exactly halfway between two floats, so RMM equals RNE.
        return tern_fpu_sqrt32(a, rm == .rmm ? 0 : UInt32(rm.rawValue), &flags)
        #else
        return UInt32(truncatingIfNeeded: SoftFloat.sqrt(UInt64(a), .f32, rm, &flags))
        #endif
    }

    @usableFromInline
    static func fmaSlow(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ rm: RoundingMode,
                        _ flags: inout UInt32) -> UInt32 {
        #if arch(x86_64)
        if rm != .rmm {
            let fmt = FPFormat.f32
            if (fmt.isInf(UInt64(a)) && fmt.isZero(UInt64(b))) || (fmt.isZero(UInt64(a)) && fmt.isInf(UInt64(b))) {
                flags |= FFlags.nv  // RISC-V: invalid even when c is a quiet NaN
            }
            var r: UInt32 = 0
            if tern_fpu_fma32(a, b, c, UInt32(rm.rawValue), &r, &flags) != 0 { return r }
        }
        #endif
        return UInt32(truncatingIfNeeded: SoftFloat.fma(UInt64(a), UInt64(b), UInt64(c), .f32, rm, &flags))
    }
}
