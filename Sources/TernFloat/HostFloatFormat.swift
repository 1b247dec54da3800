/// The operations of a host FPU primitive (`hostExact`).
public enum HostFPUOperation: Sendable {
    case add, sub, mul, div, sqrt, fma
}

/// A format the host computes in natively (binary32 as `Float`, binary64 as
/// `Double`): hot operations take an inlined host fast path when `rm == .rne`,
/// NX is already set and the host result is a normal number; everything else
/// goes to an exact out-of-line path (the host FPU under MXCSR control on
/// x86-64, software for RMM and on other hosts).
public protocol HostFloatFormat: FloatFormat {
    /// The host type of the same format.
    associatedtype Host: BinaryFloatingPoint
    /// The host value of a bit pattern.
    static func host(_ a: Bits) -> Host
    /// The bit pattern of a host value.
    static func bits(_ x: Host) -> Bits
    /// The host FPU's exactly rounded `op` of `a`, `b`, `c` (operands an
    /// operation does not take are ignored) under `rm` (not RMM), with its flags;
    /// nil where the host cannot give the RISC-V result (software takes over).
    static func hostExact(_ op: HostFPUOperation, _ a: Bits, _ b: Bits, _ c: Bits, _ rm: RoundingMode,
                          _ flags: inout UInt32) -> Bits?
}

extension HostFloatFormat {
    @inlinable @inline(__always)
    static func isFinite(_ x: Bits) -> Bool { x & exponentMask != exponentMask }

    /// True when `r` is a normal number strictly above the smallest normal in magnitude
    /// (so it cannot have underflowed under after-rounding tininess) and finite.
    @inlinable @inline(__always)
    static func isSafeNormal(_ r: Bits) -> Bool {
        let aboveMinNormal: Bits = (fractionMask + 1) &+ 1
        return (r & ~signBit) &- aboveMinNormal < exponentMask &- aboveMinNormal
    }

    /// The fast path applies: round-to-nearest-even and NX already accrued.
    @inlinable @inline(__always)
    static func fastMode(_ rm: RoundingMode, _ flags: UInt32) -> Bool {
        rm == .rne && flags & FFlags.nx != 0
    }

    @inlinable @inline(__always)
    public static func add(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) {
            let r = bits(host(a) + host(b))
            // Tiny sums of finite values are exact, and an exact zero carries no flags.
            if isSafeNormal(r) || r << 1 == 0 { return r }
        }
        return exact(.add, a, b, 0, rm, &flags)
    }

    @inlinable @inline(__always)
    public static func sub(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) {
            let r = bits(host(a) - host(b))
            if isSafeNormal(r) || r << 1 == 0 { return r }
        }
        return exact(.sub, a, b, 0, rm, &flags)
    }

    @inlinable @inline(__always)
    public static func mul(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) {
            let r = bits(host(a) * host(b))
            if isSafeNormal(r) || a << 1 == 0 || b << 1 == 0 { return r }
        }
        return exact(.mul, a, b, 0, rm, &flags)
    }

    @inlinable @inline(__always)
    public static func div(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) {
            let r = bits(host(a) / host(b))
            if isSafeNormal(r) { return r }
        }
        return exact(.div, a, b, 0, rm, &flags)
    }

    @inlinable @inline(__always)
    public static func sqrt(_ a: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        // Positive finite inputs give normal (or zero) results: only NX can arise.
        if fastMode(rm, flags) && a < exponentMask {
            return bits(host(a).squareRoot())
        }
        return exact(.sqrt, a, 0, 0, rm, &flags)
    }

    @inlinable @inline(__always)
    public static func fma(_ a: Bits, _ b: Bits, _ c: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        if fastMode(rm, flags) && isFinite(a) && isFinite(b) && isFinite(c) {
            let r = bits(host(c).addingProduct(host(a), host(b)))
            if isSafeNormal(r) { return r }
        }
        return exact(.fma, a, b, c, rm, &flags)
    }

    /// The exact path: the host FPU where it gives the RISC-V result, else software.
    @inlinable @inline(never)
    static func exact(_ op: HostFPUOperation, _ a: Bits, _ b: Bits, _ c: Bits, _ rm: RoundingMode,
                      _ flags: inout UInt32) -> Bits {
        #if arch(x86_64)
        if op == .sqrt {
            // A square root is never exactly halfway between two floats, so RMM equals RNE.
            if let r = hostExact(op, a, b, c, rm == .rmm ? .rne : rm, &flags) { return r }
        } else if rm != .rmm {
            if op == .fma {
                let infTimesZero = (a & ~signBit == exponentMask && b << 1 == 0)
                    || (a << 1 == 0 && b & ~signBit == exponentMask)
                if infTimesZero { flags |= FFlags.nv }  // RISC-V: invalid even when c is a quiet NaN
            }
            if let r = hostExact(op, a, b, c, rm, &flags) { return r }
        }
        #endif
        switch op {
        case .add: return narrow(SoftFloat.add(wide(a), wide(b), soft, rm, &flags))
        case .sub: return narrow(SoftFloat.add(wide(a), wide(b ^ signBit), soft, rm, &flags))
        case .mul: return narrow(SoftFloat.mul(wide(a), wide(b), soft, rm, &flags))
        case .div: return narrow(SoftFloat.div(wide(a), wide(b), soft, rm, &flags))
        case .sqrt: return narrow(SoftFloat.sqrt(wide(a), soft, rm, &flags))
        case .fma: return narrow(SoftFloat.fma(wide(a), wide(b), wide(c), soft, rm, &flags))
        }
    }
}

// MARK: Comparisons on the host

extension HostFloatFormat {
    @inlinable @inline(__always)
    public static func min(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits {
        let x = host(a), y = host(b)
        if x < y { return a }
        if y < x { return b }
        if x == y { return a | b }  // equal values; for ±0 the negative one
        return minMaxNaN(a, b, &flags)
    }

    @inlinable @inline(__always)
    public static func max(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits {
        let x = host(a), y = host(b)
        if x > y { return a }
        if y > x { return b }
        if x == y { return a & b }  // equal values; for ±0 the positive one
        return minMaxNaN(a, b, &flags)
    }

    /// min/max when at least one operand is NaN.
    @inlinable
    static func minMaxNaN(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits {
        if isSNaN(a) || isSNaN(b) { flags |= FFlags.nv }
        if isNaN(a) { return isNaN(b) ? canonicalNaN : b }
        return a
    }

    @inlinable @inline(__always)
    public static func eq(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool {
        if host(a) == host(b) { return true }
        if isSNaN(a) || isSNaN(b) { flags |= FFlags.nv }
        return false
    }

    @inlinable @inline(__always)
    public static func lt(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool {
        let x = host(a), y = host(b)
        if x < y { return true }
        if x.isNaN || y.isNaN { flags |= FFlags.nv }
        return false
    }

    @inlinable @inline(__always)
    public static func le(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool {
        let x = host(a), y = host(b)
        if x <= y { return true }
        if x.isNaN || y.isNaN { flags |= FFlags.nv }
        return false
    }

    @inlinable @inline(__always)
    public static func classify(_ a: Bits) -> UInt64 {
        let negative = a & signBit != 0
        let exp = a & exponentMask, frac = a & fractionMask
        let bit: UInt64
        if exp == exponentMask {
            if frac == 0 { bit = negative ? 0 : 7 } else { bit = frac & quietBit != 0 ? 9 : 8 }
        } else if exp == 0 {
            if frac == 0 { bit = negative ? 3 : 4 } else { bit = negative ? 2 : 5 }
        } else {
            bit = negative ? 1 : 6
        }
        return 1 << bit
    }
}
