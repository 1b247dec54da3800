import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// Exit, identity, limits, randomness, futex.
extension SyscallHandler {
    func sysExit(_ a: SyscallArgs) -> Int64 {
        exitRequest = .exited(Int32(a[0] & 0xff))
        return 0
    }

    func sysGetpgid(_ a: SyscallArgs) -> Int64 { guestIDResult(Errno.result(getpgid(hostID(a.int32(0))))) }


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




    func sysPrctl(_ a: SyscallArgs) -> Int64 {
        switch a.int32(0) {
        case 15:  // PR_SET_NAME: up to 15 bytes or the NUL (strncpy_from_user)
            var name: [UInt8] = []
            while name.count < 15 {
                guard let byte = copyIn(a[1] &+ UInt64(name.count), 1)?.first else { return -Errno.EFAULT }
                if byte == 0 { break }
                name.append(byte)
            }
            threadName = name
            return 0
        case 16:  // PR_GET_NAME
            return copyOut(a[1], threadName + [UInt8](repeating: 0, count: 16 - threadName.count)) ? 0 : -Errno.EFAULT
        case 1, 3, 4, 38, 39:  // PR_SET_PDEATHSIG, PR_GET/SET_DUMPABLE, PR_SET/GET_NO_NEW_PRIVS: the host process is the guest's
            return Errno.result(host_prctl(a.int32(0), a[1], a[2], a[3], a[4]))
        case 2:  // PR_GET_PDEATHSIG
            return Errno.result(host_prctl(2, UInt64(bitPattern: Int64(kernelBuffer(a[1], 4, writes: true))), a[2], a[3], a[4]))
        case 69:  // PR_RISCV_V_SET_CONTROL
            return setVectorControl(argument: a[1])
        case 70:  // PR_RISCV_V_GET_CONTROL
            return hasVector ? vectorControl : -Errno.EINVAL
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

    /// The number of a signal given as a name ("SIGUSR2", "USR2", any case)
    /// or a number (1...64); nil otherwise.
    public static func number(_ text: String) -> Int32? {
        if let n = Int32(text) { return n >= 1 && n <= 64 ? n : nil }
        let upper = text.uppercased()
        let name = upper.hasPrefix("SIG") ? upper : "SIG" + upper
        return names.firstIndex(of: name).flatMap { $0 > 0 ? Int32($0) : nil }
    }
}
