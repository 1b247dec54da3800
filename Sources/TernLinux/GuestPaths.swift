#if canImport(Glibc)
import Glibc
#endif

/// Maps guest paths to host paths the way qemu-user's `-L` does: an absolute
/// guest path names the file inside the sysroot when it exists there,
/// otherwise the host file of the same name. Relative paths and `/proc` are
/// never redirected (they belong to the host process the guest runs in).
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

    /// The host path for guest path bytes (no NUL).
    public func host(_ guest: [UInt8]) -> [UInt8] {
        guard let sysroot, guest.first == UInt8(ascii: "/"), !Self.isProc(guest) else { return guest }
        let candidate = Array(sysroot.utf8) + guest
        var st = stat()
        let exists = (candidate + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &st) == 0 }
        }
        return exists ? candidate : guest
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

    /// The host path for a guest path string.
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
