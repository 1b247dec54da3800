#if canImport(Glibc)
import Glibc
#endif

/// Little-endian encoder for guest structures.
struct StructWriter {
    private(set) var bytes: [UInt8]
    init(size: Int) { bytes = [UInt8](repeating: 0, count: size) }
    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) { Self.put(value, into: &bytes, at: offset) }

    /// Stores `value` little-endian into `bytes` at `offset`.
    static func put<T: FixedWidthInteger>(_ value: T, into bytes: inout [UInt8], at offset: Int) {
        for i in 0 ..< MemoryLayout<T>.size { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }
}

/// The riscv64 `struct stat` (asm-generic/stat.h), 128 bytes.
struct GuestStat: Equatable {
    static let size = 128
    var dev: UInt64 = 0, ino: UInt64 = 0, mode: UInt32 = 0, nlink: UInt32 = 0
    var uid: UInt32 = 0, gid: UInt32 = 0, rdev: UInt64 = 0, size: Int64 = 0
    var blksize: Int32 = 0, blocks: Int64 = 0
    var atime: Int64 = 0, atimeNsec: Int64 = 0, mtime: Int64 = 0, mtimeNsec: Int64 = 0
    var ctime: Int64 = 0, ctimeNsec: Int64 = 0

    init() {}

    /// Field-by-field translation of the host (x86-64) `struct stat`.
    init(host s: stat) {
        dev = UInt64(s.st_dev)
        ino = UInt64(s.st_ino)
        mode = UInt32(s.st_mode)
        nlink = UInt32(truncatingIfNeeded: s.st_nlink)
        uid = UInt32(s.st_uid)
        gid = UInt32(s.st_gid)
        rdev = UInt64(s.st_rdev)
        size = Int64(s.st_size)
        blksize = Int32(truncatingIfNeeded: s.st_blksize)
        blocks = Int64(s.st_blocks)
        atime = Int64(s.st_atim.tv_sec); atimeNsec = Int64(s.st_atim.tv_nsec)
        mtime = Int64(s.st_mtim.tv_sec); mtimeNsec = Int64(s.st_mtim.tv_nsec)
        ctime = Int64(s.st_ctim.tv_sec); ctimeNsec = Int64(s.st_ctim.tv_nsec)
    }

    /// The guest byte layout.
    var encoded: [UInt8] {
        var w = StructWriter(size: Self.size)
        w.put(dev, at: 0); w.put(ino, at: 8); w.put(mode, at: 16); w.put(nlink, at: 20)
        w.put(uid, at: 24); w.put(gid, at: 28); w.put(rdev, at: 32) // __pad1 at 40
        w.put(size, at: 48); w.put(blksize, at: 56) // __pad2 at 60
        w.put(blocks, at: 64)
        w.put(atime, at: 72); w.put(atimeNsec, at: 80)
        w.put(mtime, at: 88); w.put(mtimeNsec, at: 96)
        w.put(ctime, at: 104); w.put(ctimeNsec, at: 112) // 2 × u32 unused at 120
        return w.bytes
    }
}

/// Sizes of kernel structures whose layout is identical on x86-64 and riscv64
/// (both use the asm-generic definitions with 64-bit longs), so they are copied
/// byte for byte.
enum SameLayout {
    /// `struct termios` of the kernel (TCGETS): 4 × u32 flags, c_line, c_cc[19].
    static let kernelTermios = 36
    /// `struct termios2` (TCGETS2): termios plus c_ispeed and c_ospeed.
    static let termios2 = 44
    /// `struct winsize`.
    static let winsize = 8
    /// `struct timespec` / `struct timeval`.
    static let timespec = 16
    /// `struct rusage`.
    static let rusage = 144
    /// `struct sysinfo`.
    static let sysinfo = 112
    /// `struct utsname` (6 × 65).
    static let utsname = 390
    /// `struct tms`.
    static let tms = 32
    /// `struct rlimit64`.
    static let rlimit = 16
    /// `struct flock`.
    static let flock = 32
    /// `struct statx`.
    static let statx = 256
    /// `struct ifreq` (IFNAMSIZ 16 + a 24-byte union).
    static let ifreq = 40
    /// `struct ifconf` {int ifc_len; pointer ifc_buf}.
    static let ifconf = 16
}
