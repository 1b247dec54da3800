import TernCore
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("epoll_create1")
func host_epoll_create1(_ flags: Int32) -> Int32
@_silgen_name("epoll_ctl")
func host_epoll_ctl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ event: UnsafeMutableRawPointer?) -> Int32
@_silgen_name("epoll_pwait")
func host_epoll_pwait(_ epfd: Int32, _ events: UnsafeMutableRawPointer, _ maxevents: Int32, _ timeout: Int32,
                      _ mask: UnsafePointer<sigset_t>?) -> Int32
@_silgen_name("ppoll")
func host_ppoll(_ fds: UnsafeMutableRawPointer, _ n: UInt, _ timeout: UnsafePointer<timespec>?, _ mask: UnsafePointer<sigset_t>?) -> Int32
@_silgen_name("eventfd")
func host_eventfd(_ initval: UInt32, _ flags: Int32) -> Int32

/// ppoll, pselect6, epoll_*, eventfd2. `struct pollfd` and `fd_set` have the
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

    /// Milliseconds for a guest timespec pointer (0 = infinite: -1); nil on a bad pointer, -EINVAL via `invalid`.
    private func timeoutMilliseconds(_ address: UInt64) -> Result<Int32, SyscallError> {
        guard address != 0 else { return .success(-1) }
        guard let ts = readTimespec(address) else { return .failure(.init(Errno.EFAULT)) }
        guard ts.tv_sec >= 0, ts.tv_nsec >= 0, ts.tv_nsec < 1_000_000_000 else { return .failure(.init(Errno.EINVAL)) }
        // Saturating: a timeout of centuries is an infinite wait, not an overflow.
        let (seconds, o) = Int64(ts.tv_sec).multipliedReportingOverflow(by: 1000)
        let ms = o ? Int64.max : seconds.addingReportingOverflow((Int64(ts.tv_nsec) + 999_999) / 1_000_000).partialValue
        return .success(ms < 0 || ms > Int64(Int32.max) ? Int32.max : Int32(ms))
    }

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

    func sysPpoll(_ a: SyscallArgs) -> Int64 {
        let count = a[1]
        guard count <= 1 << 20 else { return -Errno.EINVAL }
        let mask: UInt64?
        switch readSigset(a[3], a[4]) { case .failure(let e): return -e.errno; case .success(let m): mask = m }
        var ts: timespec?
        if a[2] != 0 {
            guard let t = readTimespec(a[2]) else { return -Errno.EFAULT }
            guard t.tv_sec >= 0, t.tv_nsec >= 0, t.tv_nsec < 1_000_000_000 else { return -Errno.EINVAL }
            ts = t
        }
        guard let fds = guestPointer(a[0], Int(count) * 8, [.read, .write]) else { return -Errno.EFAULT }
        let start = monotonicNow()
        let r = waiting(with: mask) { set in
            if var t = ts { return Errno.result(blocking { host_ppoll(fds, UInt(count), &t, set) }) }
            return Errno.result(blocking { host_ppoll(fds, UInt(count), nil, set) })
        }
        if let t = ts { _ = writeRemaining(a[2], t, since: start) }
        return r
    }

    func sysPselect6(_ a: SyscallArgs) -> Int64 {
        let n = a.int32(0)
        guard n >= 0 else { return -Errno.EINVAL }
        let nfds = min(Int(n), Int(FD_SETSIZE))
        let bytes = (nfds + 63) / 64 * 8
        var sets: [UnsafeMutableRawPointer?] = []
        for i in 1 ... 3 {
            if a[i] == 0 || bytes == 0 { sets.append(nil); continue }
            guard let p = guestPointer(a[i], bytes, [.read, .write]) else { return -Errno.EFAULT }
            sets.append(p)
        }
        var mask: UInt64?
        if a[5] != 0 {  // { const sigset_t *ss; size_t ss_len; }
            guard let raw = copyIn(a[5], 16) else { return -Errno.EFAULT }
            let r = ByteReader(raw)
            switch readSigset(r.u64(0), r.u64(8)) { case .failure(let e): return -e.errno; case .success(let m): mask = m }
        }
        var ts: timespec?
        if a[4] != 0 {
            guard let t = readTimespec(a[4]) else { return -Errno.EFAULT }
            guard t.tv_sec >= 0, t.tv_nsec >= 0, t.tv_nsec < 1_000_000_000 else { return -Errno.EINVAL }
            ts = t
        }
        // Host fd_sets are full size; copy the guest's prefix in and out.
        var host = [fd_set](repeating: fd_set(), count: 3)
        for i in 0 ..< 3 {
            if let p = sets[i] { withUnsafeMutableBytes(of: &host[i]) { $0.baseAddress!.copyMemory(from: p, byteCount: bytes) } }
        }
        let start = monotonicNow()
        let r = waiting(with: mask) { set in
            host.withUnsafeMutableBufferPointer { h -> Int64 in
                let base = h.baseAddress!
                let p0 = sets[0] == nil ? nil : base, p1 = sets[1] == nil ? nil : base + 1, p2 = sets[2] == nil ? nil : base + 2
                if var t = ts { return Errno.result(blocking { pselect(n, p0, p1, p2, &t, set) }) }
                return Errno.result(blocking { pselect(n, p0, p1, p2, nil, set) })
            }
        }
        if r >= 0 {
            for i in 0 ..< 3 {
                if let p = sets[i] { withUnsafeBytes(of: &host[i]) { p.copyMemory(from: $0.baseAddress!, byteCount: bytes) } }
            }
        }
        if let t = ts { _ = writeRemaining(a[4], t, since: start) }
        return r
    }

    private func monotonicNow() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }

    /// Stores the unslept part of `timeout` (Linux updates the timespec of ppoll/pselect6).
    private func writeRemaining(_ address: UInt64, _ timeout: timespec, since start: Int64) -> Bool {
        // Saturating arithmetic: the guest's timeout may be as large as Int64.max seconds.
        let (seconds, o1) = Int64(timeout.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        let (total, o2) = seconds.addingReportingOverflow(Int64(timeout.tv_nsec))
        if o1 || o2 { return true }  // still (practically) all of it left: Linux leaves such a timespec as it was
        let left = max(0, total - (monotonicNow() - start))
        var w = StructWriter(size: 16)
        w.put(left / 1_000_000_000, at: 0); w.put(left % 1_000_000_000, at: 8)
        return copyOut(address, w.bytes)
    }

    // MARK: epoll

    func sysEpollCreate1(_ a: SyscallArgs) -> Int64 {
        guard a.int32(0) & ~O_CLOEXEC == 0 else { return -Errno.EINVAL }
        return Errno.result(host_epoll_create1(a.int32(0)))
    }

    func sysEpollCtl(_ a: SyscallArgs) -> Int64 {
        let op = a.int32(1)
        if op == 2 { return Errno.result(host_epoll_ctl(a.int32(0), op, a.int32(2), nil)) }  // EPOLL_CTL_DEL
        guard let raw = copyIn(a[3], Self.guestEpollEvent) else { return -Errno.EFAULT }
        var host = [UInt8](repeating: 0, count: Self.hostEpollEvent)
        host.replaceSubrange(0 ..< 4, with: raw[0 ..< 4])
        host.replaceSubrange(4 ..< 12, with: raw[8 ..< 16])
        return host.withUnsafeMutableBytes { Errno.result(host_epoll_ctl(a.int32(0), op, a.int32(2), $0.baseAddress!)) }
    }

    /// epoll_pwait (timeout in ms) and epoll_pwait2 (timespec).
    func sysEpollPwait(_ a: SyscallArgs, timespecTimeout: Bool) -> Int64 {
        let maxEvents = a.int32(2)
        guard maxEvents > 0, maxEvents <= Self.maxEpollEvents else { return -Errno.EINVAL }
        let mask: UInt64?
        switch readSigset(a[4], a[5]) { case .failure(let e): return -e.errno; case .success(let m): mask = m }
        let timeout: Int32
        if timespecTimeout {
            switch timeoutMilliseconds(a[3]) {
            case .failure(let e): return -e.errno
            case .success(let ms): timeout = ms
            }
        } else {
            timeout = a.int32(3)
        }
        let count = Int(min(maxEvents, 4096))
        guard let out = guestPointer(a[1], count * Self.guestEpollEvent, .write) else { return -Errno.EFAULT }
        var host = [UInt8](repeating: 0, count: count * Self.hostEpollEvent)
        let r = waiting(with: mask) { set in
            host.withUnsafeMutableBytes { b in Errno.result(blocking { host_epoll_pwait(a.int32(0), b.baseAddress!, Int32(count), timeout, set) }) }
        }
        guard r > 0 else { return r }
        var w = StructWriter(size: Int(r) * Self.guestEpollEvent)
        let h = ByteReader(host)
        for i in 0 ..< Int(r) {
            w.put(h.u32(i * 12), at: i * 16)
            w.put(h.u64(i * 12 + 4), at: i * 16 + 8)
        }
        w.bytes.withUnsafeBytes { out.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return r
    }

    func sysEventfd2(_ a: SyscallArgs) -> Int64 {
        let flags = a.int32(1)
        guard flags & ~(O_CLOEXEC | O_NONBLOCK | 1) == 0 else { return -Errno.EINVAL }  // EFD_SEMAPHORE = 1
        return Errno.result(host_eventfd(UInt32(truncatingIfNeeded: a[0]), flags))
    }
}
