/// RISC-V binary16 (Zfh, Zfhmin) arithmetic on raw IEEE bit patterns, exact in
/// software (the `FloatFormat` defaults) under all five rounding modes; NaN results
/// are the canonical NaN (0x7e00), flags are OR-ed into `flags`.
public enum F16: FloatFormat {
    public typealias Bits = UInt16
    @inlinable public static var fractionBits: Int { 10 }

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

extension F64 {
    /// fcvtmod.w.d: truncation modulo 2^32, sign-extended.
    public static func toInt32Modular(_ a: UInt64, _ flags: inout UInt32) -> UInt64 {
        SoftFloat.toInt32Modular(a, .f64, &flags)
    }
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
