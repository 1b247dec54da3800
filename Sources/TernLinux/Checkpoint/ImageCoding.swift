/// Little-endian encoding of checkpoint image metadata: fixed-width
/// integers, length-prefixed byte strings and arrays (docs/CHECKPOINT.md).
struct ImageEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    /// A u32 length, then the bytes.
    mutating func data(_ v: [UInt8]) {
        u32(UInt32(v.count))
        bytes.append(contentsOf: v)
    }
    mutating func string(_ v: String) { data(Array(v.utf8)) }
    /// A u32 count, then each element.
    mutating func array<T>(_ items: [T], _ each: (inout ImageEncoder, T) -> Void) {
        u32(UInt32(items.count))
        for item in items { each(&self, item) }
    }
    /// An optional: a presence byte, then the value.
    mutating func optional<T>(_ value: T?, _ each: (inout ImageEncoder, T) -> Void) {
        bool(value != nil)
        if let value { each(&self, value) }
    }
}

/// Why an image cannot be read (each case is one line for the user).
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened, read or written.
    case io(path: String, message: String)
    /// Not a Tern checkpoint image at all.
    case notAnImage(path: String)
    /// A format version this build does not read.
    case version(path: String, found: UInt32, supported: UInt32)
    /// Shorter than its header says.
    case truncated(path: String)
    /// A checksum does not match, or a field is out of range.
    case corrupt(path: String, what: String)
    /// The image is sound but cannot be resumed here (a changed file, a missing directory...).
    case cannotRestore(String)
    /// The process cannot be checkpointed now.
    case cannotCheckpoint(String)

    public var description: String {
        switch self {
        case .io(let path, let message): "\(path): \(message)"
        case .notAnImage(let path): "\(path): not a Tern checkpoint image"
        case .version(let path, let found, let supported):
            "\(path): checkpoint image format version \(found), this tern reads version \(supported)"
        case .truncated(let path): "\(path): checkpoint image is truncated"
        case .corrupt(let path, let what): "\(path): checkpoint image is corrupt (\(what))"
        case .cannotRestore(let message): "cannot restore: \(message)"
        case .cannotCheckpoint(let message): "cannot checkpoint: \(message)"
        }
    }
}

/// Reads what `ImageEncoder` wrote; every read is bounds-checked and a short
/// or malformed payload throws `ImageDecoder.Malformed` (never traps).
struct ImageDecoder {
    struct Malformed: Error { let what: String }

    private let bytes: [UInt8]
    private(set) var position = 0
    /// What the payload is, for messages.
    let what: String

    init(_ bytes: [UInt8], what: String) {
        self.bytes = bytes
        self.what = what
    }

    var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ n: Int) throws(Malformed) -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.count - position else { throw Malformed(what: "\(what) ends early") }
        defer { position += n }
        return bytes[position ..< position + n]
    }

    mutating func u8() throws(Malformed) -> UInt8 { try take(1).first! }
    mutating func bool() throws(Malformed) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw Malformed(what: "\(what): bad flag byte")
        }
    }
    mutating func u32() throws(Malformed) -> UInt32 {
        let s = try take(4)
        return s.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    mutating func i32() throws(Malformed) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func u64() throws(Malformed) -> UInt64 {
        let s = try take(8)
        return s.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
    mutating func i64() throws(Malformed) -> Int64 { Int64(bitPattern: try u64()) }
    mutating func data(limit: Int = 1 << 30) throws(Malformed) -> [UInt8] {
        let n = Int(try u32())
        guard n <= limit else { throw Malformed(what: "\(what): a field of \(n) bytes") }
        return Array(try take(n))
    }
    mutating func string() throws(Malformed) -> String {
        let raw = try data(limit: 1 << 20)
        guard let s = String(validating: raw, as: UTF8.self) else { throw Malformed(what: "\(what): a string is not UTF-8") }
        return s
    }
    mutating func array<T>(limit: Int = 1 << 24, _ each: (inout ImageDecoder) throws(Malformed) -> T) throws(Malformed) -> [T] {
        let n = Int(try u32())
        guard n <= limit else { throw Malformed(what: "\(what): a list of \(n) entries") }
        var out: [T] = []
        out.reserveCapacity(min(n, 4096))
        for _ in 0 ..< n { out.append(try each(&self)) }
        return out
    }
    mutating func optional<T>(_ each: (inout ImageDecoder) throws(Malformed) -> T) throws(Malformed) -> T? {
        try bool() ? try each(&self) : nil
    }
    /// Throws unless the whole payload was read.
    func finish() throws(Malformed) {
        guard isAtEnd else { throw Malformed(what: "\(what) has \(bytes.count - position) unexpected bytes") }
    }
}
