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

    /// Reads a whole host file, mapping failures to `LoadError`.
    public static func readFile(_ path: String) throws(LoadError) -> [UInt8] {
        func fsError(_ e: Int32) -> LoadError {
            LoadError(path: path, kind: .fileSystem(errno: e), message: String(cString: strerror(e)))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fsError(errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fsError(errno) }
        if st.st_mode & S_IFMT == S_IFDIR { throw fsError(EISDIR) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw LoadError(path: path, kind: .notRegularFile, message: "not a regular file")
        }
        guard st.st_size <= maximumFileSize else {
            throw LoadError(path: path, kind: .badHeader, message: "file too large (\(st.st_size) bytes)")
        }
        // Read into uninitialized storage: zero-filling first touched every page twice.
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buffer, initialized in
            var done = 0
            while done < buffer.count {
                let n = read(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 { if errno == EINTR { continue }; failure = errno; break }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if failure != 0 { throw fsError(failure) }
        return bytes
    }
}
