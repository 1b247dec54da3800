import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Robust futex lists, ptrace (as under Yama's ptrace_scope 3), execveat,
/// openat2, mincore, move_pages, remap_file_pages, mseal, riscv_flush_icache
/// and the futex2 calls.
extension SyscallHandler {
    // MARK: robust futex lists

    /// set_robust_list(head, len): len must be sizeof(struct robust_list_head).
    func sysSetRobustList(_ a: SyscallArgs) -> Int64 {
        guard a[1] == 24 else { return -Errno.EINVAL }
        thread.robustList = (a[0], a[1])
        return 0
    }

    /// get_robust_list(pid, head_ptr, len_ptr) for this process's threads;
    /// another process's list needs ptrace access (EPERM).
    func sysGetRobustList(_ a: SyscallArgs) -> Int64 {
        let pid = a.int32(0)
        let target: GuestThread
        if pid == 0 { target = thread } else if let t = threads[pid] { target = t } else {
            return kill(pid, 0) == 0 || errno == EPERM ? -Errno.EPERM : -Errno.ESRCH
        }
        guard copyOut(a[1], value: target.robustList.head, size: 8),
              copyOut(a[2], value: UInt64(24), size: 8) else { return -Errno.EFAULT }
        return 0
    }

    // MARK: ptrace

    /// Tern cannot let another process trace the guest (the host would see
    /// x86-64 state), so ptrace answers as Linux does under Yama's
    /// ptrace_scope 3: attaching and PTRACE_TRACEME fail with EPERM; every
    /// other request names no tracee of the caller (ESRCH).
    func sysPtrace(_ a: SyscallArgs) -> Int64 {
        switch a[0] {
        case 0, 16, 0x4206: return -Errno.EPERM  // PTRACE_TRACEME, PTRACE_ATTACH, PTRACE_SEIZE
        default: return -Errno.ESRCH
        }
    }

    // MARK: execveat, openat2

    /// execveat(dirfd, path, argv, envp, flags): the program named relative to
    /// `dirfd`, or `dirfd` itself with AT_EMPTY_PATH, through /proc/self/fd.
    func sysExecveat(_ a: SyscallArgs) -> Int64 {
        let atEmptyPath: UInt64 = 0x1000, atSymlinkNoFollow: UInt64 = 0x100
        guard a[4] & ~(atEmptyPath | atSymlinkNoFollow) == 0 else { return -Errno.EINVAL }
        let path: [UInt8]
        switch guestPath(a[1]) {
        case .failure(let e): return -e.errno
        case .success(let p): path = p
        }
        let dirfd = a.int32(0)
        var program: [UInt8]
        if path.isEmpty {
            guard a[4] & atEmptyPath != 0 else { return -Errno.ENOENT }
            guard fcntl(dirfd, F_GETFD) != -1 else { return -Errno.EBADF }
            program = Array("/proc/self/fd/\(dirfd)".utf8)
        } else if path.first == UInt8(ascii: "/") || dirfd == -100 {
            program = path
        } else {
            guard fcntl(dirfd, F_GETFD) != -1 else { return -Errno.EBADF }
            program = Array("/proc/self/fd/\(dirfd)/".utf8) + path
        }
        if a[4] & atSymlinkNoFollow != 0 && !path.isEmpty {
            var st = stat()
            let host = hostPath(program) + [0]
            let isLink = host.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &st) } } == 0
                && st.st_mode & S_IFMT == S_IFLNK
            if isLink { return -Errno.ELOOP }
        }
        return sysExecve(a, path: program, argv: a[2], envp: a[3])
    }

    /// openat2(dirfd, path, how, size): struct open_how {u64 flags, mode, resolve}.
    func sysOpenat2(_ a: SyscallArgs) -> Int64 {
        let size = a[3]
        guard size >= 24 else { return -Errno.EINVAL }
        guard size <= 4096 else { return -Errno.E2BIG }
        guard let raw = copyIn(a[2], Int(size)) else { return -Errno.EFAULT }
        guard raw[24...].allSatisfy({ $0 == 0 }) else { return -Errno.E2BIG }
        let r = ByteReader(raw)
        let flags = r.u64(0), mode = r.u64(8), resolve = r.u64(16)
        let validFlags = UInt64(OpenFlags.table.reduce(Int32(3)) { $0 | $1.guest })
        guard flags & ~validFlags == 0, flags <= UInt64(UInt32.max) else { return -Errno.EINVAL }
        let creates = flags & 0o100 != 0 || flags & 0o20000000 != 0  // O_CREAT, O_TMPFILE
        guard mode & ~0o7777 == 0, creates || mode == 0 else { return -Errno.EINVAL }
        guard resolve & ~0x3f == 0 else { return -Errno.EINVAL }  // RESOLVE_NO_XDEV ... RESOLVE_CACHED
        if resolve == 0 { return sysOpenat(SyscallArgs([a[0], a[1], flags, mode])) }
        var how = [UInt64(UInt32(bitPattern: OpenFlags.host(fromGuest: Int32(truncatingIfNeeded: flags)))), mode, resolve]
        return withPath(a[1]) { path in
            how.withUnsafeMutableBytes { h in
                let r = host_syscall(437, Int(a.int32(0)), Int(bitPattern: path), Int(bitPattern: h.baseAddress), 24, 0, 0)
                return r == -1 ? Errno.lastHostError() : Int64(r)
            }
        }
    }

    // MARK: mincore, move_pages, remap_file_pages

    /// Whether every page of `[start, end)` is mapped (any protection).
    func isMapped(_ start: UInt64, _ end: UInt64) -> Bool {
        var cursor = start
        for r in memory.mappedRegions where r.end > cursor {
            guard r.start <= cursor else { return false }
            cursor = r.end
            if cursor >= end { return true }
        }
        return cursor >= end
    }

    /// mincore(addr, length, vec): ENOMEM unless every page is mapped in the guest.
    func sysMincore(_ a: SyscallArgs) -> Int64 {
        let start = a[0]
        guard start % GuestMemory.pageSize == 0 else { return -Errno.EINVAL }
        guard a[1] > 0 else { return 0 }
        let end = GuestMemory.pageUp(start &+ a[1])
        guard start < GuestMemory.size, end > start, end <= GuestMemory.size else { return -Errno.ENOMEM }
        let pages = Int((end - start) / GuestMemory.pageSize)
        guard let vec = guestPointer(a[2], pages, .write) else { return -Errno.EFAULT }
        guard isMapped(start, end) else { return -Errno.ENOMEM }
        return Errno.result(mincore(memory.host(start), Int(end - start), vec.assumingMemoryBound(to: UInt8.self)))
    }

    /// move_pages(pid, count, pages, nodes, status, flags) for this process:
    /// the page addresses are translated (x86-64 279).
    func sysMovePages(_ a: SyscallArgs) -> Int64 {
        let pid = a.int32(0)
        guard pid == 0 || isSelf(pid) else { return kill(pid, 0) == 0 || errno == EPERM ? -Errno.EPERM : -Errno.ESRCH }
        let count = a[1]
        guard count <= 1 << 20 else { return -Errno.E2BIG }
        guard let raw = copyIn(a[2], Int(count) * 8) else { return -Errno.EFAULT }
        let r = ByteReader(raw)
        var pages = (0 ..< Int(count)).map { hostAddress(r.u64($0 * 8)) }
        if a[4] != 0, count > 0 { _ = memory.pointer(a[4], length: count * 4, .write) }
        return pages.withUnsafeMutableBufferPointer { p in
            let result = host_syscall(279, 0, Int(count), Int(bitPattern: p.baseAddress), hostAddress(a[3]), hostAddress(a[4]),
                                      Int(a.int32(5)))
            return result == -1 ? Errno.lastHostError() : Int64(result)
        }
    }

    /// remap_file_pages(start, size, prot, pgoff, flags): prot must be 0; the
    /// host rearranges the file pages of the shared mapping (x86-64 216).
    func sysRemapFilePages(_ a: SyscallArgs) -> Int64 {
        guard a[2] == 0 else { return -Errno.EINVAL }
        guard a[0] < GuestMemory.size, isMapped(GuestMemory.pageDown(a[0]), GuestMemory.pageDown(a[0]) + GuestMemory.pageSize) else {
            return -Errno.EINVAL
        }
        memory.releaseCode(GuestMemory.pageDown(a[0]), GuestMemory.pageUp(a[0] &+ a[1]), cause: .hostWrite)
        let r = host_syscall(216, hostAddress(a[0]), Int(truncatingIfNeeded: a[1]), 0, Int(truncatingIfNeeded: a[3]),
                             Int(truncatingIfNeeded: a[4]), 0)
        return r == -1 ? Errno.lastHostError() : Int64(r)
    }

    // MARK: mseal

    /// Whether any page of `[start, end)` is sealed.
    func isSealed(_ start: UInt64, _ end: UInt64) -> Bool {
        sealedRanges.contains { $0.start < end && $0.end > start }
    }

    /// mseal(start, len, flags): the mapped range can no longer be unmapped,
    /// moved, reprotected or (read-only pages) discarded; EPERM from then on.
    func sysMseal(_ a: SyscallArgs) -> Int64 {
        guard a[2] == 0 else { return -Errno.EINVAL }
        let start = a[0]
        guard start % GuestMemory.pageSize == 0 else { return -Errno.EINVAL }
        let length = GuestMemory.pageUp(a[1])
        guard length >= a[1] else { return -Errno.ENOMEM }
        let (end, overflow) = start.addingReportingOverflow(length)
        guard !overflow else { return -Errno.EINVAL }
        guard end > start else { return 0 }
        guard end <= GuestMemory.size, isMapped(start, end) else { return -Errno.ENOMEM }
        sealedRanges.append((start, end))
        return 0
    }

    // MARK: riscv_flush_icache

    /// riscv_flush_icache(start, end, flags): code written through another
    /// mapping (a JIT's writable alias) becomes visible: translations of
    /// `[start, end)` are dropped, or of every page when the range is empty
    /// (Linux flushes the whole instruction cache either way).
    func sysRiscvFlushIcache(_ a: SyscallArgs) -> Int64 {
        guard a[2] & ~UInt64(1) == 0 else { return -Errno.EINVAL }  // SYS_RISCV_FLUSH_ICACHE_LOCAL
        let start = GuestMemory.pageDown(min(a[0], GuestMemory.size))
        let end = GuestMemory.pageUp(min(a[1], GuestMemory.size))
        if start < end {
            machine.invalidateCode(start, end, cause: .icacheFlush)
        } else {
            machine.invalidateCode(0, GuestMemory.size, cause: .icacheFlush)
        }
        return 0
    }

    // MARK: futex2

    /// futex_wake(uaddr, mask, nr, flags): x86-64 454 on the guest word.
    func sysFutexWake(_ a: SyscallArgs) -> Int64 {
        let r = host_syscall(454, hostAddress(a[0]), Int(truncatingIfNeeded: a[1]), Int(a.int32(2)), Int(a.int32(3)), 0, 0)
        return r == -1 ? Errno.lastHostError() : Int64(r)
    }

    /// futex_wait(uaddr, val, mask, flags, timeout, clockid): x86-64 455, without the kernel lock.
    func sysFutexWait(_ a: SyscallArgs) -> Int64 {
        let r = blocking {
            host_syscall(455, hostAddress(a[0]), Int(truncatingIfNeeded: a[1]), Int(truncatingIfNeeded: a[2]),
                         Int(a.int32(3)), hostAddress(a[4]), Int(a.int32(5)))
        }
        return r == -1 ? Errno.lastHostError() : Int64(r)
    }

    /// A host copy of a guest `struct futex_waitv` array (24 bytes each) with
    /// each uaddr translated.
    private func hostWaiters(_ address: UInt64, _ count: Int) -> [UInt64]? {
        guard let raw = copyIn(address, count * 24) else { return nil }
        let r = ByteReader(raw)
        var words = [UInt64](repeating: 0, count: count * 3)
        for i in 0 ..< count {
            words[i * 3] = r.u64(i * 24)
            words[i * 3 + 1] = UInt64(bitPattern: Int64(hostAddress(r.u64(i * 24 + 8))))
            words[i * 3 + 2] = r.u64(i * 24 + 16)
        }
        return words
    }

    /// futex_requeue(waiters[2], flags, nr_wake, nr_requeue): x86-64 456.
    func sysFutexRequeue(_ a: SyscallArgs) -> Int64 {
        guard var waiters = hostWaiters(a[0], 2) else { return -Errno.EFAULT }
        let r = waiters.withUnsafeMutableBytes {
            host_syscall(456, Int(bitPattern: $0.baseAddress), Int(a.int32(1)), Int(a.int32(2)), Int(a.int32(3)), 0, 0)
        }
        return r == -1 ? Errno.lastHostError() : Int64(r)
    }

    /// futex_waitv(waiters, nr, flags, timeout, clockid): x86-64 449, without the kernel lock.
    func sysFutexWaitv(_ a: SyscallArgs) -> Int64 {
        let count = Int(min(a[1], 129))
        guard count > 0, count <= 128 else { return -Errno.EINVAL }
        guard var waiters = hostWaiters(a[0], count) else { return -Errno.EFAULT }
        let r = waiters.withUnsafeMutableBytes { w in
            blocking { host_syscall(449, Int(bitPattern: w.baseAddress), count, Int(a.int32(2)), hostAddress(a[3]), Int(a.int32(4)), 0) }
        }
        return r == -1 ? Errno.lastHostError() : Int64(r)
    }
}
