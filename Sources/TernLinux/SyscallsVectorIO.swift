import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// preadv/pwritev(2), vmsplice, process_vm_readv/writev, process_madvise,
/// sendmmsg and recvmmsg: guest iovec and mmsghdr arrays translated for the host.
extension SyscallHandler {
    /// Host iovecs for a guest iovec array whose buffers the kernel checks
    /// itself (addresses translated, not validated here); buffers the kernel
    /// writes have their translated code dropped first.
    func translatedIOVecs(_ address: UInt64, _ count: UInt64, kernelWrites: Bool) -> Result<[iovec], SyscallError> {
        guard count <= UInt64(Self.maxIOVecs) else { return .failure(.init(Errno.EINVAL)) }
        guard let raw = copyIn(address, Int(count) * 16) else { return .failure(.init(Errno.EFAULT)) }
        let r = ByteReader(raw)
        return .success((0 ..< Int(count)).map { i in
            let base = r.u64(i * 16), length = r.u64(i * 16 + 8)
            if kernelWrites, length > 0, base < GuestMemory.size {
                _ = memory.pointer(base, length: min(length, GuestMemory.size - base), .write)
            }
            return iovec(iov_base: UnsafeMutableRawPointer(bitPattern: hostAddress(base)), iov_len: Int(truncatingIfNeeded: length))
        })
    }

    /// Runs `body` with a host iovec array (pointer, count) for guest array `address`.
    private func withIOVecs(_ address: UInt64, _ count: UInt64, kernelWrites: Bool, _ body: (Int, Int) -> Int64) -> Int64 {
        switch translatedIOVecs(address, count, kernelWrites: kernelWrites) {
        case .failure(let e): return -e.errno
        case .success(let vecs): return vecs.withUnsafeBufferPointer { body(Int(bitPattern: $0.baseAddress), $0.count) }
        }
    }


    /// preadv(fd, iov, vlen, pos) / preadv2(..., flags): x86-64 preadv 295, preadv2 327.
    func sysPreadv(_ a: SyscallArgs, hasFlags: Bool) -> Int64 {
        withIOVecs(a[1], a[2], kernelWrites: true) { vecs, count in
            hostResult(blocking { host_syscall(hasFlags ? 327 : 295, Int(a.int32(0)), vecs, count, Int(a.int(3)), 0,
                                               hasFlags ? Int(a.int32(5)) : 0) })
        }
    }

    /// pwritev(fd, iov, vlen, pos) / pwritev2(..., flags): x86-64 pwritev 296, pwritev2 328.
    func sysPwritev(_ a: SyscallArgs, hasFlags: Bool) -> Int64 {
        withIOVecs(a[1], a[2], kernelWrites: false) { vecs, count in
            hostResult(blocking { host_syscall(hasFlags ? 328 : 296, Int(a.int32(0)), vecs, count, Int(a.int(3)), 0,
                                               hasFlags ? Int(a.int32(5)) : 0) })
        }
    }

    /// vmsplice(fd, iov, nr_segs, flags): x86-64 278. Reading from a pipe writes the iovecs.
    func sysVmsplice(_ a: SyscallArgs) -> Int64 {
        var st = stat()
        let fromPipe = fstat(a.int32(0), &st) == 0 && fcntl(a.int32(0), F_GETFL) & O_ACCMODE == O_RDONLY
        return withIOVecs(a[1], a[2], kernelWrites: fromPipe) { vecs, count in
            hostResult(blocking { host_syscall(278, Int(a.int32(0)), vecs, count, Int(truncatingIfNeeded: a[3]), 0, 0) })
        }
    }

    /// Whether `pid` names this process or one of its threads.
    func isSelf(_ pid: Int32) -> Bool { pid == getpid() || threads[pid] != nil }

    /// process_vm_readv/writev(pid, local, n, remote, n, flags): x86-64 310/311.
    /// Another process's guest memory lives at another host address, so only
    /// this process is reachable; others get EPERM, as without ptrace access.
    func sysProcessVM(_ a: SyscallArgs, write: Bool) -> Int64 {
        guard a[5] == 0 else { return -Errno.EINVAL }
        let pid = a.int32(0)
        guard pid > 0 else { return -Errno.ESRCH }
        guard isSelf(pid) else {
            return kill(pid, 0) == 0 || errno == EPERM ? -Errno.EPERM : -Errno.ESRCH
        }
        return withIOVecs(a[1], a[2], kernelWrites: !write) { local, localCount in
            withIOVecs(a[3], a[4], kernelWrites: write) { remote, remoteCount in
                hostResult(host_syscall(write ? 311 : 310, Int(pid), local, localCount, remote, remoteCount, 0))
            }
        }
    }

    /// process_madvise(pidfd, iov, vlen, advice, flags): x86-64 440, for this process's pidfd.
    func sysProcessMadvise(_ a: SyscallArgs) -> Int64 {
        let fd = a.int32(0)
        let pid = pidOfPidfd(fd)
        guard pid != nil || fcntl(fd, F_GETFD) != -1 else { return -Errno.EBADF }
        guard let pid else { return -Errno.EBADF }
        guard isSelf(pid) else { return -Errno.EPERM }
        return withIOVecs(a[1], a[2], kernelWrites: false) { vecs, count in
            hostResult(host_syscall(440, Int(fd), vecs, count, Int(a.int32(3)), Int(truncatingIfNeeded: a[4]), 0))
        }
    }

    /// The process a pidfd refers to (its fdinfo "Pid:" line), or nil.
    func pidOfPidfd(_ fd: Int32) -> Int32? {
        guard let text = try? String(contentsOfHostFile: "/proc/self/fdinfo/\(fd)") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Pid:") {
            return Int32(line.dropFirst(4).trimmingCharacters(in: " \t"))
        }
        return nil
    }

    // MARK: sendmmsg / recvmmsg

    /// Size of `struct mmsghdr` (msghdr, then the u32 msg_len and padding).
    private static let mmsghdrSize: UInt64 = 64

    /// sendmmsg(fd, msgvec, vlen, flags): sends until one fails; returns how many went.
    func sysSendmmsg(_ a: SyscallArgs) -> Int64 {
        let count = min(a[2] & 0xffff_ffff, 1024)  // UIO_MAXIOV
        var sent: Int64 = 0
        for i in 0 ..< count {
            let entry = a[1] &+ i * Self.mmsghdrSize
            let r = withMsghdr(entry, .read) { m in Errno.result(blocking { sendmsg(a.int32(0), m, a.int32(3)) }) }
            if r < 0 { return sent > 0 ? sent : r }
            guard copyOut(entry + 56, value: UInt32(truncatingIfNeeded: r), size: 4) else { return sent > 0 ? sent : -Errno.EFAULT }
            sent += 1
        }
        return sent
    }

    /// recvmmsg(fd, msgvec, vlen, flags, timeout): MSG_WAITFORONE makes every
    /// receive after the first non-blocking; the timeout is checked after each datagram.
    func sysRecvmmsg(_ a: SyscallArgs) -> Int64 {
        let count = min(a[2] & 0xffff_ffff, 1024)
        var flags = a.int32(3)
        var deadline: timespec?
        if a[4] != 0 {
            guard let raw = copyIn(a[4], 16) else { return -Errno.EFAULT }
            let r = ByteReader(raw)
            let sec = Int64(bitPattern: r.u64(0)), nsec = Int64(bitPattern: r.u64(8))
            guard sec >= 0, nsec >= 0, nsec < 1_000_000_000 else { return -Errno.EINVAL }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let total = Int64(now.tv_nsec) + nsec
            deadline = timespec(tv_sec: now.tv_sec + Int(sec) + Int(total / 1_000_000_000), tv_nsec: Int(total % 1_000_000_000))
        }
        var received: Int64 = 0
        for i in 0 ..< count {
            let entry = a[1] &+ i * Self.mmsghdrSize
            let r = withMsghdr(entry, .write) { m in Errno.result(blocking { recvmsg(a.int32(0), m, flags) }) }
            if r < 0 { return received > 0 ? received : r }
            guard copyOut(entry + 56, value: UInt32(truncatingIfNeeded: r), size: 4) else { return received > 0 ? received : -Errno.EFAULT }
            received += 1
            if flags & 0x10000 != 0 { flags |= Int32(MSG_DONTWAIT) }  // MSG_WAITFORONE
            if let deadline {
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                if now.tv_sec > deadline.tv_sec || (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec) { break }
            }
        }
        return received
    }
}

extension String {
    /// The contents of a small host text file (such as a /proc file).
    init(contentsOfHostFile path: String) throws(SyscallError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SyscallError(-Errno.lastHostError()) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 4096) }
            if n <= 0 { break }
            bytes += chunk.prefix(n)
        }
        self = String(decoding: bytes, as: UTF8.self)
    }

    /// The string without leading and trailing characters from `set`.
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        return String(drop { chars.contains($0) }.reversed().drop { chars.contains($0) }.reversed())
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
