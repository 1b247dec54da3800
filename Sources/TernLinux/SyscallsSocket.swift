import TernCore
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("accept4")
func host_accept4(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32

/// Sockets (AF_UNIX, AF_INET, AF_INET6). Socket addresses, `msghdr`,
/// `cmsghdr`, socket option values and the SOCK_* / MSG_* constants have the
/// same layout and values on riscv64 and x86-64 (asm-generic), so addresses
/// and option buffers are copied byte for byte; only the pointers inside a
/// `msghdr` are translated.
extension SyscallHandler {
    /// sizeof(struct sockaddr_storage).
    static let sockaddrMax = 128
    /// Largest socket option value accepted.
    static let sockoptMax = 4096

    func sysSocket(_ a: SyscallArgs) -> Int64 { Errno.result(socket(a.int32(0), a.int32(1), a.int32(2))) }

    func sysSocketpair(_ a: SyscallArgs) -> Int64 {
        guard guestPointer(a[3], 8, .write) != nil else { return -Errno.EFAULT }
        var fds: [Int32] = [0, 0]
        guard socketpair(a.int32(0), a.int32(1), a.int32(2), &fds) == 0 else { return Errno.lastHostError() }
        var w = StructWriter(size: 8)
        w.put(fds[0], at: 0); w.put(fds[1], at: 4)
        return copyOut(a[3], w.bytes) ? 0 : -Errno.EFAULT
    }

    /// Copies a guest socket address in; nil (with -errno) on failure.
    private func sockaddrIn(_ address: UInt64, _ length: UInt64) -> Result<[UInt8], SyscallError> {
        guard Int64(bitPattern: length) >= 0, length <= UInt64(Self.sockaddrMax) else { return .failure(.init(Errno.EINVAL)) }
        guard let bytes = copyIn(address, Int(length)) else { return .failure(.init(Errno.EFAULT)) }
        return .success(bytes)
    }

    /// bind / connect: a socket and an input address.
    private func withAddress(_ a: SyscallArgs, _ call: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int64 {
        switch sockaddrIn(a[1], a[2]) {
        case .failure(let e): return -e.errno
        case .success(var bytes):
            let n = bytes.count
            bytes += [UInt8](repeating: 0, count: Self.sockaddrMax - n)
            return bytes.withUnsafeBytes { Errno.result(call(a.int32(0), $0.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(n))) }
        }
    }

    func sysBind(_ a: SyscallArgs) -> Int64 { withAddress(a) { bind($0, $1, $2) } }
    func sysConnect(_ a: SyscallArgs) -> Int64 { withAddress(a) { fd, addr, len in blocking { connect(fd, addr, len) } } }
    func sysListen(_ a: SyscallArgs) -> Int64 { Errno.result(listen(a.int32(0), a.int32(1))) }
    func sysShutdown(_ a: SyscallArgs) -> Int64 { Errno.result(shutdown(a.int32(0), a.int32(1))) }

    /// Calls `body` with a host address buffer and length, then copies the
    /// address out to the guest's (address, *length) pair as Linux does:
    /// truncated to the guest's length, the full length stored back.
    private func withAddressOut(_ address: UInt64, _ lengthAddress: UInt64,
                                _ body: (UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?) -> Int64) -> Int64 {
        if address == 0 || lengthAddress == 0 { return body(nil, nil) }
        guard let guestLength = try? memory.load(lengthAddress, as: UInt32.self) else { return -Errno.EFAULT }
        guard Int32(bitPattern: guestLength) >= 0 else { return -Errno.EINVAL }
        guard guestPointer(lengthAddress, 4, .write) != nil else { return -Errno.EFAULT }
        var buffer = [UInt8](repeating: 0, count: Self.sockaddrMax)
        var length = socklen_t(Self.sockaddrMax)
        let r = buffer.withUnsafeMutableBytes { body($0.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length) }
        guard r >= 0 else { return r }
        let n = Int(min(UInt32(length), guestLength, UInt32(Self.sockaddrMax)))
        guard copyOut(address, Array(buffer.prefix(n))), copyOut(lengthAddress, value: UInt32(length), size: 4) else {
            return -Errno.EFAULT
        }
        return r
    }

    func sysAccept(_ a: SyscallArgs, hasFlags: Bool) -> Int64 {
        let flags = hasFlags ? a.int32(3) : 0
        return withAddressOut(a[1], a[2]) { p, l in Errno.result(blocking { host_accept4(a.int32(0), p, l, flags) }) }
    }

    func sysGetsockname(_ a: SyscallArgs, peer: Bool) -> Int64 {
        guard a[1] != 0, a[2] != 0 else { return -Errno.EFAULT }
        return withAddressOut(a[1], a[2]) { peer ? Errno.result(getpeername(a.int32(0), $0, $1)) : Errno.result(getsockname(a.int32(0), $0, $1)) }
    }

    func sysSendto(_ a: SyscallArgs) -> Int64 {
        guard let (p, n) = ioBuffer(a[1], a[2], .read) else { return -Errno.EFAULT }
        if a[4] == 0 { return Errno.result(blocking { sendto(a.int32(0), p, n, a.int32(3), nil, 0) }) }
        switch sockaddrIn(a[4], a[5]) {
        case .failure(let e): return -e.errno
        case .success(var bytes):
            let count = bytes.count
            bytes += [UInt8](repeating: 0, count: Self.sockaddrMax - count)
            return bytes.withUnsafeBytes { raw in
                Errno.result(blocking { sendto(a.int32(0), p, n, a.int32(3), raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(count)) })
            }
        }
    }

    func sysRecvfrom(_ a: SyscallArgs) -> Int64 {
        guard let (p, n) = ioBuffer(a[1], a[2], .write) else { return -Errno.EFAULT }
        return withAddressOut(a[4], a[5]) { addr, len in Errno.result(blocking { recvfrom(a.int32(0), p, n, a.int32(3), addr, len) }) }
    }

    func sysSetsockopt(_ a: SyscallArgs) -> Int64 {
        let length = a[4] & 0xffff_ffff
        guard Int32(truncatingIfNeeded: length) >= 0 else { return -Errno.EINVAL }
        guard var value = copyIn(a[3], Int(min(length, UInt64(Self.sockoptMax)))) else { return -Errno.EFAULT }
        if value.isEmpty { value = [0] }
        return value.withUnsafeBytes {
            Errno.result(setsockopt(a.int32(0), a.int32(1), a.int32(2), $0.baseAddress, socklen_t(min(length, UInt64(Self.sockoptMax)))))
        }
    }

    func sysGetsockopt(_ a: SyscallArgs) -> Int64 {
        guard let guestLength = try? memory.load(a[4], as: UInt32.self) else { return -Errno.EFAULT }
        guard Int32(bitPattern: guestLength) >= 0 else { return -Errno.EINVAL }
        var length = socklen_t(min(guestLength, UInt32(Self.sockoptMax)))
        var value = [UInt8](repeating: 0, count: Int(max(length, 1)))
        let r = value.withUnsafeMutableBytes { Errno.result(getsockopt(a.int32(0), a.int32(1), a.int32(2), $0.baseAddress, &length)) }
        guard r >= 0 else { return r }
        guard copyOut(a[3], Array(value.prefix(Int(length)))), copyOut(a[4], value: UInt32(length), size: 4) else { return -Errno.EFAULT }
        return r
    }

    // MARK: sendmsg / recvmsg

    /// Offsets in the 56-byte `struct msghdr` (same on both ABIs).
    private enum Msghdr {
        static let size = 56, name = 0, namelen = 8, iov = 16, iovlen = 24, control = 32, controllen = 40, flags = 48
    }

    /// Translates a guest msghdr into a host one and calls `body`; writes
    /// back namelen, controllen and flags.
    func withMsghdr(_ address: UInt64, _ access: MemoryProtection, _ body: (UnsafeMutablePointer<msghdr>) -> Int64) -> Int64 {
        guard let raw = copyIn(address, Msghdr.size) else { return -Errno.EFAULT }
        let r = ByteReader(raw)
        let nameAddress = r.u64(Msghdr.name), nameLength = r.u32(Msghdr.namelen)
        let controlAddress = r.u64(Msghdr.control), controlLength = r.u64(Msghdr.controllen)
        guard Int32(bitPattern: nameLength) >= 0 else { return -Errno.EINVAL }
        let vecs: [iovec]
        switch hostIOVecs(r.u64(Msghdr.iov), Int64(bitPattern: r.u64(Msghdr.iovlen)), access) {
        case .failure(let e): return -e.errno
        case .success(let v): vecs = v
        }
        var name: UnsafeMutableRawPointer?
        if nameAddress != 0 && nameLength > 0 {
            guard let p = guestPointer(nameAddress, Int(min(nameLength, UInt32(Self.sockaddrMax))), access) else { return -Errno.EFAULT }
            name = p
        }
        var control: UnsafeMutableRawPointer?
        let controlCount = Int(min(controlLength, 1 << 20))
        if controlAddress != 0 && controlCount > 0 {
            guard let p = guestPointer(controlAddress, controlCount, access) else { return -Errno.EFAULT }
            control = p
        }
        var vecCopy = vecs
        return vecCopy.withUnsafeMutableBufferPointer { v in
            var m = msghdr()
            m.msg_name = name
            m.msg_namelen = socklen_t(min(nameLength, UInt32(Self.sockaddrMax)))
            m.msg_iov = v.baseAddress
            m.msg_iovlen = v.count
            m.msg_control = control
            m.msg_controllen = control == nil ? 0 : controlCount
            m.msg_flags = 0
            let result = body(&m)
            if result >= 0 && access.contains(.write) {
                var w = StructWriter(size: 4)
                w.put(UInt32(m.msg_namelen), at: 0)
                _ = copyOut(address + UInt64(Msghdr.namelen), w.bytes)
                _ = copyOut(address + UInt64(Msghdr.controllen), value: UInt64(m.msg_controllen), size: 8)
                _ = copyOut(address + UInt64(Msghdr.flags), value: m.msg_flags, size: 4)
            }
            return result
        }
    }

    func sysSendmsg(_ a: SyscallArgs) -> Int64 {
        withMsghdr(a[1], .read) { m in Errno.result(blocking { sendmsg(a.int32(0), m, a.int32(2)) }) }
    }

    func sysRecvmsg(_ a: SyscallArgs) -> Int64 {
        withMsghdr(a[1], .write) { m in Errno.result(blocking { recvmsg(a.int32(0), m, a.int32(2)) }) }
    }
}
