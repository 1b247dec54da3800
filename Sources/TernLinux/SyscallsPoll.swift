import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// ppoll, pselect6, epoll_ctl, epoll_pwait(2). `struct pollfd` and `fd_set` have the
/// same layout on both ABIs; `struct epoll_event` does not: x86-64 packs it
/// into 12 bytes, riscv64 pads it to 16 (u32 events, 4 bytes padding, u64 data).
///
/// A signal mask passed to ppoll/pselect6/epoll_pwait is in force during the
/// wait, as with rt_sigsuspend: a handler interrupting it sees the previous mask
/// restored afterwards.
extension SyscallHandler {
    /// The guest `struct epoll_event` size and the host's packed size.
    static let guestEpollEvent = 16, hostEpollEvent = 12
    /// EP_MAX_EVENTS (INT_MAX / sizeof(struct epoll_event)).
    static let maxEpollEvents = Int32.max / 16

    /// Reads a guest sigset pointer/size pair: nil mask when the pointer is NULL.
    private func readSigset(_ address: UInt64, _ size: UInt64) -> Result<UInt64?, SyscallError> {
        guard address != 0 else { return .success(nil) }
        guard size == 8 else { return .failure(.init(Errno.EINVAL)) }
        guard let mask = loadU64(address) else { return .failure(.init(Errno.EFAULT)) }
        return .success(mask)
    }

    /// Runs a host wait with the guest's temporary mask (when given) in force.
    private func waiting(with mask: UInt64?, _ body: (UnsafePointer<sigset_t>?) -> Int64) -> Int64 {
        guard let mask else { return body(nil) }
        suspendMask = signalMask
        signalMask = mask & ~Self.unblockable
        var host = HostSignals.hostSet(signalMask)
        let r = body(&host)
        if r != -Errno.EINTR { signalMask = suspendMask!; suspendMask = nil }  // no handler will run
        return r
    }

    /// Reads and checks a guest timeout timespec as poll_select_set_timeout
    /// does (EFAULT, EINVAL); nil for NULL.
    private func readTimeout(_ address: UInt64) -> Result<timespec?, SyscallError> {
        guard address != 0 else { return .success(nil) }
        guard let t = readTimespec(address) else { return .failure(.init(Errno.EFAULT)) }
        guard t.tv_sec >= 0, t.tv_nsec >= 0, t.tv_nsec < 1_000_000_000 else { return .failure(.init(Errno.EINVAL)) }
        return .success(t)
    }

    /// ppoll(fds, nfds, tsp, sigmask, sigsetsize): Linux checks the timeout,
    /// then the mask (both here: the mask is the guest's), then the host
    /// kernel polls the guest's pollfd array and writes the time left back.
    func sysPpoll(_ a: SyscallArgs) -> Int64 {
        if case .failure(let e) = readTimeout(a[2]) { return -e.errno }
        let mask: UInt64?
        switch readSigset(a[3], a[4]) { case .failure(let e): return -e.errno; case .success(let m): mask = m }
        let fds = kernelBuffer(a[0], (a[1] & 0xffff_ffff) * 8, writes: true), timeout = kernelBuffer(a[2], 16, writes: true)
        return waiting(with: mask) { set in
            hostResult(blocking { host_syscall(271, fds, Int(truncatingIfNeeded: a[1]), timeout, Int(bitPattern: set), 8, 0) })
        }
    }

    /// pselect6(n, in, out, except, tsp, {sigmask, size}): the argument pack,
    /// the timeout and the mask are checked here in Linux's order; the host
    /// kernel selects on the guest's fd_sets and writes the time left back.
    func sysPselect6(_ a: SyscallArgs) -> Int64 {
        var maskAddress: UInt64 = 0, maskSize: UInt64 = 0
        if a[5] != 0 {  // { const sigset_t *ss; size_t ss_len; }
            guard let raw = copyIn(a[5], 16) else { return -Errno.EFAULT }
            let r = ByteReader(raw)
            maskAddress = r.u64(0); maskSize = r.u64(8)
        }
        if case .failure(let e) = readTimeout(a[4]) { return -e.errno }
        let mask: UInt64?
        switch readSigset(maskAddress, maskSize) { case .failure(let e): return -e.errno; case .success(let m): mask = m }
        let setBytes = (UInt64(max(a.int32(0), 0)) + 63) / 64 * 8
        let sets = (1 ... 3).map { kernelBuffer(a[$0], setBytes, writes: true) }, timeout = kernelBuffer(a[4], 16, writes: true)
        return waiting(with: mask) { set in
            var pack: [Int] = [Int(bitPattern: set), set == nil ? 0 : 8]
            return pack.withUnsafeMutableBytes { p in
                hostResult(blocking { host_syscall(270, Int(a.int32(0)), sets[0], sets[1], sets[2], timeout, Int(bitPattern: p.baseAddress)) })
            }
        }
    }

    // MARK: epoll

    func sysEpollCtl(_ a: SyscallArgs) -> Int64 {
        let op = a.int32(1)
        if op == 2 { return hostResult(host_syscall(233, Int(a.int32(0)), Int(op), Int(a.int32(2)), 0, 0, 0)) }  // EPOLL_CTL_DEL: no event
        guard let raw = copyIn(a[3], Self.guestEpollEvent) else { return -Errno.EFAULT }
        var host = [UInt8](repeating: 0, count: Self.hostEpollEvent)
        host.replaceSubrange(0 ..< 4, with: raw[0 ..< 4])
        host.replaceSubrange(4 ..< 12, with: raw[8 ..< 16])
        return host.withUnsafeMutableBytes { hostResult(host_syscall(233, Int(a.int32(0)), Int(op), Int(a.int32(2)), Int(bitPattern: $0.baseAddress), 0, 0)) }
    }

    /// epoll_pwait (timeout in ms) and epoll_pwait2 (timespec), in Linux's
    /// order (6.18): the timespec, the mask, the descriptor, maxevents, the range
    /// of the event array (TASK_SIZE only), then the host's check that it is an epoll set. The host
    /// fills packed events, written out as riscv64's 16-byte ones.
    func sysEpollPwait(_ a: SyscallArgs, timespecTimeout: Bool) -> Int64 {
        var timeout: timespec?
        if timespecTimeout {
            switch readTimeout(a[3]) { case .failure(let e): return -e.errno; case .success(let t): timeout = t }
        }
        let mask: UInt64?
        switch readSigset(a[4], a[5]) { case .failure(let e): return -e.errno; case .success(let m): mask = m }
        let fl = fcntl(a.int32(0), F_GETFL)
        guard fl >= 0, fl & 0o10000000 == 0 else { return -Errno.EBADF }  // fdget: an O_PATH descriptor is not a file
        let maxEvents = a.int32(2)
        guard maxEvents > 0, maxEvents <= Self.maxEpollEvents else { return -Errno.EINVAL }
        guard a[1] <= GuestMemory.size, UInt64(maxEvents) * UInt64(Self.guestEpollEvent) <= GuestMemory.size - a[1] else { return -Errno.EFAULT }
        let count = Int(min(maxEvents, 4096))
        var host = [UInt8](repeating: 0, count: count * Self.hostEpollEvent)
        let r = waiting(with: mask) { set in
            host.withUnsafeMutableBytes { b in
                let events = Int(bitPattern: b.baseAddress)
                guard timespecTimeout else {
                    return hostResult(blocking { host_syscall(281, Int(a.int32(0)), events, count, Int(a.int32(3)), Int(bitPattern: set), 8) })
                }
                var t = timeout ?? timespec()
                return withUnsafeMutablePointer(to: &t) { tp in
                    hostResult(blocking { host_syscall(441, Int(a.int32(0)), events, count, timeout == nil ? 0 : Int(bitPattern: tp), Int(bitPattern: set), 8) })
                }
            }
        }
        guard r > 0 else { return r }
        let h = ByteReader(host)
        for i in 0 ..< Int(r) {  // as ep_send_events: the events delivered before a bad address count
            var w = StructWriter(size: Self.guestEpollEvent)
            w.put(h.u32(i * 12), at: 0)
            w.put(h.u64(i * 12 + 4), at: 8)
            guard copyOut(a[1] + UInt64(i * Self.guestEpollEvent), w.bytes) else { return i > 0 ? Int64(i) : -Errno.EFAULT }
        }
        return r
    }

}
