import CoreGlue
import CoreGlue.ThreadedGlue
import TernFloat

// Zfhmin, Zfh (half precision, NaN-boxed in the 64-bit FP registers) and Zfa:
// one line per instruction over the format-generic shapes of FloatShapes.swift.

// MARK: Zfhmin

@inline(__always) @_silgen_name("tern_exec_flh") func exec_flh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, guestLoad(op, h, m, UInt16.self), as: F16.self)
}
@inline(__always) @_silgen_name("tern_exec_fsh") func exec_fsh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    guestStore(op, h, m, UInt16(truncatingIfNeeded: h.f(op.rs2)))
}
@_silgen_name("tern_exec_fmv_x_h") func exec_fmv_x_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: h.f(op.rs1)))))
}
@_silgen_name("tern_exec_fmv_h_x") func exec_fmv_h_x(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, UInt16(truncatingIfNeeded: h.x(op.rs1)), as: F16.self)
}
@_silgen_name("tern_exec_fcvt_s_h") func exec_fcvt_s_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpWiden(op, h, F16.self, F32.self, F16.toF32) }
@_silgen_name("tern_exec_fcvt_h_s") func exec_fcvt_h_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpConvert(op, h, F32.self, F16.self, F16.fromF32) }
@_silgen_name("tern_exec_fcvt_d_h") func exec_fcvt_d_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpWiden(op, h, F16.self, F64.self, F16.toF64) }
@_silgen_name("tern_exec_fcvt_h_d") func exec_fcvt_h_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpConvert(op, h, F64.self, F16.self, F16.fromF64) }

// MARK: Zfh

@_silgen_name("tern_exec_fadd_h") func exec_fadd_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F16.self, F16.add) }
@_silgen_name("tern_exec_fsub_h") func exec_fsub_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F16.self, F16.sub) }
@_silgen_name("tern_exec_fmul_h") func exec_fmul_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F16.self, F16.mul) }
@_silgen_name("tern_exec_fdiv_h") func exec_fdiv_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F16.self, F16.div) }
@_silgen_name("tern_exec_fsqrt_h") func exec_fsqrt_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F16.self, F16.sqrt) }
@_silgen_name("tern_exec_fmin_h") func exec_fmin_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F16.self, F16.min) }
@_silgen_name("tern_exec_fmax_h") func exec_fmax_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F16.self, F16.max) }
@_silgen_name("tern_exec_fmadd_h") func exec_fmadd_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F16.self, negateProduct: false, negateAddend: false) }
@_silgen_name("tern_exec_fmsub_h") func exec_fmsub_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F16.self, negateProduct: false, negateAddend: true) }
@_silgen_name("tern_exec_fnmsub_h") func exec_fnmsub_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F16.self, negateProduct: true, negateAddend: false) }
@_silgen_name("tern_exec_fnmadd_h") func exec_fnmadd_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F16.self, negateProduct: true, negateAddend: true) }
@_silgen_name("tern_exec_fsgnj_h") func exec_fsgnj_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F16.self) }
@_silgen_name("tern_exec_fsgnjn_h") func exec_fsgnjn_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F16.self, negate: true) }
@_silgen_name("tern_exec_fsgnjx_h") func exec_fsgnjx_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F16.self, xor: true) }
@_silgen_name("tern_exec_feq_h") func exec_feq_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F16.self, F16.eq) }
@_silgen_name("tern_exec_flt_h") func exec_flt_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F16.self, F16.lt) }
@_silgen_name("tern_exec_fle_h") func exec_fle_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F16.self, F16.le) }
@_silgen_name("tern_exec_fclass_h") func exec_fclass_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpClassify(op, h, F16.self) }
@_silgen_name("tern_exec_fcvt_w_h") func exec_fcvt_w_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F16.self, F16.toInt32) }
@_silgen_name("tern_exec_fcvt_wu_h") func exec_fcvt_wu_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F16.self, F16.toUInt32) }
@_silgen_name("tern_exec_fcvt_l_h") func exec_fcvt_l_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F16.self, F16.toInt64) }
@_silgen_name("tern_exec_fcvt_lu_h") func exec_fcvt_lu_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F16.self, F16.toUInt64) }
@_silgen_name("tern_exec_fcvt_h_w") func exec_fcvt_h_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F16.self, F16.fromInt32) }
@_silgen_name("tern_exec_fcvt_h_wu") func exec_fcvt_h_wu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F16.self, F16.fromUInt32) }
@_silgen_name("tern_exec_fcvt_h_l") func exec_fcvt_h_l(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F16.self, F16.fromInt64) }
@_silgen_name("tern_exec_fcvt_h_lu") func exec_fcvt_h_lu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F16.self, F16.fromUInt64) }

// MARK: Zfa

@_silgen_name("tern_exec_fli_s") func exec_fli_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpLoadImmediate(op, h, F32.self) }
@_silgen_name("tern_exec_fminm_s") func exec_fminm_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F32.self, F32.minimum) }
@_silgen_name("tern_exec_fmaxm_s") func exec_fmaxm_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F32.self, F32.maximum) }
@_silgen_name("tern_exec_fround_s") func exec_fround_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F32.self) { F32.roundToIntegral($0, $1, exact: false, &$2) } }
@_silgen_name("tern_exec_froundnx_s") func exec_froundnx_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F32.self) { F32.roundToIntegral($0, $1, exact: true, &$2) } }
@_silgen_name("tern_exec_fleq_s") func exec_fleq_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F32.self, F32.leQuiet) }
@_silgen_name("tern_exec_fltq_s") func exec_fltq_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F32.self, F32.ltQuiet) }
@_silgen_name("tern_exec_fli_d") func exec_fli_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpLoadImmediate(op, h, F64.self) }
@_silgen_name("tern_exec_fminm_d") func exec_fminm_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F64.self, F64.minimum) }
@_silgen_name("tern_exec_fmaxm_d") func exec_fmaxm_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F64.self, F64.maximum) }
@_silgen_name("tern_exec_fround_d") func exec_fround_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F64.self) { F64.roundToIntegral($0, $1, exact: false, &$2) } }
@_silgen_name("tern_exec_froundnx_d") func exec_froundnx_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F64.self) { F64.roundToIntegral($0, $1, exact: true, &$2) } }
@_silgen_name("tern_exec_fleq_d") func exec_fleq_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F64.self, F64.leQuiet) }
@_silgen_name("tern_exec_fltq_d") func exec_fltq_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F64.self, F64.ltQuiet) }
@_silgen_name("tern_exec_fli_h") func exec_fli_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpLoadImmediate(op, h, F16.self) }
@_silgen_name("tern_exec_fminm_h") func exec_fminm_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F16.self, F16.minimum) }
@_silgen_name("tern_exec_fmaxm_h") func exec_fmaxm_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F16.self, F16.maximum) }
@_silgen_name("tern_exec_fround_h") func exec_fround_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F16.self) { F16.roundToIntegral($0, $1, exact: false, &$2) } }
@_silgen_name("tern_exec_froundnx_h") func exec_froundnx_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F16.self) { F16.roundToIntegral($0, $1, exact: true, &$2) } }
@_silgen_name("tern_exec_fleq_h") func exec_fleq_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F16.self, F16.leQuiet) }
@_silgen_name("tern_exec_fltq_h") func exec_fltq_h(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F16.self, F16.ltQuiet) }
@_silgen_name("tern_exec_fcvtmod_w_d") func exec_fcvtmod_w_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, F64.toInt32Modular(h.f(op.rs1), &h.pointee.fflags)) }

/// This file's tail-call stubs (see floatHandlerGroup).
let halfFloatHandlerGroup = HandlerGroup(handlers: tern_handlers_HalfFloat, names: tern_names_HalfFloat)
