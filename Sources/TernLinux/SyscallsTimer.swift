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

    /// timer_create(clockid, sevp, timerid).
    func sysTimerCreate(_ a: SyscallArgs) -> Int64 {
        var event: UnsafeMutableRawPointer?
        if a[1] != 0 {
            guard let p = guestPointer(a[1], 64, .read) else { return -Errno.EFAULT }
            let signo = p.load(fromByteOffset: 8, as: Int32.self), notify = p.load(fromByteOffset: 12, as: Int32.self)
            // Faults the fault guard handles are never timer signals (SIGEV_NONE ignores signo).
            if notify != 1 && (signo < 1 || signo > 64 || HostSignals.reserved.contains(signo)) { return -Errno.EINVAL }
            event = p
        }
        guard let id = guestPointer(a[2], 4, .write) else { return -Errno.EFAULT }
        return hostResult(host_syscall(HostTimer.create, Int(a.int32(0)), Int(bitPattern: event), Int(bitPattern: id), 0, 0, 0))
    }

    /// timer_settime(timerid, flags, new, old).
    func sysTimerSettime(_ a: SyscallArgs) -> Int64 {
        guard let new = guestPointer(a[2], 32, .read) else { return -Errno.EFAULT }
        var old: UnsafeMutableRawPointer?
        if a[3] != 0 {
            guard let p = guestPointer(a[3], 32, .write) else { return -Errno.EFAULT }
            old = p
        }
        return hostResult(host_syscall(HostTimer.settime, Int(a.int32(0)), Int(a.int32(1)), Int(bitPattern: new),
                                            Int(bitPattern: old), 0, 0))
    }

    /// timer_gettime(timerid, current).
    func sysTimerGettime(_ a: SyscallArgs) -> Int64 {
        guard let current = guestPointer(a[1], 32, .write) else { return -Errno.EFAULT }
        return hostResult(host_syscall(HostTimer.gettime, Int(a.int32(0)), Int(bitPattern: current), 0, 0, 0, 0))
    }

    func sysTimerGetoverrun(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.getoverrun, Int(a.int32(0)), 0, 0, 0, 0, 0))
    }

    func sysTimerDelete(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostTimer.delete, Int(a.int32(0)), 0, 0, 0, 0, 0))
    }
}
