import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// The C library's syscall(2) (variadic, so not imported into Swift).
@_silgen_name("syscall")
private func hostSyscall(_ number: Int, _ a0: Int, _ a1: Int, _ a2: Int, _ a3: Int, _ a4: Int, _ a5: Int) -> Int

/// A jitdump file (`--jitdump`, like qemu's -jitdump) for `perf inject --jit`:
/// a header, then one JIT_CODE_LOAD record per native block with its code
/// and name, timestamped with CLOCK_MONOTONIC (record with `perf record -k 1`).
/// perf finds the file through an executable mapping of it, kept while tern runs.
public final class JITDump: @unchecked Sendable {
    private var fd: Int32 = -1
    private var pid: Int32 = 0
    private var index: UInt64 = 0
    private var marker: UnsafeMutableRawPointer?
    /// The directory of the dump files (`$TMPDIR`, else /tmp).
    private let directory: String

    public init(directory: String) {
        self.directory = directory
        reopenIfForked()
    }

    /// `jit-PID.dump` in `directory` (perf inject requires the name).
    public static func path(directory: String, pid: Int32) -> String { directory + "/jit-\(pid).dump" }

    static let magic: UInt32 = 0x4A69_5444  // "JiTD"
    static let version: UInt32 = 1
    static let codeLoad: UInt32 = 0
    static let machineX86_64: UInt32 = 62
    /// gettid on x86-64 (the only host with a native tier; Glibc does not export gettid to Swift).
    static let gettidNumber = 186

    /// Adds one native block.
    public func record(code: UnsafeRawBufferPointer, name: String) {
        reopenIfForked()
        guard fd >= 0, let start = code.baseAddress else { return }
        var record = Bytes()
        let nameBytes = Array(name.utf8) + [0]
        record.u32(Self.codeLoad)
        record.u32(UInt32(16 + 40 + nameBytes.count + code.count))
        record.u64(Self.timestamp())
        record.u32(UInt32(bitPattern: pid))
        record.u32(UInt32(truncatingIfNeeded: hostSyscall(Self.gettidNumber, 0, 0, 0, 0, 0, 0)))
        record.u64(UInt64(UInt(bitPattern: start)))  // vma
        record.u64(UInt64(UInt(bitPattern: start)))  // code address
        record.u64(UInt64(code.count))
        record.u64(index)
        index += 1
        record.bytes += nameBytes
        record.bytes += code
        _ = record.bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private func reopenIfForked() {
        let me = getpid()
        guard me != pid else { return }
        if let marker { munmap(marker, Int(getpagesize())) }
        if fd >= 0 { close(fd); ReservedDescriptors.shared.release(fd) }
        pid = me
        index = 0
        // Out of the guest's reach: the guest shares the descriptor table.
        fd = ReservedDescriptors.shared.adopt(open(Self.path(directory: directory, pid: me), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644))
        guard fd >= 0 else { return }
        var header = Bytes()
        header.u32(Self.magic)
        header.u32(Self.version)
        header.u32(40)  // header size
        header.u32(Self.machineX86_64)
        header.u32(0)
        header.u32(UInt32(bitPattern: me))
        header.u64(Self.timestamp())
        header.u64(0)  // flags
        _ = header.bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let m = mmap(nil, Int(getpagesize()), PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0)
        marker = m == MAP_FAILED ? nil : m
    }

    private static func timestamp() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Little-endian record bytes.
    private struct Bytes {
        var bytes: [UInt8] = []
        mutating func u32(_ v: UInt32) { for i in 0 ..< 4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
        mutating func u64(_ v: UInt64) { for i in 0 ..< 8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    }
}
