#if canImport(Glibc)
import Glibc
#endif

/// Maps guest paths to host paths the way qemu-user's `-L` does: an absolute
/// guest path names the file inside the sysroot when it exists there,
/// otherwise the host file of the same name. Relative paths and `/proc` are
/// never redirected (they belong to the host process the guest runs in),
/// except that the sysroot is the root `..` cannot climb above (`host(_:relativeTo:)`).
///
/// Only paths the guest gives the kernel to look up are redirected (a
/// symlink's target is stored as given). The other way, every path the
/// kernel reports (getcwd, readlink of /proc/self/{cwd,exe,fd/N}, the names in
/// /proc/self/maps) is shown as the guest sees it: a host path inside the
/// sysroot loses the sysroot prefix, so the guest never sees where its root lives.
public struct GuestPaths: Sendable, Equatable {
    /// The sysroot without a trailing slash; nil when there is none.
    public let sysroot: String?

    /// `sysroot` may be nil or empty (no redirection); a relative sysroot is
    /// made absolute now, so the guest's chdir does not move it.
    public init(sysroot: String?) {
        if let s = sysroot, !s.isEmpty {
            var t = s
            if !t.hasPrefix("/"), let cwd = getcwd(nil, 0) {
                t = String(cString: cwd) + "/" + t
                free(cwd)
            }
            while t.count > 1 && t.hasSuffix("/") { t.removeLast() }
            // Symlinks resolved, so host paths the kernel reports (all resolved) start with it.
            if let resolved = realpath(t, nil) {
                t = String(cString: resolved)
                free(resolved)
            }
            self.sysroot = t == "/" ? nil : t
        } else {
            self.sysroot = nil
        }
    }

    /// The host path for guest path bytes (no NUL) looked up relative to the
    /// directory descriptor `dirfd` (AT_FDCWD: the working directory).
    ///
    /// Absolute paths follow qemu's `-L` rule. Besides, the sysroot is the
    /// guest's root for `..` as a chroot would be: a `..` that would climb
    /// above it (from the working directory or `dirfd` at the sysroot's root,
    /// or in an absolute path) stays at the root, as Linux's `..` at `/` does.
    public func host(_ guest: [UInt8], relativeTo dirfd: Int32 = AT_FDCWD) -> [UInt8] {
        guard let sysroot, !Self.isProc(guest) else { return guest }
        let root = Array(sysroot.utf8)
        let parts = guest.split(separator: Self.slash, omittingEmptySubsequences: false).map(Array.init)
        let climbs = parts.contains(Self.dotDot)
        if guest.first == Self.slash {
            guard climbs else { return unionPath(guest) }
            guard let confined = confine(from: root, parts, trailingSlash: guest.last == Self.slash) else { return unionPath(guest) }
            return contains(confined) ? unionPath(self.guest(confined)) : confined
        }
        guard climbs, let start = directoryPath(dirfd), contains(start),
              let confined = confine(from: start, parts, trailingSlash: guest.last == Self.slash) else { return guest }
        return confined
    }

    /// qemu's rule for an absolute guest path: inside the sysroot when it exists there.
    private func unionPath(_ guest: [UInt8]) -> [UInt8] {
        guard let sysroot, guest.first == Self.slash else { return guest }
        let candidate = Array(sysroot.utf8) + guest
        var st = stat()
        let exists = (candidate + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &st) == 0 }
        }
        return exists ? candidate : guest
    }

    static let slash = UInt8(ascii: "/"), dotDot = Array("..".utf8), dot = Array(".".utf8)

    /// Whether host path `path` is the sysroot or inside it.
    func contains(_ path: [UInt8]) -> Bool {
        guard let sysroot else { return false }
        let root = Array(sysroot.utf8)
        return path.starts(with: root) && (path.count == root.count || path[root.count] == Self.slash)
    }

    /// The host path of directory descriptor `dirfd` (AT_FDCWD: the working directory), nil if it names none.
    private func directoryPath(_ dirfd: Int32) -> [UInt8]? {
        var buffer = [CChar](repeating: 0, count: 4097)
        if dirfd == AT_FDCWD {
            guard getcwd(&buffer, buffer.count) != nil else { return nil }
            return buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        }
        var st = stat()
        guard fstat(dirfd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
        let n = readlink("/proc/self/fd/\(dirfd)", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return buffer.prefix(n).map { UInt8(bitPattern: $0) }
    }

    /// Walks path components `parts` from host directory `start` as the kernel
    /// would, except that `..` at the sysroot's root stays there. Components
    /// before the last `..` are resolved one by one (symlinks followed, as the
    /// kernel's `..` is physical). Returns nil when no `..` tried to climb
    /// above the root (the kernel's own lookup of the path is then the same),
    /// otherwise the host path to look up instead.
    func confine(from start: [UInt8], _ parts: [[UInt8]], trailingSlash: Bool) -> [UInt8]? {
        guard let sysroot, let last = parts.lastIndex(of: Self.dotDot) else { return nil }
        let root = Array(sysroot.utf8)
        var current = start, held = false
        func rest(_ from: Int) -> [UInt8] {
            let tail = parts[from...].filter { !$0.isEmpty }
            guard !tail.isEmpty else { return current }
            return current + [Self.slash] + Array(tail.joined(separator: [Self.slash])) + (trailingSlash ? [Self.slash] : [])
        }
        for i in 0 ... last {
            let part = parts[i]
            if part.isEmpty || part == Self.dot { continue }
            if part == Self.dotDot {
                if current == root { held = true; continue }
                if let cut = current.lastIndex(of: Self.slash) { current = cut == 0 ? [Self.slash] : Array(current[..<cut]) }
                continue
            }
            // The kernel fails at this component (missing, not a directory, a loop...):
            // looking up the rest from here reports the same error.
            guard let next = Self.resolvedDirectory(current + [Self.slash] + part) else { return held ? rest(i) : nil }
            current = next
        }
        return held ? rest(last + 1) : nil
    }

    /// The canonical host path of `path` if it is a directory.
    static func resolvedDirectory(_ path: [UInt8]) -> [UInt8]? {
        (path + [0]).withUnsafeBufferPointer { p -> [UInt8]? in
            p.withMemoryRebound(to: CChar.self) { c in
                guard let r = realpath(c.baseAddress!, nil) else { return nil }
                defer { free(r) }
                var st = stat()
                guard stat(r, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
                return Array(UnsafeRawBufferPointer(start: r, count: strlen(r)))
            }
        }
    }

    /// The guest's name for a host path the kernel reported: inside the sysroot,
    /// the part after it (`/` for the sysroot itself); anything else unchanged.
    public func guest(_ host: [UInt8]) -> [UInt8] {
        guard let sysroot else { return host }
        let root = Array(sysroot.utf8)
        guard host.starts(with: root) else { return host }
        if host.count == root.count { return [UInt8(ascii: "/")] }
        return host[root.count] == UInt8(ascii: "/") ? Array(host[root.count...]) : host
    }

    /// The guest's name for a host path string.
    public func guest(_ host: String) -> String { String(decoding: guest(Array(host.utf8)), as: UTF8.self) }

    /// The host path for a guest path string (relative paths to the working directory).
    public func host(_ guest: String) -> String { String(decoding: host(Array(guest.utf8)), as: UTF8.self) }

    /// Where `guest` would be looked up inside the sysroot (for messages).
    public func lookedUp(_ guest: String) -> String {
        guard let sysroot, guest.hasPrefix("/") else { return guest }
        return sysroot + guest
    }

    /// Whether `path` is /proc or below it.
    static func isProc(_ path: [UInt8]) -> Bool {
        let proc = Array("/proc".utf8)
        return path.starts(with: proc) && (path.count == proc.count || path[proc.count] == UInt8(ascii: "/"))
    }
}
