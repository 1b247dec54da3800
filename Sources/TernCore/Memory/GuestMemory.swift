import JITRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Guest address space: one contiguous host reservation, guest address = base + offset.
///
/// Unmapped pages are `PROT_NONE` in the host, so a guest access to them faults
/// through the fault guard instead of being looked up. Host protections mirror
/// guest protections; the region list is consulted only by syscalls, the loader
/// and the translator, never per access.
public final class GuestMemory: @unchecked Sendable {
    /// Size of the guest address space: 2^38 bytes, the user half of Sv39.
    public static let size: UInt64 = 1 << 38
    /// Inaccessible bytes before and after the space: an access straddling the
    /// end faults, and native code may address `base + x[rs1] + offset` once
    /// it has checked a nearby address of the same base register
    /// (`NativeAddressChecks`): every such access lands in the reservation.
    public static let guardSize: UInt64 = 1 << 16
    /// Guest page size.
    public static let pageSize: UInt64 = 4096

    /// Host address of guest address 0.
    public let base: UnsafeMutableRawPointer
    private var regions: [MemoryRegion] = []
    private var code = CodePageSet()
    /// Pages narrowed for debugger watchpoints (WatchedPages.swift).
    var watch = WatchedPageSet()
    /// Whether `watch` has pages (checked without the lock on host accesses).
    var watchActive = false
    let lock = Lock()
    /// Set once pages were mapped from a `MemorySnapshot`: the host's page
    /// tables no longer tell which pages the guest touched or changed
    /// (`MemoryScan` then asks mincore and compares with the files).
    var mappedFromSnapshot = false
    /// What `map(_ snapshot:)` mapped, while `revert()` can restore it.
    var mappedSnapshot: MappedSnapshot?
    /// Told when pages holding translated code change (the owning machine).
    public weak var codeObserver: CodeChangeObserver?

    /// Reserves a fresh, empty guest address space.
    public init() throws(MemoryError) {
        let p = mmap(nil, Self.reservedSize, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let p, p != MAP_FAILED else { throw .reservationFailed }
        base = p + Int(Self.guardSize)
    }

    deinit { munmap(reservation, Self.reservedSize) }

    /// Bytes of the host reservation: the space and a guard on each side.
    public static let reservedSize = Int(size + 2 * guardSize)

    /// Host address of the reservation (the guard below guest address 0);
    /// host faults anywhere in its `reservedSize` bytes are guest faults at
    /// host address − `base` (modulo 2^64).
    public var reservation: UnsafeMutableRawPointer { base - Int(Self.guardSize) }

    /// Rounds `value` down to a page boundary.
    @inlinable public static func pageDown(_ value: UInt64) -> UInt64 { value & ~(pageSize - 1) }
    /// Rounds `value` up to a page boundary (saturating).
    @inlinable public static func pageUp(_ value: UInt64) -> UInt64 {
        let (r, o) = value.addingReportingOverflow(pageSize - 1)
        return o ? UInt64.max & ~(pageSize - 1) : r & ~(pageSize - 1)
    }

    /// Host pointer for guest address `address` (unchecked).
    @inline(__always) public func host(_ address: UInt64) -> UnsafeMutableRawPointer {
        base.advanced(by: Int(bitPattern: UInt(address)))
    }

    private func validRange(_ start: UInt64, _ length: UInt64) -> Bool {
        start % Self.pageSize == 0 && length > 0 && start < Self.size && length <= Self.size - start
    }

    /// Maps zero-filled pages at `[start, start+length)`, replacing whatever was there.
    /// `shared` pages stay shared with child processes after a host fork.
    /// Translations of replaced code pages are dropped, counted under `cause`.
    public func map(_ start: UInt64, length: UInt64, protection: MemoryProtection,
                    name: String = "", shared: Bool = false, cause: CodeChangeCause = .mmap) throws(MemoryError) {
        let length = Self.pageUp(length)
        guard validRange(start, length) else { throw .invalidRange(start, length) }
        releaseCode(start, start + length, cause: cause)
        let p = mmap(host(start), Int(length), protection.hostFlags,
                     (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
        guard p != MAP_FAILED else { throw .hostFailure(errno) }
        lock.withLock {
            insert(MemoryRegion(start: start, end: start + length, protection: protection, name: name,
                                backing: .anonymous(shared: shared)))
        }
        reapplyWatches(start, start + length)
    }

    /// Maps `length` bytes of the open host file `fd` at `offset`: privately
    /// (copy-on-write), or `shared` so guest stores reach the file.
    /// Translations of replaced code pages are dropped, counted under `cause`.
    public func mapFile(_ start: UInt64, length: UInt64, protection: MemoryProtection,
                        fd: Int32, offset: UInt64, name: String = "", shared: Bool = false,
                        cause: CodeChangeCause = .mmap) throws(MemoryError) {
        let length = Self.pageUp(length)
        guard validRange(start, length), offset % Self.pageSize == 0 else { throw .invalidRange(start, length) }
        releaseCode(start, start + length, cause: cause)
        let p = mmap(host(start), Int(length), protection.hostFlags, (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED, fd, off_t(Int64(bitPattern: offset)))
        guard p != MAP_FAILED else { throw .hostFailure(errno) }
        let backing = FileBacking.of(fd: fd, offset: offset, shared: shared)
        lock.withLock {
            insert(MemoryRegion(start: start, end: start + length, protection: protection, name: name, backing: .file(backing)))
        }
        reapplyWatches(start, start + length)
    }

    /// Records a mapping the caller places itself: `attach` must map host memory
    /// at `host(start)` over `length` bytes (e.g. `shmat` with `SHM_REMAP`) and
    /// return whether it did. Translations there are dropped first, counted under `cause`.
    public func mapHost(_ start: UInt64, length: UInt64, protection: MemoryProtection, name: String = "",
                        cause: CodeChangeCause = .mmap,
                        _ attach: (UnsafeMutableRawPointer) -> Bool) throws(MemoryError) {
        let length = Self.pageUp(length)
        guard validRange(start, length) else { throw .invalidRange(start, length) }
        releaseCode(start, start + length, cause: cause)
        guard attach(host(start)) else { throw .hostFailure(errno) }
        lock.withLock {
            insert(MemoryRegion(start: start, end: start + length, protection: protection, name: name, backing: .host))
        }
    }

    /// Records a region whose host pages the caller placed itself (e.g. moved
    /// there with the host's mremap), replacing what was recorded there.
    public func record(_ region: MemoryRegion) { lock.withLock { insert(region) } }

    /// Applies `change` to the recorded attributes (not the bounds) of the
    /// mapped parts of `[start, end)`, splitting regions at the range's ends.
    public func updateRegions(_ start: UInt64, _ end: UInt64, _ change: (inout MemoryRegion) -> Void) {
        lock.withLock {
            for r in regions where r.end > start && r.start < end {
                var piece = r.slice(max(r.start, start), min(r.end, end))
                change(&piece)
                piece.start = max(r.start, start); piece.end = min(r.end, end)
                insert(piece)
            }
        }
    }

    /// Forgets the regions of `[start, end)`, whose host pages the caller made a hole itself.
    public func forget(_ start: UInt64, _ end: UInt64) { lock.withLock { remove(start, end) } }

    /// Unmaps `[start, start+length)`; unmapped parts are ignored. Translations
    /// of code pages there are dropped, counted under `cause`.
    public func unmap(_ start: UInt64, length: UInt64, cause: CodeChangeCause = .munmap) throws(MemoryError) {
        let length = Self.pageUp(length)
        guard validRange(start, length) else { throw .invalidRange(start, length) }
        releaseCode(start, start + length, cause: cause)
        let p = mmap(host(start), Int(length), PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0)
        guard p != MAP_FAILED else { throw .hostFailure(errno) }
        lock.withLock { remove(start, start + length) }
    }

    /// Changes the protection of `[start, start+length)`; every page must be mapped.
    /// Code pages that stay executable keep their translations (their contents
    /// do not change); taking the execute permission away drops them, counted
    /// under `cause`.
    public func protect(_ start: UInt64, length: UInt64, protection: MemoryProtection,
                        cause: CodeChangeCause = .mprotect) throws(MemoryError) {
        let length = Self.pageUp(length)
        guard validRange(start, length) else { throw .invalidRange(start, length) }
        guard isAccessible(start, length: length, MemoryProtection()) else { throw .notMapped(start) }
        if !protection.contains(.execute) { releaseCode(start, start + length, cause: cause) }
        try lock.withLock { () throws(MemoryError) in
            guard covered(start, start + length, MemoryProtection()) else { throw .notMapped(start) }
            guard protectKeepingCode(&code, start, start + length, protection) else { throw .hostFailure(errno) }
            let pieces = regions.filter { $0.end > start && $0.start < start + length }
            remove(start, start + length)
            for r in pieces {
                var piece = r.slice(start, start + length)
                piece.protection = protection
                insert(piece)
            }
        }
        reapplyWatches(start, start + length)
    }

    /// Whether every byte of `[address, address+length)` is mapped with at least `access`.
    public func isAccessible(_ address: UInt64, length: UInt64, _ access: MemoryProtection) -> Bool {
        if length == 0 { return true }
        let (end, o) = address.addingReportingOverflow(length)
        guard !o, end <= Self.size else { return false }
        return lock.withLock { covered(address, end, access) }
    }

    /// Checked host pointer for a syscall buffer, or nil when any byte is inaccessible.
    public func pointer(_ address: UInt64, length: UInt64, _ access: MemoryProtection) -> UnsafeMutableRawPointer? {
        guard isAccessible(address, length: length, access) else { return nil }
        if access.contains(.write) { releaseCodeBeforeHostWrite(address, length) }
        if watchActive { liftWatchesForHostAccess(address, length) }  // re-armed before this thread runs guest code
        return host(address)
    }

    /// A snapshot of the mapped regions, sorted by address.
    public var mappedRegions: [MemoryRegion] { lock.withLock { regions } }

    /// The region containing `address`, if mapped.
    public func region(containing address: UInt64) -> MemoryRegion? {
        lock.withLock { regions.first { $0.start <= address && address < $0.end } }
    }

    /// Lowest free page-aligned gap of `length` bytes at or above `from`, or the
    /// highest one below `below` when `topDown` is set.
    public func findFree(length: UInt64, from: UInt64 = 0x1_0000, below: UInt64 = GuestMemory.size,
                         topDown: Bool = true) -> UInt64? {
        let length = Self.pageUp(length)
        return lock.withLock {
            if topDown {
                var top = below
                for r in regions.reversed() where r.start < top {
                    if r.end <= top, top - r.end >= length { return top - length }
                    top = min(top, r.start)
                }
                return top >= length && top - length >= from ? top - length : nil
            }
            var low = from
            for r in regions where r.end > low {
                if r.start >= low, r.start - low >= length { return low }
                low = max(low, r.end)
            }
            return below >= low && below - low >= length ? low : nil
        }
    }

    // MARK: - Checked copies for syscalls and the loader

    /// Copies `count` bytes between host memory and guest memory as the kernel's
    /// copy_from_user/copy_to_user do: a mapped page can still fault (a file page past
    /// the end of its file is SIGBUS; another thread may unmap it), which ends the copy
    /// (false) instead of killing the host. Either side may be guest memory.
    public func guardedCopy(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, _ count: Int) -> Bool {
        tern_guarded_copy(destination, source, count, reservation, Self.reservedSize) == 0
    }

    /// Copies `count` guest bytes out; throws when any byte is unreadable or faults.
    public func read(_ address: UInt64, count: Int) throws(MemoryError) -> [UInt8] {
        guard let p = pointer(address, length: UInt64(count), .read) else { throw .notMapped(address) }
        var out = [UInt8](repeating: 0, count: count)
        guard out.withUnsafeMutableBytes({ count == 0 || guardedCopy($0.baseAddress!, p, count) }) else {
            throw .notMapped(address)
        }
        return out
    }

    /// Copies `count` guest bytes to `destination`; false when any byte is unreadable or faults.
    public func read(_ address: UInt64, into destination: UnsafeMutableRawPointer, count: Int) -> Bool {
        guard let p = pointer(address, length: UInt64(count), .read) else { return false }
        return guardedCopy(destination, p, count)
    }

    /// Copies bytes into guest memory; throws when any byte is unwritable or faults.
    public func write(_ address: UInt64, _ bytes: some Collection<UInt8>) throws(MemoryError) {
        guard write(address, from: Array(bytes)) else { throw .notMapped(address) }
    }

    /// Copies `bytes` into guest memory at `address`; false when any byte is unwritable or faults.
    public func write(_ address: UInt64, from bytes: UnsafeRawBufferPointer) -> Bool {
        guard let p = pointer(address, length: UInt64(bytes.count), .write) else { return false }
        return bytes.isEmpty || guardedCopy(p, bytes.baseAddress!, bytes.count)
    }

    /// Copies `bytes` into guest memory at `address`; false when any byte is unwritable or faults.
    public func write(_ address: UInt64, from bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { write(address, from: $0) }
    }

    /// Copies bytes ignoring guest protection (loader use: filling read-only segments).
    public func writeInitial(_ address: UInt64, _ bytes: UnsafeRawBufferPointer) throws(MemoryError) {
        guard isAccessible(address, length: UInt64(bytes.count), MemoryProtection()) else { throw .notMapped(address) }
        let lo = Self.pageDown(address), hi = Self.pageUp(address + UInt64(bytes.count))
        // The write and the release of translated code there happen while no
        // hart runs (an exclusive section): a hart translating the pages
        // between the two would keep the old code.
        let change = { () -> [Range<UInt64>] in
            let released = self.releasePages(lo, hi)
            let saved = self.lock.withLock { self.regions.filter { $0.end > lo && $0.start < hi } }
            mprotect(self.host(lo), Int(hi - lo), PROT_READ | PROT_WRITE)
            if let src = bytes.baseAddress { self.host(address).copyMemory(from: src, byteCount: bytes.count) }
            for r in saved {
                let s = max(r.start, lo), e = min(r.end, hi)
                mprotect(self.host(s), Int(e - s), r.protection.hostFlags)
            }
            return released
        }
        if let observer = codeObserver { observer.codeChanged(cause: .hostWrite, change) } else { _ = change() }
        reapplyWatches(lo, hi)
    }

    /// Loads a little-endian integer; throws when unreadable or when the page faults.
    public func load<T: FixedWidthInteger>(_ address: UInt64, as: T.Type) throws(MemoryError) -> T {
        var value = T.zero
        guard withUnsafeMutableBytes(of: &value, { read(address, into: $0.baseAddress!, count: $0.count) }) else {
            throw .notMapped(address)
        }
        return T(littleEndian: value)
    }

    /// Stores a little-endian integer; throws when unwritable or when the page faults.
    public func store<T: FixedWidthInteger>(_ address: UInt64, _ value: T) throws(MemoryError) {
        guard withUnsafeBytes(of: value.littleEndian, { write(address, from: $0) }) else { throw .notMapped(address) }
    }

    /// Reads a NUL-terminated string of at most `maxLength` bytes; nil if unreadable
    /// (a faulting page included) or unterminated.
    public func readCString(_ address: UInt64, maxLength: Int = 4096) -> String? {
        var bytes: [UInt8] = []
        var a = address
        var chunk = [UInt8](repeating: 0, count: 256)
        while bytes.count < maxLength {
            // Up to the end of the page (or 256 bytes): a page is readable as a whole or not at all.
            let run = Int(min(256, Self.pageSize - (a & (Self.pageSize - 1))))
            guard chunk.withUnsafeMutableBytes({ read(a, into: $0.baseAddress!, count: run) }) else { return nil }
            for b in chunk[0 ..< run] {
                if b == 0 { return String(decoding: bytes, as: UTF8.self) }
                bytes.append(b)
                if bytes.count == maxLength { return nil }
            }
            a += UInt64(run)
        }
        return nil
    }

    // MARK: - Code page bookkeeping

    /// Runs `body` with the code page set and a protection lookup, under the lock.
    func withCodePages<T>(_ body: (inout CodePageSet, (UInt64) -> MemoryProtection?) -> T) -> T {
        lock.withLock {
            body(&code) { address in
                let i = self.firstIndex(endingAfter: address)
                return i < self.regions.count && self.regions[i].start <= address ? self.regions[i].protection : nil
            }
        }
    }


    // MARK: - A snapshot's copy put back

    /// The snapshot this address space is a copy of (`map(_:)`), while
    /// `revert()` can put its pages back; nil otherwise.
    public var revertibleSnapshot: UInt64? { lock.withLock { mappedSnapshot?.identity } }

    /// Puts this copy of a snapshot (`map(_:)`) back as it was mapped, once
    /// the guest that ran in it is gone and before another runs: every private
    /// page a guest or the host wrote is dropped (MADV_DONTNEED: it reads the
    /// snapshot's again, copy-on-write), and the code page bookkeeping is
    /// forgotten (the machine that translated from it must be gone too).
    /// Only when the regions are exactly those mapped (same bounds, protections,
    /// backings and flags; no watchpoints) and none is a shared copy; returns
    /// false otherwise, or when the host refused (the address space must then
    /// be dropped: it may be neither).
    public func revert() -> Bool {
        lock.withLock {
            guard let m = mappedSnapshot, !watchActive, regions == m.regions, code.hostWrites.isEmpty else { return false }
            for page in code.writeProtected {  // write-protected for code detection: the region's protection again
                let i = firstIndex(endingAfter: page * Self.pageSize)
                guard i < regions.count, mprotect(host(page * Self.pageSize), Int(Self.pageSize), regions[i].protection.hostFlags) == 0 else {
                    mappedSnapshot = nil
                    return false
                }
            }
            code = CodePageSet()
            for r in m.privateRanges where madvise(host(r.lowerBound), Int(r.upperBound - r.lowerBound), MADV_DONTNEED) != 0 {
                mappedSnapshot = nil
                return false
            }
            return true
        }
    }

    // MARK: - Region bookkeeping (lock held)

    private func covered(_ start: UInt64, _ end: UInt64, _ access: MemoryProtection) -> Bool {
        var cursor = start
        var i = firstIndex(endingAfter: start)
        while cursor < end {
            guard i < regions.count, regions[i].start <= cursor, regions[i].protection.contains(access) else { return false }
            cursor = regions[i].end
            i += 1
        }
        return true
    }

    private func firstIndex(endingAfter address: UInt64) -> Int {
        var lo = 0, hi = regions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if regions[mid].end <= address { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func remove(_ start: UInt64, _ end: UInt64) {
        var out: [MemoryRegion] = []
        out.reserveCapacity(regions.count + 1)
        for r in regions {
            if r.end <= start || r.start >= end { out.append(r); continue }
            if r.start < start { out.append(r.slice(r.start, start)) }
            if r.end > end { out.append(r.slice(end, r.end)) }
        }
        regions = out
    }

    func insert(_ region: MemoryRegion) {
        remove(region.start, region.end)
        let i = firstIndex(endingAfter: region.start)
        regions.insert(region, at: i)
    }
}
