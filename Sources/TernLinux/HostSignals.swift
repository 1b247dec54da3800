import TernCore
import JITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Host signals destined for the guest. A host handler (installed only for
/// signals the guest catches; JITRuntime's `tern_host_signal_handler`)
/// records the signal and its siginfo in the inbox of the thread it arrives
/// on and stops that thread's hart at its next block boundary; the thread
/// delivers the guest handler there, or when its interrupted syscall returns.
///
/// Each guest thread is a host thread whose host signal mask mirrors its
/// guest mask, so the host kernel already picks the thread Linux would:
/// tgkill/tkill and SIGEV_THREAD_ID timers reach their target, a
/// process-directed signal any thread that does not block it, and a thread
/// blocked in a host syscall is interrupted (EINTR) there.
///
/// Dispositions are process-wide, as in Linux (one guest process per host
/// process, as with fork).
enum HostSignals {
    /// Signals the host itself must keep (the fault guard's, and uncatchable ones).
    static let reserved: Set<Int32> = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGKILL, SIGSTOP]

    /// Installs the hart stopper the handler calls (once per process).
    static let installed: Bool = {
        tern_set_hart_stopper(Hart.stopFunction)
        return true
    }()

    /// Mirrors the guest disposition of `sig` on the host: default, ignore, or catch.
    static func setDisposition(_ sig: Int32, handler: UInt64) {
        guard !reserved.contains(sig), sig >= 1, sig <= 64, sig != checkpointSignal else { return }
        _ = installed
        var action = sigaction()
        sigfillset(&action.sa_mask)
        switch handler {
        case 0: action.__sigaction_handler.sa_handler = SIG_DFL
        case 1: action.__sigaction_handler.sa_handler = SIG_IGN
        default:
            action.__sigaction_handler.sa_sigaction = tern_host_signal_handler
            action.sa_flags = SA_SIGINFO
        }
        sigaction(sig, &action, nil)
    }

    /// Applies a guest blocked set to the calling host thread (reserved
    /// signals excepted), so blocked signals stay pending in the host kernel.
    static func setBlocked(_ guestMask: UInt64) {
        var set = hostSet(guestMask)
        pthread_sigmask(SIG_SETMASK, &set, nil)
    }

    /// Blocks every signal the guest could catch on the calling thread;
    /// returns the previous host mask.
    static func blockAll() -> sigset_t {
        var all = sigset_t(), old = sigset_t()
        sigfillset(&all)
        for sig in reserved { sigdelset(&all, sig) }
        pthread_sigmask(SIG_SETMASK, &all, &old)
        return old
    }

    /// The signal that wakes the threads of an ended embedded guest from
    /// their blocking calls (`LinuxProcess.wakeSignal`, once installed; 0
    /// before): never blocked in a guest thread's host mask.
    nonisolated(unsafe) static var wakeSignal: Int32 = 0

    /// A host sigset for a guest mask (for sigsuspend).
    static func hostSet(_ guestMask: UInt64) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in Int32(1) ... 64 where guestMask & (1 << UInt64(sig - 1)) != 0 && !reserved.contains(sig) && sig != checkpointSignal
            && sig != wakeSignal {
            sigaddset(&set, sig)
        }
        // Only the checkpoint watcher takes the checkpoint signal (CheckpointTrigger.swift).
        if checkpointSignal != 0 { sigaddset(&set, checkpointSignal) }
        return set
    }

    /// The inbox of signals that arrived on host threads without one.
    static var processInbox: UnsafeMutablePointer<TernSignalInbox> { tern_process_signal_inbox() }
}

/// A thread's signal inbox (see `TernSignalInbox`).
final class SignalInbox: @unchecked Sendable {
    let raw: UnsafeMutablePointer<TernSignalInbox>

    init() { raw = tern_signal_inbox_create() }
    deinit { tern_signal_inbox_destroy(raw) }

    /// Pending signals, bit (sig - 1).
    var pending: UInt64 { tern_signal_inbox_pending(raw) }

    /// Forgets every pending signal.
    func clear() { tern_signal_inbox_clear(raw) }

    /// Takes `sig` with its siginfo, nil when it was not pending.
    func take(_ sig: Int32) -> [UInt8]? { Self.take(sig, from: raw) }

    static func take(_ sig: Int32, from inbox: UnsafeMutablePointer<TernSignalInbox>) -> [UInt8]? {
        guard tern_signal_inbox_take(inbox, sig) != 0 else { return nil }
        return withUnsafeBytes(of: &inbox.pointee.infos) { all in [UInt8](all[Int(sig) * 128 ..< Int(sig + 1) * 128]) }
    }
}
