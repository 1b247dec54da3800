#if canImport(Glibc)
import Glibc
#endif

/// Guest (riscv64 Linux, asm-generic) errno values used by the syscall layer.
enum Errno {
    static let EPERM: Int64 = 1
    static let ENOENT: Int64 = 2
    static let ESRCH: Int64 = 3
    static let EINTR: Int64 = 4
    static let EIO: Int64 = 5
    static let E2BIG: Int64 = 7
    static let ENOEXEC: Int64 = 8
    static let EBADF: Int64 = 9
    static let EAGAIN: Int64 = 11
    static let ENOMEM: Int64 = 12
    static let EACCES: Int64 = 13
    static let EFAULT: Int64 = 14
    static let EEXIST: Int64 = 17
    static let ENODEV: Int64 = 19
    static let ENOTDIR: Int64 = 20
    static let EISDIR: Int64 = 21
    static let EINVAL: Int64 = 22
    static let ENOTTY: Int64 = 25
    static let ESPIPE: Int64 = 29
    static let ERANGE: Int64 = 34
    static let ENAMETOOLONG: Int64 = 36
    static let ENOSYS: Int64 = 38
    static let ELOOP: Int64 = 40
    static let EOVERFLOW: Int64 = 75
    static let EOPNOTSUPP: Int64 = 95
    static let ETIMEDOUT: Int64 = 110

    /// The symbolic name of a guest errno this layer returns by itself ("EPERM").
    static func name(_ errno: Int64) -> String {
        let names: [Int64: String] = [EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EINTR: "EINTR", EINVAL: "EINVAL",
                                      ENOSYS: "ENOSYS", EACCES: "EACCES", EFAULT: "EFAULT"]
        return names[errno] ?? "errno \(errno)"
    }

    /// The guest errno for a host errno. Linux x86-64 and riscv64 share the
    /// asm-generic numbering, so this is the identity on a Linux host; every
    /// host error still goes through here so another host only changes one place.
    static func guest(fromHost hostErrno: Int32) -> Int64 {
        Int64(hostErrno)
    }

    /// `-errno` for the current host `errno`.
    static func lastHostError() -> Int64 { -guest(fromHost: errno) }

    /// Syscall result from a host call returning -1 on failure.
    static func result<T: BinaryInteger>(_ value: T) -> Int64 {
        value == -1 ? lastHostError() : Int64(value)
    }
}
