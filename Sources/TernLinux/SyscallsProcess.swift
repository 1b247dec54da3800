import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Exit, identity, limits, randomness, futex.
extension SyscallHandler {
    func sysExit(_ a: SyscallArgs) -> Int64 {
        exitRequest = .exited(Int32(a[0] & 0xff))
        return 0
    }

    func sysGetpgid(_ a: SyscallArgs) -> Int64 { Errno.result(getpgid(pid_t(a.int32(0)))) }

    func sysGetresid(_ a: SyscallArgs, user: Bool) -> Int64 {
        let ids = user ? [getuid(), geteuid(), geteuid()] : [getgid(), getegid(), getegid()]
        for (i, id) in ids.enumerated() where !copyOut(a[i], value: UInt32(id), size: 4) { return -Errno.EFAULT }
        return 0
    }

    func sysUname(_ a: SyscallArgs) -> Int64 {
        var host = utsname()
        uname(&host)
        func field(_ s: String) -> [UInt8] { Array(Array(s.utf8).prefix(64)) + [UInt8](repeating: 0, count: 65 - min(64, s.utf8.count)) }
        func hostField<T>(_ v: T) -> String {
            withUnsafeBytes(of: v) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var bytes: [UInt8] = []
        bytes += field("Linux")
        bytes += field(hostField(host.nodename))
        bytes += field("6.1.0")
        bytes += field(hostField(host.version))
        bytes += field("riscv64")
        bytes += field("(none)")
        return copyOut(a[0], bytes) ? 0 : -Errno.EFAULT
    }

    func sysSysinfo(_ a: SyscallArgs) -> Int64 {
        var info = [UInt8](repeating: 0, count: SameLayout.sysinfo)
        guard info.withUnsafeMutableBytes({ host_sysinfo($0.baseAddress!) }) == 0 else { return Errno.lastHostError() }
        return copyOut(a[0], info) ? 0 : -Errno.EFAULT
    }

    func sysGetrusage(_ a: SyscallArgs) -> Int64 {
        var usage = rusage()
        guard getrusage(__rusage_who_t(a.int32(0)), &usage) == 0 else { return Errno.lastHostError() }
        return copyOut(a[1], value: usage, size: SameLayout.rusage) ? 0 : -Errno.EFAULT
    }

    func sysGetrandom(_ a: SyscallArgs) -> Int64 {
        guard a[2] & ~UInt64(7) == 0 else { return -Errno.EINVAL }
        let count = min(a[1], 1 << 25)
        guard let (p, n) = ioBuffer(a[0], count, .write) else { return -Errno.EFAULT }
        return Errno.result(blocking { host_getrandom(p, n, UInt32(a[2] & 3)) })  // waits for the entropy pool at boot
    }

    func sysPrctl(_ a: SyscallArgs) -> Int64 {
        switch a.int32(0) {
        case 15:  // PR_SET_NAME
            guard let raw = copyIn(a[1], 16) else { return -Errno.EFAULT }
            threadName = Array(raw.prefix { $0 != 0 }.prefix(15))
            return 0
        case 16:  // PR_GET_NAME
            return copyOut(a[1], threadName + [UInt8](repeating: 0, count: 16 - threadName.count)) ? 0 : -Errno.EFAULT
        case 1, 4, 38:  // PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS: the host process is the guest's
            return Errno.result(host_prctl(a.int32(0), a[1], a[2], a[3], a[4]))
        case 3, 39:  // PR_GET_DUMPABLE, PR_GET_NO_NEW_PRIVS
            return Errno.result(host_prctl(a.int32(0), 0, 0, 0, 0))
        case 2:  // PR_GET_PDEATHSIG
            var sig: Int32 = 0
            let r = withUnsafeMutablePointer(to: &sig) { host_prctl(2, UInt64(UInt(bitPattern: $0)), 0, 0, 0) }
            guard r == 0 else { return Errno.lastHostError() }
            return copyOut(a[1], value: sig, size: 4) ? 0 : -Errno.EFAULT
        default:
            return -Errno.EINVAL
        }
    }
}

@_silgen_name("prctl")
func host_prctl(_ option: Int32, _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Int32

/// Signal numbers and names (identical on riscv64 and x86-64 for 1–31).
public enum Signal {
    public static let sigill: Int32 = 4, sigtrap: Int32 = 5, sigbus: Int32 = 7, sigsegv: Int32 = 11

    static let names = ["", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
                        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
                        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
                        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"]

    /// "SIGSEGV", or "SIG<n>" for real-time and unknown signals.
    public static func name(_ sig: Int32) -> String {
        sig > 0 && Int(sig) < names.count ? names[Int(sig)] : "SIG\(sig)"
    }
}
