/// The reference interpreter's own guest memory: a sparse map of 4 KiB pages,
/// each with its guest permissions. Every access is checked explicitly (no host
/// faults), which keeps it independent of the engine's guarded flat reservation.
public final class ReferenceMemory {
    /// Guest page size.
    public static let pageSize: UInt64 = 4096

    /// Guest page permissions.
    public struct Access: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let read = Access(rawValue: 1)
        public static let write = Access(rawValue: 2)
        public static let execute = Access(rawValue: 4)
    }

    /// One page: its bytes and permissions.
    public final class Page {
        /// The page's 4096 bytes.
        public let bytes: UnsafeMutableRawPointer
        /// Guest permissions.
        public var access: Access
        init(access: Access) {
            bytes = .allocate(byteCount: Int(ReferenceMemory.pageSize), alignment: 16)
            bytes.initializeMemory(as: UInt8.self, repeating: 0, count: Int(ReferenceMemory.pageSize))
            self.access = access
        }
        deinit { bytes.deallocate() }
    }

    /// Mapped pages by page number.
    public private(set) var pages: [UInt64: Page] = [:]
    private var lastNumber: UInt64 = .max
    private var lastPage: Page?

    /// When non-nil, every successful store appends (address, size) here.
    public var storeLog: [(address: UInt64, size: Int)]?

    /// An empty address space.
    public init() {}

    /// Maps page `number` with `access`, copying `contents` (4096 bytes) when given; an
    /// existing page keeps its object and gets the new contents and permissions.
    public func mapPage(_ number: UInt64, access: Access, contents: UnsafeRawPointer?) {
        let page = pages[number] ?? Page(access: access)
        page.access = access
        if let contents { page.bytes.copyMemory(from: contents, byteCount: Int(Self.pageSize)) }
        pages[number] = page
        if number == lastNumber { lastPage = page }
    }

    /// Unmaps page `number` (no effect when unmapped).
    public func unmapPage(_ number: UInt64) {
        pages[number] = nil
        if number == lastNumber { lastNumber = .max; lastPage = nil }
    }

    @inline(__always) private func page(_ number: UInt64) -> Page? {
        if number == lastNumber { return lastPage }
        guard let p = pages[number] else { return nil }
        lastNumber = number
        lastPage = p
        return p
    }

    /// Reads `size` (1...8) bytes little-endian at `address` if every byte allows `access`.
    public func read(_ address: UInt64, size: Int, _ access: Access) -> UInt64? {
        let offset = Int(address % Self.pageSize)
        if offset + size <= Int(Self.pageSize) {
            guard let p = page(address / Self.pageSize), p.access.contains(access) else { return nil }
            var v: UInt64 = 0
            for i in 0..<size { v |= UInt64(p.bytes.load(fromByteOffset: offset + i, as: UInt8.self)) << (8 * UInt64(i)) }
            return v
        }
        var v: UInt64 = 0
        for i in 0..<size {
            guard let b = read(address &+ UInt64(i), size: 1, access) else { return nil }
            v |= b << (8 * UInt64(i))
        }
        return v
    }

    /// Whether every byte of `[address, address+size)` allows `access`.
    public func allows(_ address: UInt64, size: Int, _ access: Access) -> Bool {
        let first = address / Self.pageSize, last = (address &+ UInt64(size) &- 1) / Self.pageSize
        guard last >= first else { return false }
        for n in first...last {
            guard let p = page(n), p.access.contains(access) else { return false }
        }
        return true
    }

    /// Writes the low `size` bytes of `value` at `address`; false (nothing written)
    /// when any byte is not writable.
    public func write(_ address: UInt64, size: Int, _ value: UInt64) -> Bool {
        guard allows(address, size: size, .write) else { return false }
        for i in 0..<size {
            let a = address &+ UInt64(i)
            page(a / Self.pageSize)!.bytes.storeBytes(of: UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))),
                                                       toByteOffset: Int(a % Self.pageSize), as: UInt8.self)
        }
        storeLog?.append((address, size))
        return true
    }

    /// One byte regardless of permissions (nil when unmapped), for comparisons.
    public func peek(_ address: UInt64) -> UInt8? {
        page(address / Self.pageSize)?.bytes.load(fromByteOffset: Int(address % Self.pageSize), as: UInt8.self)
    }
}
