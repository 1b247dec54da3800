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
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 { if errno == EINTR { continue }; throw fsError(errno) }
            if n == 0 { break }
            done += n
        }
        if done < bytes.count { bytes.removeLast(bytes.count - done) }
        return bytes
    }
}
