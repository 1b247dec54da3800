import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// How guest pointers reach the host kernel.
///
/// Guest memory is host memory (guest address = base + offset), unmapped guest
/// pages are `PROT_NONE` in the host and host protections mirror the guest's.
/// So when the host kernel gets the host address of the guest's own buffer, it
/// finds every bad pointer itself, at the point of its own order of checks,
/// and answers as Linux does: Tern translates pointers and checks nothing the
/// kernel checks. Three differences remain, handled here:
/// - the guest's address space ends at 2^38 (riscv64's Sv39 TASK_SIZE), the
///   host's at 2^47: a buffer starting past the guest's end gets an address
///   the host kernel rejects (`rejectedAddress`), as riscv64 Linux's
///   `access_ok` does. A buffer starting inside and running past the end meets
///   the inaccessible guard after the guest space (the kernel copies from the
///   start, so it faults there: EFAULT or a short count where riscv64 Linux
///   refuses the whole range; the host's own memory is never reached);
/// - pages holding translated code are write-protected in the host, so a range
///   the kernel may write has its code released first;
/// - a path may name something else on the host (the sysroot, /proc/self/exe).
extension SyscallHandler {
    /// An address in the host kernel's half: any access to it fails with EFAULT.
    static let rejectedAddress = Int(bitPattern: 0xffff_ffff_ffff_f000)

    /// The host address the kernel gets for guest buffer `[address, address+extent)`:
    /// NULL stays NULL; a buffer starting past the guest address space is rejected.
    /// `writes`: the kernel may write up to `extent` bytes (at most MAX_RW_COUNT
    /// of them in one call), so translated code there is released first.
    func kernelBuffer(_ address: UInt64, _ extent: UInt64, writes: Bool = false) -> Int {
        if address == 0 { return 0 }
        guard address <= GuestMemory.size else { return Self.rejectedAddress }
        if writes && extent > 0 {
            memory.releaseCodeBeforeHostWrite(address, min(extent, GuestMemory.size - address, 0x7fff_f000))
        }
        // A debugger's watched pages would make the kernel's access fail (EFAULT).
        if memory.hasWatchedPages { memory.liftWatchesForHostAccess(address, max(min(extent, GuestMemory.size - address, 0x7fff_f000), 1)) }
        return Int(bitPattern: memory.host(address))
    }

    /// The host address of a guest NUL-terminated string the kernel reads as
    /// it is (a name that is not a path). A string running past the guest's
    /// end meets the inaccessible guard after it.
    func kernelString(_ address: UInt64) -> Int { kernelBuffer(address, 0) }

    /// Calls `body` with the host address of guest path argument `address`,
    /// looked up relative to directory `dirfd`: the guest's own string when it
    /// needs no translation (a bad pointer or an overlong name included, so the
    /// kernel reports them in its own order), else a host copy of the host path.
    func withKernelPath(_ address: UInt64, dirfd: Int32 = AT_FDCWD, _ body: (Int) -> Int64) -> Int64 {
        guard case .success(let guest) = guestPath(address) else { return body(kernelString(address)) }
        let host = hostPath(guest, dirfd: dirfd)
        if host == guest { return body(kernelString(address)) }
        return (host + [0]).withUnsafeBufferPointer { body(Int(bitPattern: $0.baseAddress)) }
    }

    /// Host `iovec`s for the guest array of `count` entries at `address`, or
    /// nil when the kernel must see the guest's own array (too many entries, or
    /// the array unreadable: it reports EINVAL or EFAULT where Linux does).
    /// Each buffer goes through `kernelBuffer`; lengths stay as they are (the
    /// kernel refuses negative ones).
    func kernelIOVecs(_ address: UInt64, _ count: UInt64, writes: Bool) -> [iovec]? {
        guard count <= UInt64(Self.maxIOVecs), let raw = copyIn(address, Int(count) * 16) else { return nil }
        let r = ByteReader(raw)
        return (0 ..< Int(count)).map { i in
            let base = r.u64(i * 16), length = r.u64(i * 16 + 8)
            let pointer = kernelBuffer(base, Int64(bitPattern: length) < 0 ? 0 : length, writes: writes)
            return iovec(iov_base: UnsafeMutableRawPointer(bitPattern: pointer), iov_len: Int(truncatingIfNeeded: length))
        }
    }

    /// Calls `body` with the (pointer, count) a host call takes for a guest iovec array.
    func withKernelIOVecs(_ address: UInt64, _ count: UInt64, writes: Bool, _ body: (Int, Int) -> Int64) -> Int64 {
        guard let vecs = kernelIOVecs(address, count, writes: writes) else {
            return body(kernelBuffer(address, count.multipliedReportingOverflow(by: 16).partialValue), Int(truncatingIfNeeded: count))
        }
        return vecs.withUnsafeBufferPointer { body(Int(bitPattern: $0.baseAddress), $0.count) }
    }
}
