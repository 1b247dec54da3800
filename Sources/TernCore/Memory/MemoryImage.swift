import JITRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Consecutive pages of one region: `count` pages from page index `first`
/// (counted from the region's start).
public struct PageRun: Sendable, Equatable {
    public var first: UInt64
    public var count: UInt64
    public init(first: UInt64, count: UInt64) {
        self.first = first
        self.count = count
    }
}

/// How a checkpoint or snapshot keeps one region's contents.
public enum RegionContents: Sendable, Equatable {
    /// The backing file as it is on disk, with `runs` overlaid (private pages
    /// the guest changed). `size` and `modified` (ns since the epoch) identify
    /// the file as it was, so a restore can refuse a file that changed.
    case file(runs: [PageRun], size: UInt64, modified: Int64)
    /// Zeros, with `runs` holding the saved pages (pages not listed were zero).
    case pages(runs: [PageRun])
}

/// Reads guest memory for a checkpoint or snapshot: decides what each region
/// needs saved and reads it. It holds /proc/self/pagemap and /proc/self/mem
/// open while it lives: create it after the guest's descriptors were
/// recorded, and drop it before the guest runs again.
public final class MemoryScan {
    /// The memory scanned.
    public let memory: GuestMemory
    private let pagemap: Int32
    private let mem: Int32

    static let present: UInt64 = 1 << 63
    static let swapped: UInt64 = 1 << 62
    /// A file page or shared anonymous page (clear: a private anonymous page).
    static let filePage: UInt64 = 1 << 61

    public init(_ memory: GuestMemory) {
        self.memory = memory
        pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)
        mem = open("/proc/self/mem", O_RDONLY | O_CLOEXEC)
    }

    deinit {
        if pagemap >= 0 { close(pagemap) }
        if mem >= 0 { close(mem) }
    }

    private var pageSize: UInt64 { GuestMemory.pageSize }

    /// Decides how to save `region`: which pages hold data that neither zeros
    /// nor the backing file provide. Private file mappings of a file that is
    /// still at its path keep only the pages the guest changed (found with
    /// /proc/self/pagemap: a changed private page is anonymous); anonymous
    /// memory keeps the pages that were ever touched and are not all zero;
    /// shared file mappings keep nothing (the file holds their data, synced
    /// here). Everything else keeps every nonzero page.
    public func contentsToSave(_ region: MemoryRegion) -> RegionContents {
        let pages = (region.end - region.start) / pageSize
        let all = [PageRun(first: 0, count: pages)]
        if case .file(let file) = region.backing, !file.path.isEmpty,
           let identity = FileIdentity(path: file.path), identity.device == file.device, identity.inode == file.inode {
            if file.shared {
                msync(memory.host(region.start), Int(region.end - region.start), MS_SYNC)
                // The identity after the sync: the file's time now includes the guest's stores.
                let synced = FileIdentity(path: file.path) ?? identity
                return .file(runs: [], size: synced.size, modified: synced.modified)
            }
            let runs: [PageRun]
            if !memory.mappedFromSnapshot, let flags = flags(memory.host(region.start), pages: Int(pages)) {
                runs = GuestMemory.runs(pages) { i in
                    let f = flags[i]
                    return f & Self.swapped != 0 || (f & Self.present != 0 && f & Self.filePage == 0)
                }
            } else {
                runs = changedPages(region, comparedWith: file, fileSize: identity.size)
            }
            return .file(runs: runs, size: identity.size, modified: identity.modified)
        }
        if case .anonymous(false) = region.backing, let flags = flags(memory.host(region.start), pages: Int(pages)) {
            // Pages of a snapshot file are resident in it (mincore) without being in the page tables.
            let cached = memory.mappedFromSnapshot ? resident(memory.host(region.start), pages: Int(pages)) : nil
            let touched = GuestMemory.runs(pages) { flags[$0] & (Self.present | Self.swapped) != 0 || ((cached?[$0] ?? 0) & 1) != 0 }
            return .pages(runs: withoutZeroPages(region, touched))
        }
        return .pages(runs: withoutZeroPages(region, all))
    }

    /// Reads `[address, address+length)` of a region's pages for saving into
    /// `buffer`: directly when the host can read them, else through
    /// /proc/self/mem (inaccessible pages; a file mapping's pages past the end
    /// of its file read as zeros instead of faulting).
    public func read(_ region: MemoryRegion, _ address: UInt64, _ length: Int, into buffer: UnsafeMutableRawPointer) {
        if Self.isDirectlyReadable(region) {
            buffer.copyMemory(from: memory.host(address), byteCount: length)
            return
        }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: length)
        guard mem >= 0 else { return }
        var done = 0
        let page = Int(pageSize)
        while done < length {
            let n = pread(mem, buffer + done, length - done, off_t(Int(bitPattern: memory.host(address)) + done))
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            done += page - (done % page)  // an unreadable page: zeros
        }
    }

    /// Whether saving may read the region's host memory in place: readable in
    /// the host, and no file page that could lie past its file's end.
    public static func isDirectlyReadable(_ region: MemoryRegion) -> Bool {
        guard region.protection.hostFlags & PROT_READ != 0 else { return false }
        if case .anonymous = region.backing { return true }
        return false
    }

    /// `runs` without the pages that read as all zeros.
    private func withoutZeroPages(_ region: MemoryRegion, _ runs: [PageRun]) -> [PageRun] {
        let page = Int(pageSize)
        var out: [PageRun] = []
        let direct = Self.isDirectlyReadable(region)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: page, alignment: page)
        defer { scratch.deallocate() }
        for run in runs {
            let sub = GuestMemory.runs(run.count) { i in
                let address = region.start + (run.first + UInt64(i)) * pageSize
                if direct { return tern_is_zero(memory.host(address), page) == 0 }
                read(region, address, page, into: scratch)
                return tern_is_zero(scratch, page) == 0
            }
            out += sub.map { PageRun(first: run.first + $0.first, count: $0.count) }
        }
        return out
    }

    /// Pages of a private file mapping that differ from the file (used when
    /// /proc/self/pagemap cannot be read).
    private func changedPages(_ region: MemoryRegion, comparedWith file: FileBacking, fileSize: UInt64) -> [PageRun] {
        let pages = (region.end - region.start) / pageSize
        let fd = open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return withoutZeroPages(region, [PageRun(first: 0, count: pages)]) }
        defer { close(fd) }
        let page = Int(pageSize)
        let mine = UnsafeMutableRawPointer.allocate(byteCount: page, alignment: page)
        let theirs = UnsafeMutableRawPointer.allocate(byteCount: page, alignment: page)
        defer { mine.deallocate(); theirs.deallocate() }
        return GuestMemory.runs(pages) { i in
            let offset = file.offset + UInt64(i) * pageSize
            guard offset < fileSize else { return false }  // past the end: the guest cannot touch it either
            read(region, region.start + UInt64(i) * pageSize, page, into: mine)
            theirs.initializeMemory(as: UInt8.self, repeating: 0, count: page)
            _ = pread(fd, theirs, page, off_t(offset))
            return memcmp(mine, theirs, page) != 0
        }
    }

    /// mincore's answer for `pages` host pages from `address` (bit 0: resident); all
    /// resident when the host refuses.
    private func resident(_ address: UnsafeMutableRawPointer, pages: Int) -> [UInt8] {
        var out = [UInt8](repeating: 1, count: pages)
        _ = out.withUnsafeMutableBufferPointer { mincore(address, pages * Int(pageSize), $0.baseAddress) }
        return out
    }

    /// The pagemap entries of `pages` host pages from `address`; nil when
    /// pagemap cannot be read.
    private func flags(_ address: UnsafeMutableRawPointer, pages: Int) -> [UInt64]? {
        guard pagemap >= 0 else { return nil }
        var out = [UInt64](repeating: 0, count: pages)
        let offset = (Int(bitPattern: address) / 4096) * 8
        let ok = out.withUnsafeMutableBytes { buffer -> Bool in
            var done = 0
            while done < buffer.count {
                let n = pread(pagemap, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if n > 0 { done += n; continue }
                if n < 0 && errno == EINTR { continue }
                return false
            }
            return true
        }
        return ok ? out : nil
    }
}

extension GuestMemory {
    /// Maps `region` again (its backing, protection and name) over whatever
    /// is there. A file backing is mapped from `fd`; `fill` is then called with
    /// the host address of the region's start while it is writable in the
    /// host, to write the saved pages; the region then gets its protection.
    public func restore(_ region: MemoryRegion, fd: Int32?,
                        fill: (UnsafeMutableRawPointer) throws -> Void) throws {
        let length = region.end - region.start
        guard region.start % Self.pageSize == 0, length > 0, length % Self.pageSize == 0,
              region.start < Self.size, length <= Self.size - region.start else {
            throw MemoryError.invalidRange(region.start, length)
        }
        releaseCode(region.start, region.end, cause: .mmap)
        var backing = region.backing
        let p: UnsafeMutableRawPointer?
        switch backing {
        case .file(var file):
            guard let fd else { throw MemoryError.hostFailure(EBADF) }
            let prot = file.shared ? region.protection.hostFlags : PROT_READ | PROT_WRITE
            p = mmap(host(region.start), Int(length), prot, (file.shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED,
                     fd, off_t(Int64(bitPattern: file.offset)))
            let now = FileBacking.of(fd: fd, offset: file.offset, shared: file.shared)
            file.device = now.device
            file.inode = now.inode
            backing = .file(file)
        case .anonymous(let shared):
            p = mmap(host(region.start), Int(length), PROT_READ | PROT_WRITE,
                     (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
        case .host:
            p = mmap(host(region.start), Int(length), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
            backing = .anonymous(shared: true)  // a System V segment comes back as shared memory of its own
        }
        guard p != MAP_FAILED else { throw MemoryError.hostFailure(errno) }
        var restored = region
        restored.backing = backing
        lock.withLock { insert(restored) }
        if case .file(let file) = backing, file.shared { return }
        try fill(host(region.start))
        guard mprotect(host(region.start), Int(length), region.protection.hostFlags) == 0 else {
            throw MemoryError.hostFailure(errno)
        }
    }

    // MARK: - Page selection

    /// Runs of consecutive page indexes `0..<pages` for which `keep` holds.
    static func runs(_ pages: UInt64, _ keep: (Int) -> Bool) -> [PageRun] {
        var out: [PageRun] = []
        var i: UInt64 = 0
        while i < pages {
            guard keep(Int(i)) else { i += 1; continue }
            var j = i + 1
            while j < pages && keep(Int(j)) { j += 1 }
            out.append(PageRun(first: i, count: j - i))
            i = j
        }
        return out
    }

}

/// A file's identity and version as `stat` reports it.
public struct FileIdentity: Sendable, Equatable {
    public var device: UInt64
    public var inode: UInt64
    public var size: UInt64
    /// Modification time, nanoseconds since the epoch.
    public var modified: Int64

    public init?(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        self.init(st)
    }

    public init?(fd: Int32) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        self.init(st)
    }

    init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        size = UInt64(st.st_size)
        modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }
}
