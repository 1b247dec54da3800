import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// File and descriptor system calls. Guest descriptors are host descriptors.
extension SyscallHandler {
    /// UIO_MAXIOV.
    static let maxIOVecs = 1024
    /// AT_* flags accepted by the *at calls (same values on both ABIs).
    static let atFlagsMask: Int32 = 0x100 | 0x200 | 0x400 | 0x800 | 0x1000

    /// readv/writev: x86-64 19/20 on host iovecs over the guest's buffers.
    func sysReadv(_ a: SyscallArgs) -> Int64 {
        withKernelIOVecs(a[1], a[2], writes: true) { vecs, count in
            hostResult(blocking { host_syscall(19, Int(a.int32(0)), vecs, count, 0, 0, 0) })
        }
    }

    func sysWritev(_ a: SyscallArgs) -> Int64 {
        withKernelIOVecs(a[1], a[2], writes: false) { vecs, count in
            hostResult(blocking { host_syscall(20, Int(a.int32(0)), vecs, count, 0, 0, 0) })
        }
    }

    func sysOpenat(_ a: SyscallArgs) -> Int64 {
        let flags = OpenFlags.host(fromGuest: a.int32(2))
        if case .success(let path) = guestPath(a[1]), let entry = procEntry(path) {
            guard flags & OpenFlags.accessMode == O_RDONLY else { return -Errno.EACCES }
            return openSynthetic(procContents(entry), flags: flags)
        }
        return withKernelPath(a[1], dirfd: a.int32(0)) { path in  // a FIFO waits for its other end
            hostResult(blocking { host_syscall(257, Int(a.int32(0)), path, Int(flags), Int(truncatingIfNeeded: a[3] & 0xffff_ffff), 0, 0) })
        }
    }

    func sysClose(_ a: SyscallArgs) -> Int64 { Errno.result(blocking { close(a.int32(0)) }) }  // SO_LINGER waits

    /// close_range(first, last, flags): the host's, on the parts of the range
    /// around Tern's own descriptors (`ReservedDescriptors`), which the guest's
    /// table does not hold. Flags and an inverted range are checked first, as
    /// the kernel does before closing anything.
    func sysCloseRange(_ a: SyscallArgs) -> Int64 {
        let first = UInt32(truncatingIfNeeded: a[0]), last = UInt32(truncatingIfNeeded: a[1])
        let flags = UInt32(truncatingIfNeeded: a[2])
        guard flags & ~UInt32(Self.closeRangeUnshare | Self.closeRangeCloexec) == 0, first <= last else {
            return -Errno.EINVAL
        }
        var start = UInt64(first)
        for fd in ReservedDescriptors.shared.descriptors where UInt64(fd) >= start && UInt64(fd) <= UInt64(last) {
            if UInt64(fd) > start {
                let r = hostResult(host_syscall(436, Int(start), Int(fd) - 1, Int(flags), 0, 0, 0))
                guard r == 0 else { return r }
            }
            start = UInt64(fd) + 1
        }
        guard start <= UInt64(last) else { return 0 }
        return hostResult(host_syscall(436, Int(start), Int(last), Int(flags), 0, 0, 0))
    }

    /// CLOSE_RANGE_UNSHARE, CLOSE_RANGE_CLOEXEC.
    static let closeRangeUnshare: UInt32 = 1 << 1, closeRangeCloexec: UInt32 = 1 << 2

    private func writeStat(_ st: stat, to address: UInt64) -> Int64 {
        copyOut(address, GuestStat(host: st).encoded) ? 0 : -Errno.EFAULT
    }

    /// fstat/newfstatat: `struct stat` differs, so the host fills its own and
    /// the guest's is written after (EFAULT last, as Linux's cp_new_stat).
    func sysFstat(_ a: SyscallArgs) -> Int64 {
        var st = stat()
        guard fstat(a.int32(0), &st) == 0 else { return Errno.lastHostError() }
        return writeStat(st, to: a[1])
    }

    func sysNewfstatat(_ a: SyscallArgs) -> Int64 {
        var st = stat()
        let r = withUnsafeMutablePointer(to: &st) { buffer in
            withKernelPath(a[1], dirfd: a.int32(0)) { path in
                hostResult(host_syscall(262, Int(a.int32(0)), path, Int(bitPattern: buffer), Int(a.int32(3)), 0, 0))
            }
        }
        return r < 0 ? r : writeStat(st, to: a[2])
    }

    /// readlinkat: the kernel's, except for /proc's links to this process's
    /// files, which name host paths: the guest sees its own names. Other links'
    /// targets are returned exactly as stored.
    func sysReadlinkat(_ a: SyscallArgs) -> Int64 {
        let size = a.int32(3)
        guard size > 0 else { return -Errno.EINVAL }
        guard isProcMagicLinkRequest(a[1]) else {
            return withKernelPath(a[1], dirfd: a.int32(0)) { path in
                hostResult(host_syscall(267, Int(a.int32(0)), path, kernelBuffer(a[2], UInt64(min(size, 4096)), writes: true), Int(size), 0, 0))
            }
        }
        var target = [CChar](repeating: 0, count: 4096)
        var length = 0
        if isSelfExeRequest(a[1]) {
            let exe = Array(executablePath.utf8CString.dropLast())
            length = min(exe.count, 4096)
            target.replaceSubrange(0 ..< length, with: exe.prefix(4096))
        } else {
            let r = target.withUnsafeMutableBytes { buffer in
                withKernelPath(a[1], dirfd: a.int32(0)) { path in
                    hostResult(host_syscall(267, Int(a.int32(0)), path, Int(bitPattern: buffer.baseAddress), 4096, 0, 0))
                }
            }
            guard r >= 0 else { return r }
            length = Int(r)
        }
        let bytes = paths.guest(target[0 ..< length].map { UInt8(bitPattern: $0) })
        let n = min(bytes.count, Int(size))
        return copyOut(a[2], Array(bytes.prefix(n))) ? Int64(n) : -Errno.EFAULT
    }

    /// Whether the guest path at `address` is one of this process's /proc links
    /// to files (/proc/self/{exe,cwd,root,fd/N}, also by pid or thread-self).
    private func isProcMagicLinkRequest(_ address: UInt64) -> Bool {
        guard case .success(let bytes) = guestPath(address) else { return false }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "/")
        guard bytes.first == UInt8(ascii: "/"), parts.count >= 3, parts[0] == "proc",
              parts[1] == "self" || parts[1] == "thread-self" || parts[1] == String(pid) || Int32(parts[1]).map({ threads[$0] != nil }) == true
        else { return false }
        return parts.count == 3 ? ["exe", "cwd", "root"].contains(parts[2]) : parts.count == 4 && parts[2] == "fd"
    }

    /// Whether the guest path at `address` itself names /proc/self/exe.
    private func isSelfExeRequest(_ address: UInt64) -> Bool {
        guard let s = memory.readCString(address, maxLength: 64) else { return false }
        return isSelfExe(Array(s.utf8))
    }

    /// getcwd: the guest's name for the working directory (inside the sysroot, without its prefix).
    func sysGetcwd(_ a: SyscallArgs) -> Int64 {
        var buffer = [CChar](repeating: 0, count: 4097)
        guard getcwd(&buffer, buffer.count) != nil else { return Errno.lastHostError() }
        let path = paths.guest(buffer[0 ..< strlen(buffer)].map { UInt8(bitPattern: $0) }) + [0]
        guard UInt64(path.count) <= a[1] else { return -Errno.ERANGE }
        return copyOut(a[0], path) ? Int64(path.count) : -Errno.EFAULT
    }

    func sysFchdir(_ a: SyscallArgs) -> Int64 { Errno.result(fchdir(a.int32(0))) }
}

/// A guest errno (positive) carried through `Result`.
struct SyscallError: Error {
    let errno: Int64
    init(_ errno: Int64) { self.errno = errno }
}
