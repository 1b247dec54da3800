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

    /// Whether `pid` (prlimit64's) names this process: 0, its pid (the one the
    /// guest knows), or one of its threads.
    private func namesSelf(_ pid: Int32) -> Bool { pid == 0 || pid == self.pid || threads[pid] != nil }

    /// Whether Tern keeps `resource` itself: the memory limits, and every limit
    /// of an embedded guest (GuestVM), which shares the host process.
    private func keepsLimit(_ resource: UInt32) -> Bool {
        resource < Self.resourceCount && (Self.isVirtual(Int32(resource)) || embedded)
    }

    /// Sets a limit Tern keeps, as do_prlimit checks it: soft above hard is
    /// EINVAL, raising the hard limit needs CAP_SYS_RESOURCE (the host's say).
    private func setVirtualLimit(_ resource: Int32, _ new: ResourceLimit) -> Int64 {
        guard new.current <= new.maximum else { return -Errno.EINVAL }
        if new.maximum > virtualLimit(resource).maximum {
            var probe = rlimit()
            getrlimit(__rlimit_resource_t(UInt32(resource)), &probe)
            if new.maximum > UInt64(probe.rlim_max) && geteuid() != 0 { return -Errno.EPERM }
        }
        virtualLimits[resource] = new
        return 0
    }

    private func encoded(_ l: ResourceLimit) -> [UInt8] {
        var w = StructWriter(size: 16)
        w.put(l.current, at: 0); w.put(l.maximum, at: 8)
        return w.bytes
    }

    /// prlimit64(pid, resource, new, old) in Linux's order: the new limit is
    /// read (EFAULT), the process found (ESRCH), then do_prlimit checks the
    /// resource and the values, and the old limit is written last (EFAULT even
    /// though the new one took effect). Limits of other processes and those
    /// Tern does not keep are the host kernel's, on the guest's structures.
    func sysPrlimit(_ a: SyscallArgs) -> Int64 {
        let pid = a.int32(0), resource = UInt32(truncatingIfNeeded: a[1])
        guard namesSelf(pid), keepsLimit(resource) || resource < Self.resourceCount && Self.isNarrowed(Int32(resource)) else {
            return hostResult(host_syscall(Self.hostPrlimit, Int(hostID(pid)), Int(resource), kernelBuffer(a[2], 16),
                                           kernelBuffer(a[3], 16, writes: true), 0, 0))
        }
        var new: ResourceLimit?
        if a[2] != 0 {
            guard let raw = copyIn(a[2], 16) else { return -Errno.EFAULT }
            let r = ByteReader(raw)
            new = ResourceLimit(current: r.u64(0), maximum: r.u64(8))
        }
        let old = Self.isNarrowed(Int32(resource)) ? descriptorLimit() : virtualLimit(Int32(resource))
        if let new {
            let r = Self.isNarrowed(Int32(resource)) ? setDescriptorLimit(new) : setVirtualLimit(Int32(resource), new)
            guard r == 0 else { return r }
        }
        if a[3] != 0 && !copyOut(a[3], encoded(old)) { return -Errno.EFAULT }
        return 0
    }

    /// getrlimit: do_prlimit (EINVAL past RLIM_NLIMITS), then the copy out (EFAULT).
    func sysGetrlimit(_ a: SyscallArgs) -> Int64 {
        let resource = UInt32(truncatingIfNeeded: a[0])
        if resource < Self.resourceCount && Self.isNarrowed(Int32(resource)) {
            return copyOut(a[1], encoded(descriptorLimit())) ? 0 : -Errno.EFAULT
        }
        guard keepsLimit(resource) else {
            return hostResult(host_syscall(97, Int(resource), kernelBuffer(a[1], 16, writes: true), 0, 0, 0, 0))
        }
        return copyOut(a[1], encoded(virtualLimit(Int32(resource)))) ? 0 : -Errno.EFAULT
    }

    /// setrlimit: the copy in (EFAULT), then do_prlimit.
    func sysSetrlimit(_ a: SyscallArgs) -> Int64 {
        let resource = UInt32(truncatingIfNeeded: a[0])
        if resource < Self.resourceCount && Self.isNarrowed(Int32(resource)) {
            guard let raw = copyIn(a[1], 16) else { return -Errno.EFAULT }
            let r = ByteReader(raw)
            return setDescriptorLimit(ResourceLimit(current: r.u64(0), maximum: r.u64(8)))
        }
        guard keepsLimit(resource) else {
            return hostResult(host_syscall(160, Int(resource), kernelBuffer(a[1], 16), 0, 0, 0, 0))
        }
        guard let raw = copyIn(a[1], 16) else { return -Errno.EFAULT }
        let r = ByteReader(raw)
        return setVirtualLimit(Int32(resource), ResourceLimit(current: r.u64(0), maximum: r.u64(8)))
    }

    // MARK: RLIMIT_NOFILE below Tern's descriptors

    static let rlimitNofile: Int32 = 7

    /// RLIMIT_NOFILE while Tern holds descriptors of its own (`ReservedDescriptors`):
    /// the guest's limits stay below them, so no guest descriptor can reach them.
    static func isNarrowed(_ resource: Int32) -> Bool {
        resource == rlimitNofile && ReservedDescriptors.shared.isActive
    }

    /// The guest's RLIMIT_NOFILE: the host's, its hard limit at most the lowest of
    /// Tern's descriptors (the soft limit already is: ReservedDescriptors lowered it).
    func descriptorLimit() -> ResourceLimit {
        var host = rlimit()
        getrlimit(__rlimit_resource_t(UInt32(Self.rlimitNofile)), &host)
        let floor = UInt64(ReservedDescriptors.shared.floor ?? Int32.max)
        return ResourceLimit(current: min(UInt64(host.rlim_cur), floor), maximum: min(UInt64(host.rlim_max), floor))
    }

    /// Sets the guest's RLIMIT_NOFILE as do_prlimit checks it against the limits the
    /// guest sees: soft above hard is EINVAL, a hard limit above the guest's is EPERM
    /// (it may not reach Tern's descriptors), then the host applies it.
    func setDescriptorLimit(_ new: ResourceLimit) -> Int64 {
        guard new.current <= new.maximum else { return -Errno.EINVAL }
        guard new.maximum <= descriptorLimit().maximum else { return -Errno.EPERM }
        var host = rlimit(rlim_cur: rlim_t(new.current), rlim_max: rlim_t(new.maximum))
        return Errno.result(setrlimit(__rlimit_resource_t(UInt32(Self.rlimitNofile)), &host))
    }

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
