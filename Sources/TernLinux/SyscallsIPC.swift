import TernCore
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("shmat") func host_shmat(_ id: Int32, _ address: UnsafeRawPointer?, _ flags: Int32) -> UnsafeMutableRawPointer?
@_silgen_name("shmdt") func host_shmdt(_ address: UnsafeRawPointer?) -> Int32

/// System V IPC calls with guest structures (msgctl, shmctl, semctl) and
/// shared memory segments attached inside guest memory (shmat, shmdt). The
/// structures (ipc64_perm, msqid64_ds, shmid64_ds, semid64_ds) are the same
/// on riscv64 and x86-64.
extension SyscallHandler {
    static let shmRdonly: Int32 = 0o10000, shmRnd: Int32 = 0o20000, shmRemap: Int32 = 0o40000, shmExec: Int32 = 0o100000
    /// SHMLBA: riscv64 uses the page size.
    static let shmLBA = GuestMemory.pageSize

    /// msgctl / shmctl(id, cmd, buf): `buf` is a structure of at most `bufferSize` bytes.
    func sysIPCControl(_ a: SyscallArgs, host: Int, bufferSize: UInt64) -> Int64 {
        if a[2] != 0 && a[2] < GuestMemory.size { _ = memory.pointer(a[2], length: bufferSize, .write) }
        let r = host_syscall(host, Int(a.int32(0)), Int(a.int32(1)), hostAddress(a[2]), 0, 0, 0)
        return r == -1 ? Errno.lastHostError() : Int64(r)
    }

    /// semctl(id, num, cmd, arg): `arg` is a pointer for the commands that take
    /// a structure or an array (union semun), an integer otherwise.
    func sysSemctl(_ a: SyscallArgs) -> Int64 {
        let cmd = a.int32(2) & 0xff
        let pointerCommands: Set<Int32> = [1, 2, 3, 13, 17, 18, 19, 20]  // IPC_SET/STAT/INFO, GETALL, SETALL, SEM_STAT/INFO/STAT_ANY
        var arg = Int(truncatingIfNeeded: a[3])
        if pointerCommands.contains(cmd) {
            if a[3] != 0 && a[3] < GuestMemory.size { _ = memory.pointer(a[3], length: 72, .write) }
            arg = hostAddress(a[3])
        }
        let r = host_syscall(66, Int(a.int32(0)), Int(a.int32(1)), Int(a.int32(2)), arg, 0, 0)
        return r == -1 ? Errno.lastHostError() : Int64(r)
    }

    /// shmat(id, addr, flags): attaches the host segment at a guest address
    /// (addr, rounded with SHM_RND, or a free range chosen like mmap's).
    func sysShmat(_ a: SyscallArgs) -> Int64 {
        let id = a.int32(0), flags = a.int32(2)
        var info = shmid_ds()
        guard shmctl(id, IPC_STAT, &info) == 0 else {
            // Let the host report an id that exists but is not readable (EACCES) or is invalid (EINVAL).
            return Errno.lastHostError()
        }
        let size = GuestMemory.pageUp(UInt64(info.shm_segsz))
        var address = a[1]
        if address != 0 {
            if flags & Self.shmRnd != 0 { address &= ~(Self.shmLBA - 1) }
            guard address % Self.shmLBA == 0 else { return -Errno.EINVAL }
            guard address >= GuestLayout.minimumAddress, address < GuestMemory.size, size <= GuestMemory.size - address else {
                return -Errno.EINVAL
            }
            if flags & Self.shmRemap == 0 && !isFree(address, address + size) { return -Errno.EINVAL }
        } else {
            guard let free = memory.findFree(length: size, from: GuestLayout.minimumAddress, below: mmapTop) else { return -Errno.ENOMEM }
            address = free
        }
        var protection: MemoryProtection = flags & Self.shmRdonly != 0 ? [.read] : [.read, .write]
        if flags & Self.shmExec != 0 { protection.insert(.execute) }
        var failure: Int64 = 0
        do {
            try memory.mapHost(address, length: size, protection: protection, name: "/SYSV\(String(UInt32(bitPattern: info.shm_perm.__key), radix: 16))") { host in
                let hostFlags = flags & (Self.shmRdonly | Self.shmExec) | Self.shmRemap
                let p = host_shmat(id, host, hostFlags)
                if p == UnsafeMutableRawPointer(bitPattern: -1) { failure = Errno.lastHostError(); return false }
                return true
            }
        } catch {
            return failure != 0 ? failure : -Errno.EINVAL
        }
        return Int64(address)
    }

    /// shmdt(addr): detaches the segment attached at `addr` (its whole region).
    func sysShmdt(_ a: SyscallArgs) -> Int64 {
        let address = a[0]
        guard address % GuestMemory.pageSize == 0, let region = memory.region(containing: address),
              region.start == address, region.name.hasPrefix("/SYSV") else { return -Errno.EINVAL }
        guard host_shmdt(memory.host(address)) == 0 else { return Errno.lastHostError() }
        do { try memory.unmap(region.start, length: region.end - region.start) } catch { return -Errno.EINVAL }
        return 0
    }
}
