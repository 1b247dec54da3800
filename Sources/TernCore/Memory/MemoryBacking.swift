#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a guest mapping's pages come from: what a checkpoint must save and
/// what a restore must map again.
public enum MemoryBacking: Sendable, Equatable {
    /// Zero-filled memory (`MAP_ANONYMOUS`, the break, the stack, the loaded
    /// ELF segments, which the loader copies). `shared`: `MAP_SHARED`, kept
    /// shared with child processes after a host fork.
    case anonymous(shared: Bool)
    /// A host file mapped at `FileBacking.offset` (the file offset of the
    /// region's first page).
    case file(FileBacking)
    /// Memory the caller attached itself (`GuestMemory.mapHost`: System V
    /// shared memory).
    case host
}

extension MemoryBacking {
    /// For a file, the file offset; nil otherwise.
    public var fileOffset: UInt64? {
        switch self {
        case .file(let file): return file.offset
        case .anonymous, .host: return nil
        }
    }

    /// This backing with its sharing set (attached host memory stays shared).
    func sharing(_ shared: Bool) -> MemoryBacking {
        switch self {
        case .anonymous: return .anonymous(shared: shared)
        case .file(let file):
            var changed = file
            changed.shared = shared
            return .file(changed)
        case .host: return .host
        }
    }

    /// This backing at file offset `offset`: nil makes a file anonymous memory,
    /// an offset makes anonymous memory a mapping of an unknown file.
    func at(offset: UInt64?) -> MemoryBacking {
        switch self {
        case .file(let file):
            guard let offset else { return .anonymous(shared: file.shared) }
            var moved = file
            moved.offset = offset
            return .file(moved)
        case .anonymous(let shared):
            guard let offset else { return self }
            return .file(FileBacking(path: "", offset: offset, shared: shared, device: 0, inode: 0))
        case .host:
            guard let offset else { return self }
            return .file(FileBacking(path: "", offset: offset, shared: true, device: 0, inode: 0))
        }
    }
}

/// A file mapping: which file, where in it, and how.
public struct FileBacking: Sendable, Equatable {
    /// Absolute host path of the file when it was mapped ("" when unknown:
    /// a memfd, a deleted file...).
    public var path: String
    /// File offset of the region's first page.
    public var offset: UInt64
    /// `MAP_SHARED`: guest stores reach the file.
    public var shared: Bool
    /// Device and inode of the mapped file, to recognise it later.
    public var device: UInt64
    public var inode: UInt64

    public init(path: String, offset: UInt64, shared: Bool, device: UInt64, inode: UInt64) {
        self.path = path
        self.offset = offset
        self.shared = shared
        self.device = device
        self.inode = inode
    }

    /// The backing of an open host descriptor mapped at `offset`.
    static func of(fd: Int32, offset: UInt64, shared: Bool) -> FileBacking {
        var st = stat()
        let known = fstat(fd, &st) == 0
        return FileBacking(path: hostPath(of: fd), offset: offset, shared: shared,
                           device: known ? UInt64(st.st_dev) : 0, inode: known ? UInt64(st.st_ino) : 0)
    }

    /// The path /proc reports for a descriptor; "" when it names no file that
    /// could be opened again (memfds, deleted files, anonymous inodes).
    static func hostPath(of fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink("/proc/thread-self/fd/\(fd)", &buffer, 4096)
        guard n > 0 else { return "" }
        let path = String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard path.hasPrefix("/"), !path.hasSuffix(" (deleted)") else { return "" }
        return path
    }
}

extension MemoryRegion {
    /// The part of this region in `[start, end)` (within it), with its backing's
    /// file offset moved along.
    func slice(_ start: UInt64, _ end: UInt64) -> MemoryRegion {
        var piece = self
        piece.start = Swift.max(start, self.start)
        piece.end = Swift.min(end, self.end)
        if case .file(var file) = backing {
            file.offset &+= piece.start - self.start
            piece.backing = .file(file)
        }
        return piece
    }

    /// Whether guest stores to this region reach memory shared with something
    /// else (a file, another process).
    public var isShared: Bool {
        switch backing {
        case .anonymous(let shared): shared
        case .file(let file): file.shared
        case .host: true
        }
    }
}
