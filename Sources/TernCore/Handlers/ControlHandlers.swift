import CoreGlue
import CoreGlue.ThreadedGlue

// Block terminators. Op layout: imm = target pc (branches, jal, jump), rs3 =
// instruction length, aux = instructions in the block; the record after the
// terminator holds the two chain link slots.

@inline(__always)
private func branch(_ op: OpPtr, _ h: HartPtr, _ taken: Bool) -> OpPtr? {
    taken ? leave(to: op.uimm, slot: 0, op, h)
          : leave(to: op.pointee.pc &+ UInt64(op.rs3), slot: 1, op, h)
}
@inline(__always) private func s(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }

@inline(__always) @_silgen_name("tern_exec_beq") func exec_beq(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { branch(op, h, h.x(op.rs1) == h.x(op.rs2)) }
@inline(__always) @_silgen_name("tern_exec_bne") func exec_bne(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { branch(op, h, h.x(op.rs1) != h.x(op.rs2)) }
@inline(__always) @_silgen_name("tern_exec_blt") func exec_blt(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { branch(op, h, s(h.x(op.rs1)) < s(h.x(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_bge") func exec_bge(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { branch(op, h, s(h.x(op.rs1)) >= s(h.x(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_bltu") func exec_bltu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { branch(op, h, h.x(op.rs1) < h.x(op.rs2)) }
@inline(__always) @_silgen_name("tern_exec_bgeu") func exec_bgeu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? { branch(op, h, h.x(op.rs1) >= h.x(op.rs2)) }

@inline(__always) @_silgen_name("tern_exec_jal") func exec_jal(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    h.setX(op.rd, op.pointee.pc &+ UInt64(op.rs3))
    return leave(to: op.uimm, slot: 0, op, h)
}
@inline(__always) @_silgen_name("tern_exec_jalr") func exec_jalr(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let target = (h.x(op.rs1) &+ op.uimm) & ~1
    h.setX(op.rd, op.pointee.pc &+ UInt64(op.rs3))
    return leaveThroughInlineCache(to: target, op, h)
}
/// `jal` with rd = ra/t0: a call; pushes the return address.
@inline(__always) @_silgen_name("tern_exec_jal_call") func exec_jal_call(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let returnPC = op.pointee.pc &+ UInt64(op.rs3)
    h.setX(op.rd, returnPC)
    pushReturn(returnPC, op, h)
    return leave(to: op.uimm, slot: 0, op, h)
}
/// `jalr` with rd = ra/t0 (and not a return): an indirect call.
@inline(__always) @_silgen_name("tern_exec_jalr_call") func exec_jalr_call(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let target = (h.x(op.rs1) &+ op.uimm) & ~1
    let returnPC = op.pointee.pc &+ UInt64(op.rs3)
    h.setX(op.rd, returnPC)
    pushReturn(returnPC, op, h)
    return leaveThroughInlineCache(to: target, op, h)
}
/// `jalr` with rs1 = ra/t0 and rd not a link register: a return.
@inline(__always) @_silgen_name("tern_exec_jalr_ret") func exec_jalr_ret(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let target = (h.x(op.rs1) &+ op.uimm) & ~1
    h.setX(op.rd, op.pointee.pc &+ UInt64(op.rs3))
    return leaveThroughReturnStack(to: target, op, h)
}
/// `jalr` with rd and rs1 both link registers but different (a coroutine
/// swap): pops the return-address stack, then pushes its own return address.
@inline(__always) @_silgen_name("tern_exec_jalr_swap") func exec_jalr_swap(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    let target = (h.x(op.rs1) &+ op.uimm) & ~1
    let returnPC = op.pointee.pc &+ UInt64(op.rs3)
    h.setX(op.rd, returnPC)
    return leaveThroughReturnStack(to: target, op, h, thenPush: returnPC)
}
/// Falls through to `imm` (block length cap, or a block cut before an illegal instruction).
@inline(__always) @_silgen_name("tern_exec_jump") func exec_jump(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    leave(to: op.uimm, slot: 0, op, h)
}
@_silgen_name("tern_exec_ecall") func exec_ecall(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    stop(TernExitEcall, value: 0, op, h)
}
@_silgen_name("tern_exec_ebreak") func exec_ebreak(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    stop(TernExitEbreak, value: 0, op, h)
}
/// An instruction that did not decode; `imm` holds its bits. Counted as not retired.
@_silgen_name("tern_exec_illegal") func exec_illegal(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    stop(TernExitIllegal, value: op.uimm, op, h)
}
/// `fence.i`: retires, then exits so the runtime can resynchronise the caches.
@_silgen_name("tern_exec_fence_i") func exec_fence_i(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    h.pointee.pc = op.pointee.pc &+ UInt64(op.rs3)
    h.pointee.retired &+= UInt64(op.pointee.aux)
    h.pointee.exitReason = TernExitFenceI.rawValue
    h.pointee.exitValue = 0
    return nil
}
/// A privileged instruction or CSR access the core leaves to the personality
/// (`Machine.systemInstructions == .exit`); `imm` holds its bits. Not retired here.
@_silgen_name("tern_exec_system") func exec_system(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    stop(TernExitSystem, value: op.uimm, op, h)
}
/// A debugger breakpoint: stops before the instruction at `pc` (nothing retires).
@_silgen_name("tern_exec_breakpoint") func exec_breakpoint(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) -> OpPtr? {
    stop(TernExitBreakpoint, value: 0, op, h)
}

/// Block entry counter (`--profile-blocks`): counts in its own `imm`
/// (atomically: harts running the block in parallel all count).
@_silgen_name("tern_exec_profile") func exec_profile(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    tern_atomic_add_64(UnsafeMutableRawPointer(mutating: op) + Int(TernOpImmOffset), 1)
}

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let controlHandlerGroup = HandlerGroup(handlers: tern_handlers_Control, names: tern_names_Control)
