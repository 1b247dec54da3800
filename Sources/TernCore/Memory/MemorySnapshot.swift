import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A guest address space frozen in host memory, from which any number of
/// copy-on-write copies can be mapped (`GuestMemory.map(_:)`): the memory
/// half of an embedded guest's snapshot and fork.
///
/// Private pages are copied once, when the snapshot is taken, into one sparse
/// in-memory file (memfd): anonymous memory as the pages that were touched and
/// are not all zero, private file mappings as the pages the guest changed. A
/// copy maps that file and the backing files privately, so the host kernel
/// shares every page between the snapshot and all its copies until one of
/// them writes it. Shared memory is the exception: a shared file mapping maps
/// its file again (shared with the original, as after `fork`), shared
/// anonymous and System V memory are copied into fresh shared memory of the copy.
public final class MemorySnapshot: @unchecked Sendable {
    /// How one region comes back in a copy.
    enum Source {
        /// `[offset, offset + length)` of the snapshot file, privately.
        case privatePages(offset: UInt64)
        /// The backing file (`files[file]`) privately, with `runs` of the
        /// snapshot file from `offset` (back to back) over it.
        case privateFile(file: Int, runs: [PageRun], offset: UInt64)
        /// The backing file (`files[file]`), shared.
        case sharedFile(file: Int)
        /// Fresh shared memory holding `[offset, offset + length)` of the snapshot file.
        case sharedCopy(offset: UInt64)
    }

    /// The regions as they were, in address order.
    public let regions: [MemoryRegion]
    let sources: [Source]
    /// The snapshot file.
    let pagesFile: Int32
    /// Backing files kept open for the copies, and the flags they were opened with.
    let files: [Int32]
    let fileFlags: [Int32]
    /// Bytes of guest data the snapshot holds (its file's pages).
    public let bytesSaved: UInt64
    /// Names this snapshot's pages (and those of its `reopened` copies), never
    /// another snapshot's: what `GuestMemory.revert()` puts back.
    public let identity: UInt64
    private static let identities = Atomic<UInt64>(0)

    init(regions: [MemoryRegion], sources: [Source], pagesFile: Int32, files: [Int32], fileFlags: [Int32], bytesSaved: UInt64,
         identity: UInt64? = nil) {
        self.identity = identity ?? Self.identities.add(1, ordering: .relaxed).newValue
        self.regions = regions
        self.sources = sources
        self.pagesFile = pagesFile
        self.files = files
        self.fileFlags = fileFlags
        self.bytesSaved = bytesSaved
    }

    /// The same snapshot with its files opened again in the calling thread's
    /// descriptor table, from the table of host thread `tid` of this process,
    /// which holds this one's (threads with tables of their own: a sandboxed VM).
    public func reopened(fromThread tid: Int32) throws(MemoryError) -> MemorySnapshot {
        var opened: [Int32] = []
        for (fd, flags) in zip([pagesFile] + files, [O_RDONLY] + fileFlags) {
            let copy = open("/proc/self/task/\(tid)/fd/\(fd)", flags | O_CLOEXEC)
            guard copy >= 0 else {
                let code = errno
                for fd in opened { close(fd) }
                throw .hostFailure(code)
            }
            opened.append(copy)
        }
        return MemorySnapshot(regions: regions, sources: sources, pagesFile: opened[0], files: Array(opened.dropFirst()),
                              fileFlags: fileFlags, bytesSaved: bytesSaved, identity: identity)
    }

    deinit {
        close(pagesFile)
        for fd in files { close(fd) }
    }
}

extension GuestMemory {
    /// Takes a snapshot of this address space as it is now (the guest must not
    /// run meanwhile). Throws when the host refuses a memfd or the space for it.
    public func snapshot() throws(MemoryError) -> MemorySnapshot {
        let pagesFile = Int32(truncatingIfNeeded: "tern-snapshot".withCString {
            syscall_memfd_create($0, 1 /* MFD_CLOEXEC */)
        })
        guard pagesFile >= 0 else { throw .hostFailure(errno) }
        var files: [Int32] = [], fileFlags: [Int32] = []
        var sources: [MemorySnapshot.Source] = []
        var end: UInt64 = 0, saved: UInt64 = 0
        func fail(_ code: Int32) -> MemoryError {
            close(pagesFile)
            for fd in files { close(fd) }
            return .hostFailure(code)
        }
        let scan = MemoryScan(self)
        let regions = mappedRegions
        let page = Int(Self.pageSize)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64 * page, alignment: page)
        defer { buffer.deallocate() }
        /// Copies `runs` of `region` to the snapshot file from `offset`, back to back
        /// (`sparse`: each run at its own place in a region-sized span instead).
        func copy(_ region: MemoryRegion, _ runs: [PageRun], to offset: UInt64, sparse: Bool) -> Bool {
            var at = offset
            for run in runs {
                if sparse { at = offset + run.first * Self.pageSize }
                var done: UInt64 = 0
                while done < run.count {
                    let n = min(run.count - done, 64)
                    let address = region.start + (run.first + done) * Self.pageSize
                    scan.read(region, address, Int(n) * page, into: buffer)
                    guard pwriteAll(pagesFile, buffer, Int(n) * page, at) else { return false }
                    at += n * Self.pageSize
                    done += n
                }
                saved += run.count * Self.pageSize
            }
            return true
        }
        for region in regions {
            let length = region.end - region.start
            let contents = scan.contentsToSave(region)
            switch (region.backing, contents) {
            case (.file(let file), .file(let runs, _, _)):
                let flags = file.shared && region.protection.contains(.write) ? O_RDWR : O_RDONLY
                let fd = open(file.path, flags | O_CLOEXEC)
                guard fd >= 0 else { throw fail(errno) }
                files.append(fd)
                fileFlags.append(flags)
                if file.shared {
                    sources.append(.sharedFile(file: files.count - 1))
                } else {
                    guard copy(region, runs, to: end, sparse: false) else { throw fail(errno) }
                    sources.append(.privateFile(file: files.count - 1, runs: runs, offset: end))
                    end += runs.reduce(0) { $0 + $1.count } * Self.pageSize
                }
            case (_, .pages(let runs)), (_, .file(let runs, _, _)):
                guard ftruncate(pagesFile, off_t(end + length)) == 0, copy(region, runs, to: end, sparse: true) else { throw fail(errno) }
                sources.append(region.isShared ? .sharedCopy(offset: end) : .privatePages(offset: end))
                end += length
            }
        }
        guard ftruncate(pagesFile, off_t(end)) == 0 else { throw fail(errno) }
        return MemorySnapshot(regions: regions, sources: sources, pagesFile: pagesFile, files: files, fileFlags: fileFlags,
                              bytesSaved: saved)
    }

    /// Maps a copy of `snapshot` into this address space, which must be empty:
    /// copy-on-write of the snapshot's pages (see `MemorySnapshot`).
    public func map(_ snapshot: MemorySnapshot) throws(MemoryError) {
        mappedFromSnapshot = true
        var mapped: [MemoryRegion] = [], privateRanges: [Range<UInt64>] = [], revertible = true
        defer {
            lock.withLock {
                mappedSnapshot = revertible ? MappedSnapshot(identity: snapshot.identity, regions: mapped, privateRanges: privateRanges) : nil
            }
        }
        for (region, source) in zip(snapshot.regions, snapshot.sources) {
            switch source {
            case .privatePages, .privateFile: privateRanges.append(region.start ..< region.end)
            case .sharedFile: break  // the file's own pages, shared as after fork
            case .sharedCopy: revertible = false  // fresh shared memory: only a new copy restores it
            }
            let length = Int(region.end - region.start)
            let at = host(region.start)
            let prot = region.protection.hostFlags
            var placed: UnsafeMutableRawPointer?
            switch source {
            case .privatePages(let offset):
                placed = mmap(at, length, prot, MAP_PRIVATE | MAP_FIXED, snapshot.pagesFile, off_t(offset))
            case .sharedFile(let file):
                let fileOffset = Int64(bitPattern: region.fileOffset ?? 0)
                placed = mmap(at, length, prot, MAP_SHARED | MAP_FIXED, snapshot.files[file], off_t(fileOffset))
            case .privateFile(let file, let runs, let offset):
                let fileOffset = Int64(bitPattern: region.fileOffset ?? 0)
                placed = mmap(at, length, prot, MAP_PRIVATE | MAP_FIXED, snapshot.files[file], off_t(fileOffset))
                var from = offset
                for run in runs where placed != MAP_FAILED {
                    placed = mmap(at + Int(run.first * Self.pageSize), Int(run.count * Self.pageSize), prot,
                                  MAP_PRIVATE | MAP_FIXED, snapshot.pagesFile, off_t(from))
                    from += run.count * Self.pageSize
                }
            case .sharedCopy(let offset):
                placed = mmap(at, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
                if placed != MAP_FAILED {
                    guard preadAll(snapshot.pagesFile, at, length, offset), mprotect(at, length, prot) == 0 else {
                        throw .hostFailure(errno)
                    }
                }
            }
            guard placed != MAP_FAILED else { throw .hostFailure(errno) }
            var copy = region
            if case .host = region.backing { copy.backing = .anonymous(shared: true) }  // shared memory of its own now
            lock.withLock { insert(copy) }
            mapped.append(copy)
        }
    }
}

/// What `GuestMemory.map(_:)` mapped from a snapshot, for `revert()`.
struct MappedSnapshot {
    let identity: UInt64
    /// The regions as mapped.
    let regions: [MemoryRegion]
    /// Where private (copy-on-write) mappings of the snapshot's pages lie.
    let privateRanges: [Range<UInt64>]
}

@_silgen_name("memfd_create") private func syscall_memfd_create(_ name: UnsafePointer<CChar>, _ flags: UInt32) -> Int32

private func pwriteAll(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: UInt64) -> Bool {
    var done = 0
    while done < count {
        let n = pwrite(fd, buffer + done, count - done, off_t(offset) + off_t(done))
        if n > 0 { done += n; continue }
        if n < 0 && errno == EINTR { continue }
        return false
    }
    return true
}

private func preadAll(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: UInt64) -> Bool {
    var done = 0
    while done < count {
        let n = pread(fd, buffer + done, count - done, off_t(offset) + off_t(done))
        if n > 0 { done += n; continue }
        if n < 0 && errno == EINTR { continue }
        if n == 0 {  // past the written part: zeros
            (buffer + done).initializeMemory(as: UInt8.self, repeating: 0, count: count - done)
            return true
        }
        return false
    }
    return true
}
