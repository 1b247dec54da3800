import CoreGlue
import CoreGlue.ThreadedGlue
import TernFloat

// F and D: one line per instruction over the format-generic shapes of
// FloatShapes.swift; semantics live in TernFloat (bit-exact IEEE 754 with
// RISC-V NaN and flag rules).

// MARK: Single precision

@_silgen_name("tern_exec_fadd_s") func exec_fadd_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F32.self, F32.add) }
@_silgen_name("tern_exec_fsub_s") func exec_fsub_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F32.self, F32.sub) }
@_silgen_name("tern_exec_fmul_s") func exec_fmul_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F32.self, F32.mul) }
@_silgen_name("tern_exec_fdiv_s") func exec_fdiv_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F32.self, F32.div) }
@_silgen_name("tern_exec_fsqrt_s") func exec_fsqrt_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F32.self, F32.sqrt) }
@_silgen_name("tern_exec_fmin_s") func exec_fmin_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F32.self, F32.min) }
@_silgen_name("tern_exec_fmax_s") func exec_fmax_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F32.self, F32.max) }
@_silgen_name("tern_exec_fmadd_s") func exec_fmadd_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F32.self, negateProduct: false, negateAddend: false) }
@_silgen_name("tern_exec_fmsub_s") func exec_fmsub_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F32.self, negateProduct: false, negateAddend: true) }
@_silgen_name("tern_exec_fnmsub_s") func exec_fnmsub_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F32.self, negateProduct: true, negateAddend: false) }
@_silgen_name("tern_exec_fnmadd_s") func exec_fnmadd_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F32.self, negateProduct: true, negateAddend: true) }
@_silgen_name("tern_exec_fsgnj_s") func exec_fsgnj_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F32.self) }
@_silgen_name("tern_exec_fsgnjn_s") func exec_fsgnjn_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F32.self, negate: true) }
@_silgen_name("tern_exec_fsgnjx_s") func exec_fsgnjx_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F32.self, xor: true) }
@_silgen_name("tern_exec_feq_s") func exec_feq_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F32.self, F32.eq) }
@_silgen_name("tern_exec_flt_s") func exec_flt_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F32.self, F32.lt) }
@_silgen_name("tern_exec_fle_s") func exec_fle_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F32.self, F32.le) }
@_silgen_name("tern_exec_fclass_s") func exec_fclass_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpClassify(op, h, F32.self) }
@_silgen_name("tern_exec_fcvt_w_s") func exec_fcvt_w_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F32.self, F32.toInt32) }
@_silgen_name("tern_exec_fcvt_wu_s") func exec_fcvt_wu_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F32.self, F32.toUInt32) }
@_silgen_name("tern_exec_fcvt_l_s") func exec_fcvt_l_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F32.self, F32.toInt64) }
@_silgen_name("tern_exec_fcvt_lu_s") func exec_fcvt_lu_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F32.self, F32.toUInt64) }
@_silgen_name("tern_exec_fcvt_s_w") func exec_fcvt_s_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F32.self, F32.fromInt32) }
@_silgen_name("tern_exec_fcvt_s_wu") func exec_fcvt_s_wu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F32.self, F32.fromUInt32) }
@_silgen_name("tern_exec_fcvt_s_l") func exec_fcvt_s_l(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F32.self, F32.fromInt64) }
@_silgen_name("tern_exec_fcvt_s_lu") func exec_fcvt_s_lu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F32.self, F32.fromUInt64) }
@_silgen_name("tern_exec_fmv_x_w") func exec_fmv_x_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, signExtendedResult(UInt32(truncatingIfNeeded: h.f(op.rs1))))
}
@_silgen_name("tern_exec_fmv_w_x") func exec_fmv_w_x(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, UInt32(truncatingIfNeeded: h.x(op.rs1)), as: F32.self)
}

// MARK: Double precision

@_silgen_name("tern_exec_fadd_d") func exec_fadd_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F64.self, F64.add) }
@_silgen_name("tern_exec_fsub_d") func exec_fsub_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F64.self, F64.sub) }
@_silgen_name("tern_exec_fmul_d") func exec_fmul_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F64.self, F64.mul) }
@_silgen_name("tern_exec_fdiv_d") func exec_fdiv_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpArith(op, h, F64.self, F64.div) }
@_silgen_name("tern_exec_fsqrt_d") func exec_fsqrt_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpUnary(op, h, F64.self, F64.sqrt) }
@_silgen_name("tern_exec_fmin_d") func exec_fmin_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F64.self, F64.min) }
@_silgen_name("tern_exec_fmax_d") func exec_fmax_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSelect(op, h, F64.self, F64.max) }
@_silgen_name("tern_exec_fmadd_d") func exec_fmadd_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F64.self, negateProduct: false, negateAddend: false) }
@_silgen_name("tern_exec_fmsub_d") func exec_fmsub_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F64.self, negateProduct: false, negateAddend: true) }
@_silgen_name("tern_exec_fnmsub_d") func exec_fnmsub_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F64.self, negateProduct: true, negateAddend: false) }
@_silgen_name("tern_exec_fnmadd_d") func exec_fnmadd_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFused(op, h, F64.self, negateProduct: true, negateAddend: true) }
@_silgen_name("tern_exec_fsgnj_d") func exec_fsgnj_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F64.self) }
@_silgen_name("tern_exec_fsgnjn_d") func exec_fsgnjn_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F64.self, negate: true) }
@_silgen_name("tern_exec_fsgnjx_d") func exec_fsgnjx_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpSignInject(op, h, F64.self, xor: true) }
@_silgen_name("tern_exec_feq_d") func exec_feq_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F64.self, F64.eq) }
@_silgen_name("tern_exec_flt_d") func exec_flt_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F64.self, F64.lt) }
@_silgen_name("tern_exec_fle_d") func exec_fle_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpCompare(op, h, F64.self, F64.le) }
@_silgen_name("tern_exec_fclass_d") func exec_fclass_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpClassify(op, h, F64.self) }
@_silgen_name("tern_exec_fcvt_w_d") func exec_fcvt_w_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F64.self, F64.toInt32) }
@_silgen_name("tern_exec_fcvt_wu_d") func exec_fcvt_wu_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F64.self, F64.toUInt32) }
@_silgen_name("tern_exec_fcvt_l_d") func exec_fcvt_l_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F64.self, F64.toInt64) }
@_silgen_name("tern_exec_fcvt_lu_d") func exec_fcvt_lu_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpToInteger(op, h, F64.self, F64.toUInt64) }
@_silgen_name("tern_exec_fcvt_d_w") func exec_fcvt_d_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F64.self, F64.fromInt32) }
@_silgen_name("tern_exec_fcvt_d_wu") func exec_fcvt_d_wu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F64.self, F64.fromUInt32) }
@_silgen_name("tern_exec_fcvt_d_l") func exec_fcvt_d_l(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F64.self, F64.fromInt64) }
@_silgen_name("tern_exec_fcvt_d_lu") func exec_fcvt_d_lu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpFromInteger(op, h, F64.self, F64.fromUInt64) }
@_silgen_name("tern_exec_fmv_x_d") func exec_fmv_x_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, h.f(op.rs1)) }
@_silgen_name("tern_exec_fmv_d_x") func exec_fmv_d_x(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setF(op.rd, h.x(op.rs1)) }
@_silgen_name("tern_exec_fcvt_s_d") func exec_fcvt_s_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpConvert(op, h, F64.self, F32.self, F64.toF32) }
@_silgen_name("tern_exec_fcvt_d_s") func exec_fcvt_d_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fpWiden(op, h, F32.self, F64.self, F32.toF64) }

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let floatHandlerGroup = HandlerGroup(handlers: tern_handlers_Float, names: tern_names_Float)
