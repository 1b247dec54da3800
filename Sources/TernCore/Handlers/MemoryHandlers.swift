import CoreGlue
import CoreGlue.ThreadedGlue

// Loads and stores: an add, one predictable range compare, and the access.
// Unmapped or protected pages fault through the guard.

@inline(__always) private func sx<T: BinaryInteger>(_ v: T) -> UInt64 { UInt64(bitPattern: Int64(v)) }

@inline(__always) @_silgen_name("tern_exec_lb") func exec_lb(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, sx(guestLoad(op, h, m, Int8.self))) }
@inline(__always) @_silgen_name("tern_exec_lh") func exec_lh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, sx(guestLoad(op, h, m, Int16.self))) }
@inline(__always) @_silgen_name("tern_exec_lw") func exec_lw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, sx(guestLoad(op, h, m, Int32.self))) }
@inline(__always) @_silgen_name("tern_exec_ld") func exec_ld(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, guestLoad(op, h, m, UInt64.self)) }
@inline(__always) @_silgen_name("tern_exec_lbu") func exec_lbu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, UInt64(guestLoad(op, h, m, UInt8.self))) }
@inline(__always) @_silgen_name("tern_exec_lhu") func exec_lhu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, UInt64(guestLoad(op, h, m, UInt16.self))) }
@inline(__always) @_silgen_name("tern_exec_lwu") func exec_lwu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, UInt64(guestLoad(op, h, m, UInt32.self))) }

@inline(__always) @_silgen_name("tern_exec_sb") func exec_sb(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { guestStore(op, h, m, UInt8(truncatingIfNeeded: h.x(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_sh") func exec_sh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { guestStore(op, h, m, UInt16(truncatingIfNeeded: h.x(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_sw") func exec_sw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { guestStore(op, h, m, UInt32(truncatingIfNeeded: h.x(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_sd") func exec_sd(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { guestStore(op, h, m, h.x(op.rs2)) }

// FP loads NaN-box single values; FP stores write the low bits of f[rs2].
@inline(__always) @_silgen_name("tern_exec_flw") func exec_flw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, 0xffff_ffff_0000_0000 | UInt64(guestLoad(op, h, m, UInt32.self)))
}
@inline(__always) @_silgen_name("tern_exec_fld") func exec_fld(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setF(op.rd, guestLoad(op, h, m, UInt64.self)) }
@inline(__always) @_silgen_name("tern_exec_fsw") func exec_fsw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { guestStore(op, h, m, UInt32(truncatingIfNeeded: h.f(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_fsd") func exec_fsd(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { guestStore(op, h, m, h.f(op.rs2)) }

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let memoryHandlerGroup = HandlerGroup(handlers: tern_handlers_Memory, names: tern_names_Memory)
