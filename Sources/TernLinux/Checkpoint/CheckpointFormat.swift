import JITRuntime

/// The checkpoint image layout (docs/CHECKPOINT.md). All integers are
/// little-endian.
///
///     header (64 bytes)
///       0  magic "TERNCKPT"
///       8  u32 format version (1)
///      12  u32 header size (64)
///      16  u64 file size
///      24  u32 section count
///      28  u32 flags (0)
///      32  24 reserved bytes (0)
///      56  u32 reserved (0)
///      60  u32 CRC-32C of bytes 0..<60
///     sections, each: a 32-byte section header, then its payload
///       0  u32 kind, 4 u32 section version
///       8  u64 payload offset (from the start of the file; page payloads 4096-aligned)
///      16  u64 payload length
///      24  u32 CRC-32C of the payload
///      28  u32 CRC-32C of header bytes 0..<28
///     the next section header starts at the payload's end rounded up to 8.
enum CheckpointFormat {
    static let magic: [UInt8] = Array("TERNCKPT".utf8)
    static let version: UInt32 = 1
    static let headerSize = 64
    static let sectionHeaderSize = 32
    static let pageAlignment = 4096

    /// Section kinds, in the order they appear.
    enum Section: UInt32, CaseIterable {
        /// Process-wide state (`ProcessState.encodeProcess`).
        case process = 1
        /// One guest thread (`ThreadState.encode`); the first is the one that was running.
        case thread = 2
        /// The memory map: every region with its protection, backing and contents kind.
        case memoryMap = 3
        /// Saved pages of one region: index, runs, then the page data (4096-aligned in the file).
        case pages = 4
        /// Last section: the image is complete.
        case end = 5

        /// The layout version of this kind written (and read) by this build.
        var version: UInt32 { 1 }
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { tern_crc32c(0, $0.baseAddress, $0.count) }
    }

    static func roundUp(_ value: UInt64, _ alignment: UInt64) -> UInt64 { (value + alignment - 1) / alignment * alignment }
}
