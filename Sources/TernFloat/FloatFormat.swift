/// One IEEE binary interchange format RISC-V computes in (binary16, binary32,
/// binary64), with its operations on raw bit patterns, so code that applies an
/// FP operation at any width (the F/D/Zfh handlers, vector element rows) is
/// written once, generic over the format.
///
/// Every NaN result is the format's canonical NaN; flags are OR-ed into `flags`
/// in fflags order. The default implementations below are exact in software
/// (`SoftFloat`); `HostFloatFormat` gives binary32 and binary64 host fast paths.
public protocol FloatFormat {
    /// The raw bit pattern (UInt16, UInt32, UInt64).
    associatedtype Bits: FixedWidthInteger & UnsignedInteger & Sendable
    /// The number of stored fraction bits (10, 23, 52).
    static var fractionBits: Int { get }

    /// a + b.
    static func add(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// a − b.
    static func sub(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// a × b.
    static func mul(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// a ÷ b.
    static func div(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// √a.
    static func sqrt(_ a: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// a × b + c with a single rounding (fmadd; callers flip signs for the other forms).
    static func fma(_ a: Bits, _ b: Bits, _ c: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// fmin (IEEE 754-2019 minimumNumber): −0 < +0, a single NaN yields the other
    /// operand, two NaNs the canonical NaN; NV only for a signalling NaN.
    static func min(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits
    /// fmax (maximumNumber); see `min`.
    static func max(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits
    /// feq (quiet): NV only for a signalling NaN.
    static func eq(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool
    /// flt (signalling): NV for any NaN operand.
    static func lt(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool
    /// fle (signalling): NV for any NaN operand.
    static func le(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool
    /// fclass: one-hot 10-bit mask (0 −∞, 1 −normal, 2 −subnormal, 3 −0, 4 +0,
    /// 5 +subnormal, 6 +normal, 7 +∞, 8 signalling NaN, 9 quiet NaN).
    static func classify(_ a: Bits) -> UInt64

    /// fcvt.w.*: saturating (NaN and overflow → Int32.max, −overflow → Int32.min) with NV; NX when inexact.
    static func toInt32(_ a: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Int32
    /// fcvt.wu.*: NaN and +overflow → UInt32.max, negative (unless it rounds to 0) → 0, with NV.
    static func toUInt32(_ a: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32
    /// fcvt.l.*: saturating as `toInt32`.
    static func toInt64(_ a: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Int64
    /// fcvt.lu.*: saturating as `toUInt32`.
    static func toUInt64(_ a: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64
    /// fcvt.*.w: rounds under `rm`, NX when inexact.
    static func fromInt32(_ v: Int32, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// fcvt.*.wu.
    static func fromUInt32(_ v: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// fcvt.*.l.
    static func fromInt64(_ v: Int64, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
    /// fcvt.*.lu.
    static func fromUInt64(_ v: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits
}

// MARK: NaN-boxing in the 64-bit FP registers

extension FloatFormat {
    /// A value as an FP register holds it: narrower formats NaN-boxed (upper bits all ones).
    @inlinable @inline(__always)
    public static func boxed(_ v: Bits) -> UInt64 {
        Bits.bitWidth == 64 ? UInt64(v) : ~0 << UInt64(Bits.bitWidth) | UInt64(v)
    }

    /// The value of an FP register: the low bits when properly NaN-boxed, otherwise
    /// the canonical NaN.
    @inlinable @inline(__always)
    public static func unboxed(_ r: UInt64) -> Bits {
        if Bits.bitWidth == 64 { return Bits(truncatingIfNeeded: r) }
        return r >> UInt64(Bits.bitWidth) == ~0 >> UInt64(Bits.bitWidth) ? Bits(truncatingIfNeeded: r) : canonicalNaN
    }
}

extension FloatFormat {
    /// The sign bit.
    @inlinable @inline(__always) public static var signBit: Bits { 1 << (Bits.bitWidth - 1) }
    /// The exponent field (all ones: infinities and NaNs).
    @inlinable @inline(__always) public static var exponentMask: Bits { ~signBit & ~fractionMask }
    /// The fraction field.
    @inlinable @inline(__always) public static var fractionMask: Bits { (1 << fractionBits) - 1 }
    /// The fraction's top bit: set in quiet NaNs.
    @inlinable @inline(__always) public static var quietBit: Bits { 1 << (fractionBits - 1) }
    /// The RISC-V canonical quiet NaN.
    @inlinable @inline(__always) public static var canonicalNaN: Bits { exponentMask | quietBit }

    /// True for any NaN.
    @inlinable @inline(__always)
    public static func isNaN(_ a: Bits) -> Bool { a & ~signBit > exponentMask }
    /// True for a signalling NaN.
    @inlinable @inline(__always)
    public static func isSNaN(_ a: Bits) -> Bool { isNaN(a) && a & quietBit == 0 }

    /// The software description of this format.
    @inlinable @inline(__always)
    static var soft: FPFormat { FPFormat(fracBits: fractionBits, expBits: Bits.bitWidth - 1 - fractionBits) }
    @inlinable @inline(__always) static func wide(_ a: Bits) -> UInt64 { UInt64(a) }
    @inlinable @inline(__always) static func narrow(_ r: UInt64) -> Bits { Bits(truncatingIfNeeded: r) }
}

// MARK: Exact software implementations (binary16 uses them all)

extension FloatFormat {
    @inlinable
    public static func add(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.add(wide(a), wide(b), soft, rm, &flags))
    }
    @inlinable
    public static func sub(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.add(wide(a), wide(b ^ signBit), soft, rm, &flags))
    }
    @inlinable
    public static func mul(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.mul(wide(a), wide(b), soft, rm, &flags))
    }
    @inlinable
    public static func div(_ a: Bits, _ b: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.div(wide(a), wide(b), soft, rm, &flags))
    }
    @inlinable
    public static func sqrt(_ a: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.sqrt(wide(a), soft, rm, &flags))
    }
    @inlinable
    public static func fma(_ a: Bits, _ b: Bits, _ c: Bits, _ rm: RoundingMode, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.fma(wide(a), wide(b), wide(c), soft, rm, &flags))
    }
    @inlinable
    public static func min(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.minMax(wide(a), wide(b), soft, maximum: false, propagateNaN: false, &flags))
    }
    @inlinable
    public static func max(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.minMax(wide(a), wide(b), soft, maximum: true, propagateNaN: false, &flags))
    }
    @inlinable
    public static func eq(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool {
        SoftFloat.equal(wide(a), wide(b), soft, &flags)
    }
    @inlinable
    public static func lt(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(wide(a), wide(b), soft, orEqual: false, quiet: false, &flags)
    }
    @inlinable
    public static func le(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(wide(a), wide(b), soft, orEqual: true, quiet: false, &flags)
    }
    @inlinable
    public static func classify(_ a: Bits) -> UInt64 { SoftFloat.classify(wide(a), soft) }
}

// MARK: Zfa operations (every format)

extension FloatFormat {
    /// fminm (Zfa, IEEE 754-2019 minimum: a NaN operand gives the canonical NaN).
    @inlinable
    public static func minimum(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.minMax(wide(a), wide(b), soft, maximum: false, propagateNaN: true, &flags))
    }
    /// fmaxm (Zfa, IEEE 754-2019 maximum).
    @inlinable
    public static func maximum(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.minMax(wide(a), wide(b), soft, maximum: true, propagateNaN: true, &flags))
    }
    /// fltq (Zfa: NV only for a signalling NaN).
    @inlinable
    public static func ltQuiet(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(wide(a), wide(b), soft, orEqual: false, quiet: true, &flags)
    }
    /// fleq (Zfa).
    @inlinable
    public static func leQuiet(_ a: Bits, _ b: Bits, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(wide(a), wide(b), soft, orEqual: true, quiet: true, &flags)
    }
    /// fround / froundnx (`exact`).
    @inlinable
    public static func roundToIntegral(_ a: Bits, _ rm: RoundingMode, exact: Bool, _ flags: inout UInt32) -> Bits {
        narrow(SoftFloat.roundToIntegral(wide(a), soft, rm, exact: exact, &flags))
    }
    /// fli: entry `index` of the Zfa constant table.
    @inlinable
    public static func loadImmediate(_ index: Int) -> Bits { narrow(SoftFloat.loadImmediate(index, soft)) }
}
