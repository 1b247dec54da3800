/// RISC-V binary16 (Zfh, Zfhmin) arithmetic on raw IEEE bit patterns, exact in
/// software (`SoftFloat` with the half-precision format) under all five rounding
/// modes; NaN results are the canonical NaN (0x7e00), flags are OR-ed into `flags`.
public enum F16 {
    /// The RISC-V canonical quiet NaN of binary16.
    public static let canonicalNaN: UInt16 = 0x7e00

    @inline(__always) static func wide(_ a: UInt16) -> UInt64 { UInt64(a) }
    @inline(__always) static func narrow(_ r: UInt64) -> UInt16 { UInt16(truncatingIfNeeded: r) }

    /// a + b.
    public static func add(_ a: UInt16, _ b: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.add(wide(a), wide(b), .f16, rm, &flags))
    }
    /// a − b.
    public static func sub(_ a: UInt16, _ b: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.add(wide(a), wide(b ^ 0x8000), .f16, rm, &flags))
    }
    /// a × b.
    public static func mul(_ a: UInt16, _ b: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.mul(wide(a), wide(b), .f16, rm, &flags))
    }
    /// a ÷ b.
    public static func div(_ a: UInt16, _ b: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.div(wide(a), wide(b), .f16, rm, &flags))
    }
    /// √a.
    public static func sqrt(_ a: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.sqrt(wide(a), .f16, rm, &flags))
    }
    /// a × b + c with a single rounding.
    public static func fma(_ a: UInt16, _ b: UInt16, _ c: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.fma(wide(a), wide(b), wide(c), .f16, rm, &flags))
    }

    /// fmin.h (minimumNumber).
    public static func min(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.minMax(wide(a), wide(b), .f16, maximum: false, propagateNaN: false, &flags))
    }
    /// fmax.h (maximumNumber).
    public static func max(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.minMax(wide(a), wide(b), .f16, maximum: true, propagateNaN: false, &flags))
    }
    /// fminm.h (Zfa, IEEE 754-2019 minimum: a NaN operand gives the canonical NaN).
    public static func minimum(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.minMax(wide(a), wide(b), .f16, maximum: false, propagateNaN: true, &flags))
    }
    /// fmaxm.h (Zfa, IEEE 754-2019 maximum).
    public static func maximum(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.minMax(wide(a), wide(b), .f16, maximum: true, propagateNaN: true, &flags))
    }

    /// feq.h.
    public static func eq(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> Bool {
        SoftFloat.equal(wide(a), wide(b), .f16, &flags)
    }
    /// flt.h (NV for any NaN).
    public static func lt(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(wide(a), wide(b), .f16, orEqual: false, quiet: false, &flags)
    }
    /// fle.h (NV for any NaN).
    public static func le(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(wide(a), wide(b), .f16, orEqual: true, quiet: false, &flags)
    }
    /// fltq.h (Zfa: NV only for a signalling NaN).
    public static func ltQuiet(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(wide(a), wide(b), .f16, orEqual: false, quiet: true, &flags)
    }
    /// fleq.h (Zfa).
    public static func leQuiet(_ a: UInt16, _ b: UInt16, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(wide(a), wide(b), .f16, orEqual: true, quiet: true, &flags)
    }
    /// fclass.h.
    public static func classify(_ a: UInt16) -> UInt64 { SoftFloat.classify(wide(a), .f16) }

    /// fround.h / froundnx.h (`exact`).
    public static func roundToIntegral(_ a: UInt16, _ rm: RoundingMode, exact: Bool, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.roundToIntegral(wide(a), .f16, rm, exact: exact, &flags))
    }
    /// fli.h: entry `index` of the Zfa constant table.
    public static func loadImmediate(_ index: Int) -> UInt16 { narrow(SoftFloat.loadImmediate(index, .f16)) }

    /// fcvt.w.h (saturating, NV; NX when inexact).
    public static func toInt32(_ a: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> Int32 {
        Int32(truncatingIfNeeded: SoftFloat.toInt(wide(a), .f16, rm, signed: true, bits: 32, &flags))
    }
    /// fcvt.wu.h.
    public static func toUInt32(_ a: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SoftFloat.toInt(wide(a), .f16, rm, signed: false, bits: 32, &flags))
    }
    /// fcvt.l.h.
    public static func toInt64(_ a: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> Int64 {
        Int64(bitPattern: SoftFloat.toInt(wide(a), .f16, rm, signed: true, bits: 64, &flags))
    }
    /// fcvt.lu.h.
    public static func toUInt64(_ a: UInt16, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.toInt(wide(a), .f16, rm, signed: false, bits: 64, &flags)
    }
    /// fcvt.h.w.
    public static func fromInt32(_ v: Int32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.fromInt(negative: v < 0, magnitude: UInt64(v.magnitude), .f16, rm, &flags))
    }
    /// fcvt.h.wu.
    public static func fromUInt32(_ v: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.fromInt(negative: false, magnitude: UInt64(v), .f16, rm, &flags))
    }
    /// fcvt.h.l.
    public static func fromInt64(_ v: Int64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.fromInt(negative: v < 0, magnitude: v.magnitude, .f16, rm, &flags))
    }
    /// fcvt.h.lu.
    public static func fromUInt64(_ v: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.fromInt(negative: false, magnitude: v, .f16, rm, &flags))
    }

    /// fcvt.s.h (exact): NaN → binary32 canonical NaN, NV on a signalling NaN.
    public static func toF32(_ a: UInt16, _ flags: inout UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SoftFloat.convert(wide(a), from: .f16, to: .f32, .rne, &flags))
    }
    /// fcvt.d.h (exact).
    public static func toF64(_ a: UInt16, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.convert(wide(a), from: .f16, to: .f64, .rne, &flags)
    }
    /// fcvt.h.s: rounds under `rm`.
    public static func fromF32(_ a: UInt32, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.convert(UInt64(a), from: .f32, to: .f16, rm, &flags))
    }
    /// fcvt.h.d: rounds under `rm`.
    public static func fromF64(_ a: UInt64, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt16 {
        narrow(SoftFloat.convert(a, from: .f64, to: .f16, rm, &flags))
    }
}

/// The Zfa operations of binary32 and binary64.
extension F32 {
    /// fminm.s.
    public static func minimum(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SoftFloat.minMax(UInt64(a), UInt64(b), .f32, maximum: false, propagateNaN: true, &flags))
    }
    /// fmaxm.s.
    public static func maximum(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SoftFloat.minMax(UInt64(a), UInt64(b), .f32, maximum: true, propagateNaN: true, &flags))
    }
    /// fltq.s.
    public static func ltQuiet(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(UInt64(a), UInt64(b), .f32, orEqual: false, quiet: true, &flags)
    }
    /// fleq.s.
    public static func leQuiet(_ a: UInt32, _ b: UInt32, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(UInt64(a), UInt64(b), .f32, orEqual: true, quiet: true, &flags)
    }
    /// fround.s / froundnx.s (`exact`).
    public static func roundToIntegral(_ a: UInt32, _ rm: RoundingMode, exact: Bool, _ flags: inout UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SoftFloat.roundToIntegral(UInt64(a), .f32, rm, exact: exact, &flags))
    }
    /// fli.s.
    public static func loadImmediate(_ index: Int) -> UInt32 { UInt32(truncatingIfNeeded: SoftFloat.loadImmediate(index, .f32)) }
}

extension F64 {
    /// fminm.d.
    public static func minimum(_ a: UInt64, _ b: UInt64, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.minMax(a, b, .f64, maximum: false, propagateNaN: true, &flags)
    }
    /// fmaxm.d.
    public static func maximum(_ a: UInt64, _ b: UInt64, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.minMax(a, b, .f64, maximum: true, propagateNaN: true, &flags)
    }
    /// fltq.d.
    public static func ltQuiet(_ a: UInt64, _ b: UInt64, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(a, b, .f64, orEqual: false, quiet: true, &flags)
    }
    /// fleq.d.
    public static func leQuiet(_ a: UInt64, _ b: UInt64, _ flags: inout UInt32) -> Bool {
        SoftFloat.less(a, b, .f64, orEqual: true, quiet: true, &flags)
    }
    /// fround.d / froundnx.d (`exact`).
    public static func roundToIntegral(_ a: UInt64, _ rm: RoundingMode, exact: Bool, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.roundToIntegral(a, .f64, rm, exact: exact, &flags)
    }
    /// fcvtmod.w.d: truncation modulo 2^32, sign-extended.
    public static func toInt32Modular(_ a: UInt64, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.toInt32Modular(a, .f64, &flags)
    }
    /// fli.d.
    public static func loadImmediate(_ index: Int) -> UInt64 { SoftFloat.loadImmediate(index, .f64) }
}

extension NaNBox {
    /// Boxes a binary16 pattern: the upper 48 bits become all ones.
    @inlinable @inline(__always)
    public static func box16(_ v: UInt16) -> UInt64 { 0xffff_ffff_ffff_0000 | UInt64(v) }

    /// Unboxes a binary16 register value: its low 16 bits when the upper 48 are all ones,
    /// otherwise the canonical NaN.
    @inlinable @inline(__always)
    public static func unbox16(_ r: UInt64) -> UInt16 {
        r >> 16 == 0xffff_ffff_ffff ? UInt16(truncatingIfNeeded: r) : 0x7e00
    }
}
