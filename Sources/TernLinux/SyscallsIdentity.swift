import TernCore
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("setresuid") func host_setresuid(_ r: UInt32, _ e: UInt32, _ s: UInt32) -> Int32
@_silgen_name("setresgid") func host_setresgid(_ r: UInt32, _ e: UInt32, _ s: UInt32) -> Int32
@_silgen_name("setgroups") func host_setgroups(_ n: Int, _ list: UnsafePointer<UInt32>?) -> Int32

/// User and group ids, process groups and sessions, scheduling queries,
/// interval timers and riscv_hwprobe. Ids are the host process's: the guest
/// runs as the user who runs tern.
extension SyscallHandler {
    func sysGetgroups(_ a: SyscallArgs) -> Int64 {
        let size = a.int32(0)
        guard size >= 0 else { return -Errno.EINVAL }
        // NGROUPS_MAX bounds what the host can return: a larger size is no larger buffer.
        var groups = [gid_t](repeating: 0, count: Int(min(size, 65536)) + 1)
        let n = getgroups(min(size, 65536), &groups)
        guard n >= 0 else { return Errno.lastHostError() }
        if size == 0 { return Int64(n) }
        var w = StructWriter(size: Int(n) * 4)
        for i in 0 ..< Int(n) { w.put(UInt32(groups[i]), at: i * 4) }
        return copyOut(a[1], w.bytes) ? Int64(n) : -Errno.EFAULT
    }

    func sysSetgroups(_ a: SyscallArgs) -> Int64 {
        guard a[0] <= 65536 else { return -Errno.EINVAL }
        guard let raw = copyIn(a[1], Int(a[0]) * 4) else { return -Errno.EFAULT }
        let r = ByteReader(raw)
        let list = (0 ..< Int(a[0])).map { r.u32($0 * 4) }
        return Errno.result(list.withUnsafeBufferPointer { host_setgroups($0.count, $0.baseAddress) })
    }

    /// setuid/setgid/setreuid/setregid/setresuid/setresgid, all via setres*id
    /// (-1 keeps a value). `ids` are (real, effective, saved) argument indexes or nil.
    func sysSetIDs(_ a: SyscallArgs, user: Bool, _ ids: (Int?, Int?, Int?)) -> Int64 {
        func value(_ i: Int?) -> UInt32 { i.map { UInt32(truncatingIfNeeded: a[$0]) } ?? UInt32.max }
        let r = value(ids.0), e = value(ids.1), s = value(ids.2)
        return Errno.result(user ? host_setresuid(r, e, s) : host_setresgid(r, e, s))
    }

    /// setuid(x): as root sets all three; otherwise only the effective id.
    func sysSetID(_ a: SyscallArgs, user: Bool) -> Int64 {
        let id = UInt32(truncatingIfNeeded: a[0])
        return Errno.result(user ? setuid(id) : setgid(id))
    }

    func sysSetpgid(_ a: SyscallArgs) -> Int64 { Errno.result(setpgid(hostID(a.int32(0)), hostID(a.int32(1)))) }
    func sysGetsid(_ a: SyscallArgs) -> Int64 { guestIDResult(Errno.result(getsid(hostID(a.int32(0))))) }
    func sysSetsid(_ a: SyscallArgs) -> Int64 { Errno.result(setsid()) }

    /// getpriority/setpriority: the raw host calls (`which` is any int: the kernel
    /// says EINVAL; the raw getpriority returns 20 - nice, as the guest expects).
    func sysGetpriority(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostSyscall.getpriority, Int(a.int32(0)), Int(priorityWho(a)), 0, 0, 0, 0))
    }

    func sysSetpriority(_ a: SyscallArgs) -> Int64 {
        hostResult(host_syscall(HostSyscall.setpriority, Int(a.int32(0)), Int(priorityWho(a)), Int(a.int32(2)), 0, 0, 0))
    }

    /// get/setpriority's `who`: a process id (PRIO_PROCESS) or group id
    /// (PRIO_PGRP) goes through `hostID`; a user id does not.
    private func priorityWho(_ a: SyscallArgs) -> Int32 {
        a.int32(0) == 2 /* PRIO_USER */ ? a.int32(1) : hostID(a.int32(1))
    }

    // MARK: Interval timers

    /// getitimer/setitimer: `struct itimerval` (2 × timeval) has the same layout.
    /// The host timer raises the host signal, whose default action matches the guest's.
    /// `which` is a C int, checked by the host kernel (EINVAL past ITIMER_PROF).
    func sysGetitimer(_ a: SyscallArgs) -> Int64 {
        var value = [UInt8](repeating: 0, count: 32)
        let r = value.withUnsafeMutableBytes { hostResult(host_syscall(HostSyscall.getitimer, Int(a.int32(0)), Int(bitPattern: $0.baseAddress), 0, 0, 0, 0)) }
        guard r == 0 else { return r }
        return copyOut(a[1], value) ? 0 : -Errno.EFAULT
    }

    func sysSetitimer(_ a: SyscallArgs) -> Int64 {
        var new = [UInt8](repeating: 0, count: 32), old = [UInt8](repeating: 0, count: 32)
        if a[1] != 0 {
            guard let raw = copyIn(a[1], 32) else { return -Errno.EFAULT }
            new = raw
        }
        let r = new.withUnsafeMutableBytes { n in
            old.withUnsafeMutableBytes { o in
                hostResult(host_syscall(HostSyscall.setitimer, Int(a.int32(0)), Int(bitPattern: n.baseAddress), Int(bitPattern: o.baseAddress), 0, 0, 0))
            }
        }
        guard r == 0 else { return r }
        if a[2] != 0 && !copyOut(a[2], old) { return -Errno.EFAULT }
        return 0
    }

    // MARK: riscv_hwprobe

    /// riscv_hwprobe(pairs, count, cpusetsize, cpus, flags): fills each
    /// {s64 key; u64 value} pair; unknown keys get key -1 and value 0.
    func sysRiscvHwprobe(_ a: SyscallArgs) -> Int64 {
        guard a[4] == 0 else { return -Errno.EINVAL }
        guard a[1] <= 1 << 16 else { return -Errno.EINVAL }
        let count = Int(a[1])
        guard count > 0 else { return 0 }
        guard let raw = copyIn(a[0], count * 16) else { return -Errno.EFAULT }
        let r = ByteReader(raw)
        var w = StructWriter(size: count * 16)
        for i in 0 ..< count {
            let key = Int64(bitPattern: r.u64(i * 16))
            if let value = HWProbe.value(key: key, extensions: modelExtensions) {  // V even while switched off, as Linux
                w.put(key, at: i * 16); w.put(value, at: i * 16 + 8)
            } else {
                w.put(Int64(-1), at: i * 16); w.put(UInt64(0), at: i * 16 + 8)
            }
        }
        return copyOut(a[0], w.bytes) ? 0 : -Errno.EFAULT
    }
}
