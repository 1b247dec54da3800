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
    var hostFlags: Int32 {
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
    /// What the pages come from (see `MemoryBacking`).
    public var backing: MemoryBacking

    public init(start: UInt64, end: UInt64, protection: MemoryProtection, name: String,
                backing: MemoryBacking = .anonymous(shared: false)) {
        self.start = start
        self.end = end
        self.protection = protection
        self.name = name
        self.backing = backing
    }
}

/// Why a guest memory operation failed.
public enum MemoryError: Error, Equatable, Sendable {
    case reservationFailed
    case invalidRange(UInt64, UInt64)
    case notMapped(UInt64)
    case hostFailure(Int32)
}
