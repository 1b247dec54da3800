import JITRuntime
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads and verifies a checkpoint image. Opening checks the header and every
/// section header (magic, version, sizes, checksums); `payload` and
/// `readPages` check each payload's checksum. Nothing is trusted before it is
/// checked, and every failure is one `CheckpointError`.
final class CheckpointReader {
    struct SectionEntry {
        let kind: CheckpointFormat.Section
        let version: UInt32
        let offset: UInt64
        let length: UInt64
        let crc: UInt32
    }

    let path: String
    private var fd: Int32
    let fileSize: UInt64
    private(set) var sections: [SectionEntry] = []

    init(path: String) throws(CheckpointError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, message: String(cString: strerror(errno))) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            Glibc.close(fd)
            throw .io(path: path, message: String(cString: strerror(errno)))
        }
        fileSize = UInt64(st.st_size)
        do { try readSectionTable() } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Closes the file early (before the guest's descriptors are restored).
    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    /// Reads `count` bytes at `offset` into `buffer`.
    private func readExactly(_ buffer: UnsafeMutableRawPointer, _ count: Int, at offset: UInt64) throws(CheckpointError) {
        guard offset <= fileSize, UInt64(count) <= fileSize - offset else { throw .truncated(path: path) }
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, off_t(offset) + off_t(done))
            if n > 0 { done += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n == 0 { throw .truncated(path: path) }
            throw .io(path: path, message: String(cString: strerror(errno)))
        }
    }

    private func read(_ count: Int, at offset: UInt64) throws(CheckpointError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let failure = bytes.withUnsafeMutableBytes { raw -> CheckpointError? in
            guard count > 0 else { return nil }
            do throws(CheckpointError) { try readExactly(raw.baseAddress!, count, at: offset) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        return bytes
    }

    private func readSectionTable() throws(CheckpointError) {
        let magic = CheckpointFormat.magic
        guard fileSize >= UInt64(magic.count) else { throw .notAnImage(path: path) }
        let head = try read(min(Int(fileSize), CheckpointFormat.headerSize), at: 0)
        guard Array(head[0 ..< magic.count]) == magic else { throw .notAnImage(path: path) }
        guard head.count >= 12 else { throw .truncated(path: path) }
        let h = ByteReader(head)
        // The version first: another version's header may be laid out differently.
        guard h.u32(8) == CheckpointFormat.version else {
            throw .version(path: path, found: h.u32(8), supported: CheckpointFormat.version)
        }
        guard head.count == CheckpointFormat.headerSize else { throw .truncated(path: path) }
        guard CheckpointFormat.crc(Array(head[0 ..< 60])) == h.u32(60) else { throw .corrupt(path: path, what: "header checksum") }
        guard h.u32(12) == UInt32(CheckpointFormat.headerSize) else { throw .corrupt(path: path, what: "header size") }
        let size = h.u64(16)
        guard size <= fileSize else { throw .truncated(path: path) }
        guard size == fileSize else { throw .corrupt(path: path, what: "\(fileSize - size) bytes after the end") }
        let count = h.u32(24)
        guard count >= 2, count < 1 << 24 else { throw .corrupt(path: path, what: "section count \(count)") }
        var offset = UInt64(CheckpointFormat.headerSize)
        for i in 0 ..< Int(count) {
            let bytes = try read(CheckpointFormat.sectionHeaderSize, at: offset)
            let r = ByteReader(bytes)
            guard CheckpointFormat.crc(Array(bytes[0 ..< 28])) == r.u32(28) else {
                throw .corrupt(path: path, what: "checksum of section header \(i)")
            }
            guard let kind = CheckpointFormat.Section(rawValue: r.u32(0)) else {
                throw .corrupt(path: path, what: "unknown section kind \(r.u32(0))")
            }
            guard r.u32(4) == kind.version else {
                throw .corrupt(path: path, what: "section \(kind) version \(r.u32(4)), this tern reads \(kind.version)")
            }
            let payload = r.u64(8), length = r.u64(16)
            guard payload >= offset + UInt64(CheckpointFormat.sectionHeaderSize), payload <= size, length <= size - payload else {
                throw .corrupt(path: path, what: "bounds of section \(i)")
            }
            sections.append(SectionEntry(kind: kind, version: r.u32(4), offset: payload, length: length, crc: r.u32(24)))
            offset = CheckpointFormat.roundUp(payload + length, 8)
            if kind == .end {
                guard i == count - 1 else { throw .corrupt(path: path, what: "end section before the last") }
            }
        }
        guard sections.last?.kind == .end, offset == size else { throw .corrupt(path: path, what: "section table") }
    }

    /// The checked payload of a section (not PAGES: see `readPages`).
    func payload(_ s: SectionEntry) throws(CheckpointError) -> [UInt8] {
        guard s.length < 1 << 31 else { throw .corrupt(path: path, what: "section of \(s.length) bytes") }
        let bytes = try read(Int(s.length), at: s.offset)
        guard CheckpointFormat.crc(bytes) == s.crc else { throw .corrupt(path: path, what: "checksum of a \(s.kind) section") }
        return bytes
    }

    /// A decoder over a checked payload.
    func decoder(_ s: SectionEntry) throws(CheckpointError) -> ImageDecoder {
        ImageDecoder(try payload(s), what: "\(s.kind) section")
    }

    /// The region index and page runs a PAGES section holds, without its data.
    func pageRuns(_ s: SectionEntry) throws(CheckpointError) -> (index: Int, runs: [PageRun], dataOffset: UInt64) {
        let headLength = Int(min(s.length, UInt64(CheckpointFormat.pageAlignment) * 64))
        var d = ImageDecoder(try read(headLength, at: s.offset), what: "pages section")
        do {
            let index = Int(try d.u32())
            let runs = try d.array(limit: 1 << 20) { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in
                PageRun(first: try d.u64(), count: try d.u64())
            }
            let dataOffset = CheckpointFormat.roundUp(s.offset + UInt64(d.position), UInt64(CheckpointFormat.pageAlignment))
            return (index, runs, dataOffset)
        } catch {
            throw .corrupt(path: path, what: error.what)
        }
    }

    /// Reads a PAGES section's pages into `region`'s host memory at `base`
    /// (writable) and checks the section's checksum. `runs` must come from
    /// `pageRuns` of the same section.
    func readPages(_ s: SectionEntry, region: MemoryRegion, runs: [PageRun], dataOffset: UInt64,
                   into base: UnsafeMutableRawPointer) throws(CheckpointError) {
        let pages = (region.end - region.start) / GuestMemory.pageSize
        var total: UInt64 = 0
        var previousEnd: UInt64 = 0
        for run in runs {
            guard run.count > 0, run.first >= previousEnd, run.first <= pages, run.count <= pages - run.first else {
                throw .corrupt(path: path, what: "page runs of region 0x\(hex(region.start))")
            }
            previousEnd = run.first + run.count
            total += run.count * GuestMemory.pageSize
        }
        guard dataOffset >= s.offset, dataOffset - s.offset + total == s.length else {
            throw .corrupt(path: path, what: "length of the pages of region 0x\(hex(region.start))")
        }
        var crc = CheckpointFormat.crc(try read(Int(dataOffset - s.offset), at: s.offset))
        var offset = dataOffset
        for run in runs {
            let target = base + Int(run.first * GuestMemory.pageSize)
            let length = Int(run.count * GuestMemory.pageSize)
            try readExactly(target, length, at: offset)
            crc = tern_crc32c(crc, target, length)
            offset += UInt64(length)
        }
        guard crc == s.crc else { throw .corrupt(path: path, what: "checksum of the pages of region 0x\(hex(region.start))") }
    }
}
