#if canImport(Glibc)
import Glibc
#endif

/// Clocks and sleeping. `struct timespec`/`timeval` have the same layout on both ABIs.
extension SyscallHandler {
    private func encode(_ seconds: Int64, _ fraction: Int64) -> [UInt8] {
        var w = StructWriter(size: 16)
        w.put(seconds, at: 0); w.put(fraction, at: 8)
        return w.bytes
    }

    /// Reads a guest timespec; nil on a bad pointer.
    func readTimespec(_ address: UInt64) -> timespec? {
        guard let raw = copyIn(address, 16) else { return nil }
        let r = ByteReader(raw)
        return timespec(tv_sec: Int(Int64(bitPattern: r.u64(0))), tv_nsec: Int(Int64(bitPattern: r.u64(8))))
    }

    func sysClockGettime(_ a: SyscallArgs) -> Int64 {
        var ts = timespec()
        guard clock_gettime(clockid_t(a.int32(0)), &ts) == 0 else { return Errno.lastHostError() }
        return copyOut(a[1], encode(Int64(ts.tv_sec), Int64(ts.tv_nsec))) ? 0 : -Errno.EFAULT
    }

    func sysClockGetres(_ a: SyscallArgs) -> Int64 {
        var ts = timespec()
        guard clock_getres(clockid_t(a.int32(0)), &ts) == 0 else { return Errno.lastHostError() }
        if a[1] == 0 { return 0 }
        return copyOut(a[1], encode(Int64(ts.tv_sec), Int64(ts.tv_nsec))) ? 0 : -Errno.EFAULT
    }

    func sysGettimeofday(_ a: SyscallArgs) -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        if a[0] != 0 && !copyOut(a[0], encode(Int64(ts.tv_sec), Int64(ts.tv_nsec / 1000))) { return -Errno.EFAULT }
        if a[1] != 0 && !copyOut(a[1], [UInt8](repeating: 0, count: 8)) { return -Errno.EFAULT }
        return 0
    }

    private func sleep(_ request: timespec, clock: clockid_t, flags: Int32, remainder: UInt64) -> Int64 {
        guard request.tv_sec >= 0, request.tv_nsec >= 0, request.tv_nsec < 1_000_000_000 else { return -Errno.EINVAL }
        var req = request, rem = timespec()
        let r = blocking { clock_nanosleep(clock, flags, &req, &rem) }
        if r == EINTR && remainder != 0 && flags == 0 {
            _ = copyOut(remainder, encode(Int64(rem.tv_sec), Int64(rem.tv_nsec)))
        }
        return r == 0 ? 0 : -Errno.guest(fromHost: r)
    }

    func sysNanosleep(_ a: SyscallArgs) -> Int64 {
        guard let req = readTimespec(a[0]) else { return -Errno.EFAULT }
        return sleep(req, clock: CLOCK_MONOTONIC, flags: 0, remainder: a[1])
    }

    func sysClockNanosleep(_ a: SyscallArgs) -> Int64 {
        guard let req = readTimespec(a[2]) else { return -Errno.EFAULT }
        return sleep(req, clock: clockid_t(a.int32(0)), flags: a.int32(1) & 1, remainder: a[3])
    }

    func sysTimes(_ a: SyscallArgs) -> Int64 {
        var t = tms()
        let r = times(&t)
        if a[0] != 0 && !copyOut(a[0], value: t, size: SameLayout.tms) { return -Errno.EFAULT }
        return Int64(r)
    }
}
