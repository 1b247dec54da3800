import CoreGlue
import JITRuntime

// Shared pieces of the threaded handlers. Every handler has the signature
// (op, hart, memory base); bodies are tiny and inline into the C tail-call glue.

typealias OpPtr = UnsafePointer<TernOp>
typealias HartPtr = UnsafeMutablePointer<TernHart>
typealias MemPtr = UnsafeMutablePointer<UInt8>

extension UnsafePointer where Pointee == TernOp {
    @inline(__always) var rd: UInt8 { pointee.rd }
    @inline(__always) var rs1: UInt8 { pointee.rs1 }
    @inline(__always) var rs2: UInt8 { pointee.rs2 }
    @inline(__always) var rs3: UInt8 { pointee.rs3 }
    @inline(__always) var imm: Int64 { pointee.imm }
    @inline(__always) var uimm: UInt64 { UInt64(bitPattern: pointee.imm) }
}

/// Ends the current guarded run with a synchronous trap attributed to `op`.
@inline(never)
func trap(_ op: OpPtr, _ h: HartPtr, _ reason: TernExitReason, _ value: UInt64) -> Never {
    h.pointee.curOp = op
    tern_guard_raise(Int32(bitPattern: reason.rawValue), value)
}

/// Effective address `x[rs1] + imm`, range-checked: addresses outside the guest
/// space trap; unmapped pages inside it fault through the guard.
@inline(__always)
func effectiveAddress(_ op: OpPtr, _ h: HartPtr, store: Bool) -> Int {
    effectiveAddress(op, h, base: h.x(op.rs1), store: store)
}

/// Effective address `base + imm` for `op`, where `base` is the value of
/// `x[rs1]` already in hand (superinstructions that computed it).
@inline(__always)
func effectiveAddress(_ op: OpPtr, _ h: HartPtr, base: UInt64, store: Bool) -> Int {
    let a = base &+ op.uimm
    h.pointee.curOp = op
    if _slowPath(a >= GuestMemory.size) {
        trap(op, h, store ? TernExitStoreFault : TernExitLoadFault, a)
    }
    return Int(bitPattern: UInt(a))
}

/// Loads a `T` from guest memory at `x[rs1] + imm`.
@inline(__always)
func guestLoad<T: FixedWidthInteger>(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr, _: T.Type) -> T {
    let a = effectiveAddress(op, h, store: false)
    return UnsafeRawPointer(m).advanced(by: a).loadUnaligned(as: T.self)
}

/// Stores `x[rs2]` truncated to `T` at `x[rs1] + imm`.
@inline(__always)
func guestStore<T: FixedWidthInteger>(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr, _ v: T) {
    let a = effectiveAddress(op, h, store: true)
    UnsafeMutableRawPointer(m).advanced(by: a).storeBytes(of: v, as: T.self)
}

/// Address of an atomic access: `x[rs1]`, which must be naturally aligned.
@inline(__always)
func atomicAddress(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr, size: UInt64) -> UnsafeMutableRawPointer {
    let a = h.x(op.rs1)
    h.pointee.curOp = op
    if _slowPath(a & (size - 1) != 0) { trap(op, h, TernExitMisaligned, a) }
    if _slowPath(a >= GuestMemory.size) { trap(op, h, TernExitStoreFault, a) }
    return UnsafeMutableRawPointer(m).advanced(by: Int(bitPattern: UInt(a)))
}

/// Link slots stored in the record after a terminator: [0] taken, [1] fall-through.
/// The record's `pc` field holds the owning block's pc.
@inline(__always)
func linkSlots(_ op: OpPtr) -> UnsafeMutablePointer<OpPtr?> {
    UnsafeMutableRawPointer(mutating: op.advanced(by: 1)).assumingMemoryBound(to: OpPtr?.self)
}

/// Leaves the block for `target`: follows the chain link in `slot` when it is
/// set and the budget allows; otherwise exits to the dispatcher, which links it.
/// `pc` is only stored on the exit: chained code never reads it (every exit
/// stores it, and a fault takes it from `curOp`).
@inline(__always)
func leave(to target: UInt64, slot: Int, _ op: OpPtr, _ h: HartPtr) -> OpPtr? {
    let retired = h.pointee.retired &+ UInt64(op.pointee.aux)
    h.pointee.retired = retired
    let links = linkSlots(op)
    if let next = links[slot], _fastPath(retired < h.pointee.budget) {
        h.pointee.chained &+= 1
        return next
    }
    h.pointee.pc = target
    h.pointee.exitReason = TernExitBlockEnd.rawValue
    h.pointee.exitValue = UInt64(UInt(bitPattern: links))
    h.pointee.exitDetail = UInt32(truncatingIfNeeded: slot)
    return nil
}

/// Stops at `op` with `reason` (pc = the instruction's pc).
@inline(__always)
func stop(_ reason: TernExitReason, value: UInt64, _ op: OpPtr, _ h: HartPtr) -> OpPtr? {
    h.pointee.pc = op.pointee.pc
    h.pointee.retired &+= UInt64(op.pointee.aux)
    h.pointee.exitReason = reason.rawValue
    h.pointee.exitValue = value
    return nil
}
