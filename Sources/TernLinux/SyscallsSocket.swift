import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Sockets (AF_UNIX, AF_INET, AF_INET6). Socket addresses, `msghdr`,
/// `cmsghdr`, socket option values and the SOCK_* / MSG_* constants have the
/// same layout and values on riscv64 and x86-64 (asm-generic), so most socket
/// calls are the host kernel's on the guest's own buffers (SyscallTable.swift);
/// only the pointers inside a `msghdr` (and a socket filter program) are translated here.
extension SyscallHandler {
    /// setsockopt: SO_ATTACH_FILTER and SO_ATTACH_REUSEPORT_CBPF take a
    /// `struct sock_fprog` whose filter pointer is translated; other option
    /// values are the guest's own bytes.
    func sysSetsockopt(_ a: SyscallArgs) -> Int64 {
        let level = a.int32(1), name = a.int32(2)
        func call(_ value: Int) -> Int64 {
            hostResult(host_syscall(54, Int(a.int32(0)), Int(level), Int(name), value, Int(a.int32(4)), 0))
        }
        guard level == 1, name == 26 || name == 51, let raw = copyIn(a[3], 16) else { return call(kernelString(a[3])) }
        let r = ByteReader(raw)
        let length = UInt64(UInt16(truncatingIfNeeded: r.u64(0)))
        var program = raw
        StructWriter.put(UInt64(bitPattern: Int64(kernelBuffer(r.u64(8), length * 8))), into: &program, at: 8)
        return program.withUnsafeBytes { call(Int(bitPattern: $0.baseAddress)) }
    }

    // MARK: msghdr

    /// Offsets in the 56-byte `struct msghdr` and the 64-byte `struct mmsghdr`.
    enum Msghdr {
        static let size = 56, name = 0, namelen = 8, iov = 16, iovlen = 24, control = 32, controllen = 40, flags = 48
        static let mmsgSize = 64, mmsgLength = 56
    }

    /// Calls `body` with host copies of the `count` guest msghdrs at `address`
    /// (spaced `stride` bytes), their name, iovec and control pointers
    /// translated as any guest buffer (`KernelArguments`): `body` gets the host
    /// array and how many entries it holds. Entries are copied up to the first
    /// unreadable one; with none readable the kernel gets the guest's own
    /// array (its EFAULT comes in its own order). `writes`: the kernel fills
    /// the buffers (receiving); then, for the first `body` result entries, the
    /// lengths and flags the kernel set are copied back, with `received(i)`
    /// told first (mmsghdr lengths); a read-only header makes the call EFAULT
    /// after the fact, as Linux's copy back does.
    func withKernelMessages(_ address: UInt64, count: Int, stride: Int, writes: Bool,
                            received: ((Int, UnsafeMutableRawPointer) -> Bool)? = nil,
                            _ body: (Int, Int) -> Int64) -> Int64 {
        var headers: [[UInt8]] = []
        for i in 0 ..< count {
            guard let raw = copyIn(address &+ UInt64(i * stride), Msghdr.size) else { break }
            headers.append(raw)
        }
        guard !headers.isEmpty else { return body(kernelBuffer(address, UInt64(stride)), count) }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: headers.count * stride, alignment: 8)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: headers.count * stride)
        var vectors: [UnsafeMutableBufferPointer<iovec>] = []
        defer {
            storage.deallocate()
            for v in vectors { v.deallocate() }
        }
        for (i, raw) in headers.enumerated() {
            let r = ByteReader(raw)
            var h = raw
            let nameLength = UInt64(r.u32(Msghdr.namelen)), controlLength = r.u64(Msghdr.controllen)
            StructWriter.put(UInt64(bitPattern: Int64(kernelBuffer(r.u64(Msghdr.name), nameLength, writes: writes))), into: &h, at: Msghdr.name)
            StructWriter.put(UInt64(bitPattern: Int64(kernelBuffer(r.u64(Msghdr.control), controlLength, writes: writes))), into: &h, at: Msghdr.control)
            let iovCount = r.u64(Msghdr.iovlen)
            let iov: Int
            if let vecs = kernelIOVecs(r.u64(Msghdr.iov), iovCount, writes: writes) {
                let v = UnsafeMutableBufferPointer<iovec>.allocate(capacity: max(vecs.count, 1))
                _ = v.initialize(from: vecs)
                vectors.append(v)
                iov = Int(bitPattern: v.baseAddress)
            } else {
                iov = kernelBuffer(r.u64(Msghdr.iov), iovCount.multipliedReportingOverflow(by: 16).partialValue)
            }
            StructWriter.put(UInt64(bitPattern: Int64(iov)), into: &h, at: Msghdr.iov)
            h.withUnsafeBytes { (storage + i * stride).copyMemory(from: $0.baseAddress!, byteCount: Msghdr.size) }
        }
        let result = body(Int(bitPattern: storage), headers.count)
        guard writes || received != nil, result >= 0 else { return result }
        let done = received != nil ? Int(result) : 1
        for i in 0 ..< min(done, headers.count) {
            let host = storage + i * stride, guest = address &+ UInt64(i * stride)
            if let received, !received(i, host) { return i > 0 ? Int64(i) : -Errno.EFAULT }
            guard writes else { continue }
            let namelen = host.load(fromByteOffset: Msghdr.namelen, as: UInt32.self)
            let controllen = host.load(fromByteOffset: Msghdr.controllen, as: UInt64.self)
            let flags = host.load(fromByteOffset: Msghdr.flags, as: Int32.self)
            guard copyOut(guest + UInt64(Msghdr.namelen), value: namelen, size: 4),
                  copyOut(guest + UInt64(Msghdr.flags), value: flags, size: 4),
                  copyOut(guest + UInt64(Msghdr.controllen), value: controllen, size: 8) else {
                return received != nil && i > 0 ? Int64(i) : -Errno.EFAULT
            }
        }
        return result
    }

    func sysSendmsg(_ a: SyscallArgs) -> Int64 {
        withKernelMessages(a[1], count: 1, stride: Msghdr.size, writes: false) { m, _ in
            hostResult(blocking { host_syscall(46, Int(a.int32(0)), m, Int(a.int32(2)), 0, 0, 0) })
        }
    }

    func sysRecvmsg(_ a: SyscallArgs) -> Int64 {
        withKernelMessages(a[1], count: 1, stride: Msghdr.size, writes: true) { m, _ in
            hostResult(blocking { host_syscall(47, Int(a.int32(0)), m, Int(a.int32(2)), 0, 0, 0) })
        }
    }

    /// sendmmsg/recvmmsg (x86-64 307/299): the host's, on host copies of the
    /// guest's `struct mmsghdr` array (at most UIO_MAXIOV entries, as Linux
    /// takes); each sent or received entry gets its msg_len back.
    func sysMmsg(_ a: SyscallArgs, receive: Bool) -> Int64 {
        let count = Int(min(a[2] & 0xffff_ffff, UInt64(Self.maxIOVecs)))
        let lengths: (Int, UnsafeMutableRawPointer) -> Bool = { i, host in
            self.copyOut(a[1] &+ UInt64(i * Msghdr.mmsgSize + Msghdr.mmsgLength),
                         value: host.load(fromByteOffset: Msghdr.mmsgLength, as: UInt32.self), size: 4)
        }
        return withKernelMessages(a[1], count: count, stride: Msghdr.mmsgSize, writes: receive, received: lengths) { m, n in
            let timeout = receive ? kernelBuffer(a[4], 16, writes: true) : 0  // the kernel writes back what is left
            return hostResult(blocking { host_syscall(receive ? 299 : 307, Int(a.int32(0)), m, n, Int(a.int32(3)), timeout, 0) })
        }
    }
}
