import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// The host's mremap (x86-64 25), raw: glibc's wrapper is variadic.
func host_mremap(_ old: UnsafeMutableRawPointer, _ oldSize: Int, _ newSize: Int, _ flags: Int32,
                 _ new: UnsafeMutableRawPointer? = nil) -> UnsafeMutableRawPointer? {
    let r = host_syscall(25, Int(bitPattern: old), oldSize, newSize, Int(flags), Int(bitPattern: new), 0)
    return r == -1 ? MAP_FAILED : UnsafeMutableRawPointer(bitPattern: r)
}

/// brk, mmap, munmap, mprotect, mremap, madvise, msync.
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

    // MARK: VMAs

    /// The Linux VMA around the mapped region containing `address`: the run of
    /// regions that continue one another (`MemoryRegion.continues`), as the
    /// kernel merges them. nil when `address` is not mapped.
    func vma(containing address: UInt64) -> MemoryRegion? {
        let regions = memory.mappedRegions
        guard let i = regions.firstIndex(where: { $0.start <= address && address < $0.end }) else { return nil }
        var lo = i, hi = i
        while lo > 0 && regions[lo - 1].continues(into: regions[lo]) { lo -= 1 }
        while hi + 1 < regions.count && regions[hi].continues(into: regions[hi + 1]) { hi += 1 }
        var merged = regions[lo]
        merged.end = regions[hi].end
        return merged
    }

    /// Linux VMAs overlapping `[start, end)`, in order (merged as `vma(containing:)` does).
    func vmas(_ start: UInt64, _ end: UInt64) -> [MemoryRegion] {
        var out: [MemoryRegion] = []
        for r in memory.mappedRegions where r.end > start && r.start < end {
            if let last = out.last, last.continues(into: r) { out[out.count - 1].end = r.end } else { out.append(r) }
        }
        if let first = out.first, let whole = vma(containing: first.start) { out[0].start = whole.start; out[0].fileOffset = whole.fileOffset }
        if let last = out.last, let whole = vma(containing: last.end - 1) { out[out.count - 1].end = whole.end }
        return out
    }

    /// PAGE_ALIGN as the kernel computes it (wrapping to 0 past the top).
    static func pageAlign(_ length: UInt64) -> UInt64 { (length &+ 4095) & ~UInt64(4095) }

    // MARK: mmap family

    /// riscv64 mmap in Linux's order (riscv_sys_mmap, ksys_mmap_pgoff, do_mmap,
    /// get_unmapped_area, mmap_region). The offset is a signed off_t: its page
    /// number is an arithmetic shift.
    func sysMmap(_ a: SyscallArgs) -> Int64 {
        let address = a[0], length = a[1], flags = Int32(truncatingIfNeeded: a[3]), fd = a.int32(4), offset = a[5]
        let prot = a[2]
        guard offset & (page - 1) == 0 else { return -Errno.EINVAL }
        let pageOffset = UInt64(bitPattern: Int64(bitPattern: offset) >> 12)
        let anonymous = flags & Self.mapAnonymous != 0
        if !anonymous {
            let fl = fcntl(fd, F_GETFL)
            guard fl >= 0, fl & 0o10000000 == 0 else { return -Errno.EBADF }  // fget: O_PATH descriptors are not files
            if flags & 0x40000 != 0 { return -Errno.EINVAL }  // MAP_HUGETLB on a file that is not hugetlbfs
        }
        guard length != 0 else { return -Errno.EINVAL }
        let size = Self.pageAlign(length)
        guard size != 0 else { return -Errno.ENOMEM }
        guard !pageOffset.addingReportingOverflow(size >> 12).overflow else { return -Errno.EOVERFLOW }
        let fixed = flags & (Self.mapFixed | Self.mapFixedNoReplace) != 0
        // get_unmapped_area
        guard size <= GuestMemory.size else { return -Errno.ENOMEM }
        let start: UInt64
        if fixed {
            guard address <= GuestMemory.size - size else { return -Errno.ENOMEM }
            guard address % page == 0 else { return -Errno.EINVAL }
            guard address >= GuestLayout.minimumAddress else { return -Errno.EPERM }
            start = address
        } else {
            let hint = address & ~(page - 1)
            let wanted = hint != 0 && hint < GuestLayout.minimumAddress ? GuestLayout.minimumAddress : hint
            if wanted != 0, wanted <= GuestMemory.size - size, isFree(wanted, wanted + size) {
                start = wanted
            } else if let found = memory.findFree(length: size, from: GuestLayout.minimumAddress, below: mmapTop, topDown: true) {
                start = found
            } else {
                return -Errno.ENOMEM
            }
        }
        if flags & Self.mapFixedNoReplace != 0 && flags & Self.mapFixed == 0 && !isFree(start, start + size) { return -Errno.EEXIST }
        let type = flags & 0xf
        var shared = false
        if anonymous {
            switch type {
            case Self.mapShared:
                if flags & 0x100 != 0 { return -Errno.EINVAL }  // MAP_GROWSDOWN
                shared = true
            case Self.mapPrivate: break
            default: return -Errno.EINVAL
            }
        } else {
            // file_mmap_ok: regular files, block devices and sockets end at MAX_LFS_FILESIZE,
            // other files at the top of the offset range.
            var st = stat()
            fstat(fd, &st)
            let kind = st.st_mode & S_IFMT
            let maxSize = kind == S_IFREG || kind == S_IFBLK || kind == S_IFSOCK ? UInt64(Int64.max) : UInt64.max
            if size > maxSize || pageOffset > (maxSize - size) >> 12 { return -Errno.EOVERFLOW }
            let legacy: Int32 = 0x1 | 0x2 | 0x10 | 0x20 | 0x800 | 0x1000 | 0x400_0000 | 0x100 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | 0x40000
            switch type {
            case Self.mapShared, Self.mapSharedValidate:
                if type == Self.mapSharedValidate && flags & ~legacy != 0 { return -Errno.EOPNOTSUPP }
                shared = true
            case Self.mapPrivate: break
            default: return -Errno.EINVAL
            }
            // The descriptor's own checks (EACCES for its access mode, ENODEV for what cannot be
            // mapped) are the host's, when it maps the file below. The host maps guest code
            // readable only, so for an executable mapping a one-page probe with the guest's
            // protection asks the host first (EPERM on a noexec mount or an anonymous inode).
            if prot & 4 != 0 {
                let probe = mmap(nil, 4096, Int32(truncatingIfNeeded: prot & 7), shared ? MAP_SHARED : MAP_PRIVATE, fd, off_t(Int64(bitPattern: offset)))
                guard probe != MAP_FAILED else { return Errno.lastHostError() }
                munmap(probe, 4096)
            }
            if flags & 0x100 != 0 { return -Errno.EINVAL }  // MAP_GROWSDOWN on a file
        }
        guard !isSealed(start, start + size) else { return -Errno.EPERM }
        guard fitsAddressSpace(start, size) else { return -Errno.ENOMEM }
        let protection = MemoryProtection(linux: prot)
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
        // VMA flags of the new mapping: private writable memory is accounted unless MAP_NORESERVE.
        var vmFlags: VMAFlags = []
        if flags & 0x4000 != 0 { vmFlags.insert(.noReserve) }
        else if !shared && protection.contains(.write) { vmFlags.insert(.accounted) }
        if flags & 0x2000 != 0 { vmFlags.insert(.locked) }  // MAP_LOCKED
        changeVMAFlags(start, start + size, set: vmFlags)
        return Int64(start)
    }

    /// The path of an open descriptor, for /proc/self/maps ("" when unknown).
    private func fileName(_ fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        return n > 0 ? String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    }

    /// munmap as do_vmi_munmap: an unaligned or out-of-range start, or a
    /// length past the address space or of zero, is EINVAL; unmapped parts are fine.
    func sysMunmap(_ a: SyscallArgs) -> Int64 { unmapRange(a[0], a[1], cause: .munmap) }

    private func unmapRange(_ address: UInt64, _ length: UInt64, cause: CodeChangeCause = .mremap) -> Int64 {
        guard address % page == 0, address <= GuestMemory.size, length <= GuestMemory.size - address else { return -Errno.EINVAL }
        let end = address + Self.pageAlign(length)
        guard end != address else { return -Errno.EINVAL }
        let top = min(end, GuestMemory.size)
        guard top > address, !isFree(address, top) else { return 0 }
        guard !isSealed(address, top) else { return -Errno.EPERM }
        do { try memory.unmap(address, length: top - address, cause: cause) } catch { return errno(of: error) }
        return 0
    }

    /// mprotect as do_mprotect_pkey: PROT_GROWSDOWN extends the range down to
    /// the start of a growing-down VMA (the stack); VMAs are changed in order
    /// up to the first gap, which is ENOMEM (the ones before it stay changed).
    func sysMprotect(_ a: SyscallArgs) -> Int64 {
        var start = a[0]
        let grows = a[2] & 0x0300_0000, prot = a[2] & ~UInt64(0x0300_0000)
        guard grows != 0x0300_0000 else { return -Errno.EINVAL }
        guard start % page == 0 else { return -Errno.EINVAL }
        guard a[1] != 0 else { return 0 }
        var (end, o) = start.addingReportingOverflow(Self.pageAlign(a[1]))
        guard !o, end > start else { return -Errno.ENOMEM }
        guard prot & ~UInt64(0xf) == 0 else { return -Errno.EINVAL }  // PROT_SEM (8) is accepted and ignored
        let areas = vmas(start, min(end, GuestMemory.size))
        guard let first = areas.first, start < GuestMemory.size else { return -Errno.ENOMEM }
        if grows == 0x0100_0000 {  // PROT_GROWSDOWN
            guard first.start < end else { return -Errno.ENOMEM }
            start = first.start
            guard first.name == "[stack]" else { return -Errno.EINVAL }
        } else {
            guard first.start <= start else { return -Errno.ENOMEM }
            if grows != 0 {  // PROT_GROWSUP: riscv64 has no growing-up VMA
                end = first.end
                return -Errno.EINVAL
            }
        }
        // The contiguous run of VMAs from start.
        var reached = start
        for v in areas {
            guard v.start <= reached else { break }
            reached = max(reached, v.end)
            if reached >= end { break }
        }
        let changeEnd = min(reached, end)
        guard !isSealed(start, changeEnd) else { return -Errno.EPERM }
        let protection = MemoryProtection(linux: prot)
        // Code pages that lose PROT_EXEC lose their translations; the others keep them.
        let before = vmas(start, changeEnd)
        do { try memory.protect(start, length: changeEnd - start, protection: protection, cause: .mprotect) } catch {
            return errno(of: error)
        }
        // mprotect_fixup: private memory made writable is accounted from now on; made
        // unwritable, anonymous memory stops being accounted only while no page of its VMA
        // was ever instantiated (no anon_vma yet: no page of it resident on the host).
        if protection.contains(.write) {
            changeVMAFlags(start, changeEnd, set: .accounted) { !$0.shared && $0.vmFlags & VMAFlags.noReserve.rawValue == 0 }
        } else {
            for v in before where !v.shared && v.fileOffset == nil && v.vmFlags & VMAFlags.accounted.rawValue != 0 && !hasResidentPages(v) {
                changeVMAFlags(max(v.start, start), min(v.end, changeEnd), clear: .accounted)
            }
        }
        return changeEnd < end ? -Errno.ENOMEM : 0
    }

    /// Whether any page of `region` is resident in the host (mincore).
    private func hasResidentPages(_ region: MemoryRegion) -> Bool {
        let pages = Int((region.end - region.start) / page)
        var vector = [UInt8](repeating: 0, count: pages)
        guard mincore(memory.host(region.start), Int(region.end - region.start), &vector) == 0 else { return true }
        return vector.contains { $0 & 1 != 0 }
    }

    /// MREMAP_* flags.
    private static let mayMove: UInt64 = 1, remapFixed: UInt64 = 2, dontUnmap: UInt64 = 4

    /// mremap as Linux 6.x (check_mremap_params, do_mremap, mremap_to,
    /// mremap_at): shrinking unmaps the tail; growing extends in place when
    /// the VMA ends where the range does and the pages after it are free, else
    /// moves (MREMAP_MAYMOVE); a move is the host's own mremap of the pages
    /// (shared and file mappings stay what they are).
    func sysMremap(_ a: SyscallArgs) -> Int64 {
        let address = a[0], flags = a[3]
        var newAddress = a[4]
        guard flags & ~7 == 0, address % page == 0, Self.pageAlign(a[2]) != 0, a[2] <= GuestMemory.size else { return -Errno.EINVAL }
        let impliesNewAddress = flags & (Self.remapFixed | Self.dontUnmap) != 0
        if impliesNewAddress {
            guard newAddress % page == 0, flags & Self.mayMove != 0 else { return -Errno.EINVAL }
            guard flags & Self.dontUnmap == 0 || Self.pageAlign(a[1]) == Self.pageAlign(a[2]) else { return -Errno.EINVAL }
        }
        var oldSize = Self.pageAlign(a[1])
        let newSize = Self.pageAlign(a[2])
        if impliesNewAddress {  // check_mremap_params: the new range, then the overlap, before any VMA lookup
            guard newSize <= GuestMemory.size, newAddress <= GuestMemory.size - newSize else { return -Errno.EINVAL }
            // The kernel's overlap test, in its wrapping arithmetic (old_len is not bounded yet).
            guard !(address &+ oldSize > newAddress && newAddress &+ newSize > address) else { return -Errno.EINVAL }
        }
        guard let area = vma(containing: address) else { return -Errno.EFAULT }
        guard !isSealed(area.start, area.end) else { return -Errno.EPERM }
        /// remap_is_valid.
        func valid(_ area: MemoryRegion, _ oldSize: UInt64) -> Int64 {
            if oldSize == 0 && !area.shared { return -Errno.EINVAL }  // "duplicating" a private mapping
            guard oldSize <= area.end - address else { return -Errno.EFAULT }  // across VMA boundaries
            if newSize == oldSize { return 0 }
            if let offset = area.fileOffset {
                let pages = (offset + (address - area.start)) >> 12
                guard !pages.addingReportingOverflow(newSize >> 12).overflow else { return -Errno.EINVAL }
            }
            guard newSize < oldSize || fitsAddressSpace(address, newSize - oldSize) else { return -Errno.ENOMEM }
            return 0
        }
        if impliesNewAddress {
            var current = area
            if flags & Self.remapFixed != 0 {
                let r = unmapRange(newAddress, newSize)
                guard r == 0 else { return r }
                guard let again = vma(containing: address) else { return -Errno.EFAULT }
                current = again
            }
            if newSize < oldSize {
                let r = unmapRange(address + newSize, oldSize - newSize)
                guard r == 0 else { return r }
                guard let again = vma(containing: address) else { return -Errno.EFAULT }
                current = again
                oldSize = newSize
            }
            let r = valid(current, oldSize)
            guard r == 0 else { return r }
            if flags & Self.dontUnmap != 0 && !fitsAddressSpace(newAddress, oldSize) { return -Errno.ENOMEM }
            if flags & Self.remapFixed == 0 {  // MREMAP_DONTUNMAP alone: the new address is a hint
                guard let found = unmappedArea(hint: newAddress, newSize) else { return -Errno.ENOMEM }
                newAddress = found
            }
            return move(address, oldSize, to: newAddress, newSize, area: current, keepOld: flags & Self.dontUnmap != 0)
        }
        if newSize == oldSize { return Int64(address) }
        if newSize < oldSize {
            let r = unmapRange(address + newSize, oldSize - newSize)
            return r == 0 ? Int64(address) : r
        }
        let r = valid(area, oldSize)
        guard r == 0 else { return r }
        let delta = newSize - oldSize
        if address + oldSize == area.end, area.end <= GuestMemory.size - delta, isFree(area.end, area.end + delta) {
            return growInPlace(area, address, oldSize, newSize)
        }
        guard flags & Self.mayMove != 0 else { return -Errno.ENOMEM }
        guard let destination = unmappedArea(hint: 0, newSize) else { return -Errno.ENOMEM }
        return move(address, oldSize, to: destination, newSize, area: area, keepOld: false)
    }

    /// get_unmapped_area for `size` bytes: the hint when it is free, else top down below the mmap area's top.
    private func unmappedArea(hint: UInt64, _ size: UInt64) -> UInt64? {
        let wanted = hint & ~(page - 1)
        if wanted >= GuestLayout.minimumAddress, size <= GuestMemory.size, wanted <= GuestMemory.size - size, isFree(wanted, wanted + size) {
            return wanted
        }
        return memory.findFree(length: size, from: GuestLayout.minimumAddress, below: mmapTop, topDown: true)
    }

    /// The guest regions of `[start, end)` (with their attributes), cut to the range.
    private func regions(_ start: UInt64, _ end: UInt64) -> [MemoryRegion] {
        memory.mappedRegions.filter { $0.end > start && $0.start < end }.map { r in
            var piece = r
            piece.start = max(r.start, start); piece.end = min(r.end, end)
            piece.fileOffset = r.fileOffset.map { $0 + (piece.start - r.start) }
            return piece
        }
    }

    /// Extends the mapping at `address` into the free pages after it. The guest's
    /// holes are host mappings (PROT_NONE reservations), so the extension replaces
    /// the hole's host pages in one step (MAP_FIXED / MREMAP_FIXED replace atomically):
    /// at no moment are they unmapped, where another thread's host mapping could land
    /// or a guest access could see something else. The extension is what Linux's
    /// vma_expand gives: fresh anonymous pages for private anonymous memory, the same
    /// object at the following offset for shared memory (duplicated with the host's
    /// mremap of length 0, then moved over the hole) and for private file mappings
    /// (the file reopened through /proc/self/map_files).
    private func growInPlace(_ area: MemoryRegion, _ address: UInt64, _ oldSize: UInt64, _ newSize: UInt64) -> Int64 {
        let holeStart = address + oldSize, delta = newSize - oldSize
        let last = regions(address, holeStart).last ?? area
        let prot = last.protection.hostFlags
        let hole = memory.host(holeStart)
        if !last.shared && last.fileOffset == nil {
            let p = mmap(hole, Int(delta), prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0)
            guard p != MAP_FAILED else { return Errno.lastHostError() }
        } else if last.shared {
            // A second mapping of the last page's object and what follows it, outside the guest space.
            let lastPage = memory.host(holeStart - page)
            let copy = host_mremap(lastPage, 0, Int(page + delta), 1 /* MREMAP_MAYMOVE */)
            guard copy != MAP_FAILED, let copy else { return Errno.lastHostError() }
            let moved = host_mremap(copy + Int(page), Int(delta), Int(delta), 1 | 2 /* MAYMOVE | FIXED */, hole)
            let e = Errno.lastHostError()
            munmap(copy, moved == MAP_FAILED ? Int(page + delta) : Int(page))
            guard moved != MAP_FAILED else { return e }
            mprotect(hole, Int(delta), prot)  // the last page may be write-protected for translated code
        } else {
            let r = mapFileExtension(last, at: hole, delta, prot: prot, address: address, oldSize: oldSize)
            guard r == 0 else { return r }
        }
        var grown = last
        grown.fileOffset = last.fileOffset.map { $0 + (holeStart - last.start) }
        grown.start = holeStart; grown.end = holeStart + delta
        memory.record(grown)
        if grown.vmFlags & VMAFlags.locked.rawValue != 0 && grown.vmFlags & VMAFlags.lockOnFault.rawValue == 0 {
            _ = host_syscall(149, Int(bitPattern: hole), Int(delta), 0, 0, 0, 0)  // mm_populate of a locked VMA
        }
        return Int64(address)
    }

    /// Maps the file behind private file mapping `last` over `length` bytes at `hole`,
    /// at the offset following `last`. The file is reopened through
    /// /proc/self/map_files (the guest may have closed its descriptor); where the
    /// host refuses that (it needs CAP_CHECKPOINT_RESTORE), the hole is released and
    /// the host's mremap grows the mapping into it, a brief window.
    private func mapFileExtension(_ last: MemoryRegion, at hole: UnsafeMutableRawPointer, _ length: UInt64,
                                  prot: Int32, address: UInt64, oldSize: UInt64) -> Int64 {
        let lastStart = UInt(bitPattern: memory.host(last.start)), lastEnd = UInt(bitPattern: memory.host(last.end))
        let path = "/proc/self/map_files/" + String(lastStart, radix: 16) + "-" + String(lastEnd, radix: 16)
        let offset = (last.fileOffset ?? 0) + (last.end - last.start)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            defer { close(fd) }
            let p = mmap(hole, Int(length), prot, MAP_PRIVATE | MAP_FIXED, fd, off_t(Int64(bitPattern: offset)))
            return p == MAP_FAILED ? Errno.lastHostError() : 0
        }
        memory.releaseCode(address, address + oldSize, cause: .mremap)  // one host mapping again
        munmap(hole, Int(length))
        let p = host_mremap(memory.host(address), Int(oldSize), Int(oldSize + length), 0)
        guard p != MAP_FAILED else {
            let e = Errno.lastHostError()
            // The hole again, unless another host mapping took it meanwhile (never replaced).
            _ = mmap(hole, Int(length), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | Self.mapFixedNoReplace | MAP_NORESERVE, -1, 0)
            return e
        }
        return 0
    }

    /// Moves `[address, address+oldSize)` to `destination` (growing it to
    /// `newSize`): the host's mremap moves the pages themselves; the old range
    /// becomes a hole again unless `keepOld` (MREMAP_DONTUNMAP: it stays mapped, empty).
    private func move(_ address: UInt64, _ oldSize: UInt64, to destination: UInt64, _ newSize: UInt64,
                      area: MemoryRegion, keepOld: Bool) -> Int64 {
        guard fitsAddressSpace(destination, newSize, released: keepOld ? 0 : oldSize) else { return -Errno.ENOMEM }
        let moved = regions(address, address + oldSize)
        memory.releaseCode(address, address + oldSize, cause: .mremap)
        memory.releaseCode(destination, destination + newSize, cause: .mremap)
        let hostFlags: Int32 = 1 | 2 | (keepOld ? 4 : 0)  // MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP
        let p = host_mremap(memory.host(address), Int(oldSize), Int(newSize), hostFlags, memory.host(destination))
        guard p != MAP_FAILED else { return Errno.lastHostError() }
        if !keepOld {
            // The host left nothing at the old range: a guest hole is a host PROT_NONE mapping.
            _ = mmap(memory.host(address), Int(oldSize), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0)
            memory.forget(address, address + oldSize)
        } else {
            changeVMAFlags(address, address + oldSize, clear: [.locked, .lockOnFault])  // the old VMA is never locked
        }
        for r in moved {
            var piece = r
            piece.start = destination + (r.start - address); piece.end = destination + (r.end - address)
            memory.record(piece)
        }
        if newSize > oldSize, var last = moved.last {
            if let offset = last.fileOffset { last.fileOffset = offset + (last.end - last.start) }
            last.start = destination + oldSize; last.end = destination + newSize
            memory.record(last)
        }
        return Int64(destination)
    }

    /// msync as Linux: holes are skipped and reported as ENOMEM at the end
    /// (at once for a plain MS_ASYNC); each VMA's part is the host's msync
    /// (EBUSY on locked pages with MS_INVALIDATE, the file's sync for shared ones).
    func sysMsync(_ a: SyscallArgs) -> Int64 {
        var start = a[0]
        let flags = a.int32(2)
        guard flags & ~7 == 0, start % page == 0, flags & 5 != 5 else { return -Errno.EINVAL }
        let (end, o) = start.addingReportingOverflow(Self.pageAlign(a[1]))
        guard !o else { return -Errno.ENOMEM }
        guard end != start else { return 0 }
        var unmapped: Int64 = 0
        for v in vmas(start, min(end, GuestMemory.size)) {
            if start < v.start {
                if flags == 1 { return -Errno.ENOMEM }  // MS_ASYNC alone
                start = v.start
                unmapped = -Errno.ENOMEM
                if start >= end { return -Errno.ENOMEM }
            }
            let segmentEnd = min(end, v.end)
            let r = Errno.result(blocking { msync(memory.host(start), Int(segmentEnd - start), flags) })
            guard r == 0 else { return r }
            start = v.end
            if start >= end { return unmapped }
        }
        return -Errno.ENOMEM
    }

    /// mlock, mlock2 (`flags`) and munlock as Linux's apply_vma_lock_flags:
    /// the page range must start in a VMA (else ENOMEM); VMAs are (un)locked in
    /// order up to a gap, which is ENOMEM; each part is the host's own
    /// mlock/munlock of the guest's pages (its limits, its population).
    func sysMlock(_ a: SyscallArgs, lock: Bool, flags: UInt64?) -> Int64 {
        if let flags, flags & ~UInt64(1) != 0 { return -Errno.EINVAL }  // MLOCK_ONFAULT
        let start = a[0] & ~(page - 1)
        let (end, o) = start.addingReportingOverflow(Self.pageAlign(a[1] &+ (a[0] & (page - 1))))
        guard !o else { return -Errno.EINVAL }
        guard end != start else { return 0 }
        guard start < GuestMemory.size, vma(containing: start) != nil else { return -Errno.ENOMEM }
        let areas = vmas(start, min(end, GuestMemory.size))
        // apply_vma_lock_flags: the lock bits of each VMA up to the first gap (ENOMEM
        // there, and nothing populated). The host locks on fault here; the guest's VMA
        // flags say what the guest asked for.
        var reached = start
        for v in areas {
            guard v.start <= reached else { break }
            let s = max(v.start, start), e = min(v.end, end)
            let host = Int(bitPattern: memory.host(s))
            let r = lock ? host_syscall(325, host, Int(e - s), 1 /* MLOCK_ONFAULT */, 0, 0, 0)  // mlock2
                         : host_syscall(150, host, Int(e - s), 0, 0, 0, 0)  // munlock
            guard r == 0 else { return Errno.lastHostError() }
            // The lock bits are replaced, MLOCK_ONFAULT adds VM_LOCKONFAULT.
            changeVMAFlags(s, e, set: !lock ? [] : flags.map { $0 & 1 != 0 } == true ? [.locked, .lockOnFault] : [.locked],
                           clear: [.locked, .lockOnFault])
            reached = e
            if reached >= end { break }
        }
        guard reached >= end else { return -Errno.ENOMEM }
        guard lock, (flags ?? 0) & 1 == 0 else { return 0 }
        // __mm_populate: the pages are faulted in VMA by VMA; one that cannot be (PROT_NONE:
        // EFAULT, reported as ENOMEM) ends it, the VMAs all staying locked. The host's mlock
        // of each VMA does exactly that.
        for v in areas {
            let s = max(v.start, start), e = min(v.end, end)
            guard host_syscall(149, Int(bitPattern: memory.host(s)), Int(e - s), 0, 0, 0, 0) == 0 else {
                return Errno.lastHostError()
            }
        }
        return 0
    }

    /// madvise as Linux: the advice must be one this kernel knows (the host's
    /// answer to a zero-length call); holes are skipped and reported as ENOMEM
    /// at the end; each VMA's part is the host's madvise on the guest's pages,
    /// except advice that would change Tern's own view of guest memory
    /// (MADV_DONTFORK/DOFORK: a forked Tern keeps the whole reservation; guard
    /// pages), which is only checked, and memory-failure injection (EPERM, as
    /// without CAP_SYS_ADMIN).
    func sysMadvise(_ a: SyscallArgs) -> Int64 {
        var start = a[0]
        let advice = a.int32(2)
        if madvise(memory.base, 0, advice) != 0 { return Errno.lastHostError() }  // an advice the kernel does not know
        guard start % page == 0 else { return -Errno.EINVAL }
        let length = Self.pageAlign(a[1])
        guard a[1] == 0 || length != 0 else { return -Errno.EINVAL }
        let (end, o) = start.addingReportingOverflow(length)
        guard !o else { return -Errno.EINVAL }
        guard end != start else { return 0 }
        if advice == 100 || advice == 101 { return -Errno.EPERM }  // MADV_HWPOISON, MADV_SOFT_OFFLINE
        // Discarding advice (DONTNEED, FREE, REMOVE, DONTFORK, WIPEONFORK, DONTNEED_LOCKED) is
        // refused over sealed read-only pages, as mseal(2) describes.
        if [4, 8, 9, 10, 18, 24].contains(advice), isSealed(start, min(end, GuestMemory.size)),
           memory.mappedRegions.contains(where: { $0.start < end && $0.end > start && !$0.protection.contains(.write) }) {
            return -Errno.EPERM
        }
        var unmapped: Int64 = 0
        for v in vmas(start, min(end, GuestMemory.size)) {
            if start < v.start {
                unmapped = -Errno.ENOMEM
                start = v.start
                if start >= end { return unmapped }
            }
            let segmentEnd = min(end, v.end)
            if ![10, 11, 102, 103].contains(advice) {  // DONTFORK, DOFORK, GUARD_INSTALL, GUARD_REMOVE: only checked
                if [4, 8, 9, 18, 23, 24].contains(advice) {  // the pages' contents may change: translations go
                    memory.releaseCode(start, segmentEnd, cause: .madvise)
                }
                let r = Errno.result(madvise(memory.host(start), Int(segmentEnd - start), advice))
                guard r == 0 else { return r }
            }
            if let change = VMAFlags.madviseChanges[advice] { changeVMAFlags(start, segmentEnd, set: change.set, clear: change.clear) }
            start = segmentEnd
            if start >= end { return unmapped }
        }
        return -Errno.ENOMEM
    }
}
