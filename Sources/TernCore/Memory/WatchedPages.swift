#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which guest accesses a watchpoint catches (gdb's Z2, Z3 and Z4).
public enum WatchKind: Int, Sendable, Equatable {
    /// Stores (and the store half of AMOs, SC).
    case write
    /// Loads (and the load half of AMOs, LR).
    case read
    /// Either.
    case access

    /// Whether an access that reads and/or writes is caught.
    public func catches(read: Bool, write: Bool) -> Bool {
        switch self {
        case .write: write
        case .read: read
        case .access: read || write
        }
    }
}

/// Pages holding watched ranges. Their host protection is narrowed so that the
/// accesses a watchpoint catches fault (stores on write-watched pages, every
/// access on read- or access-watched pages); the engine sorts out the faults
/// (`Machine+Debug.swift`). Pages without a watchpoint are untouched, so a
/// watchpoint costs nothing to code that does not touch its page.
struct WatchedPageSet {
    /// Watched page numbers → whether loads must fault there too.
    var pages: [UInt64: Bool] = [:]
    /// Watched pages whose narrowing is lifted for now (a host access or a
    /// stepped instruction), with the number of lifts not yet re-armed: a page
    /// is narrowed again when its last lift is (several threads' syscalls and
    /// a stepping hart may lift the same page at once).
    var lifted: [UInt64: Int] = [:]
    /// Pages lifted for the host accesses of each host thread (its syscalls,
    /// its translator's fetches), re-armed when that thread runs guest code again.
    var hostLifts: [pthread_t: [UInt64]] = [:]

    /// The host protection of a watched `page` whose unwatched flags are `flags`.
    func hostFlags(page: UInt64, _ flags: Int32) -> Int32 {
        guard let readsFault = pages[page], lifted[page] == nil else { return flags }
        return readsFault ? PROT_NONE : flags & ~PROT_WRITE
    }
}

extension GuestMemory {
    /// Whether any page is watched (a plain read: set only while the guest is stopped).
    public var hasWatchedPages: Bool { watchActive }

    /// Watches `pages` (page number → loads fault too) instead of the current set,
    /// narrowing and restoring host protections. Call while no hart runs.
    public func setWatchedPages(_ pages: [UInt64: Bool]) {
        withCodePages { code, protection in
            let old = watch.pages
            watch.pages = pages
            watch.lifted = [:]
            watch.hostLifts = [:]
            for page in Set(old.keys).union(pages.keys) where old[page] != pages[page] {
                applyHostFlags(page: page, code: code, protection: protection)
            }
        }
        watchActive = !pages.isEmpty
    }

    /// Lifts the narrowing of the watched pages that `[address, address+length)`
    /// touches and returns them (for `rearmWatches(_:)`, which must get them back).
    @discardableResult
    func liftWatches(_ address: UInt64, _ length: UInt64) -> [UInt64] {
        guard watchActive else { return [] }
        return withCodePages { code, protection in liftLocked(address, length, code: code, protection: protection) }
    }

    /// `liftWatches` with the lock held.
    private func liftLocked(_ address: UInt64, _ length: UInt64, code: CodePageSet,
                            protection: (UInt64) -> MemoryProtection?) -> [UInt64] {
        guard length > 0 else { return [] }
        let first = address / Self.pageSize, last = (address &+ length &- 1) / Self.pageSize
        guard last >= first else { return [] }
        var lifted: [UInt64] = []
        for page in first...last where watch.pages[page] != nil {
            watch.lifted[page, default: 0] += 1
            if watch.lifted[page] == 1 { applyHostFlags(page: page, code: code, protection: protection) }
            lifted.append(page)
        }
        return lifted
    }

    /// Lifts the watched pages a host access by the calling thread (a
    /// syscall's buffer, a translator fetch) touches, until that thread
    /// calls `rearmWatches()`.
    public func liftWatchesForHostAccess(_ address: UInt64, _ length: UInt64) {
        guard watchActive else { return }
        let me = pthread_self()
        withCodePages { code, protection in
            let pages = liftLocked(address, length, code: code, protection: protection)
            if !pages.isEmpty { watch.hostLifts[me, default: []] += pages }
        }
    }

    /// Undoes lifts of `pages` (from `liftWatches`); a page is narrowed again
    /// when no lift of it is left.
    func rearmWatches(_ pages: [UInt64]) {
        guard !pages.isEmpty else { return }
        withCodePages { code, protection in rearmLocked(pages, code: code, protection: protection) }
    }

    private func rearmLocked(_ pages: [UInt64], code: CodePageSet, protection: (UInt64) -> MemoryProtection?) {
        for page in pages {
            guard let n = watch.lifted[page] else { continue }
            if n > 1 {
                watch.lifted[page] = n - 1
            } else {
                watch.lifted[page] = nil
                applyHostFlags(page: page, code: code, protection: protection)
            }
        }
    }

    /// Narrows again the pages the calling thread's host accesses lifted
    /// (before its hart runs guest code). Other threads' lifts stay: one of
    /// them may be in a syscall that still uses its buffer.
    public func rearmWatches() {
        guard watchActive else { return }
        let me = pthread_self()
        withCodePages { code, protection in
            guard let pages = watch.hostLifts.removeValue(forKey: me) else { return }
            rearmLocked(pages, code: code, protection: protection)
        }
    }

    /// Whether `address` lies on a watched page.
    func isWatched(_ address: UInt64) -> Bool {
        watchActive && withCodePages { _, _ in watch.pages[address / Self.pageSize] != nil }
    }

    /// Re-narrows watched pages in `[start, end)` after their host protection was
    /// reset (map, protect, loader writes).
    func reapplyWatches(_ start: UInt64, _ end: UInt64) {
        guard watchActive, end > start else { return }
        withCodePages { code, protection in
            for page in watch.pages.keys where page * Self.pageSize < end && (page + 1) * Self.pageSize > start {
                applyHostFlags(page: page, code: code, protection: protection)
            }
        }
    }

    /// Sets the host protection of `page` from its guest protection, code
    /// write protection and watch narrowing (lock held).
    func applyHostFlags(page: UInt64, code: CodePageSet, protection: (UInt64) -> MemoryProtection?) {
        guard let guest = protection(page * Self.pageSize) else { return }
        var flags = guest.hostFlags
        if code.writeProtected.contains(page) { flags &= ~PROT_WRITE }
        mprotect(host(page * Self.pageSize), Int(Self.pageSize), watch.hostFlags(page: page, flags))
    }

    // MARK: - Debugger access (the guest is stopped)

    /// Reads guest memory for a debugger: every byte must be readable by the guest.
    public func debugRead(_ address: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0, isAccessible(address, length: UInt64(count), .read) else { return nil }
        let lifted = liftWatches(address, UInt64(count))
        defer { rearmWatches(lifted) }
        return [UInt8](UnsafeRawBufferPointer(start: host(address), count: count))
    }

    /// Writes guest memory for a debugger: every byte must be writable by the
    /// guest; translations of the bytes are dropped.
    public func debugWrite(_ address: UInt64, _ bytes: [UInt8]) -> Bool {
        guard isAccessible(address, length: UInt64(bytes.count), .write) else { return false }
        guard !bytes.isEmpty else { return true }
        releaseCode(address, address + UInt64(bytes.count), cause: .hostWrite)
        let lifted = liftWatches(address, UInt64(bytes.count))
        defer { rearmWatches(lifted) }
        bytes.withUnsafeBytes { host(address).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return true
    }
}
