#if canImport(Glibc)
import Glibc
#endif

/// POSIX per-process timers are the host kernel's: `struct sigevent` (64 bytes)
/// and `struct itimerspec` (32 bytes) have the same layout on riscv64 and
/// x86-64, timer ids are the kernel's, and expiry signals arrive as host
/// signals that reach guest handlers like any other. A guest thread id in
/// SIGEV_THREAD_ID is a host thread id (`GuestThread`).
extension SyscallHandler {
    /// x86-64 syscall numbers of the timer family.
    private enum HostTimer {
        static let create = 222, settime = 223, gettime = 224, getoverrun = 225, delete = 226
    }

    /// timer_create(clockid, sevp, timerid): the host's, recorded (clock,
    /// sigevent) so a checkpoint can save it; a SIGEV_THREAD_ID thread is named
    /// by its guest id. A signal Tern keeps for itself (the faults its fault
    /// guard handles) is refused as an invalid one: the host gets a copy naming
    /// signal 0, which it refuses at its own point of checking the sigevent (EINVAL).
    func sysTimerCreate(_ a: SyscallArgs) -> Int64 {
        var event: [UInt8] = []
        if a[1] != 0 {
            guard let raw = copyIn(a[1], 64) else {  // the host reports the fault where Linux does
                return hostResult(host_syscall(HostTimer.create, Int(a.int32(0)), kernelBuffer(a[1], 64),
                                               kernelBuffer(a[2], 4, writes: true), 0, 0, 0))
            }
            event = raw
            let r = ByteReader(event)
            let signo = Int32(bitPattern: r.u32(8)), notify = Int32(bitPattern: r.u32(12))
            if notify != 1 && HostSignals.reserved.subtracting([SIGKILL, SIGSTOP]).contains(signo) {  // SIGEV_NONE ignores signo
                StructWriter.put(Int32(0), into: &event, at: 8)
            }
        }
        // The host writes the id into the guest's buffer itself, so its checks come in Linux's order.
        switch createHostTimer(clock: a.int32(0), event: event, idBuffer: kernelBuffer(a[2], 4, writes: true)) {
        case .failure(let e): return -e.errno
        case .success(let host):
            let id = unusedTimerID(preferring: host)
            if id != host {  // a restored timer has the host's number: the guest gets another
                guard copyOut(a[2], value: id, size: 4) else {
                    _ = host_syscall(HostTimer.delete, Int(host), 0, 0, 0, 0, 0)
                    return -Errno.EFAULT
                }
                timerIDs[id] = host
            }
            posixTimers[id] = PosixTimerRecord(clock: a.int32(0), event: event)
            return 0
        }
    }

    /// Creates a host timer for a guest sigevent (empty: NULL); its host id.
    /// `idBuffer`: the host address the kernel writes the id to (nil: Tern's own).
    func createHostTimer(clock: Int32, event: [UInt8], idBuffer: Int? = nil) -> Result<Int32, SyscallError> {
        var hostEvent = event
        if hostEvent.count == 64, ByteReader(hostEvent).u32(12) == 4 {  // SIGEV_THREAD_ID: the host thread
            let tid = Int32(bitPattern: ByteReader(hostEvent).u32(16))
            let host = threads[tid]?.hostTID ?? tid
            withUnsafeBytes(of: host.littleEndian) { for i in 0 ..< 4 { hostEvent[16 + i] = $0[i] } }
        }
        var id: Int32 = 0
        let r = withUnsafeMutablePointer(to: &id) { own in
            hostEvent.withUnsafeMutableBytes { ev in
                host_syscall(HostTimer.create, Int(clock), ev.isEmpty ? 0 : Int(bitPattern: ev.baseAddress),
                             idBuffer ?? Int(bitPattern: own), 0, 0, 0)
            }
        }
        guard r >= 0 else { return .failure(SyscallError(Int64(errno))) }
        if let idBuffer { id = UnsafeRawPointer(bitPattern: idBuffer)!.loadUnaligned(as: Int32.self) }
        return .success(id)
    }

    /// The id the guest gets for a new host timer: the host's, unless a
    /// restored timer already has that number.
    private func unusedTimerID(preferring host: Int32) -> Int32 {
        var id = host
        while posixTimers[id] != nil { id &+= 1 }
        return id
    }

    /// The host id of guest timer `id`.
    private func hostTimer(_ id: Int32) -> Int { Int(timerIDs[id] ?? id) }

    /// timer_settime(timerid, flags, new, old).
    func sysTimerSettime(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.settime, hostTimer(a.int32(0)), Int(a.int32(1)), kernelBuffer(a[2], 32),
                                kernelBuffer(a[3], 32, writes: true), 0, 0))
    }

    /// timer_gettime(timerid, current).
    func sysTimerGettime(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.gettime, hostTimer(a.int32(0)), kernelBuffer(a[1], 32, writes: true), 0, 0, 0, 0))
    }

    func sysTimerGetoverrun(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.getoverrun, hostTimer(a.int32(0)), 0, 0, 0, 0, 0))
    }

    func sysTimerDelete(_ a: SyscallArgs) -> Int64 {
        let id = a.int32(0)
        let r = hostResult(host_syscall(HostTimer.delete, hostTimer(id), 0, 0, 0, 0, 0))
        if r == 0 {
            posixTimers[id] = nil
            timerIDs[id] = nil
        }
        return r
    }

    /// Deletes every POSIX timer of the process: an embedded guest's end (its
    /// host timers belong to the host process, which goes on).
    func deletePosixTimers() {
        kernelLock.withLock {
            for id in posixTimers.keys { _ = host_syscall(HostTimer.delete, hostTimer(id), 0, 0, 0, 0, 0) }
            posixTimers = [:]
            timerIDs = [:]
        }
    }

    /// The current setting of guest timer `id`: (interval, value) in ns.
    func posixTimerSetting(_ id: Int32) -> (interval: UInt64, value: UInt64)? {
        var spec = [UInt64](repeating: 0, count: 4)
        let r = spec.withUnsafeMutableBytes { host_syscall(HostTimer.gettime, hostTimer(id), Int(bitPattern: $0.baseAddress), 0, 0, 0, 0) }
        guard r == 0 else { return nil }
        return (spec[0] &* 1_000_000_000 &+ spec[1], spec[2] &* 1_000_000_000 &+ spec[3])
    }

    /// Arms guest timer `id` (relative times in ns; value 0 leaves it disarmed).
    func setPosixTimer(_ id: Int32, interval: UInt64, value: UInt64) -> Bool {
        var spec: [UInt64] = [interval / 1_000_000_000, interval % 1_000_000_000, value / 1_000_000_000, value % 1_000_000_000]
        let r = spec.withUnsafeMutableBytes { host_syscall(HostTimer.settime, hostTimer(id), 0, Int(bitPattern: $0.baseAddress), 0, 0, 0) }
        return r == 0
    }

    /// Records a timer created for a restored guest under the id it had.
    func adoptTimer(_ id: Int32, host: Int32, record: PosixTimerRecord) {
        if id != host { timerIDs[id] = host }
        posixTimers[id] = record
    }
}

/// How a POSIX timer was created (kept for checkpoints).
struct PosixTimerRecord: Sendable {
    var clock: Int32
    /// The guest's struct sigevent, empty for a NULL sevp.
    var event: [UInt8]
}
