import TernCore
import TernELF
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("ioctl")
func host_ioctl(_ fd: Int32, _ request: UInt, _ argument: Int) -> Int32

/// How a request's third argument travels to the host: the structures named
/// here have the same layout on riscv64 and x86-64 (asm-generic), so the host
/// kernel reads and writes the guest's own (`KernelArguments`).
enum ControlArgument: Equatable, Sendable {
    /// The kernel writes this many bytes at the pointer.
    case output(Int)
    /// The kernel reads this many bytes at the pointer.
    case input(Int)
    /// The kernel reads and writes this many bytes at the pointer.
    case inputOutput(Int)
    /// The argument is a plain integer (or unused).
    case value
    /// The argument is open(2) flags (translated), the result a new descriptor.
    case openFlags
    /// SIOCGIFCONF's `struct ifconf` {int ifc_len; char *ifc_buf}: the buffer
    /// pointer inside it is a guest address (the kernel fills `ifc_len` bytes
    /// of `struct ifreq` there and updates `ifc_len`).
    case interfaceList
}

/// ioctl and fcntl: declarative tables of the requests Tern passes to the host.
extension SyscallHandler {
    /// ioctl requests by number (asm-generic/ioctls.h; the same numbers on both ABIs).
    static let ioctlRequests: [UInt: ControlArgument] = [
        0x5401: .output(SameLayout.kernelTermios),  // TCGETS
        0x5402: .input(SameLayout.kernelTermios),   // TCSETS
        0x5403: .input(SameLayout.kernelTermios),   // TCSETSW (waits for output to drain)
        0x5404: .input(SameLayout.kernelTermios),   // TCSETSF
        0x802c_542a: .output(SameLayout.termios2),  // TCGETS2
        0x402c_542b: .input(SameLayout.termios2),   // TCSETS2
        0x402c_542c: .input(SameLayout.termios2),   // TCSETSW2
        0x402c_542d: .input(SameLayout.termios2),   // TCSETSF2
        0x5409: .value,                 // TCSBRK (tcdrain: waits)
        0x540a: .value,                 // TCXONC
        0x540b: .value,                 // TCFLSH
        0x540c: .value,                 // TIOCEXCL
        0x540d: .value,                 // TIOCNXCL
        0x540e: .value,                 // TIOCSCTTY
        0x540f: .output(4),             // TIOCGPGRP
        0x5410: .input(4),              // TIOCSPGRP
        0x5411: .output(4),             // TIOCOUTQ
        0x5412: .input(1),              // TIOCSTI
        0x5413: .output(SameLayout.winsize),  // TIOCGWINSZ
        0x5414: .input(SameLayout.winsize),   // TIOCSWINSZ
        0x5415: .output(4),             // TIOCMGET
        0x5416: .input(4),              // TIOCMBIS
        0x5417: .input(4),              // TIOCMBIC
        0x5418: .input(4),              // TIOCMSET
        0x5419: .output(4),             // TIOCGSOFTCAR
        0x541a: .input(4),              // TIOCSSOFTCAR
        0x541b: .output(4),             // FIONREAD
        0x541d: .value,                 // TIOCCONS
        0x5420: .input(4),              // TIOCPKT
        0x5421: .input(4),              // FIONBIO
        0x5422: .value,                 // TIOCNOTTY
        0x5423: .input(4),              // TIOCSETD
        0x5424: .output(4),             // TIOCGETD
        0x5425: .value,                 // TCSBRKP
        0x5427: .value,                 // TIOCSBRK
        0x5428: .value,                 // TIOCCBRK
        0x5429: .output(4),             // TIOCGSID
        0x8004_5430: .output(4),        // TIOCGPTN
        0x4004_5431: .input(4),         // TIOCSPTLCK
        0x8004_5432: .output(4),        // TIOCGDEV
        0x8004_5438: .output(4),        // TIOCGPKT
        0x8004_5439: .output(4),        // TIOCGPTLCK
        0x8004_5440: .output(4),        // TIOCGEXCL
        0x5441: .openFlags,             // TIOCGPTPEER
        0x5450: .value,                 // FIONCLEX
        0x5451: .value,                 // FIOCLEX
        0x5452: .input(4),              // FIOASYNC
        0x5460: .output(8),             // FIOQSIZE
        // Sockets (linux/sockios.h): struct ifreq is 40 bytes on both ABIs (a name,
        // then a union of sockaddr, flags, index, MTU, struct ifmap...).
        0x8901: .input(4),              // FIOSETOWN
        0x8902: .input(4),              // SIOCSPGRP
        0x8903: .output(4),             // FIOGETOWN
        0x8904: .output(4),             // SIOCGPGRP
        0x8905: .output(4),             // SIOCATMARK
        0x8906: .output(SameLayout.timespec),  // SIOCGSTAMP (struct timeval)
        0x8907: .output(SameLayout.timespec),  // SIOCGSTAMPNS
        0x8910: .inputOutput(SameLayout.ifreq),  // SIOCGIFNAME (by index)
        0x8912: .interfaceList,         // SIOCGIFCONF
        0x8913: .inputOutput(SameLayout.ifreq), 0x8914: .input(SameLayout.ifreq),  // SIOCGIFFLAGS, SIOCSIFFLAGS
        0x8915: .inputOutput(SameLayout.ifreq), 0x8916: .input(SameLayout.ifreq),  // SIOCGIFADDR, SIOCSIFADDR
        0x8917: .inputOutput(SameLayout.ifreq), 0x8918: .input(SameLayout.ifreq),  // SIOCGIFDSTADDR, SIOCSIFDSTADDR
        0x8919: .inputOutput(SameLayout.ifreq), 0x891a: .input(SameLayout.ifreq),  // SIOCGIFBRDADDR, SIOCSIFBRDADDR
        0x891b: .inputOutput(SameLayout.ifreq), 0x891c: .input(SameLayout.ifreq),  // SIOCGIFNETMASK, SIOCSIFNETMASK
        0x891d: .inputOutput(SameLayout.ifreq), 0x891e: .input(SameLayout.ifreq),  // SIOCGIFMETRIC, SIOCSIFMETRIC
        0x8921: .inputOutput(SameLayout.ifreq), 0x8922: .input(SameLayout.ifreq),  // SIOCGIFMTU, SIOCSIFMTU
        0x8923: .input(SameLayout.ifreq),                                            // SIOCSIFNAME
        0x8924: .input(SameLayout.ifreq), 0x8927: .inputOutput(SameLayout.ifreq),  // SIOCSIFHWADDR, SIOCGIFHWADDR
        0x8933: .inputOutput(SameLayout.ifreq),                                      // SIOCGIFINDEX
        0x8934: .input(SameLayout.ifreq), 0x8935: .inputOutput(SameLayout.ifreq),  // SIOCSIFPFLAGS, SIOCGIFPFLAGS
        0x8942: .inputOutput(SameLayout.ifreq), 0x8943: .input(SameLayout.ifreq),  // SIOCGIFTXQLEN, SIOCSIFTXQLEN
        0x894b: .output(4),             // SIOCOUTQNSD
        0x8970: .inputOutput(SameLayout.ifreq), 0x8971: .input(SameLayout.ifreq),  // SIOCGIFMAP, SIOCSIFMAP
    ]

    /// fcntl commands other than F_GETFL/F_SETFL (whose flags are translated).
    static let fcntlCommands: [Int32: ControlArgument] = [
        0: .value, 1030: .value,        // F_DUPFD, F_DUPFD_CLOEXEC
        1: .value, 2: .value,           // F_GETFD, F_SETFD
        5: .inputOutput(SameLayout.flock), 6: .input(SameLayout.flock), 7: .input(SameLayout.flock),  // F_GETLK, F_SETLK, F_SETLKW
        36: .inputOutput(SameLayout.flock), 37: .input(SameLayout.flock), 38: .input(SameLayout.flock),  // F_OFD_GETLK, _SETLK, _SETLKW
        8: .value, 9: .value,           // F_SETOWN, F_GETOWN
        10: .value, 11: .value,         // F_SETSIG, F_GETSIG
        15: .input(8), 16: .output(8),  // F_SETOWN_EX, F_GETOWN_EX (struct f_owner_ex)
        1024: .value, 1025: .value,     // F_SETLEASE, F_GETLEASE
        1026: .value,                   // F_NOTIFY
        1031: .value, 1032: .value,     // F_SETPIPE_SZ, F_GETPIPE_SZ
        1033: .value, 1034: .value,     // F_ADD_SEALS, F_GET_SEALS
        1035: .output(8), 1036: .input(8),  // F_GET_RW_HINT, F_SET_RW_HINT
        1037: .output(8), 1038: .input(8),  // F_GET_FILE_RW_HINT, F_SET_FILE_RW_HINT
    ]

    /// fcntl commands that wait for another process or thread (lock waits).
    static let waitingFcntlCommands: Set<Int32> = [7, 38]
    /// ioctl requests that wait (for output to drain).
    static let waitingIoctls: Set<UInt> = [0x5403, 0x5404, 0x402c_542c, 0x402c_542d, 0x5409, 0x5425]

    /// Runs `call` with the host form of `argument` for the guest's argument `raw`.
    private func control(_ argument: ControlArgument, _ raw: UInt64, waits: Bool, _ call: (Int) -> Int32) -> Int64 {
        func run(_ value: Int) -> Int64 { Errno.result(waits ? blocking { call(value) } : call(value)) }
        switch argument {
        case .value:
            return run(Int(truncatingIfNeeded: raw))
        case .openFlags:
            return run(Int(OpenFlags.host(fromGuest: Int32(truncatingIfNeeded: raw))))
        case .input(let size):
            return run(kernelBuffer(raw, UInt64(size)))
        case .interfaceList:
            guard var list = copyIn(raw, SameLayout.ifconf), guestPointer(raw, SameLayout.ifconf, .write) != nil else {
                return -Errno.EFAULT
            }
            let reader = ByteReader(list)
            let length = Int32(bitPattern: reader.u32(0)), buffer = reader.u64(8)
            if buffer != 0 {  // NULL asks only for the length needed
                // Drops translated code in the buffer; a bad one is the kernel's EFAULT.
                if length > 0 { _ = guestPointer(buffer, Int(length), .write) }
                let host = UInt64(bitPattern: Int64(hostAddress(buffer)))
                withUnsafeBytes(of: host.littleEndian) { list.replaceSubrange(8 ..< 16, with: $0) }
            }
            let r = list.withUnsafeMutableBytes { run(Int(bitPattern: $0.baseAddress)) }
            if r >= 0 { _ = copyOut(raw, Array(list[0 ..< 4])) }  // ifc_len; ifc_buf stays the guest's
            return r
        case .output(let size), .inputOutput(let size):
            return run(kernelBuffer(raw, UInt64(size), writes: true))
        }
    }

    /// What Linux answers to a request no driver knows: ENOTTY (the VFS's answer
    /// to -ENOIOCTLCMD), except for files whose ioctl handler says EINVAL itself.
    static let unknownIoctlErrnoByFile: [String: Int64] = [
        "anon_inode:[eventpoll]": Errno.EINVAL,    // ep_eventpoll_ioctl (Linux 6.9+)
        "anon_inode:[userfaultfd]": Errno.EINVAL,  // userfaultfd_ioctl
    ]

    /// The errno for an ioctl request Tern does not know on descriptor `fd` (an open one).
    static func unknownIoctlErrno(_ fd: Int32) -> Int64 {
        var buffer = [CChar](repeating: 0, count: 64)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard n > 0 else { return Errno.ENOTTY }
        let name = String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return unknownIoctlErrnoByFile[name] ?? Errno.ENOTTY
    }

    func sysIoctl(_ a: SyscallArgs) -> Int64 {
        let fd = a.int32(0), request = UInt(a[1] & 0xffff_ffff)  // the kernel's cmd is an unsigned int
        guard let argument = Self.ioctlRequests[request] else {
            guard fcntl(fd, F_GETFD) >= 0 else { return -Errno.EBADF }
            return -Self.unknownIoctlErrno(fd)
        }
        return control(argument, a[2], waits: Self.waitingIoctls.contains(request)) { host_ioctl(fd, request, $0) }
    }

    func sysFcntl(_ a: SyscallArgs) -> Int64 {
        let fd = a.int32(0), cmd = a.int32(1)
        switch cmd {
        case 3:  // F_GETFL
            let r = fcntl(fd, F_GETFL)
            return r < 0 ? Errno.lastHostError() : Int64(OpenFlags.guest(fromHost: r))
        case 4:  // F_SETFL
            return Errno.result(fcntl(fd, F_SETFL, OpenFlags.host(fromGuest: a.int32(2))))
        default:
            guard let argument = Self.fcntlCommands[cmd] else {
                // An O_PATH descriptor allows only check_fcntl_cmd's commands (all known): EBADF.
                let fl = fcntl(fd, F_GETFL)
                guard fl >= 0, fl & 0o10000000 == 0 else { return -Errno.EBADF }
                return -Errno.EINVAL
            }
            return control(argument, a[2], waits: Self.waitingFcntlCommands.contains(cmd)) {
                Int32(truncatingIfNeeded: host_syscall(HostSyscall.fcntl, Int(fd), Int(cmd), $0, 0, 0, 0))
            }
        }
    }
}
