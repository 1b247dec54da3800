import CoreGlue
import CoreGlue.ThreadedGlue

// A extension. AMOs are host atomics (sequentially consistent); SC succeeds
// when the reservation is for the same address and the memory still holds the
// value LR read (compare-and-swap, as QEMU does), so it is atomic across harts.

@inline(__always) private func sx32(_ v: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: v))) }

@_silgen_name("tern_exec_lr_w") func exec_lr_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let p = atomicAddress(op, h, m, size: 4)
    let v = tern_load_acquire_32(p)
    h.pointee.resvAddr = h.x(op.rs1)
    h.pointee.resvValue = UInt64(v)
    h.setX(op.rd, sx32(v))
}
@_silgen_name("tern_exec_lr_d") func exec_lr_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let p = atomicAddress(op, h, m, size: 8)
    let v = tern_load_acquire_64(p)
    h.pointee.resvAddr = h.x(op.rs1)
    h.pointee.resvValue = v
    h.setX(op.rd, v)
}
@_silgen_name("tern_exec_sc_w") func exec_sc_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let p = atomicAddress(op, h, m, size: 4)
    let ok = h.pointee.resvAddr == h.x(op.rs1)
        && tern_cas_32(p, UInt32(truncatingIfNeeded: h.pointee.resvValue), UInt32(truncatingIfNeeded: h.x(op.rs2)))
    h.pointee.resvAddr = .max
    h.setX(op.rd, ok ? 0 : 1)
}
@_silgen_name("tern_exec_sc_d") func exec_sc_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    let p = atomicAddress(op, h, m, size: 8)
    let ok = h.pointee.resvAddr == h.x(op.rs1) && tern_cas_64(p, h.pointee.resvValue, h.x(op.rs2))
    h.pointee.resvAddr = .max
    h.setX(op.rd, ok ? 0 : 1)
}

@inline(__always) private func amo32(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr,
                                     _ f: (UnsafeMutableRawPointer, UInt32) -> UInt32) {
    let p = atomicAddress(op, h, m, size: 4)
    h.setX(op.rd, sx32(f(p, UInt32(truncatingIfNeeded: h.x(op.rs2)))))
}
@inline(__always) private func amo64(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr,
                                     _ f: (UnsafeMutableRawPointer, UInt64) -> UInt64) {
    let p = atomicAddress(op, h, m, size: 8)
    h.setX(op.rd, f(p, h.x(op.rs2)))
}
/// min/max: a CAS loop computing `pick(old, v)`.
@inline(__always) private func amoPick32(_ p: UnsafeMutableRawPointer, _ v: UInt32, _ pick: (UInt32, UInt32) -> UInt32) -> UInt32 {
    while true {
        let old = tern_load_acquire_32(p)
        if tern_cas_32(p, old, pick(old, v)) { return old }
    }
}
@inline(__always) private func amoPick64(_ p: UnsafeMutableRawPointer, _ v: UInt64, _ pick: (UInt64, UInt64) -> UInt64) -> UInt64 {
    while true {
        let old = tern_load_acquire_64(p)
        if tern_cas_64(p, old, pick(old, v)) { return old }
    }
}
private func smin32(_ a: UInt32, _ b: UInt32) -> UInt32 { Int32(bitPattern: a) < Int32(bitPattern: b) ? a : b }
private func smax32(_ a: UInt32, _ b: UInt32) -> UInt32 { Int32(bitPattern: a) > Int32(bitPattern: b) ? a : b }
private func smin64(_ a: UInt64, _ b: UInt64) -> UInt64 { Int64(bitPattern: a) < Int64(bitPattern: b) ? a : b }
private func smax64(_ a: UInt64, _ b: UInt64) -> UInt64 { Int64(bitPattern: a) > Int64(bitPattern: b) ? a : b }

@_silgen_name("tern_exec_amoswap_w") func exec_amoswap_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m, tern_amo_swap_32) }
@_silgen_name("tern_exec_amoadd_w") func exec_amoadd_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m, tern_amo_add_32) }
@_silgen_name("tern_exec_amoxor_w") func exec_amoxor_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m, tern_amo_xor_32) }
@_silgen_name("tern_exec_amoand_w") func exec_amoand_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m, tern_amo_and_32) }
@_silgen_name("tern_exec_amoor_w") func exec_amoor_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m, tern_amo_or_32) }
@_silgen_name("tern_exec_amomin_w") func exec_amomin_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m) { amoPick32($0, $1, smin32) } }
@_silgen_name("tern_exec_amomax_w") func exec_amomax_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m) { amoPick32($0, $1, smax32) } }
@_silgen_name("tern_exec_amominu_w") func exec_amominu_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m) { amoPick32($0, $1, Swift.min) } }
@_silgen_name("tern_exec_amomaxu_w") func exec_amomaxu_w(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo32(op, h, m) { amoPick32($0, $1, Swift.max) } }
@_silgen_name("tern_exec_amoswap_d") func exec_amoswap_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m, tern_amo_swap_64) }
@_silgen_name("tern_exec_amoadd_d") func exec_amoadd_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m, tern_amo_add_64) }
@_silgen_name("tern_exec_amoxor_d") func exec_amoxor_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m, tern_amo_xor_64) }
@_silgen_name("tern_exec_amoand_d") func exec_amoand_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m, tern_amo_and_64) }
@_silgen_name("tern_exec_amoor_d") func exec_amoor_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m, tern_amo_or_64) }
@_silgen_name("tern_exec_amomin_d") func exec_amomin_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m) { amoPick64($0, $1, smin64) } }
@_silgen_name("tern_exec_amomax_d") func exec_amomax_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m) { amoPick64($0, $1, smax64) } }
@_silgen_name("tern_exec_amominu_d") func exec_amominu_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m) { amoPick64($0, $1, Swift.min) } }
@_silgen_name("tern_exec_amomaxu_d") func exec_amomaxu_d(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { amo64(op, h, m) { amoPick64($0, $1, Swift.max) } }

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let atomicHandlerGroup = HandlerGroup(handlers: tern_handlers_Atomic, names: tern_names_Atomic)
