#if canImport(Glibc)
import Glibc
#endif

extension ELFFile {
    /// Largest executable accepted.
    public static let maximumFileSize = 1 << 30

    /// Reads and validates the ELF file at `path`.
    public init(contentsOf path: String) throws(LoadError) {
        try self.init(path: path, bytes: Self.readFile(path))
    }

    /// Reads and validates the headers of the ELF file at `path`: its
    /// leading bytes through the program headers and the interpreter path,
    /// not the segments (`bytes` is then a prefix; a loader maps or reads the
    /// segments from the file itself). Reading gcc's 67 MB cc1 whole cost
    /// 16,000 page faults and a copy, about 2% of compiling a small file.
    public init(headersOf path: String) throws(LoadError) {
        let file = try OpenedFile(path)
        defer { close(file.fd) }
        let size = Int(file.size)
        // The ELF header, then through the program header table, then
        // through every PT_INTERP path (each a prefix of the one after).
        var bytes = try file.read(min(size, Self.headerSize))
        if bytes.count == Self.headerSize, bytes[0] == 0x7f, bytes[4] == 2, bytes[5] == 1 {
            let r = ByteReader(bytes)
            let phoff = r.u64(32), tableEnd = phoff &+ UInt64(r.u16(56)) * UInt64(Self.phdrSize)
            if tableEnd > UInt64(bytes.count), tableEnd <= UInt64(size), phoff <= tableEnd {
                bytes = try file.read(Int(tableEnd))
                let t = ByteReader(bytes)
                var end = tableEnd
                for i in 0..<Int(r.u16(56)) {
                    let o = Int(phoff) + i * Self.phdrSize
                    guard t.u32(o) == Self.ptInterp else { continue }
                    let (interpEnd, overflow) = t.u64(o + 8).addingReportingOverflow(t.u64(o + 32))
                    if !overflow, interpEnd <= UInt64(size) { end = max(end, interpEnd) }
                }
                if end > tableEnd { bytes = try file.read(Int(end)) }
            }
        }
        try self.init(path: path, bytes: bytes, fileSize: file.size)
    }

    /// Reads a whole host file, mapping failures to `LoadError`.
    public static func readFile(_ path: String) throws(LoadError) -> [UInt8] {
        let file = try OpenedFile(path)
        defer { close(file.fd) }
        return try file.read(Int(file.size))
    }

    /// `count` bytes of the host file `path` from `offset` (nil: it cannot be
    /// opened or read, or is shorter).
    public static func read(_ path: String, offset: UInt64, count: Int) -> [UInt8]? {
        guard let file = try? OpenedFile(path) else { return nil }
        defer { close(file.fd) }
        return try? file.read(count, at: offset, exactly: true)
    }
}

/// A regular host file opened for reading, with its size.
private struct OpenedFile {
    let path: String
    let fd: Int32
    let size: UInt64

    func error(_ e: Int32) -> LoadError {
        LoadError(path: path, kind: .fileSystem(errno: e), message: String(cString: strerror(e)))
    }

    /// Opens `path` (a regular file of at most `ELFFile.maximumFileSize` bytes).
    init(_ path: String) throws(LoadError) {
        self.path = path
        func fsError(_ e: Int32) -> LoadError {
            LoadError(path: path, kind: .fileSystem(errno: e), message: String(cString: strerror(e)))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fsError(errno) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { let e = errno; close(fd); throw fsError(e) }
        if st.st_mode & S_IFMT == S_IFDIR { close(fd); throw fsError(EISDIR) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw LoadError(path: path, kind: .notRegularFile, message: "not a regular file")
        }
        guard st.st_size <= ELFFile.maximumFileSize else {
            close(fd)
            throw LoadError(path: path, kind: .badHeader, message: "file too large (\(st.st_size) bytes)")
        }
        self.fd = fd
        size = UInt64(st.st_size)
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file; with
    /// `exactly`, fewer is an EIO error). Read into uninitialized storage:
    /// zero-filling first touched every page twice.
    func read(_ count: Int, at offset: UInt64 = 0, exactly: Bool = false) throws(LoadError) -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < buffer.count {
                let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if n < 0 { if errno == EINTR { continue }; failure = errno; break }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if failure != 0 { throw error(failure) }
        if exactly && bytes.count != count { throw error(EIO) }
        return bytes
    }
}
