/// Why `Machine.run` returned control to its caller. The hart's `pc` points
/// at the instruction concerned (for `ecall`, the ecall itself).
public enum StopReason: Equatable, Sendable {
    /// `ecall`: a system call (or environment call in bare-metal mode).
    case ecall
    /// `ebreak`.
    case ebreak
    /// An illegal instruction; `bits` are its encoding.
    case illegalInstruction(bits: UInt32)
    /// Instruction fetch from an unmapped or non-executable address.
    case fetchFault(address: UInt64)
    /// A load from an unmapped or unreadable address.
    case loadFault(address: UInt64)
    /// A store or AMO to an unmapped or unwritable address.
    case storeFault(address: UInt64)
    /// A misaligned atomic access.
    case misalignedAtomic(address: UInt64)
    /// The instruction budget given to `run` was used up.
    case budgetExhausted
    /// A privileged instruction (`mret`, `sret`, `wfi`, `sfence.vma`) or an access
    /// to a CSR the core does not own, under `Machine.systemInstructions == .exit`.
    /// It has not retired; `bits` are its encoding.
    case system(bits: UInt32)
    /// A debugger breakpoint or watchpoint (see `Machine+Debug.swift`); the
    /// instruction at `pc` has not run.
    case debug(DebugStop)
}

/// Why the engine stopped for a debugger.
public enum DebugStop: Equatable, Sendable {
    /// A breakpoint set with `Machine.insertBreakpoint` at `pc`.
    case breakpoint
    /// The instruction at `pc` accesses a watched range (`Machine.insertWatchpoint`):
    /// `address` is the watched address it touches.
    case watchpoint(address: UInt64, kind: WatchKind)
}
