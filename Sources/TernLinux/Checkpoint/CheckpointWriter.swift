import JITRuntime
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes a checkpoint image (docs/CHECKPOINT.md) to a temporary file next
/// to its destination and renames it into place when complete, so an
/// interrupted checkpoint never leaves a partial image under the name.
final class CheckpointWriter {
    let path: String
    private let temporaryPath: String
    private let fd: Int32
    private var offset = UInt64(CheckpointFormat.headerSize)
    private var sectionCount: UInt32 = 0
    private var finished = false

    init(path: String) throws(CheckpointError) {
        self.path = path
        temporaryPath = path + ".tmp-\(getpid())"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
    }

    deinit {
        close(fd)
        if !finished { unlink(temporaryPath) }
    }

    /// Writes `count` bytes from `pointer` at the current offset.
    private func put(_ pointer: UnsafeRawPointer, _ count: Int) throws(CheckpointError) {
        var done = 0
        while done < count {
            let n = pwrite(fd, pointer + done, count - done, off_t(offset) + off_t(done))
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            throw .io(path: path, message: String(cString: strerror(n < 0 ? errno : EIO)))
        }
        offset += UInt64(count)
    }

    private func put(_ bytes: [UInt8]) throws(CheckpointError) {
        let failure = bytes.withUnsafeBytes { raw -> CheckpointError? in
            guard let base = raw.baseAddress else { return nil }
            do throws(CheckpointError) { try put(base, raw.count) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Writes a section header for a payload at `payloadOffset`.
    private func sectionHeader(_ kind: CheckpointFormat.Section, at headerOffset: UInt64, payloadOffset: UInt64,
                               length: UInt64, crc: UInt32) throws(CheckpointError) {
        var w = StructWriter(size: CheckpointFormat.sectionHeaderSize)
        w.put(kind.rawValue, at: 0)
        w.put(kind.version, at: 4)
        w.put(payloadOffset, at: 8)
        w.put(length, at: 16)
        w.put(crc, at: 24)
        w.put(CheckpointFormat.crc(Array(w.bytes[0 ..< 28])), at: 28)
        let saved = offset
        offset = headerOffset
        try put(w.bytes)
        offset = saved
        sectionCount += 1
    }

    /// Appends a section holding `payload`.
    func section(_ kind: CheckpointFormat.Section, _ payload: [UInt8]) throws(CheckpointError) {
        let headerOffset = offset
        let payloadOffset = headerOffset + UInt64(CheckpointFormat.sectionHeaderSize)
        offset = payloadOffset
        try put(payload)
        try sectionHeader(kind, at: headerOffset, payloadOffset: payloadOffset, length: UInt64(payload.count),
                          crc: CheckpointFormat.crc(payload))
        try pad(to: 8)
    }

    private func pad(to alignment: UInt64) throws(CheckpointError) {
        let target = CheckpointFormat.roundUp(offset, alignment)
        if target > offset { try put([UInt8](repeating: 0, count: Int(target - offset))) }
    }

    /// Appends the PAGES section of region `index`: its runs, then (at the next
    /// 4096-byte boundary of the file) the pages, read through `scan`.
    func pages(regionIndex index: Int, region: MemoryRegion, runs: [PageRun], scan: MemoryScan) throws(CheckpointError) {
        let headerOffset = offset
        let payloadOffset = headerOffset + UInt64(CheckpointFormat.sectionHeaderSize)
        offset = payloadOffset
        var prefix = ImageEncoder()
        prefix.u32(UInt32(index))
        prefix.array(runs) { $0.u64($1.first); $0.u64($1.count) }
        var bytes = prefix.bytes
        let dataStart = CheckpointFormat.roundUp(payloadOffset + UInt64(bytes.count), UInt64(CheckpointFormat.pageAlignment))
        bytes += [UInt8](repeating: 0, count: Int(dataStart - payloadOffset) - bytes.count)
        var crc = CheckpointFormat.crc(bytes)
        try put(bytes)
        let direct = MemoryScan.isDirectlyReadable(region)
        let chunk = 1 << 20
        let buffer = direct ? nil : UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 4096)
        defer { buffer?.deallocate() }
        for run in runs {
            var address = region.start + run.first * GuestMemory.pageSize
            var left = Int(run.count * GuestMemory.pageSize)
            while left > 0 {
                let n = min(left, direct ? 64 << 20 : chunk)
                let source: UnsafeRawPointer
                if let buffer {
                    scan.read(region, address, n, into: buffer)
                    source = UnsafeRawPointer(buffer)
                } else {
                    source = UnsafeRawPointer(scan.memory.host(address))
                }
                crc = tern_crc32c(crc, source, n)
                try put(source, n)
                address += UInt64(n)
                left -= n
            }
        }
        try sectionHeader(.pages, at: headerOffset, payloadOffset: payloadOffset, length: offset - payloadOffset, crc: crc)
        try pad(to: 8)
    }

    /// Appends the END section, writes the header and moves the image into place.
    func finish() throws(CheckpointError) {
        try section(.end, [])
        var w = StructWriter(size: CheckpointFormat.headerSize)
        for (i, b) in CheckpointFormat.magic.enumerated() { w.put(b, at: i) }
        w.put(CheckpointFormat.version, at: 8)
        w.put(UInt32(CheckpointFormat.headerSize), at: 12)
        w.put(offset, at: 16)
        w.put(sectionCount, at: 24)
        w.put(CheckpointFormat.crc(Array(w.bytes[0 ..< 60])), at: 60)
        let end = offset
        offset = 0
        try put(w.bytes)
        offset = end
        guard ftruncate(fd, off_t(end)) == 0, rename(temporaryPath, path) == 0 else {
            throw .io(path: path, message: String(cString: strerror(errno)))
        }
        finished = true
    }
}

extension MemoryRegion {
    /// The MEMORY_MAP entry of this region with how its contents are kept.
    func encode(_ e: inout ImageEncoder, contents: RegionContents) {
        e.u64(start); e.u64(end); e.u8(protection.rawValue); e.string(name)
        switch backing {
        case .anonymous(let shared): e.u8(shared ? 1 : 0)
        case .file(let f):
            e.u8(2); e.string(f.path); e.u64(f.offset); e.bool(f.shared); e.u64(f.device); e.u64(f.inode)
        case .host: e.u8(3)
        }
        e.u32(vmFlags)
        switch contents {
        case .pages: e.u8(0)
        case .file(_, let size, let modified): e.u8(1); e.u64(size); e.i64(modified)
        }
    }

    /// Reads a MEMORY_MAP entry: the region and, for file contents, the file's size and time.
    static func decode(_ d: inout ImageDecoder) throws(ImageDecoder.Malformed) -> (MemoryRegion, file: (size: UInt64, modified: Int64)?) {
        let start = try d.u64(), end = try d.u64(), prot = try d.u8(), name = try d.string()
        guard start % GuestMemory.pageSize == 0, end % GuestMemory.pageSize == 0, start < end, end <= GuestMemory.size,
              prot & ~7 == 0 else { throw ImageDecoder.Malformed(what: "bad region 0x\(hex(start))-0x\(hex(end))") }
        let backing: MemoryBacking
        switch try d.u8() {
        case 0: backing = .anonymous(shared: false)
        case 1: backing = .anonymous(shared: true)
        case 2:
            backing = .file(FileBacking(path: try d.string(), offset: try d.u64(), shared: try d.bool(),
                                        device: try d.u64(), inode: try d.u64()))
        case 3: backing = .host
        default: throw ImageDecoder.Malformed(what: "unknown backing of region 0x\(hex(start))")
        }
        let vmFlags = try d.u32()
        var file: (UInt64, Int64)?
        switch try d.u8() {
        case 0: break
        case 1:
            guard case .file = backing else { throw ImageDecoder.Malformed(what: "file contents without a file") }
            file = (try d.u64(), try d.i64())
        default: throw ImageDecoder.Malformed(what: "unknown contents of region 0x\(hex(start))")
        }
        return (MemoryRegion(start: start, end: end, protection: MemoryProtection(rawValue: prot), name: name, backing: backing,
                             vmFlags: vmFlags), file)
    }
}
