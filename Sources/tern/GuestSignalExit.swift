import Foundation

/// Ends tern the way the guest's fatal signal would have ended the guest.
enum GuestSignalExit {
    /// Kills this process with `signal` (no core file); falls back to exit 128+signal.
    static func die(_ signal: Int32) -> Never {
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        Foundation.signal(signal, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(signal)
        exit(128 + signal)
    }
}
