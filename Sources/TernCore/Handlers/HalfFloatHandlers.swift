import CoreGlue
import CoreGlue.ThreadedGlue
import TernFloat

// Zfhmin, Zfh (half precision, NaN-boxed in the 64-bit FP registers) and Zfa.
// Semantics live in TernFloat; these handlers move operands, resolve the
// rounding mode (`rounding`, FloatHandlers.swift) and box results.

@inline(__always) private func h1(_ h: HartPtr, _ r: UInt8) -> UInt16 { NaNBox.unbox16(h.f(r)) }
@inline(__always) private func s1(_ h: HartPtr, _ r: UInt8) -> UInt32 { NaNBox.unbox(h.f(r)) }
@inline(__always) private func setH(_ h: HartPtr, _ rd: UInt8, _ v: UInt16) { h.setF(rd, NaNBox.box16(v)) }
private let sign16: UInt16 = 0x8000

@inline(__always) private func arith16(_ op: OpPtr, _ h: HartPtr,
    _ f: (UInt16, UInt16, RoundingMode, inout UInt32) -> UInt16) {
    let rm = rounding(op, h)
    setH(h, op.rd, f(h1(h, op.rs1), h1(h, op.rs2), rm, &h.pointee.fflags))
}
@inline(__always) private func fused16(_ op: OpPtr, _ h: HartPtr, negateProduct: Bool, negateAddend: Bool) {
    let rm = rounding(op, h)
    let a = h1(h, op.rs1) ^ (negateProduct ? sign16 : 0)
    let c = h1(h, op.rs3) ^ (negateAddend ? sign16 : 0)
    setH(h, op.rd, F16.fma(a, h1(h, op.rs2), c, rm, &h.pointee.fflags))
}
@inline(__always) private func sign16op(_ op: OpPtr, _ h: HartPtr, _ f: (UInt16, UInt16) -> UInt16) {
    setH(h, op.rd, f(h1(h, op.rs1), h1(h, op.rs2)))
}
@inline(__always) private func compare16(_ op: OpPtr, _ h: HartPtr, _ f: (UInt16, UInt16, inout UInt32) -> Bool) {
    h.setX(op.rd, f(h1(h, op.rs1), h1(h, op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@inline(__always) private func sx32(_ v: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: v))) }

// MARK: Zfhmin

@inline(__always) @_silgen_name("tern_exec_flh") func exec_flh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, NaNBox.box16(guestLoad(op, h, m, UInt16.self)))
}
@inline(__always) @_silgen_name("tern_exec_fsh") func exec_fsh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    guestStore(op, h, m, UInt16(truncatingIfNeeded: h.f(op.rs2)))
}
@_silgen_name("tern_exec_fmv_x_h") func exec_fmv_x_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: h.f(op.rs1)))))
}
@_silgen_name("tern_exec_fmv_h_x") func exec_fmv_h_x(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    setH(h, op.rd, UInt16(truncatingIfNeeded: h.x(op.rs1)))
}
@_silgen_name("tern_exec_fcvt_s_h") func exec_fcvt_s_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    _ = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F16.toF32(h1(h, op.rs1), &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_h_s") func exec_fcvt_h_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.fromF32(s1(h, op.rs1), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_d_h") func exec_fcvt_d_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    _ = rounding(op, h)
    h.setF(op.rd, F16.toF64(h1(h, op.rs1), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_h_d") func exec_fcvt_h_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.fromF64(h.f(op.rs1), rm, &h.pointee.fflags))
}

// MARK: Zfh

@_silgen_name("tern_exec_fadd_h") func exec_fadd_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith16(op, h, F16.add) }
@_silgen_name("tern_exec_fsub_h") func exec_fsub_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith16(op, h, F16.sub) }
@_silgen_name("tern_exec_fmul_h") func exec_fmul_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith16(op, h, F16.mul) }
@_silgen_name("tern_exec_fdiv_h") func exec_fdiv_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith16(op, h, F16.div) }
@_silgen_name("tern_exec_fsqrt_h") func exec_fsqrt_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.sqrt(h1(h, op.rs1), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fmadd_h") func exec_fmadd_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused16(op, h, negateProduct: false, negateAddend: false) }
@_silgen_name("tern_exec_fmsub_h") func exec_fmsub_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused16(op, h, negateProduct: false, negateAddend: true) }
@_silgen_name("tern_exec_fnmsub_h") func exec_fnmsub_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused16(op, h, negateProduct: true, negateAddend: false) }
@_silgen_name("tern_exec_fnmadd_h") func exec_fnmadd_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused16(op, h, negateProduct: true, negateAddend: true) }
@_silgen_name("tern_exec_fsgnj_h") func exec_fsgnj_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign16op(op, h) { $0 & ~sign16 | $1 & sign16 } }
@_silgen_name("tern_exec_fsgnjn_h") func exec_fsgnjn_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign16op(op, h) { $0 & ~sign16 | ~$1 & sign16 } }
@_silgen_name("tern_exec_fsgnjx_h") func exec_fsgnjx_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign16op(op, h) { $0 ^ ($1 & sign16) } }
@_silgen_name("tern_exec_fmin_h") func exec_fmin_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    setH(h, op.rd, F16.min(h1(h, op.rs1), h1(h, op.rs2), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fmax_h") func exec_fmax_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    setH(h, op.rd, F16.max(h1(h, op.rs1), h1(h, op.rs2), &h.pointee.fflags))
}
@_silgen_name("tern_exec_feq_h") func exec_feq_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { compare16(op, h, F16.eq) }
@_silgen_name("tern_exec_flt_h") func exec_flt_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { compare16(op, h, F16.lt) }
@_silgen_name("tern_exec_fle_h") func exec_fle_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { compare16(op, h, F16.le) }
@_silgen_name("tern_exec_fclass_h") func exec_fclass_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, F16.classify(h1(h, op.rs1))) }
@_silgen_name("tern_exec_fcvt_w_h") func exec_fcvt_w_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, UInt64(bitPattern: Int64(F16.toInt32(h1(h, op.rs1), rm, &h.pointee.fflags))))
}
@_silgen_name("tern_exec_fcvt_wu_h") func exec_fcvt_wu_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, sx32(F16.toUInt32(h1(h, op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_l_h") func exec_fcvt_l_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, UInt64(bitPattern: F16.toInt64(h1(h, op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_lu_h") func exec_fcvt_lu_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, F16.toUInt64(h1(h, op.rs1), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_h_w") func exec_fcvt_h_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.fromInt32(Int32(truncatingIfNeeded: h.x(op.rs1)), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_h_wu") func exec_fcvt_h_wu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.fromUInt32(UInt32(truncatingIfNeeded: h.x(op.rs1)), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_h_l") func exec_fcvt_h_l(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.fromInt64(Int64(bitPattern: h.x(op.rs1)), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_h_lu") func exec_fcvt_h_lu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.fromUInt64(h.x(op.rs1), rm, &h.pointee.fflags))
}

// MARK: Zfa

// fli: the table index is the rs1 field.
@_silgen_name("tern_exec_fli_s") func exec_fli_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, NaNBox.box(F32.loadImmediate(Int(op.rs1))))
}
@_silgen_name("tern_exec_fli_d") func exec_fli_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setF(op.rd, F64.loadImmediate(Int(op.rs1))) }
@_silgen_name("tern_exec_fli_h") func exec_fli_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { setH(h, op.rd, F16.loadImmediate(Int(op.rs1))) }
@_silgen_name("tern_exec_fminm_s") func exec_fminm_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, NaNBox.box(F32.minimum(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fmaxm_s") func exec_fmaxm_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, NaNBox.box(F32.maximum(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fminm_d") func exec_fminm_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, F64.minimum(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fmaxm_d") func exec_fmaxm_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, F64.maximum(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fminm_h") func exec_fminm_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    setH(h, op.rd, F16.minimum(h1(h, op.rs1), h1(h, op.rs2), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fmaxm_h") func exec_fmaxm_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    setH(h, op.rd, F16.maximum(h1(h, op.rs1), h1(h, op.rs2), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fround_s") func exec_fround_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F32.roundToIntegral(s1(h, op.rs1), rm, exact: false, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_froundnx_s") func exec_froundnx_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F32.roundToIntegral(s1(h, op.rs1), rm, exact: true, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fround_d") func exec_fround_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, F64.roundToIntegral(h.f(op.rs1), rm, exact: false, &h.pointee.fflags))
}
@_silgen_name("tern_exec_froundnx_d") func exec_froundnx_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, F64.roundToIntegral(h.f(op.rs1), rm, exact: true, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fround_h") func exec_fround_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.roundToIntegral(h1(h, op.rs1), rm, exact: false, &h.pointee.fflags))
}
@_silgen_name("tern_exec_froundnx_h") func exec_froundnx_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    setH(h, op.rd, F16.roundToIntegral(h1(h, op.rs1), rm, exact: true, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvtmod_w_d") func exec_fcvtmod_w_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F64.toInt32Modular(h.f(op.rs1), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fleq_s") func exec_fleq_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F32.leQuiet(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_fltq_s") func exec_fltq_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F32.ltQuiet(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_fleq_d") func exec_fleq_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F64.leQuiet(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_fltq_d") func exec_fltq_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F64.ltQuiet(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_fleq_h") func exec_fleq_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { compare16(op, h, F16.leQuiet) }
@_silgen_name("tern_exec_fltq_h") func exec_fltq_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { compare16(op, h, F16.ltQuiet) }

/// This file's tail-call stubs (see floatHandlerGroup).
let halfFloatHandlerGroup = HandlerGroup(handlers: tern_handlers_HalfFloat, names: tern_names_HalfFloat)
