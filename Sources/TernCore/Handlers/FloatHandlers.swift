import CoreGlue
import CoreGlue.ThreadedGlue
import TernFloat

// F and D. Semantics live in TernFloat (bit-exact IEEE 754 with RISC-V NaN and
// flag rules); these handlers move operands, resolve the rounding mode (aux:
// 0-4 static, 7 dynamic = frm; anything else is an illegal instruction) and
// NaN-box single-precision values.

@inline(__always)
func rounding(_ op: OpPtr, _ h: HartPtr) -> RoundingMode {
    var r = op.pointee.aux & 0xffff
    if r == 7 { r = h.pointee.frm }
    if _slowPath(r > 4) { trap(op, h, TernExitIllegal, op.pointee.pc) }
    return RoundingMode(rawValue: UInt8(truncatingIfNeeded: r))!
}
@inline(__always) private func s1(_ h: HartPtr, _ r: UInt8) -> UInt32 { NaNBox.unbox(h.f(r)) }
@inline(__always) private func sx32(_ v: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: v))) }
private let sign32: UInt32 = 0x8000_0000
private let sign64: UInt64 = 0x8000_0000_0000_0000

// MARK: Shapes

@inline(__always) private func arith32(_ op: OpPtr, _ h: HartPtr,
    _ f: (UInt32, UInt32, RoundingMode, inout UInt32) -> UInt32) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(f(s1(h, op.rs1), s1(h, op.rs2), rm, &h.pointee.fflags)))
}
@inline(__always) private func arith64(_ op: OpPtr, _ h: HartPtr,
    _ f: (UInt64, UInt64, RoundingMode, inout UInt32) -> UInt64) {
    let rm = rounding(op, h)
    h.setF(op.rd, f(h.f(op.rs1), h.f(op.rs2), rm, &h.pointee.fflags))
}
@inline(__always) private func fused32(_ op: OpPtr, _ h: HartPtr, negateProduct: Bool, negateAddend: Bool) {
    let rm = rounding(op, h)
    let a = s1(h, op.rs1) ^ (negateProduct ? sign32 : 0)
    let c = s1(h, op.rs3) ^ (negateAddend ? sign32 : 0)
    h.setF(op.rd, NaNBox.box(F32.fma(a, s1(h, op.rs2), c, rm, &h.pointee.fflags)))
}
@inline(__always) private func fused64(_ op: OpPtr, _ h: HartPtr, negateProduct: Bool, negateAddend: Bool) {
    let rm = rounding(op, h)
    let a = h.f(op.rs1) ^ (negateProduct ? sign64 : 0)
    let c = h.f(op.rs3) ^ (negateAddend ? sign64 : 0)
    h.setF(op.rd, F64.fma(a, h.f(op.rs2), c, rm, &h.pointee.fflags))
}
@inline(__always) private func sign32op(_ op: OpPtr, _ h: HartPtr, _ f: (UInt32, UInt32) -> UInt32) {
    h.setF(op.rd, NaNBox.box(f(s1(h, op.rs1), s1(h, op.rs2))))
}
@inline(__always) private func sign64op(_ op: OpPtr, _ h: HartPtr, _ f: (UInt64, UInt64) -> UInt64) {
    h.setF(op.rd, f(h.f(op.rs1), h.f(op.rs2)))
}

// MARK: Single precision

@_silgen_name("tern_exec_fadd_s") func exec_fadd_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith32(op, h, F32.add) }
@_silgen_name("tern_exec_fsub_s") func exec_fsub_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith32(op, h, F32.sub) }
@_silgen_name("tern_exec_fmul_s") func exec_fmul_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith32(op, h, F32.mul) }
@_silgen_name("tern_exec_fdiv_s") func exec_fdiv_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith32(op, h, F32.div) }
@_silgen_name("tern_exec_fsqrt_s") func exec_fsqrt_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F32.sqrt(s1(h, op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fmin_s") func exec_fmin_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, NaNBox.box(F32.min(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fmax_s") func exec_fmax_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, NaNBox.box(F32.max(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fmadd_s") func exec_fmadd_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused32(op, h, negateProduct: false, negateAddend: false) }
@_silgen_name("tern_exec_fmsub_s") func exec_fmsub_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused32(op, h, negateProduct: false, negateAddend: true) }
@_silgen_name("tern_exec_fnmsub_s") func exec_fnmsub_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused32(op, h, negateProduct: true, negateAddend: false) }
@_silgen_name("tern_exec_fnmadd_s") func exec_fnmadd_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused32(op, h, negateProduct: true, negateAddend: true) }
@_silgen_name("tern_exec_fsgnj_s") func exec_fsgnj_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign32op(op, h) { $0 & ~sign32 | $1 & sign32 } }
@_silgen_name("tern_exec_fsgnjn_s") func exec_fsgnjn_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign32op(op, h) { $0 & ~sign32 | ~$1 & sign32 } }
@_silgen_name("tern_exec_fsgnjx_s") func exec_fsgnjx_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign32op(op, h) { $0 ^ ($1 & sign32) } }
@_silgen_name("tern_exec_feq_s") func exec_feq_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F32.eq(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_flt_s") func exec_flt_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F32.lt(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_fle_s") func exec_fle_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F32.le(s1(h, op.rs1), s1(h, op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_fclass_s") func exec_fclass_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, F32.classify(s1(h, op.rs1))) }
@_silgen_name("tern_exec_fcvt_w_s") func exec_fcvt_w_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, UInt64(bitPattern: Int64(F32.toInt32(s1(h, op.rs1), rm, &h.pointee.fflags))))
}
@_silgen_name("tern_exec_fcvt_wu_s") func exec_fcvt_wu_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, sx32(F32.toUInt32(s1(h, op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_l_s") func exec_fcvt_l_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, UInt64(bitPattern: F32.toInt64(s1(h, op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_lu_s") func exec_fcvt_lu_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, F32.toUInt64(s1(h, op.rs1), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_s_w") func exec_fcvt_s_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F32.fromInt32(Int32(truncatingIfNeeded: h.x(op.rs1)), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_s_wu") func exec_fcvt_s_wu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F32.fromUInt32(UInt32(truncatingIfNeeded: h.x(op.rs1)), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_s_l") func exec_fcvt_s_l(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F32.fromInt64(Int64(bitPattern: h.x(op.rs1)), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_s_lu") func exec_fcvt_s_lu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F32.fromUInt64(h.x(op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fmv_x_w") func exec_fmv_x_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, sx32(UInt32(truncatingIfNeeded: h.f(op.rs1))))
}
@_silgen_name("tern_exec_fmv_w_x") func exec_fmv_w_x(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, NaNBox.box(UInt32(truncatingIfNeeded: h.x(op.rs1))))
}

// MARK: Double precision

@_silgen_name("tern_exec_fadd_d") func exec_fadd_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith64(op, h, F64.add) }
@_silgen_name("tern_exec_fsub_d") func exec_fsub_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith64(op, h, F64.sub) }
@_silgen_name("tern_exec_fmul_d") func exec_fmul_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith64(op, h, F64.mul) }
@_silgen_name("tern_exec_fdiv_d") func exec_fdiv_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { arith64(op, h, F64.div) }
@_silgen_name("tern_exec_fsqrt_d") func exec_fsqrt_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, F64.sqrt(h.f(op.rs1), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fmin_d") func exec_fmin_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, F64.min(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fmax_d") func exec_fmax_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, F64.max(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags))
}
@_silgen_name("tern_exec_fmadd_d") func exec_fmadd_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused64(op, h, negateProduct: false, negateAddend: false) }
@_silgen_name("tern_exec_fmsub_d") func exec_fmsub_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused64(op, h, negateProduct: false, negateAddend: true) }
@_silgen_name("tern_exec_fnmsub_d") func exec_fnmsub_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused64(op, h, negateProduct: true, negateAddend: false) }
@_silgen_name("tern_exec_fnmadd_d") func exec_fnmadd_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { fused64(op, h, negateProduct: true, negateAddend: true) }
@_silgen_name("tern_exec_fsgnj_d") func exec_fsgnj_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign64op(op, h) { $0 & ~sign64 | $1 & sign64 } }
@_silgen_name("tern_exec_fsgnjn_d") func exec_fsgnjn_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign64op(op, h) { $0 & ~sign64 | ~$1 & sign64 } }
@_silgen_name("tern_exec_fsgnjx_d") func exec_fsgnjx_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { sign64op(op, h) { $0 ^ ($1 & sign64) } }
@_silgen_name("tern_exec_feq_d") func exec_feq_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F64.eq(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_flt_d") func exec_flt_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F64.lt(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_fle_d") func exec_fle_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setX(op.rd, F64.le(h.f(op.rs1), h.f(op.rs2), &h.pointee.fflags) ? 1 : 0)
}
@_silgen_name("tern_exec_fclass_d") func exec_fclass_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, F64.classify(h.f(op.rs1))) }
@_silgen_name("tern_exec_fcvt_w_d") func exec_fcvt_w_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, UInt64(bitPattern: Int64(F64.toInt32(h.f(op.rs1), rm, &h.pointee.fflags))))
}
@_silgen_name("tern_exec_fcvt_wu_d") func exec_fcvt_wu_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, sx32(F64.toUInt32(h.f(op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_l_d") func exec_fcvt_l_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, UInt64(bitPattern: F64.toInt64(h.f(op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_lu_d") func exec_fcvt_lu_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setX(op.rd, F64.toUInt64(h.f(op.rs1), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_d_w") func exec_fcvt_d_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, F64.fromInt32(Int32(truncatingIfNeeded: h.x(op.rs1)), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_d_wu") func exec_fcvt_d_wu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, F64.fromUInt32(UInt32(truncatingIfNeeded: h.x(op.rs1)), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_d_l") func exec_fcvt_d_l(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, F64.fromInt64(Int64(bitPattern: h.x(op.rs1)), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fcvt_d_lu") func exec_fcvt_d_lu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, F64.fromUInt64(h.x(op.rs1), rm, &h.pointee.fflags))
}
@_silgen_name("tern_exec_fmv_x_d") func exec_fmv_x_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, h.f(op.rs1)) }
@_silgen_name("tern_exec_fmv_d_x") func exec_fmv_d_x(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setF(op.rd, h.x(op.rs1)) }
@_silgen_name("tern_exec_fcvt_s_d") func exec_fcvt_s_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let rm = rounding(op, h)
    h.setF(op.rd, NaNBox.box(F64.toF32(h.f(op.rs1), rm, &h.pointee.fflags)))
}
@_silgen_name("tern_exec_fcvt_d_s") func exec_fcvt_d_s(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    _ = rounding(op, h)
    h.setF(op.rd, F32.toF64(s1(h, op.rs1), &h.pointee.fflags))
}

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let floatHandlerGroup = HandlerGroup(handlers: tern_handlers_Float, names: tern_names_Float)
