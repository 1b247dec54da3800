import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Host signals destined for the guest. A host handler (installed only for
/// signals the guest catches) records the signal and its siginfo, then stops
/// the running hart at the next block boundary; the process delivers the
/// guest handler there, or when the interrupted syscall returns.
///
/// Host signal state is process-wide, so this is too (one guest process per
/// host process, as with fork).
enum HostSignals {
    /// Bit (sig - 1) set: arrived and not yet delivered.
    static let pending = Atomic<UInt64>(0)
    /// 65 × 128-byte siginfo records, indexed by signal number.
    nonisolated(unsafe) static let infos = UnsafeMutableRawPointer.allocate(byteCount: 65 * 128, alignment: 16)
    /// The running hart's interrupt word (see `Hart.interruptWord`).
    nonisolated(unsafe) static var interrupt: UnsafeMutablePointer<UInt64>?

    /// Signals the host itself must keep (the fault guard's, and uncatchable ones).
    static let reserved: Set<Int32> = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGKILL, SIGSTOP]

    /// Mirrors the guest disposition of `sig` on the host: default, ignore, or catch.
    static func setDisposition(_ sig: Int32, handler: UInt64) {
        guard !reserved.contains(sig), sig >= 1, sig <= 64, sig != checkpointSignal else { return }
        var action = sigaction()
        sigfillset(&action.sa_mask)
        switch handler {
        case 0: action.__sigaction_handler.sa_handler = SIG_DFL
        case 1: action.__sigaction_handler.sa_handler = SIG_IGN
        default:
            action.__sigaction_handler.sa_sigaction = onHostSignal
            action.sa_flags = SA_SIGINFO
        }
        sigaction(sig, &action, nil)
    }

    /// Applies the guest's blocked set to the host (reserved signals excepted),
    /// so blocked signals stay pending in the host kernel.
    static func setBlocked(_ guestMask: UInt64) {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in Int32(1) ... 64 where guestMask & (1 << UInt64(sig - 1)) != 0 && !reserved.contains(sig) && sig != checkpointSignal {
            sigaddset(&set, sig)
        }
        sigprocmask(SIG_SETMASK, &set, nil)
    }

    /// A host sigset for a guest mask (for sigsuspend).
    static func hostSet(_ guestMask: UInt64) -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in Int32(1) ... 64 where guestMask & (1 << UInt64(sig - 1)) != 0 && !reserved.contains(sig) && sig != checkpointSignal {
            sigaddset(&set, sig)
        }
        return set
    }

    /// Takes signal `sig` out of the pending set; false when it was not pending.
    static func take(_ sig: Int32) -> Bool {
        let bit = UInt64(1) << UInt64(sig - 1)
        return pending.bitwiseAnd(~bit, ordering: .sequentiallyConsistent).oldValue & bit != 0
    }

    /// The 128-byte siginfo recorded for `sig`.
    static func info(_ sig: Int32) -> [UInt8] {
        [UInt8](UnsafeRawBufferPointer(start: infos + Int(sig) * 128, count: 128))
    }
}

/// The host handler: async-signal-safe (a copy, an atomic or, a store).
private func onHostSignal(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    guard sig >= 1, sig <= 64 else { return }
    if let info { (HostSignals.infos + Int(sig) * 128).copyMemory(from: info, byteCount: 128) }
    HostSignals.pending.bitwiseOr(UInt64(1) << UInt64(sig - 1), ordering: .sequentiallyConsistent)
    HostSignals.interrupt?.pointee = 0
}
