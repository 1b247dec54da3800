import CoreGlue
import TernFloat

// The shapes of the scalar FP handlers (F, D, Zfh, Zfa), generic over the
// format: operands are read NaN-boxed from the FP registers, the rounding mode
// is resolved (aux: 0-4 static, 7 dynamic = frm; anything else is an illegal
// instruction), results are boxed. Semantics live in TernFloat.

@inline(__always)
func rounding(_ op: OpPtr, _ h: HartPtr) -> RoundingMode {
    var r = op.pointee.aux & 0xffff
    if r == 7 { r = h.pointee.frm }
    if _slowPath(r > 4) { trap(op, h, TernExitIllegal, op.pointee.pc) }
    return RoundingMode(rawValue: UInt8(truncatingIfNeeded: r))!
}

extension UnsafeMutablePointer where Pointee == TernHart {
    /// FP register `r` as a value of format `F` (unboxed).
    @inline(__always) func f<F: FloatFormat>(_ r: UInt8, as _: F.Type) -> F.Bits { F.unboxed(f(r)) }
    /// Writes `v` of format `F` to FP register `rd`, NaN-boxed.
    @inline(__always) func setF<F: FloatFormat>(_ rd: UInt8, _ v: F.Bits, as _: F.Type) { setF(rd, F.boxed(v)) }
}

/// An integer result as RISC-V writes it to an x register: 32-bit results sign-extended.
@inline(__always) func signExtendedResult<T: FixedWidthInteger>(_ v: T) -> UInt64 {
    T.bitWidth == 32 ? UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: v))) : UInt64(truncatingIfNeeded: v)
}

/// fd = f(fs1, fs2) under the resolved rounding mode (fadd, fsub, fmul, fdiv).
@inline(__always) func fpArith<F: FloatFormat>(_ op: OpPtr, _ h: HartPtr, _: F.Type,
    _ f: (F.Bits, F.Bits, RoundingMode, inout UInt32) -> F.Bits) {
    let rm = rounding(op, h)
    h.setF(op.rd, f(h.f(op.rs1, as: F.self), h.f(op.rs2, as: F.self), rm, &h.pointee.fflags), as: F.self)
}

/// fd = f(fs1) under the resolved rounding mode (fsqrt, fround, froundnx).
@inline(__always) func fpUnary<F: FloatFormat>(_ op: OpPtr, _ h: HartPtr, _: F.Type,
    _ f: (F.Bits, RoundingMode, inout UInt32) -> F.Bits) {
    let rm = rounding(op, h)
    h.setF(op.rd, f(h.f(op.rs1, as: F.self), rm, &h.pointee.fflags), as: F.self)
}

/// fd = ±(fs1 × fs2) ± fs3 with one rounding (fmadd, fmsub, fnmsub, fnmadd).
@inline(__always) func fpFused<F: FloatFormat>(_ op: OpPtr, _ h: HartPtr, _: F.Type,
    negateProduct: Bool, negateAddend: Bool) {
    let rm = rounding(op, h)
    let a = h.f(op.rs1, as: F.self) ^ (negateProduct ? F.signBit : 0)
    let c = h.f(op.rs3, as: F.self) ^ (negateAddend ? F.signBit : 0)
    h.setF(op.rd, F.fma(a, h.f(op.rs2, as: F.self), c, rm, &h.pointee.fflags), as: F.self)
}

/// fd = f(fs1, fs2) without rounding (fmin, fmax, fminm, fmaxm).
@inline(__always) func fpSelect<F: FloatFormat>(_ op: OpPtr, _ h: HartPtr, _: F.Type,
    _ f: (F.Bits, F.Bits, inout UInt32) -> F.Bits) {
    h.setF(op.rd, f(h.f(op.rs1, as: F.self), h.f(op.rs2, as: F.self), &h.pointee.fflags), as: F.self)
}

/// Sign injection: fs1's magnitude with a sign from fs1 and fs2 (`negate`: fsgnjn, `xor`: fsgnjx).
@inline(__always) func fpSignInject<F: FloatFormat>(_ op: OpPtr, _ h: HartPtr, _: F.Type,
    negate: Bool = false, xor: Bool = false) {
    let a = h.f(op.rs1, as: F.self), b = h.f(op.rs2, as: F.self)
    let sign = xor ? (a ^ b) & F.signBit : (negate ? ~b : b) & F.signBit
    h.setF(op.rd, a & ~F.signBit | sign, as: F.self)
}

/// rd = f(fs1, fs2) ? 1 : 0 (feq, flt, fle, fltq, fleq).
@inline(__always) func fpCompare<F: FloatFormat>(_ op: OpPtr, _ h: HartPtr, _: F.Type,
    _ f: (F.Bits, F.Bits, inout UInt32) -> Bool) {
    h.setX(op.rd, f(h.f(op.rs1, as: F.self), h.f(op.rs2, as: F.self), &h.pointee.fflags) ? 1 : 0)
}

/// rd = fclass(fs1).
@inline(__always) func fpClassify<F: FloatFormat>(_ op: OpPtr, _ h: HartPtr, _: F.Type) {
    h.setX(op.rd, F.classify(h.f(op.rs1, as: F.self)))
}

/// rd = integer conversion of fs1 under the resolved rounding mode (fcvt.{w,wu,l,lu}.*).
@inline(__always) func fpToInteger<F: FloatFormat, I: FixedWidthInteger>(_ op: OpPtr, _ h: HartPtr, _: F.Type,
    _ f: (F.Bits, RoundingMode, inout UInt32) -> I) {
    let rm = rounding(op, h)
    h.setX(op.rd, signExtendedResult(f(h.f(op.rs1, as: F.self), rm, &h.pointee.fflags)))
}

/// fd = conversion of the low bits of rs1 as `I` (fcvt.*.{w,wu,l,lu}).
@inline(__always) func fpFromInteger<F: FloatFormat, I: FixedWidthInteger>(_ op: OpPtr, _ h: HartPtr, _: F.Type,
    _ f: (I, RoundingMode, inout UInt32) -> F.Bits) {
    let rm = rounding(op, h)
    h.setF(op.rd, f(I(truncatingIfNeeded: h.x(op.rs1)), rm, &h.pointee.fflags), as: F.self)
}

/// fd (format `To`) = fs1 (format `From`) converted, rounded under the resolved mode.
@inline(__always) func fpConvert<From: FloatFormat, To: FloatFormat>(_ op: OpPtr, _ h: HartPtr,
    _: From.Type, _: To.Type, _ f: (From.Bits, RoundingMode, inout UInt32) -> To.Bits) {
    let rm = rounding(op, h)
    h.setF(op.rd, f(h.f(op.rs1, as: From.self), rm, &h.pointee.fflags), as: To.self)
}

/// fd (format `To`) = fs1 (format `From`) widened exactly; the rounding field is still checked.
@inline(__always) func fpWiden<From: FloatFormat, To: FloatFormat>(_ op: OpPtr, _ h: HartPtr,
    _: From.Type, _: To.Type, _ f: (From.Bits, inout UInt32) -> To.Bits) {
    _ = rounding(op, h)
    h.setF(op.rd, f(h.f(op.rs1, as: From.self), &h.pointee.fflags), as: To.self)
}

/// fli: the Zfa constant whose table index is the rs1 field.
@inline(__always) func fpLoadImmediate<F: FloatFormat>(_ op: OpPtr, _ h: HartPtr, _: F.Type) {
    h.setF(op.rd, F.loadImmediate(Int(op.rs1)), as: F.self)
}
