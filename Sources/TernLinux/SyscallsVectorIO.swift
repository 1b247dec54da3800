import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// preadv/pwritev(2), vmsplice, process_vm_readv/writev, process_madvise,
/// guest iovec arrays translated for the host (sendmmsg/recvmmsg: SyscallsSocket.swift).
extension SyscallHandler {
    /// Runs `body` with a host iovec array (pointer, count) for guest array `address` (`withKernelIOVecs`).
    private func withIOVecs(_ address: UInt64, _ count: UInt64, kernelWrites: Bool, _ body: (Int, Int) -> Int64) -> Int64 {
        withKernelIOVecs(address, count, writes: kernelWrites, body)
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
