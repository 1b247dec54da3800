#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why translated code on some pages is no longer valid. Each event drops only
/// the translations of the pages it really changes (one event per run of
/// consecutive code pages); changes to pages holding no translated code are
/// not events.
public enum CodeChangeCause: Int, Sendable, CaseIterable, Codable {
    /// A guest store hit a page holding translated code (self-modifying code).
    case guestStore
    /// A syscall or the loader wrote into such a page on the guest's behalf.
    case hostWrite
    /// A new mapping replaced the pages (`mmap` over them).
    case mmap
    /// The pages were unmapped (`munmap`, a shrinking `brk`).
    case munmap
    /// `mprotect` took their execute permission away (a change that keeps it
    /// keeps the translations: the contents are the same).
    case mprotect
    /// `mremap` moved the pages away, shrank their mapping or mapped over them.
    case mremap
    /// `madvise` discarded their contents (`MADV_DONTNEED`: they read back as
    /// zeros or the file's contents).
    case madvise
    /// An explicit request (`Machine.invalidateCode`: `riscv_flush_icache`, a
    /// debugger, an embedder), for code the page tracking cannot see change
    /// (written through another mapping of the same memory).
    case icacheFlush
}

extension CodeChangeCause {
    /// How `--stats` and `tern report` name the cause.
    public var label: String {
        switch self {
        case .guestStore: "guest store (self-modifying code)"
        case .hostWrite: "host write (syscall, loader)"
        case .mmap: "mmap over code"
        case .munmap: "munmap of code"
        case .mprotect: "mprotect without PROT_EXEC"
        case .mremap: "mremap of code"
        case .madvise: "madvise(MADV_DONTNEED) of code"
        case .icacheFlush: "explicit (riscv_flush_icache)"
        }
    }
}

/// Told when pages holding translated code change.
public protocol CodeChangeObserver: AnyObject {
    /// Runs `change`, which updates the memory's code page bookkeeping and
    /// returns the guest ranges whose code changed (maximal runs of pages),
    /// then drops the translations of those ranges. Both happen while no
    /// hart runs translated code (an exclusive section).
    func codeChanged(cause: CodeChangeCause, _ change: () -> [Range<UInt64>])
}

/// Pages from which code was translated. Writable ones are write-protected in
/// the host, so a guest store to them faults once and invalidates their blocks;
/// the store path itself never checks anything.
struct CodePageSet {
    /// Page numbers holding translated code.
    var pages: Set<UInt64> = []
    /// Subset whose guest protection allows writes (host is read-only there).
    var writeProtected: Set<UInt64> = []
    /// Subset translated while a syscall of another guest thread may write
    /// them (`GuestMemory.beginHostWrites`): left writable, and dropped when
    /// those writes end.
    var pinned: Set<UInt64> = []
    /// Guest ranges the host writes for a syscall in progress, by host thread.
    var hostWrites: [pthread_t: [Range<UInt64>]] = [:]

    /// Page numbers in `[start, end)` that hold code, ascending.
    func codePages(_ start: UInt64, _ end: UInt64) -> [UInt64] {
        if pages.isEmpty || end <= start { return [] }
        let first = start / GuestMemory.pageSize, last = (end - 1) / GuestMemory.pageSize
        if last - first > UInt64(pages.count) { return pages.filter { $0 >= first && $0 <= last }.sorted() }
        return (first...last).filter { pages.contains($0) }
    }

    /// Whether a syscall in progress writes into page `page`.
    func isHostWritten(_ page: UInt64) -> Bool {
        let start = page * GuestMemory.pageSize, end = start + GuestMemory.pageSize
        return hostWrites.values.contains { $0.contains { $0.lowerBound < end && $0.upperBound > start } }
    }
}

extension GuestMemory {
    /// Records that code was translated from `[start, end)`; write-protects the
    /// host pages that the guest may write.
    public func noteTranslatedCode(_ start: UInt64, _ end: UInt64) {
        guard end > start else { return }
        let first = start / Self.pageSize, last = (end - 1) / Self.pageSize
        withCodePages { set, protection in
            for page in first...last where !set.pages.contains(page) {
                set.pages.insert(page)
                if protection(page * Self.pageSize)?.contains(.write) == true {
                    if set.isHostWritten(page) {
                        set.pinned.insert(page)
                    } else {
                        set.writeProtected.insert(page)
                        mprotect(host(page * Self.pageSize), Int(Self.pageSize), watch.hostFlags(page: page, PROT_READ))
                    }
                }
            }
        }
    }

    /// Whether `address` lies on a code page that is write-protected for detection.
    public func isWriteProtectedCode(_ address: UInt64) -> Bool {
        withCodePages { set, _ in set.writeProtected.contains(address / Self.pageSize) }
    }

    /// Forgets code pages in `[start, end)`, restores their host protection and
    /// tells the observer, which drops their translations (all while no hart
    /// runs translated code). Returns whether any page held code.
    @discardableResult
    public func releaseCode(_ start: UInt64, _ end: UInt64, cause: CodeChangeCause) -> Bool {
        // Most calls touch no code: check before stopping the other harts.
        guard withCodePages({ set, _ in !set.codePages(start, end).isEmpty }) else { return false }
        var any = false
        let change = { () -> [Range<UInt64>] in
            let released = self.releasePages(start, end)
            any = !released.isEmpty
            return released
        }
        if let observer = codeObserver { observer.codeChanged(cause: cause, change) } else { _ = change() }
        return any
    }

    /// Forgets code pages in `[start, end)` and restores their host
    /// protection; returns them as maximal runs. For the observer's `change`
    /// (inside an exclusive section).
    func releasePages(_ start: UInt64, _ end: UInt64) -> [Range<UInt64>] {
        let released: [UInt64] = withCodePages { set, protection in
            let pages = set.codePages(start, end)
            for page in pages {
                set.pages.remove(page)
                set.pinned.remove(page)
                if set.writeProtected.remove(page) != nil {
                    let flags = protection(page * Self.pageSize)?.hostFlags ?? PROT_NONE
                    mprotect(host(page * Self.pageSize), Int(Self.pageSize), watch.hostFlags(page: page, flags))
                }
            }
            return pages
        }
        return Self.runs(of: released)
    }

    /// Maximal runs of consecutive pages, as guest ranges.
    static func runs(of pages: [UInt64]) -> [Range<UInt64>] {
        guard let firstPage = pages.first else { return [] }
        var ranges: [Range<UInt64>] = []
        var runStart = firstPage, previous = firstPage
        for page in pages.dropFirst() + [UInt64.max] {
            if page != previous &+ 1 {
                ranges.append(runStart * pageSize ..< (previous + 1) * pageSize)
                runStart = page
            }
            previous = page
        }
        return ranges
    }

    /// Host protection for `[start, end)` changing to `protection`, which keeps
    /// the execute permission, under the memory lock: code pages keep their
    /// translations and stay read-only in the host (write-protected when the
    /// guest may now write them); the other pages get `protection`. No code
    /// page is writable in the host at any moment, so a concurrent store
    /// cannot slip past the detection (pinned pages, which a syscall in
    /// progress writes, get `protection` too). Returns false when the host refused.
    func protectKeepingCode(_ set: inout CodePageSet, _ start: UInt64, _ end: UInt64,
                            _ protection: MemoryProtection) -> Bool {
        var cursor = start
        for page in set.codePages(start, end) where !set.pinned.contains(page) {
            let address = page * Self.pageSize
            if address > cursor, mprotect(host(cursor), Int(address - cursor), protection.hostFlags) != 0 { return false }
            if protection.contains(.write) { set.writeProtected.insert(page) } else { set.writeProtected.remove(page) }
            mprotect(host(address), Int(Self.pageSize), PROT_READ)
            cursor = address + Self.pageSize
        }
        return cursor >= end || mprotect(host(cursor), Int(end - cursor), protection.hostFlags) == 0
    }

    /// Releases write-protected code pages in a range about to be written by
    /// the host, and pins the range while the calling thread's host-write
    /// scope is open (see `beginHostWrites`).
    public func releaseCodeBeforeHostWrite(_ start: UInt64, _ length: UInt64) {
        guard length > 0 else { return }
        let me = pthread_self()
        let check = withCodePages { set, _ -> (pinned: Bool, code: Bool) in
            guard set.hostWrites[me] != nil else { return (false, !set.writeProtected.isEmpty) }
            set.hostWrites[me]!.append(start ..< start &+ length)
            return (true, !set.writeProtected.isEmpty || !set.pinned.isEmpty)
        }
        if check.code { releaseCode(start, start &+ length, cause: .hostWrite) }
    }

    /// Opens the calling thread's host-write scope (a syscall of a guest
    /// thread while others run): until `endHostWrites`, every range the host
    /// gets a writable pointer to stays writable, even if another hart
    /// translates code from it meanwhile (write-protecting it then would make
    /// the host's own write fault). Code translated from such a range is
    /// dropped when the scope ends, since the write may have changed it.
    public func beginHostWrites() {
        let me = pthread_self()
        withCodePages { set, _ in if set.hostWrites[me] == nil { set.hostWrites[me] = [] } }
    }

    /// Closes the calling thread's host-write scope (see `beginHostWrites`).
    public func endHostWrites() {
        let me = pthread_self()
        let stale: [UInt64] = withCodePages { set, _ in
            guard let ranges = set.hostWrites.removeValue(forKey: me), !set.pinned.isEmpty else { return [] }
            return set.pinned.filter { page in
                let a = page * Self.pageSize, b = a + Self.pageSize
                return ranges.contains { $0.lowerBound < b && $0.upperBound > a } && !set.isHostWritten(page)
            }.sorted()
        }
        for range in Self.runs(of: stale) { releaseCode(range.lowerBound, range.upperBound, cause: .hostWrite) }
    }
}
