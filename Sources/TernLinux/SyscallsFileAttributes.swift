import TernCore
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("getxattr") func host_getxattr(_ p: UnsafePointer<CChar>, _ n: UnsafePointer<CChar>, _ v: UnsafeMutableRawPointer?, _ s: Int) -> Int
@_silgen_name("lgetxattr") func host_lgetxattr(_ p: UnsafePointer<CChar>, _ n: UnsafePointer<CChar>, _ v: UnsafeMutableRawPointer?, _ s: Int) -> Int
@_silgen_name("fgetxattr") func host_fgetxattr(_ fd: Int32, _ n: UnsafePointer<CChar>, _ v: UnsafeMutableRawPointer?, _ s: Int) -> Int
@_silgen_name("listxattr") func host_listxattr(_ p: UnsafePointer<CChar>, _ l: UnsafeMutablePointer<CChar>?, _ s: Int) -> Int
@_silgen_name("llistxattr") func host_llistxattr(_ p: UnsafePointer<CChar>, _ l: UnsafeMutablePointer<CChar>?, _ s: Int) -> Int
@_silgen_name("flistxattr") func host_flistxattr(_ fd: Int32, _ l: UnsafeMutablePointer<CChar>?, _ s: Int) -> Int
@_silgen_name("setxattr") func host_setxattr(_ p: UnsafePointer<CChar>, _ n: UnsafePointer<CChar>, _ v: UnsafeRawPointer?, _ s: Int, _ f: Int32) -> Int32
@_silgen_name("lsetxattr") func host_lsetxattr(_ p: UnsafePointer<CChar>, _ n: UnsafePointer<CChar>, _ v: UnsafeRawPointer?, _ s: Int, _ f: Int32) -> Int32
@_silgen_name("fsetxattr") func host_fsetxattr(_ fd: Int32, _ n: UnsafePointer<CChar>, _ v: UnsafeRawPointer?, _ s: Int, _ f: Int32) -> Int32
@_silgen_name("removexattr") func host_removexattr(_ p: UnsafePointer<CChar>, _ n: UnsafePointer<CChar>) -> Int32
@_silgen_name("lremovexattr") func host_lremovexattr(_ p: UnsafePointer<CChar>, _ n: UnsafePointer<CChar>) -> Int32
@_silgen_name("fremovexattr") func host_fremovexattr(_ fd: Int32, _ n: UnsafePointer<CChar>) -> Int32
@_silgen_name("statfs") func host_statfs(_ p: UnsafePointer<CChar>, _ buf: UnsafeMutableRawPointer) -> Int32
@_silgen_name("fstatfs") func host_fstatfs(_ fd: Int32, _ buf: UnsafeMutableRawPointer) -> Int32
@_silgen_name("sendfile") func host_sendfile(_ out: Int32, _ inp: Int32, _ off: UnsafeMutablePointer<Int64>?, _ n: Int) -> Int
@_silgen_name("copy_file_range") func host_copy_file_range(_ i: Int32, _ io: UnsafeMutablePointer<Int64>?, _ o: Int32,
                                                           _ oo: UnsafeMutablePointer<Int64>?, _ n: Int, _ f: UInt32) -> Int
@_silgen_name("fallocate") func host_fallocate(_ fd: Int32, _ mode: Int32, _ off: Int64, _ len: Int64) -> Int32
@_silgen_name("syncfs") func host_syncfs(_ fd: Int32) -> Int32

/// Ownership, file-system statistics, extended attributes, in-kernel copies.
extension SyscallHandler {
    /// `struct statfs`: 120 bytes, identical on both ABIs (all fields 64-bit
    /// words except the two-int f_fsid).
    static let statfsSize = 120
    /// XATTR_SIZE_MAX and XATTR_LIST_MAX.
    static let xattrMax = 65536

    func sysFchown(_ a: SyscallArgs) -> Int64 {
        Errno.result(fchown(a.int32(0), uid_t(truncatingIfNeeded: a[1]), gid_t(truncatingIfNeeded: a[2])))
    }

    func sysFchownat(_ a: SyscallArgs) -> Int64 {
        withPath(a[1]) {
            Errno.result(fchownat(a.int32(0), $0, uid_t(truncatingIfNeeded: a[2]), gid_t(truncatingIfNeeded: a[3]), a.int32(4) & Self.atFlagsMask))
        }
    }

    private func statfsResult(_ address: UInt64, _ call: (UnsafeMutableRawPointer) -> Int32) -> Int64 {
        guard guestPointer(address, Self.statfsSize, .write) != nil else { return -Errno.EFAULT }
        var buffer = [UInt8](repeating: 0, count: Self.statfsSize)
        let r = buffer.withUnsafeMutableBytes { Errno.result(call($0.baseAddress!)) }
        return r < 0 ? r : (copyOut(address, buffer) ? 0 : -Errno.EFAULT)
    }

    func sysStatfs(_ a: SyscallArgs) -> Int64 { withPath(a[0]) { path in statfsResult(a[1]) { host_statfs(path, $0) } } }
    func sysFstatfs(_ a: SyscallArgs) -> Int64 { statfsResult(a[1]) { host_fstatfs(a.int32(0), $0) } }

    /// Reads an attribute name (XATTR_NAME_MAX 255).
    private func withAttributeName(_ address: UInt64, _ body: (UnsafePointer<CChar>) -> Int64) -> Int64 {
        switch guestPath(address) {
        case .failure(let e): return -e.errno
        case .success(let bytes):
            guard !bytes.isEmpty, bytes.count <= 255 else { return -Errno.ERANGE }
            return (bytes + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
        }
    }

    /// Output buffer of an xattr call: size 0 asks for the needed size only.
    private func xattrBuffer(_ address: UInt64, _ size: UInt64) -> Result<(UnsafeMutableRawPointer?, Int), SyscallError> {
        let n = Int(min(size, UInt64(Self.xattrMax)))
        if n == 0 { return .success((nil, 0)) }
        guard let p = guestPointer(address, n, .write) else { return .failure(.init(Errno.EFAULT)) }
        return .success((p, n))
    }

    /// getxattr / lgetxattr (path form) and fgetxattr (fd form: `pathArg` nil).
    func sysGetxattr(_ a: SyscallArgs, follow: Bool, byFD: Bool = false) -> Int64 {
        guard case .success(let (buf, n)) = xattrBuffer(a[2], a[3]) else { return -Errno.EFAULT }
        return withAttributeName(a[1]) { name in
            if byFD { return Errno.result(host_fgetxattr(a.int32(0), name, buf, n)) }
            return withPath(a[0]) { follow ? Errno.result(host_getxattr($0, name, buf, n)) : Errno.result(host_lgetxattr($0, name, buf, n)) }
        }
    }

    func sysListxattr(_ a: SyscallArgs, follow: Bool, byFD: Bool = false) -> Int64 {
        guard case .success(let (buf, n)) = xattrBuffer(a[1], a[2]) else { return -Errno.EFAULT }
        let list = buf?.assumingMemoryBound(to: CChar.self)
        if byFD { return Errno.result(host_flistxattr(a.int32(0), list, n)) }
        return withPath(a[0]) { follow ? Errno.result(host_listxattr($0, list, n)) : Errno.result(host_llistxattr($0, list, n)) }
    }

    func sysSetxattr(_ a: SyscallArgs, follow: Bool, byFD: Bool = false) -> Int64 {
        guard a[3] <= UInt64(Self.xattrMax) else { return -Errno.E2BIG }
        guard let value = copyIn(a[2], Int(a[3])) else { return -Errno.EFAULT }
        return withAttributeName(a[1]) { name in
            value.withUnsafeBytes { v in
                if byFD { return Errno.result(host_fsetxattr(a.int32(0), name, v.baseAddress, v.count, a.int32(4))) }
                return withPath(a[0]) {
                    follow ? Errno.result(host_setxattr($0, name, v.baseAddress, v.count, a.int32(4)))
                           : Errno.result(host_lsetxattr($0, name, v.baseAddress, v.count, a.int32(4)))
                }
            }
        }
    }

    func sysRemovexattr(_ a: SyscallArgs, follow: Bool, byFD: Bool = false) -> Int64 {
        withAttributeName(a[1]) { name in
            if byFD { return Errno.result(host_fremovexattr(a.int32(0), name)) }
            return withPath(a[0]) { follow ? Errno.result(host_removexattr($0, name)) : Errno.result(host_lremovexattr($0, name)) }
        }
    }

    // MARK: In-kernel copies

    /// Reads an optional guest loff_t, calls `body` with a host copy, writes it back.
    private func withOffset(_ address: UInt64, _ body: (UnsafeMutablePointer<Int64>?) -> Int64) -> Int64 {
        if address == 0 { return body(nil) }
        guard var offset = try? memory.load(address, as: Int64.self), guestPointer(address, 8, .write) != nil else { return -Errno.EFAULT }
        let r = body(&offset)
        if r >= 0 { _ = copyOut(address, value: offset, size: 8) }
        return r
    }

    func sysSendfile(_ a: SyscallArgs) -> Int64 {
        withOffset(a[2]) { offset in Errno.result(blocking { host_sendfile(a.int32(0), a.int32(1), offset, Int(min(a[3], 0x7fff_f000))) }) }
    }

    func sysCopyFileRange(_ a: SyscallArgs) -> Int64 {
        withOffset(a[1]) { inOffset in
            withOffset(a[3]) { outOffset in
                Errno.result(blocking { host_copy_file_range(a.int32(0), inOffset, a.int32(2), outOffset, Int(min(a[4], 0x7fff_f000)), UInt32(truncatingIfNeeded: a[5])) })
            }
        }
    }

    func sysFallocate(_ a: SyscallArgs) -> Int64 { Errno.result(blocking { host_fallocate(a.int32(0), a.int32(1), a.int(2), a.int(3)) }) }
    func sysSyncfs(_ a: SyscallArgs) -> Int64 { Errno.result(blocking { host_syncfs(a.int32(0)) }) }

    func sysMknodat(_ a: SyscallArgs) -> Int64 {
        withPath(a[1]) { Errno.result(mknodat(a.int32(0), $0, mode_t(truncatingIfNeeded: a[2]), dev_t(truncatingIfNeeded: a[3] & 0xffff_ffff))) }
    }

    func sysMemfdCreate(_ a: SyscallArgs) -> Int64 {
        switch guestPath(a[0]) {
        case .failure(let e): return -e.errno
        case .success(let name):
            guard name.count <= 249 else { return -Errno.EINVAL }
            return (name + [0]).withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { Errno.result(host_memfd_create($0.baseAddress!, UInt32(truncatingIfNeeded: a[1]))) }
            }
        }
    }
}
