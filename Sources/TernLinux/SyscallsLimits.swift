import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// One resource limit: soft (current) and hard (maximum); `UInt64.max` is RLIM_INFINITY.
public struct ResourceLimit: Equatable, Sendable {
    public var current: UInt64
    public var maximum: UInt64
    public init(current: UInt64, maximum: UInt64) {
        self.current = current
        self.maximum = maximum
    }
}

/// getrlimit, setrlimit, prlimit64. Limits are the host process's (the guest
/// runs in it, so RLIMIT_NOFILE, RLIMIT_FSIZE, RLIMIT_NPROC, RLIMIT_CPU...
/// are enforced by the host kernel exactly as for a native process), except
/// the memory limits, which Tern keeps and enforces itself: RLIMIT_AS on every
/// mapping (mmap, mremap, brk), RLIMIT_DATA on the break, RLIMIT_STACK for the
/// stack of a program started by execve. qemu-user keeps these three too.
extension SyscallHandler {
    static let rlimitData: Int32 = 2, rlimitStack: Int32 = 3, rlimitAS: Int32 = 9
    /// RLIM_NLIMITS.
    static let resourceCount: Int32 = 16
    /// x86-64 prlimit64.
    private static let hostPrlimit = 302

    /// The limits Tern keeps rather than the host.
    static func isVirtual(_ resource: Int32) -> Bool {
        resource == rlimitAS || resource == rlimitData || resource == rlimitStack
    }

    /// The current value of a limit Tern keeps (initially the host's; the
    /// stack's soft limit is the guest stack size, unless set by LinuxOptions).
    func virtualLimit(_ resource: Int32) -> ResourceLimit {
        if let l = virtualLimits[resource] { return l }
        if let l = options.resourceLimits[resource] { return l }
        var host = rlimit()
        getrlimit(__rlimit_resource_t(UInt32(resource)), &host)
        var l = ResourceLimit(current: UInt64(host.rlim_cur), maximum: UInt64(host.rlim_max))
        if resource == Self.rlimitStack { l.current = min(options.stackSize, l.maximum) }
        return l
    }

    func sysPrlimit(_ a: SyscallArgs) -> Int64 {
        let pid = a.int32(0), resource = a.int32(1)
        guard resource >= 0, resource < Self.resourceCount else { return -Errno.EINVAL }
        var new: ResourceLimit?
        if a[2] != 0 {
            guard let raw = copyIn(a[2], 16) else { return -Errno.EFAULT }
            let r = ByteReader(raw)
            new = ResourceLimit(current: r.u64(0), maximum: r.u64(8))
        }
        let me = getpid()
        guard Self.isVirtual(resource), pid == 0 || pid == me || threads[pid] != nil else {
            return hostPrlimit(pid: pid, resource: resource, new: new, old: a[3])
        }
        let old = virtualLimit(resource)
        if let new {
            guard new.current <= new.maximum else { return -Errno.EINVAL }
            // Raising the hard limit needs CAP_SYS_RESOURCE: the host decides.
            if new.maximum > old.maximum {
                var probe = rlimit()
                getrlimit(__rlimit_resource_t(UInt32(resource)), &probe)
                if new.maximum > UInt64(probe.rlim_max) && geteuid() != 0 { return -Errno.EPERM }
            }
        }
        if a[3] != 0 {
            var w = StructWriter(size: 16)
            w.put(old.current, at: 0); w.put(old.maximum, at: 8)
            guard copyOut(a[3], w.bytes) else { return -Errno.EFAULT }
        }
        if let new { virtualLimits[resource] = new }
        return 0
    }

    /// prlimit64 on the host: the guest's structures have the host's layout.
    private func hostPrlimit(pid: Int32, resource: Int32, new: ResourceLimit?, old: UInt64) -> Int64 {
        if old != 0 && guestPointer(old, 16, .write) == nil { return -Errno.EFAULT }
        var newBytes = [UInt64](repeating: 0, count: 2), oldBytes = [UInt64](repeating: 0, count: 2)
        if let new { newBytes = [new.current, new.maximum] }
        let r = newBytes.withUnsafeMutableBufferPointer { n in
            oldBytes.withUnsafeMutableBufferPointer { o in
                hostResult(host_syscall(Self.hostPrlimit, Int(pid), Int(resource), new == nil ? 0 : Int(bitPattern: n.baseAddress),
                                        old == 0 ? 0 : Int(bitPattern: o.baseAddress), 0, 0))
            }
        }
        guard r == 0 else { return r }
        if old != 0 {
            var w = StructWriter(size: 16)
            w.put(oldBytes[0], at: 0); w.put(oldBytes[1], at: 8)
            guard copyOut(old, w.bytes) else { return -Errno.EFAULT }
        }
        return 0
    }

    func sysGetrlimit(_ a: SyscallArgs) -> Int64 { sysPrlimit(SyscallArgs([0, a[0], 0, a[1]])) }
    func sysSetrlimit(_ a: SyscallArgs) -> Int64 { sysPrlimit(SyscallArgs([0, a[0], a[1], 0])) }

    // MARK: Enforcement

    /// Whether mapping `[start, start+length)` (replacing what it overlaps) and
    /// unmapping `released` bytes elsewhere keeps the guest within RLIMIT_AS.
    func fitsAddressSpace(_ start: UInt64, _ length: UInt64, released: UInt64 = 0) -> Bool {
        let limit = virtualLimit(Self.rlimitAS).current
        guard limit != UInt64.max else { return true }
        let end = start &+ length
        var total: UInt64 = 0, overlap: UInt64 = 0
        for r in memory.mappedRegions {
            total += r.end - r.start
            if r.start < end && r.end > start { overlap += min(r.end, end) - max(r.start, start) }
        }
        let after = total - overlap - min(released, total - overlap)
        return after <= limit && length <= limit - after
    }

    /// Whether a break at `top` stays within RLIMIT_DATA (the break's own size, as Linux's check_data_rlimit).
    func fitsDataLimit(breakTop top: UInt64) -> Bool {
        let limit = virtualLimit(Self.rlimitData).current
        return limit == UInt64.max || top - breakStart <= limit
    }
}
