import Synchronization
import TernCore
import JITRuntime

/// One guest thread: its hart and the state Linux keeps per thread (signal
/// mask, pending signals, alternate stack, clear_child_tid...). Each guest
/// thread is a host thread with the same thread id, and that host thread is
/// the only one that runs its hart or touches this state (others only post
/// signals to it), except `exitRequest`, which the syscall layer reads and
/// writes under its lock.
public final class GuestThread: @unchecked Sendable {
    /// The thread's registers.
    public let hart: Hart
    /// Thread id as the guest sees it: the host thread's, the main thread's
    /// equal to the process id, except in a restored process, whose threads
    /// keep the ids they had (`hostTID` is then the host's).
    public internal(set) var tid: Int32
    /// The host thread's id.
    var hostTID: Int32
    /// `CLONE_CHILD_CLEARTID` / set_tid_address: zeroed and woken at thread exit (0: none).
    var clearChildTID: UInt64 = 0
    /// Signals the host delivered to this thread, not yet delivered to the guest.
    let inbox = SignalInbox()
    /// The syscall layer this thread belongs to (its identity: the handler
    /// owns its threads, so a reference is never needed here).
    var owner: ObjectIdentifier?

    /// Set when this thread asked to end (itself with `exit`, or the process).
    var exitRequest: ProcessExit?
    /// Whether `exitRequest` ends only this thread (`exit`, not `exit_group`).
    var exitsThreadOnly = false
    /// Whether the syscall this thread is handling is marked `blocks` (it may
    /// wait outside the kernel lock, in `SyscallHandler.blocking`).
    public internal(set) var inBlockingCall = false
    /// Blocking host calls (`SyscallHandler.blocking`) counted at both ends:
    /// odd while the thread waits in one without the kernel lock, even
    /// otherwise. One word, so that a stop of the whole process reads in a
    /// single load whether the thread is in a call and in which one
    /// (`WorldStop`): state taken while it was in the call is valid only
    /// while the word is unchanged (the thread has not come back from it).
    let hostCallEdges = Atomic<UInt64>(0)
    /// Whether the thread waits in a blocking host call without the kernel
    /// lock; it restarts that call if a checkpoint is taken meanwhile.
    var inHostCall: Bool { hostCallEdges.load(ordering: .sequentiallyConsistent) & 1 != 0 }
    /// Whether the thread handles a stop of its hart (a syscall, signals)
    /// under the kernel lock, or waits for it to go on with one
    /// (`LinuxProcess.handleStop`); see `WorldStop`.
    let handling = Atomic<Bool>(false)
    /// pc of the current ecall (for messages).
    var currentPC: UInt64 = 0
    /// Blocked signals, bit (sig - 1).
    var signalMask: UInt64 = 0
    /// The mask rt_sigsuspend replaced, restored after delivery.
    var suspendMask: UInt64?
    /// sigaltstack: (ss_sp, ss_flags, ss_size).
    var altStack: (sp: UInt64, flags: Int32, size: UInt64) = (0, 2, 0)
    /// Fault signals waiting for this thread's guest handler, with their siginfo.
    var pendingSynchronous: [(Int32, [UInt8])] = []
    /// The syscall just handled (SA_RESTART restarts it when a handler interrupts it).
    var lastSyscall: (number: Int, pc: UInt64, arg0: UInt64, result: Int64)?
    /// Set by rt_sigreturn: the hart's registers were replaced, leave a0 and pc alone.
    var registersRestored = false
    /// set_robust_list: the list head's guest address and the length given.
    var robustList: (head: UInt64, length: UInt64) = (0, 0)
    /// The hart's retired count when this thread started running in this
    /// host process (its count so far, for a restored thread).
    var retiredBase: UInt64 = 0
    /// prctl(PR_SET_NAME).
    var name: [UInt8] = Array("tern".utf8)
    /// prctl(PR_RISCV_V_GET/SET_CONTROL)'s value (`VectorControl`), per thread as
    /// Linux keeps it: V on for this thread (2) or off (1), then the next program's
    /// setting (bits 3:2) and the inherit bit (4). `hart.vectorEnabled` follows it
    /// (`SyscallHandler.setVectorControl`).
    var vectorControl: Int64 = VectorControl.initial

    /// A thread running `hart`.
    init(hart: Hart, tid: Int32) {
        self.hart = hart
        self.tid = tid
        self.hostTID = tid
        inbox.raw.pointee.hart = hart.stateAddress
    }

    /// Makes this the guest thread of the calling host thread: its syscalls
    /// act for it, and host signals arriving here go to its inbox and stop its hart.
    func attachToHostThread() {
        tern_set_thread_context(Unmanaged.passUnretained(self).toOpaque())
        tern_set_thread_signal_inbox(inbox.raw)
    }

    /// Undoes `attachToHostThread` (the thread ended; signals go to the process inbox).
    func detachFromHostThread() {
        tern_set_thread_signal_inbox(nil)
        tern_set_thread_context(nil)
    }

    /// The guest thread attached to the calling host thread, if any.
    static var current: GuestThread? {
        tern_thread_context().map { Unmanaged<GuestThread>.fromOpaque($0).takeUnretainedValue() }
    }
}
