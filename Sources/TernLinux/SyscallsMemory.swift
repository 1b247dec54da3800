import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// brk, mmap, munmap, mprotect, mremap, madvise.
extension SyscallHandler {
    static let mapShared: Int32 = 0x1, mapPrivate: Int32 = 0x2, mapSharedValidate: Int32 = 0x3
    static let mapFixed: Int32 = 0x10, mapAnonymous: Int32 = 0x20, mapFixedNoReplace: Int32 = 0x10_0000

    private var page: UInt64 { GuestMemory.pageSize }

    /// Whether no mapping overlaps `[start, end)`.
    func isFree(_ start: UInt64, _ end: UInt64) -> Bool {
        guard start < end else { return true }
        return !memory.mappedRegions.contains { $0.start < end && $0.end > start }
    }

    private func errno(of error: MemoryError) -> Int64 {
        if case .hostFailure(let e) = error { return -Errno.guest(fromHost: e) }
        return -Errno.ENOMEM
    }

    // MARK: brk

    /// Linux semantics: returns the new break, or the unchanged break on failure.
    func sysBrk(_ a: SyscallArgs) -> Int64 {
        let requested = a[0]
        guard requested >= breakStart, requested <= mmapTop else { return Int64(programBreak) }
        let oldTop = GuestMemory.pageUp(programBreak), newTop = GuestMemory.pageUp(requested)
        if newTop > oldTop {
            guard isFree(oldTop, newTop), fitsDataLimit(breakTop: requested),
                  fitsAddressSpace(oldTop, newTop - oldTop) else { return Int64(programBreak) }
            do { try memory.map(oldTop, length: newTop - oldTop, protection: [.read, .write], name: "[heap]") } catch {
                return Int64(programBreak)
            }
        } else if newTop < oldTop {
            try? memory.unmap(newTop, length: oldTop - newTop, cause: .munmap)
        }
        if requested < programBreak, requested < newTop, let p = memory.pointer(requested, length: newTop - requested, .write) {
            p.initializeMemory(as: UInt8.self, repeating: 0, count: Int(newTop - requested))  // regrowth reads zeros
        }
        programBreak = requested
        return Int64(programBreak)
    }

    // MARK: mmap family

    func sysMmap(_ a: SyscallArgs) -> Int64 {
        let address = a[0], length = a[1], flags = a.int32(3), fd = a.int32(4), offset = a[5]
        let protection = MemoryProtection(linux: a[2])
        let type = flags & 0xf
        guard type == Self.mapShared || type == Self.mapPrivate || type == Self.mapSharedValidate else { return -Errno.EINVAL }
        guard length > 0, offset % page == 0 else { return -Errno.EINVAL }
        let size = GuestMemory.pageUp(length)
        guard size != 0, size <= GuestMemory.size else { return -Errno.ENOMEM }
        let anonymous = flags & Self.mapAnonymous != 0
        // riscv64 takes the offset as a signed off_t: its page number is an
        // arithmetic shift, and page number + pages must not wrap (EOVERFLOW).
        let pageOffset = UInt64(bitPattern: Int64(bitPattern: offset) >> 12)
        if !anonymous && pageOffset.addingReportingOverflow(size >> 12).overflow { return -Errno.EOVERFLOW }
        if !anonymous {
            var st = stat()
            guard fstat(fd, &st) == 0 else { return -Errno.EBADF }
            guard st.st_mode & S_IFMT != S_IFDIR else { return -Errno.ENODEV }
            let access = fcntl(fd, F_GETFL) & 3
            guard access != O_WRONLY else { return -Errno.EACCES }
            if type != Self.mapPrivate && protection.contains(.write) && access != O_RDWR { return -Errno.EACCES }
        }
        let shared = type != Self.mapPrivate
        let start: UInt64
        if flags & (Self.mapFixed | Self.mapFixedNoReplace) != 0 {
            guard address % page == 0 else { return -Errno.EINVAL }
            guard address <= GuestMemory.size - size else { return -Errno.ENOMEM }
            guard address >= GuestLayout.minimumAddress else { return -Errno.EPERM }
            guard !isSealed(address, address + size) else { return -Errno.EPERM }
            if flags & Self.mapFixed == 0 && !isFree(address, address + size) { return -Errno.EEXIST }
            start = address
        } else {
            let hint = GuestMemory.pageUp(address)
            if address != 0, hint >= GuestLayout.minimumAddress, hint <= GuestMemory.size - size, isFree(hint, hint + size) {
                start = hint
            } else if let found = memory.findFree(length: size, from: GuestLayout.minimumAddress, below: mmapTop, topDown: true) {
                start = found
            } else {
                return -Errno.ENOMEM
            }
        }
        guard fitsAddressSpace(start, size) else { return -Errno.ENOMEM }
        // Translations of code pages mapped over go (GuestMemory, cause mmap); nothing else does.
        do {
            if anonymous {
                try memory.map(start, length: size, protection: protection, shared: shared)
            } else {
                try memory.mapFile(start, length: size, protection: protection, fd: fd, offset: offset,
                                   name: fileName(fd), shared: shared)
            }
        } catch {
            return errno(of: error)
        }
        return Int64(start)
    }

    /// The path of an open descriptor, for /proc/self/maps ("" when unknown).
    private func fileName(_ fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    func sysMunmap(_ a: SyscallArgs) -> Int64 {
        let address = a[0], size = GuestMemory.pageUp(a[1])
        guard address % page == 0, a[1] > 0, size != 0, address < GuestMemory.size, size <= GuestMemory.size - address else {
            return -Errno.EINVAL
        }
        guard !isSealed(address, address + size) else { return -Errno.EPERM }
        do { try memory.unmap(address, length: size, cause: .munmap) } catch { return errno(of: error) }
        return 0
    }

    func sysMprotect(_ a: SyscallArgs) -> Int64 {
        let address = a[0], prot = a[2]
        guard address % page == 0 else { return -Errno.EINVAL }
        guard prot & ~UInt64(0x7 | 0x0100_0000 | 0x0200_0000) == 0 else { return -Errno.EINVAL }
        guard a[1] > 0 else { return 0 }
        let size = GuestMemory.pageUp(a[1])
        guard size != 0, address < GuestMemory.size, size <= GuestMemory.size - address else { return -Errno.ENOMEM }
        guard !isSealed(address, address + size) else { return -Errno.EPERM }
        // Code pages that lose PROT_EXEC lose their translations; the others keep them.
        let protection = MemoryProtection(linux: prot)
        do { try memory.protect(address, length: size, protection: protection, cause: .mprotect) } catch {
            return errno(of: error)
        }
        return 0
    }

    func sysMremap(_ a: SyscallArgs) -> Int64 {
        let old = a[0], flags = a[3], newAddress = a[4]
        let mayMove: UInt64 = 1, fixed: UInt64 = 2, dontUnmap: UInt64 = 4
        guard old % page == 0, flags & ~7 == 0, a[2] > 0, a[1] > 0 else { return -Errno.EINVAL }
        guard flags & fixed == 0 || flags & mayMove != 0 else { return -Errno.EINVAL }
        let oldSize = GuestMemory.pageUp(a[1]), newSize = GuestMemory.pageUp(a[2])
        guard oldSize != 0, newSize != 0, old < GuestMemory.size, oldSize <= GuestMemory.size - old,
              newSize <= GuestMemory.size else { return -Errno.ENOMEM }
        guard !isSealed(old, old + oldSize) else { return -Errno.EPERM }
        guard memory.isAccessible(old, length: oldSize, MemoryProtection()),
              let region = memory.region(containing: old) else { return -Errno.EFAULT }
        let prot = region.protection
        if flags & fixed == 0 && flags & dontUnmap == 0 {
            if newSize <= oldSize {
                if newSize < oldSize { try? memory.unmap(old + newSize, length: oldSize - newSize, cause: .mremap) }
                return Int64(old)
            }
            guard fitsAddressSpace(old + oldSize, newSize - oldSize) else { return -Errno.ENOMEM }
            if old + newSize <= GuestMemory.size, isFree(old + oldSize, old + newSize) {
                do {
                    try memory.map(old + oldSize, length: newSize - oldSize, protection: prot, name: region.name, cause: .mremap)
                } catch {
                    return errno(of: error)
                }
                return Int64(old)
            }
        }
        guard flags & mayMove != 0 else { return -Errno.ENOMEM }
        let destination: UInt64
        if flags & fixed != 0 {
            guard newAddress % page == 0, newAddress >= GuestLayout.minimumAddress,
                  newAddress <= GuestMemory.size - newSize else { return -Errno.EINVAL }
            guard newAddress + newSize <= old || newAddress >= old + oldSize else { return -Errno.EINVAL }
            destination = newAddress
        } else {
            guard let found = memory.findFree(length: newSize, from: GuestLayout.minimumAddress, below: mmapTop) else {
                return -Errno.ENOMEM
            }
            destination = found
        }
        guard fitsAddressSpace(destination, newSize, released: flags & dontUnmap == 0 ? oldSize : 0) else { return -Errno.ENOMEM }
        do {
            try memory.map(destination, length: newSize, protection: [.read, .write], name: region.name, cause: .mremap)
            if !prot.contains(.read) { try memory.protect(old, length: oldSize, protection: .read, cause: .mremap) }
            memory.host(destination).copyMemory(from: memory.host(old), byteCount: Int(min(oldSize, newSize)))
            try memory.protect(destination, length: newSize, protection: prot, cause: .mremap)
            if flags & dontUnmap == 0 {
                try memory.unmap(old, length: oldSize, cause: .mremap)
            } else {
                try memory.map(old, length: oldSize, protection: prot, name: region.name, cause: .mremap)
            }
        } catch {
            return errno(of: error)
        }
        return Int64(destination)
    }

    /// msync: flushes shared file mappings; -ENOMEM for unmapped ranges.
    func sysMsync(_ a: SyscallArgs) -> Int64 {
        let address = a[0], flags = a.int32(2)
        guard address % page == 0, flags & ~7 == 0, flags & 5 != 5 else { return -Errno.EINVAL }  // MS_ASYNC|MS_SYNC
        let size = GuestMemory.pageUp(a[1])
        guard size > 0 else { return 0 }
        guard address < GuestMemory.size, size <= GuestMemory.size - address,
              memory.isAccessible(address, length: size, MemoryProtection()) else { return -Errno.ENOMEM }
        return Errno.result(blocking { msync(memory.host(address), Int(size), flags) })
    }

    func sysMadvise(_ a: SyscallArgs) -> Int64 {
        let address = a[0], advice = a.int32(2)
        guard address % page == 0 else { return -Errno.EINVAL }
        let size = GuestMemory.pageUp(a[1])
        guard size > 0 else { return 0 }
        guard address < GuestMemory.size, size <= GuestMemory.size - address else { return -Errno.EINVAL }
        // Discarding advice (DONTNEED, FREE, REMOVE, DONTFORK, WIPEONFORK, DONTNEED_LOCKED) is
        // refused over sealed read-only pages, as mseal(2) describes.
        if [4, 8, 9, 10, 18, 24].contains(advice), isSealed(address, address + size),
           memory.mappedRegions.contains(where: { $0.start < address + size && $0.end > address && !$0.protection.contains(.write) }) {
            return -Errno.EPERM
        }
        if advice == 4 {  // MADV_DONTNEED: private pages read back as zero (or file contents)
            guard memory.isAccessible(address, length: size, MemoryProtection()) else { return -Errno.ENOMEM }
            memory.releaseCode(address, address + size, cause: .madvise)  // new contents: translations go
            return Errno.result(madvise(memory.host(address), Int(size), MADV_DONTNEED))
        }
        return 0
    }
}
