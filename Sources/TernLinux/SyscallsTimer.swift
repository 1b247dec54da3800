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

    /// timer_create(clockid, sevp, timerid): the host's, except that a signal
    /// Tern keeps for itself (the faults its fault guard handles) is refused
    /// as an invalid one: the host gets a copy naming signal 0, which it
    /// refuses at its own point of checking the sigevent (EINVAL).
    func sysTimerCreate(_ a: SyscallArgs) -> Int64 {
        let id = kernelBuffer(a[2], 4, writes: true)
        guard a[1] != 0, var event = copyIn(a[1], 64) else {
            return hostResult(host_syscall(HostTimer.create, Int(a.int32(0)), kernelBuffer(a[1], 64), id, 0, 0, 0))
        }
        let r = ByteReader(event)
        let signo = Int32(bitPattern: r.u32(8)), notify = Int32(bitPattern: r.u32(12))
        if notify != 1 && HostSignals.reserved.subtracting([SIGKILL, SIGSTOP]).contains(signo) { StructWriter.put(Int32(0), into: &event, at: 8) }  // SIGEV_NONE ignores signo
        return event.withUnsafeBytes { hostResult(host_syscall(HostTimer.create, Int(a.int32(0)), Int(bitPattern: $0.baseAddress), id, 0, 0, 0)) }
    }

    /// timer_settime(timerid, flags, new, old).
    func sysTimerSettime(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.settime, Int(a.int32(0)), Int(a.int32(1)), kernelBuffer(a[2], 32),
                                kernelBuffer(a[3], 32, writes: true), 0, 0))
    }

    /// timer_gettime(timerid, current).
    func sysTimerGettime(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.gettime, Int(a.int32(0)), kernelBuffer(a[1], 32, writes: true), 0, 0, 0, 0))
    }

    func sysTimerGetoverrun(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.getoverrun, Int(a.int32(0)), 0, 0, 0, 0, 0))
    }

    func sysTimerDelete(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.delete, Int(a.int32(0)), 0, 0, 0, 0, 0))
    }
}
