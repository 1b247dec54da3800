#if canImport(Glibc)
import Glibc
#endif

/// The guest's descriptor table, saved and restored (docs/CHECKPOINT.md).
/// Guest descriptors are host descriptors of the calling thread's table
/// (/proc/thread-self/fd: the process's, or a sandboxed VM's own).
enum DescriptorTable {
    /// Describes every open descriptor. Descriptors sharing the file of
    /// stdin, stdout or stderr are recorded as such; regular files, directories
    /// and device nodes by path, offset and flags; anything else (pipes,
    /// sockets, eventfd, epoll, timerfd, memfds, deleted files) as unrestorable.
    static func capture() -> [DescriptorState] {
        withPipeContents(capturePlain())
    }

    /// The most bytes a saved pipe holds (the largest pipe buffer Linux allows by default).
    static let maxPipeContent = 1 << 20

    /// Every descriptor, pipes as `.unrestorable("pipe")` for now.
    private static func capturePlain() -> [DescriptorState] {
        let numbers = openDescriptors()
        var standard: [(Int32, stat)] = []
        for fd in Int32(0) ... 2 where numbers.contains(fd) {
            var st = stat()
            if fstat(fd, &st) == 0 { standard.append((fd, st)) }
        }
        return numbers.compactMap { fd -> DescriptorState? in
            var st = stat()
            guard fstat(fd, &st) == 0 else { return nil }
            let cloexec = fcntl(fd, F_GETFD) & FD_CLOEXEC != 0
            if fd <= 2 { return DescriptorState(fd: fd, kind: .standard(fd), closeOnExec: cloexec) }
            if let same = standard.first(where: { $0.1.st_dev == st.st_dev && $0.1.st_ino == st.st_ino }) {
                return DescriptorState(fd: fd, kind: .standard(same.0), closeOnExec: cloexec)
            }
            let link = linkTarget(fd)
            let type = st.st_mode & S_IFMT
            if type == S_IFIFO, link.hasPrefix("pipe:") {
                let flags = fcntl(fd, F_GETFL)
                return DescriptorState(fd: fd, kind: .pipe(pipe: UInt64(st.st_ino), writeEnd: flags & O_ACCMODE == O_WRONLY,
                                                           flags: flags, content: []), closeOnExec: cloexec)
            }
            let reopenable = type == S_IFREG || type == S_IFDIR || type == S_IFCHR || type == S_IFBLK
            guard reopenable, link.hasPrefix("/"), !link.hasSuffix(" (deleted)"), !link.hasPrefix("/memfd:") else {
                return DescriptorState(fd: fd, kind: .unrestorable(what: describe(link, type: type)), closeOnExec: cloexec)
            }
            let flags = fcntl(fd, F_GETFL)
            let offset = type == S_IFCHR ? 0 : Int64(lseek(fd, 0, SEEK_CUR))
            return DescriptorState(fd: fd, kind: .file(path: link, flags: flags, offset: max(0, offset), directory: type == S_IFDIR),
                                   closeOnExec: cloexec)
        }
    }

    /// Keeps the pipes whose read and write ends are both in `table` (their
    /// buffered bytes read, and written back so the table is unchanged); the
    /// others become unrestorable.
    private static func withPipeContents(_ table: [DescriptorState]) -> [DescriptorState] {
        var ends: [UInt64: (read: Int32?, write: Int32?)] = [:]
        for d in table {
            guard case .pipe(let pipe, let writeEnd, _, _) = d.kind else { continue }
            var e = ends[pipe] ?? (nil, nil)
            if writeEnd { e.write = e.write ?? d.fd } else { e.read = e.read ?? d.fd }
            ends[pipe] = e
        }
        var contents: [UInt64: [UInt8]] = [:]
        for (pipe, e) in ends {
            guard let r = e.read, let w = e.write else { continue }
            contents[pipe] = peek(read: r, write: w)
        }
        return table.map { d in
            guard case .pipe(let pipe, let writeEnd, let flags, _) = d.kind else { return d }
            guard let content = contents[pipe] else { return DescriptorState(fd: d.fd, kind: .unrestorable(what: "pipe"), closeOnExec: d.closeOnExec) }
            let first = !writeEnd && ends[pipe]?.read == d.fd
            return DescriptorState(fd: d.fd, kind: .pipe(pipe: pipe, writeEnd: writeEnd, flags: flags, content: first ? content : []),
                                   closeOnExec: d.closeOnExec)
        }
    }

    /// The bytes buffered in a pipe, read from `read` and written back through `write`.
    private static func peek(read: Int32, write: Int32) -> [UInt8] {
        var available: Int32 = 0
        guard ioctl(read, UInt(FIONREAD), &available) == 0, available > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: min(Int(available), maxPipeContent))
        let flags = fcntl(read, F_GETFL)
        _ = fcntl(read, F_SETFL, flags | O_NONBLOCK)
        let n = bytes.withUnsafeMutableBytes { Glibc.read(read, $0.baseAddress, $0.count) }
        _ = fcntl(read, F_SETFL, flags)
        guard n > 0 else { return [] }
        bytes.removeLast(bytes.count - n)
        let wflags = fcntl(write, F_GETFL)
        _ = fcntl(write, F_SETFL, wflags & ~O_NONBLOCK)
        _ = bytes.withUnsafeBytes { Glibc.write(write, $0.baseAddress, $0.count) }
        _ = fcntl(write, F_SETFL, wflags)
        return bytes
    }

    /// Makes the calling thread's table exactly `descriptors`: every other
    /// descriptor is closed, files are reopened at their numbers, offsets and
    /// flags, standard ones attached to this process's stdin/stdout/stderr
    /// (`standard` gives the host descriptor to use for 0, 1, 2). Returns a
    /// warning per descriptor restored closed; throws when a file cannot be reopened.
    /// `open`: the descriptors open in the table now, when the caller knows them (nil: listed from /proc).
    static func restore(_ descriptors: [DescriptorState], standard: [Int32: Int32] = [0: 0, 1: 1, 2: 2],
                        open known: [Int32]? = nil,
                        paths: (String) -> String = { $0 }) throws(CheckpointError) -> [String] {
        var descriptors = descriptors
        // The table holds exactly the standard files at their own numbers and
        // the saved ones stay there (a fork of an embedded guest): they stay,
        // and only the others are made.
        if known == [0, 1, 2], standard == [0: 0, 1: 1, 2: 2], descriptors.allSatisfy({ d in
            if case .standard(let n) = d.kind { return d.fd == n }
            return d.fd > 2
        }) {
            for fd: Int32 in 0 ... 2 {
                guard let d = descriptors.first(where: { $0.fd == fd }) else {
                    close(fd)
                    continue
                }
                if d.closeOnExec { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            }
            descriptors.removeAll { $0.fd <= 2 }
            return try restore(descriptors, standard: [:], open: [], paths: paths)
        }
        // Standard descriptors first, copied high so reopening cannot overwrite them.
        var sources: [Int32: Int32] = [:]
        for (n, host) in standard {
            let copy = fcntl(host, F_DUPFD_CLOEXEC, 1024)
            if copy >= 0 { sources[n] = copy }
        }
        defer { for (_, copy) in sources { close(copy) } }
        let wanted = Set(descriptors.map(\.fd))
        for fd in known ?? openDescriptors() where !wanted.contains(fd) && !sources.values.contains(fd) { close(fd) }
        var warnings: [String] = []
        var pipes: [UInt64: (read: Int32, write: Int32)] = [:]
        defer { for (_, p) in pipes { close(p.read); close(p.write) } }
        for d in descriptors {
            guard case .pipe(let pipe, _, _, let content) = d.kind else { continue }
            var ends = pipes[pipe]
            if ends == nil {
                var fds: [Int32] = [0, 0]
                let made = fds.withUnsafeMutableBufferPointer {  // pipe2
                    host_syscall(293, Int(bitPattern: $0.baseAddress), Int(O_CLOEXEC), 0, 0, 0, 0)
                }
                guard made == 0 else { throw .cannotRestore("descriptor \(d.fd): pipe: \(String(cString: strerror(errno)))") }
                // Made high, clear of the numbers the table is about to take.
                let r = fcntl(fds[0], F_DUPFD_CLOEXEC, 1024), w = fcntl(fds[1], F_DUPFD_CLOEXEC, 1024)
                close(fds[0]); close(fds[1])
                guard r >= 0, w >= 0 else { throw .cannotRestore("descriptor \(d.fd): pipe: \(String(cString: strerror(errno)))") }
                ends = (r, w)
                pipes[pipe] = ends
            }
            if !content.isEmpty, let w = ends?.write {
                if content.count > 65536 { _ = fcntl(w, 1031 /* F_SETPIPE_SZ */, Int32(content.count)) }
                let n = content.withUnsafeBytes { write(w, $0.baseAddress, $0.count) }
                guard n == content.count else { throw .cannotRestore("descriptor \(d.fd): cannot refill its pipe") }
            }
        }
        for d in descriptors {
            var opened: Int32 = -1
            switch d.kind {
            case .pipe(let pipe, let writeEnd, let flags, _):
                guard let ends = pipes[pipe] else { continue }
                opened = fcntl(writeEnd ? ends.write : ends.read, F_DUPFD_CLOEXEC, 0)
                if opened >= 0 { _ = fcntl(opened, F_SETFL, flags) }
            case .standard(let n):
                guard let source = sources[n] else {
                    warnings.append("descriptor \(d.fd) (standard \(n), closed here) is closed")
                    close(d.fd)
                    continue
                }
                opened = fcntl(source, F_DUPFD_CLOEXEC, 0)
            case .file(let path, let flags, let offset, let directory):
                let keep = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY)
                opened = open(paths(path), keep | O_CLOEXEC | (directory ? O_DIRECTORY : 0))
                guard opened >= 0 else {
                    throw .cannotRestore("descriptor \(d.fd): \(path): \(String(cString: strerror(errno)))")
                }
                if offset > 0, lseek(opened, off_t(offset), SEEK_SET) != off_t(offset) {
                    close(opened)
                    throw .cannotRestore("descriptor \(d.fd): \(path): cannot seek to offset \(offset)")
                }
            case .unrestorable(let what):
                close(d.fd)
                warnings.append("descriptor \(d.fd) (\(what)) cannot be restored: it is closed")
                continue
            }
            guard opened >= 0 else { throw .cannotRestore("descriptor \(d.fd): \(String(cString: strerror(errno)))") }
            if opened != d.fd {
                guard host_syscall(292, Int(opened), Int(d.fd), d.closeOnExec ? Int(O_CLOEXEC) : 0, 0, 0, 0) == d.fd else {  // dup3: the saved number
                    close(opened)
                    throw .cannotRestore("descriptor \(d.fd): \(String(cString: strerror(errno)))")
                }
                close(opened)
            } else if !d.closeOnExec {
                _ = fcntl(d.fd, F_SETFD, 0)
            }
        }
        return warnings
    }

    /// The open descriptors of the calling thread's table, ascending.
    static func openDescriptors() -> [Int32] {
        guard let dir = opendir("/proc/thread-self/fd") else {
            return (0 ..< 1024).filter { fcntl($0, F_GETFD) >= 0 }
        }
        defer { closedir(dir) }
        let own = dirfd(dir)
        var out: [Int32] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if let fd = Int32(name), fd != own { out.append(fd) }
        }
        return out.sorted()
    }

    /// What /proc shows a descriptor's link as.
    static func linkTarget(_ fd: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 4097)
        let n = readlink("/proc/thread-self/fd/\(fd)", &buffer, 4096)
        guard n > 0 else { return "" }
        return String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// "pipe", "socket", "eventfd", "memfd", "deleted file"... for warnings.
    static func describe(_ link: String, type: mode_t) -> String {
        if link.hasPrefix("pipe:") { return "pipe" }
        if link.hasPrefix("socket:") { return "socket" }
        if link.hasPrefix("anon_inode:") {
            return String(link.dropFirst("anon_inode:".count)).trimmingCharacters(in: "[]")
        }
        if link.hasPrefix("/memfd:") { return "memfd" }
        if link.hasSuffix(" (deleted)") { return "deleted file" }
        return link.isEmpty ? "unknown" : link
    }
}
