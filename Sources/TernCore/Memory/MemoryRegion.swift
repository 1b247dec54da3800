#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Guest page permissions.
public struct MemoryProtection: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let read = MemoryProtection(rawValue: 1)
    public static let write = MemoryProtection(rawValue: 2)
    public static let execute = MemoryProtection(rawValue: 4)

    /// Builds from Linux `PROT_*` bits (PROT_READ=1, PROT_WRITE=2, PROT_EXEC=4).
    public init(linux prot: UInt64) { self.init(rawValue: UInt8(truncatingIfNeeded: prot & 7)) }

    /// Host protection: writes need read on x86; executable guest pages only need read.
    public var hostFlags: Int32 {
        var p: Int32 = 0
        if contains(.read) || contains(.execute) { p |= PROT_READ }
        if contains(.write) { p |= PROT_READ | PROT_WRITE }
        return p
    }
}

/// A mapped range of guest pages with one protection.
public struct MemoryRegion: Sendable, Equatable {
    /// First guest address (page aligned).
    public var start: UInt64
    /// One past the last guest address (page aligned).
    public var end: UInt64
    /// Guest permissions.
    public var protection: MemoryProtection
    /// Label shown in maps listings ("[heap]", "[stack]", a file path...).
    public var name: String
    /// What the pages come from (see `MemoryBacking`): anonymous, a file at an
    /// offset, or host memory the caller attached.
    public var backing: MemoryBacking
    /// VMA flags the OS layer keeps for the region beyond its protection
    /// (TernLinux's `VMAFlags`: mlock, madvise hints, accounting). Regions that
    /// differ in them are separate VMAs; they go along when a region is split
    /// or re-protected.
    public var vmFlags: UInt32 = 0

    public init(start: UInt64, end: UInt64, protection: MemoryProtection, name: String,
                backing: MemoryBacking = .anonymous(shared: false), vmFlags: UInt32 = 0) {
        self.start = start
        self.end = end
        self.protection = protection
        self.name = name
        self.backing = backing
        self.vmFlags = vmFlags
    }

    /// Shared with other mappings of the same memory (MAP_SHARED, SysV shared
    /// memory): the backing's sharing. Attached host memory is always shared.
    public var shared: Bool {
        get { isShared }
        set { backing = backing.sharing(newValue) }
    }

    /// For a file mapping, the file offset of `start`; nil for anonymous memory.
    /// Setting an offset on an anonymous region makes it a mapping of an
    /// unknown file (no path to map it again from).
    public var fileOffset: UInt64? {
        get { backing.fileOffset }
        set { backing = backing.at(offset: newValue) }
    }

    /// Whether `next`, starting where this region ends, continues it as one
    /// Linux VMA would: the same protection, name, sharing and VMA flags, and anonymous
    /// or the same file at the next offset.
    public func continues(into next: MemoryRegion) -> Bool {
        guard next.start == end, next.protection == protection, next.name == name, next.shared == shared,
              next.vmFlags == vmFlags else { return false }
        switch (backing, next.backing) {
        case (.anonymous, .anonymous), (.host, .host): return true
        case (.file(let a), .file(let b)):
            return a.path == b.path && a.device == b.device && a.inode == b.inode && a.offset &+ (end - start) == b.offset
        default: return false
        }
    }
}

/// Why a guest memory operation failed.
public enum MemoryError: Error, Equatable, Sendable {
    case reservationFailed
    case invalidRange(UInt64, UInt64)
    case notMapped(UInt64)
    case hostFailure(Int32)
}
