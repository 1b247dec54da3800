import TernCore

/// How a guest thread goes on after the debugger let it run.
public enum DebugResumeMode: Sendable, Equatable {
    /// Run until something stops it.
    case run
    /// Run one instruction (a completed step is reported with `.stepped`).
    case step
}

/// Why a guest thread stopped for the debugger.
public enum DebugStopCause: Sendable, Equatable {
    /// A breakpoint or watchpoint (the instruction at pc has not run).
    case debug(DebugStop)
    /// A `.step` resume ran its instruction.
    case stepped
    /// Signal `sig` is about to reach the guest (a fault, or a host signal).
    case signal(Int32)
}

/// A debugger attached to a guest process (the gdb stub implements it). The
/// process calls it from its guest threads; it owns when they may run: all
/// stop together (all-stop), and each resumes in the mode the debugger chose.
public protocol ProcessDebugger: AnyObject, Sendable {
    /// Called on `thread` before it runs guest code: waits while the debugger
    /// holds the process stopped, then says how the thread runs.
    func willRun(_ thread: GuestThread) -> DebugResumeMode
    /// `thread` left guest code (the reason is being handled or reported).
    func didRun(_ thread: GuestThread)
    /// `thread` stopped for the debugger: reports it and waits until the
    /// debugger resumes the thread. For `.signal`, returns the signal to
    /// deliver instead (0: none, the debugger discarded it); otherwise 0.
    func stopped(_ thread: GuestThread, _ cause: DebugStopCause) -> Int32
    /// A new guest thread exists (called before it first runs).
    func threadStarted(_ thread: GuestThread)
    /// `thread` ended alone (the process goes on).
    func threadExited(_ thread: GuestThread)
    /// The process ends as `end` says: tell the debugger and let it go.
    func processEnded(_ end: ProcessExit)
    /// In a forked child: the debugger stays with the parent; forget it here.
    func detachAfterFork()
}
