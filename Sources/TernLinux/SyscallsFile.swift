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

    func sysRead(_ a: SyscallArgs) -> Int64 {
        guard let (p, n) = ioBuffer(a[1], a[2], .write) else { return -Errno.EFAULT }
        return Errno.result(blocking { read(a.int32(0), p, n) })
    }

    func sysWrite(_ a: SyscallArgs) -> Int64 {
        guard let (p, n) = ioBuffer(a[1], a[2], .read) else { return -Errno.EFAULT }
        return Errno.result(blocking { write(a.int32(0), p, n) })
    }

    func sysPread(_ a: SyscallArgs) -> Int64 {
        guard let (p, n) = ioBuffer(a[1], a[2], .write) else { return -Errno.EFAULT }
        return Errno.result(blocking { pread(a.int32(0), p, n, off_t(a.int(3))) })
    }

    func sysPwrite(_ a: SyscallArgs) -> Int64 {
        guard let (p, n) = ioBuffer(a[1], a[2], .read) else { return -Errno.EFAULT }
        return Errno.result(blocking { pwrite(a.int32(0), p, n, off_t(a.int(3))) })
    }

    /// Host iovecs for a guest iovec array, or -errno.
    func hostIOVecs(_ address: UInt64, _ count: Int64, _ access: MemoryProtection) -> Result<[iovec], SyscallError> {
        guard count >= 0, count <= Int64(Self.maxIOVecs) else { return .failure(.init(Errno.EINVAL)) }
        guard let raw = copyIn(address, Int(count) * 16) else { return .failure(.init(Errno.EFAULT)) }
        let r = ByteReader(raw)
        var total: UInt64 = 0
        var vecs: [iovec] = []
        for i in 0 ..< Int(count) {
            let base = r.u64(i * 16), len = r.u64(i * 16 + 8)
            guard len <= UInt64(Int64.max) - total else { return .failure(.init(Errno.EINVAL)) }
            total += len
            guard let p = guestPointer(base, Int(min(len, 0x7fff_f000)), access) else { return .failure(.init(Errno.EFAULT)) }
            vecs.append(iovec(iov_base: p, iov_len: Int(min(len, 0x7fff_f000))))
        }
        return .success(vecs)
    }

    func sysReadv(_ a: SyscallArgs) -> Int64 {
        switch hostIOVecs(a[1], a.int(2), .write) {
        case .failure(let e): return -e.errno
        case .success(let v): return Errno.result(v.withUnsafeBufferPointer { b in blocking { readv(a.int32(0), b.baseAddress, Int32(b.count)) } })
        }
    }

    func sysWritev(_ a: SyscallArgs) -> Int64 {
        switch hostIOVecs(a[1], a.int(2), .read) {
        case .failure(let e): return -e.errno
        case .success(let v): return Errno.result(v.withUnsafeBufferPointer { b in blocking { writev(a.int32(0), b.baseAddress, Int32(b.count)) } })
        }
    }

    func sysOpenat(_ a: SyscallArgs) -> Int64 {
        let flags = OpenFlags.host(fromGuest: a.int32(2))
        if case .success(let path) = guestPath(a[1]), let entry = procEntry(path) {
            guard flags & OpenFlags.accessMode == O_RDONLY else { return -Errno.EACCES }
            return openSynthetic(procContents(entry), flags: flags)
        }
        return withPath(a[1]) { path in Errno.result(blocking { openat(a.int32(0), path, flags, mode_t(truncatingIfNeeded: a[3])) }) }  // a FIFO waits for its other end
    }

    func sysClose(_ a: SyscallArgs) -> Int64 { Errno.result(blocking { close(a.int32(0)) }) }  // SO_LINGER waits

    func sysLseek(_ a: SyscallArgs) -> Int64 { Errno.result(lseek(a.int32(0), off_t(a.int(1)), a.int32(2))) }

    private func writeStat(_ st: stat, to address: UInt64) -> Int64 {
        copyOut(address, GuestStat(host: st).encoded) ? 0 : -Errno.EFAULT
    }

    func sysFstat(_ a: SyscallArgs) -> Int64 {
        var st = stat()
        guard fstat(a.int32(0), &st) == 0 else { return Errno.lastHostError() }
        return writeStat(st, to: a[1])
    }

    func sysNewfstatat(_ a: SyscallArgs) -> Int64 {
        guard guestPointer(a[2], GuestStat.size, .write) != nil else { return -Errno.EFAULT }
        var st = stat()
        let r = withPath(a[1]) { Errno.result(fstatat(a.int32(0), $0, &st, a.int32(3) & Self.atFlagsMask)) }
        return r < 0 ? r : writeStat(st, to: a[2])
    }

    func sysStatx(_ a: SyscallArgs) -> Int64 {
        guard let out = guestPointer(a[4], SameLayout.statx, .write) else { return -Errno.EFAULT }
        var buffer = [UInt8](repeating: 0, count: SameLayout.statx)
        let r = withPath(a[1]) { path in
            buffer.withUnsafeMutableBytes { Errno.result(host_statx(a.int32(0), path, a.int32(2), UInt32(truncatingIfNeeded: a[3]), $0.baseAddress!)) }
        }
        if r == 0 { buffer.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: $0.count) } }
        return r
    }

    func sysReadlinkat(_ a: SyscallArgs) -> Int64 {
        let size = a.int(3)
        guard size > 0 else { return -Errno.EINVAL }
        var target = [CChar](repeating: 0, count: 4096)
        var length: Int64 = 0
        let r: Int64
        let magic = isProcMagicLinkRequest(a[1])
        if isSelfExeRequest(a[1]) {
            let exe = Array(executablePath.utf8CString.dropLast())
            target.replaceSubrange(0 ..< min(exe.count, 4096), with: exe.prefix(4096))
            length = Int64(min(exe.count, 4096))
            r = 0
        } else {
            r = withPath(a[1]) { path in
                let n = readlinkat(a.int32(0), path, &target, target.count)
                guard n >= 0 else { return Errno.lastHostError() }
                length = Int64(n)
                return 0
            }
        }
        guard r == 0 else { return r }
        var bytes = target[0 ..< Int(length)].map { UInt8(bitPattern: $0) }
        // /proc's links name host paths: the guest sees its own names. Other
        // links' targets are returned exactly as stored.
        if magic { bytes = paths.guest(bytes) }
        let n = Int(min(Int64(bytes.count), size))
        return copyOut(a[2], Array(bytes.prefix(n))) ? Int64(n) : -Errno.EFAULT
    }

    /// Whether the guest path at `address` is one of this process's /proc links
    /// to files (/proc/self/{exe,cwd,root,fd/N}, also by pid or thread-self).
    private func isProcMagicLinkRequest(_ address: UInt64) -> Bool {
        guard case .success(let bytes) = guestPath(address) else { return false }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "/")
        guard bytes.first == UInt8(ascii: "/"), parts.count >= 3, parts[0] == "proc",
              parts[1] == "self" || parts[1] == "thread-self" || parts[1] == String(getpid()) || Int32(parts[1]).map({ threads[$0] != nil }) == true
        else { return false }
        return parts.count == 3 ? ["exe", "cwd", "root"].contains(parts[2]) : parts.count == 4 && parts[2] == "fd"
    }

    /// Whether the guest path at `address` itself names /proc/self/exe.
    private func isSelfExeRequest(_ address: UInt64) -> Bool {
        guard let s = memory.readCString(address, maxLength: 64) else { return false }
        return isSelfExe(Array(s.utf8))
    }

    func sysDup(_ a: SyscallArgs) -> Int64 { Errno.result(dup(a.int32(0))) }

    func sysDup3(_ a: SyscallArgs) -> Int64 {
        let flags = a.int32(2)
        guard flags & ~0o2000000 == 0 else { return -Errno.EINVAL }
        guard a.int32(0) != a.int32(1) else { return -Errno.EINVAL }
        return Errno.result(host_dup3(a.int32(0), a.int32(1), OpenFlags.host(fromGuest: flags)))
    }

    func sysPipe2(_ a: SyscallArgs) -> Int64 {
        let flags = a.int32(1)
        guard flags & ~(0o2000000 | 0o4000 | 0o40000) == 0 else { return -Errno.EINVAL }
        guard guestPointer(a[0], 8, .write) != nil else { return -Errno.EFAULT }
        var fds: [Int32] = [0, 0]
        guard host_pipe2(&fds, OpenFlags.host(fromGuest: flags)) == 0 else { return Errno.lastHostError() }
        var w = StructWriter(size: 8)
        w.put(fds[0], at: 0); w.put(fds[1], at: 4)
        return copyOut(a[0], w.bytes) ? 0 : -Errno.EFAULT
    }

    func sysGetdents64(_ a: SyscallArgs) -> Int64 {
        let count = min(a[2] & 0xffff_ffff, 1 << 20)
        guard let p = guestPointer(a[1], Int(count), .write) else { return -Errno.EFAULT }
        return Errno.result(host_getdents64(a.int32(0), p, Int(count)))
    }

    /// getcwd: the guest's name for the working directory (inside the sysroot, without its prefix).
    func sysGetcwd(_ a: SyscallArgs) -> Int64 {
        var buffer = [CChar](repeating: 0, count: 4097)
        guard getcwd(&buffer, buffer.count) != nil else { return Errno.lastHostError() }
        let path = paths.guest(buffer[0 ..< strlen(buffer)].map { UInt8(bitPattern: $0) }) + [0]
        guard UInt64(path.count) <= a[1] else { return -Errno.ERANGE }
        return copyOut(a[0], path) ? Int64(path.count) : -Errno.EFAULT
    }

    func sysChdir(_ a: SyscallArgs) -> Int64 { withPath(a[0]) { Errno.result(chdir($0)) } }
    func sysFchdir(_ a: SyscallArgs) -> Int64 { Errno.result(fchdir(a.int32(0))) }

    func sysFaccessat(_ a: SyscallArgs, hasFlags: Bool) -> Int64 {
        let flags = hasFlags ? a.int32(3) & (0x200 | 0x100 | 0x1000) : 0  // AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH
        return withPath(a[1]) { Errno.result(faccessat(a.int32(0), $0, a.int32(2), flags)) }
    }

    func sysUnlinkat(_ a: SyscallArgs) -> Int64 {
        withPath(a[1]) { Errno.result(unlinkat(a.int32(0), $0, a.int32(2) & 0x200)) }
    }

    func sysMkdirat(_ a: SyscallArgs) -> Int64 {
        withPath(a[1]) { Errno.result(mkdirat(a.int32(0), $0, mode_t(truncatingIfNeeded: a[2]))) }
    }

    func sysRenameat(_ a: SyscallArgs) -> Int64 {
        withPath(a[1]) { old in
            withPath(a[3]) { new in Errno.result(host_renameat2(a.int32(0), old, a.int32(2), new, UInt32(truncatingIfNeeded: a[4]))) }
        }
    }

    /// symlinkat(target, dirfd, linkpath): the target is text stored in the link, not a lookup: it stays as given.
    func sysSymlinkat(_ a: SyscallArgs) -> Int64 {
        switch guestPath(a[0]) {
        case .failure(let e): return -e.errno
        case .success(let target):
            return (target + [0]).withUnsafeBufferPointer { t in
                t.withMemoryRebound(to: CChar.self) { target in withPath(a[2]) { Errno.result(symlinkat(target.baseAddress!, a.int32(1), $0)) } }
            }
        }
    }

    func sysLinkat(_ a: SyscallArgs) -> Int64 {
        withPath(a[1]) { old in
            withPath(a[3]) { new in Errno.result(linkat(a.int32(0), old, a.int32(2), new, a.int32(4) & Self.atFlagsMask)) }
        }
    }

    func sysFtruncate(_ a: SyscallArgs) -> Int64 { Errno.result(ftruncate(a.int32(0), off_t(a.int(1)))) }
    func sysTruncate(_ a: SyscallArgs) -> Int64 { withPath(a[0]) { Errno.result(truncate($0, off_t(a.int(1)))) } }
    func sysFsync(_ a: SyscallArgs) -> Int64 { Errno.result(blocking { fsync(a.int32(0)) }) }
    func sysFchmod(_ a: SyscallArgs) -> Int64 { Errno.result(fchmod(a.int32(0), mode_t(truncatingIfNeeded: a[1]))) }
    func sysFchmodat(_ a: SyscallArgs) -> Int64 {
        withPath(a[1]) { Errno.result(fchmodat(a.int32(0), $0, mode_t(truncatingIfNeeded: a[2]), 0)) }
    }
    func sysUmask(_ a: SyscallArgs) -> Int64 { Int64(umask(mode_t(truncatingIfNeeded: a[0] & 0o777))) }
    func sysFlock(_ a: SyscallArgs) -> Int64 { Errno.result(blocking { flock(a.int32(0), a.int32(1)) }) }

    /// utimensat(dirfd, path, times, flags); a NULL path is futimens (the
    /// raw syscall: glibc's wrapper refuses it). `struct timespec[2]` has the same layout.
    func sysUtimensat(_ a: SyscallArgs) -> Int64 {
        var times: [UInt8]?
        if a[2] != 0 {
            guard let raw = copyIn(a[2], 32) else { return -Errno.EFAULT }
            times = raw
        }
        func call(_ path: UnsafePointer<CChar>?) -> Int64 {
            let p = Int(bitPattern: path)
            guard var t = times else { return hostResult(host_syscall(HostSyscall.utimensat, Int(a.int32(0)), p, 0, Int(a.int32(3)), 0, 0)) }
            return t.withUnsafeMutableBytes { hostResult(host_syscall(HostSyscall.utimensat, Int(a.int32(0)), p, Int(bitPattern: $0.baseAddress), Int(a.int32(3)), 0, 0)) }
        }
        if a[1] == 0 { return call(nil) }  // futimens form
        return withPath(a[1]) { call($0) }
    }
}

/// A guest errno (positive) carried through `Result`.
struct SyscallError: Error {
    let errno: Int64
    init(_ errno: Int64) { self.errno = errno }
}
