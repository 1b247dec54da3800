import TernISA
import XCTest
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Guest structure layouts, the signal frame, executable classification,
/// strace formatting, and -EFAULT for wild pointers in the newer syscalls.
final class SignalAndStructTests: XCTestCase {
    var machine: Machine!
    var sys: SyscallHandler!
    let scratch: UInt64 = 0x40_0000
    let wild: UInt64 = 0x7_0000_0000

    override func setUpWithError() throws {
        machine = try Machine()
        try machine.memory.map(scratch, length: 0x4000, protection: [.read, .write])
        sys = SyscallHandler(machine: machine, options: LinuxOptions(warnUnsupported: false),
                             executablePath: "/bin/guest", breakStart: 0x100_0000)
    }

    func call(_ name: String, _ args: UInt64...) -> Int64 {
        sys.handle(number: SyscallNames.number(name)!, args: SyscallArgs(args))
    }

    func testSignalFrameLayout() {
        // rt_sigframe: siginfo 128 + ucontext (mcontext at 176, 256 + 528 bytes).
        XCTAssertEqual(SignalFrame.size, 1088)
        XCTAssertEqual(SignalFrame.fpRegisters, 432)
        XCTAssertEqual(SignalFrame.fcsr, 688)
        let x = (0 ..< 32).map { UInt64($0) * 0x1111 }, f = (0 ..< 32).map { UInt64($0) | 0xffff_ffff_0000_0000 }
        let info = [UInt8](repeating: 7, count: 128)
        let bytes = SignalFrame.encode(info: info, altStack: (0x1000, 2, 0x2000), savedMask: 0x8001,
                                       pc: 0x10abc, x: x, f: f, fcsr: 0x61)
        XCTAssertEqual(bytes.count, 1088)
        XCTAssertEqual(Array(bytes[0 ..< 128]), info)
        let r = ByteReader(bytes)
        XCTAssertEqual(r.u64(128 + 16), 0x1000)      // uc_stack.ss_sp
        XCTAssertEqual(r.u32(128 + 24), 2)           // ss_flags
        XCTAssertEqual(r.u64(128 + 32), 0x2000)      // ss_size
        XCTAssertEqual(r.u64(128 + 40), 0x8001)      // uc_sigmask
        XCTAssertEqual(r.u64(128 + 176), 0x10abc)    // sc_regs.pc
        XCTAssertEqual(r.u64(128 + 176 + 8 * 2), 0x2222)  // sp
        XCTAssertEqual(r.u64(128 + 432 + 8 * 31), f[31])
        XCTAssertEqual(r.u32(128 + 688), 0x61)
        let saved = SignalFrame.decode(ucontext: Array(bytes[128...]))
        XCTAssertEqual(saved, SignalFrame.Saved(pc: 0x10abc, x: [0] + x.dropFirst(), f: f, fcsr: 0x61, mask: 0x8001))
    }

    func testSigactionAndMaskRoundTrip() throws {
        var w = StructWriter(size: 24)
        w.put(UInt64(0x10400), at: 0); w.put(GuestSigaction.restart | GuestSigaction.siginfo, at: 8); w.put(UInt64(1 << 1), at: 16)
        try machine.memory.write(scratch, w.bytes)
        XCTAssertEqual(call("rt_sigaction", 10, scratch, 0, 8), 0)    // SIGUSR1
        XCTAssertEqual(call("rt_sigaction", 10, 0, scratch + 64, 8), 0)
        XCTAssertEqual(try machine.memory.read(scratch + 64, count: 24), w.bytes)
        XCTAssertEqual(call("rt_sigaction", 9, scratch, 0, 8), -22)   // SIGKILL
        XCTAssertEqual(call("rt_sigaction", 10, scratch, 0, 4), -22)  // sigset size
        XCTAssertEqual(call("rt_sigaction", 10, wild, 0, 8), -14)
        XCTAssertEqual(call("rt_sigaction", 10, 0, wild, 8), -14)
        // Default disposition again, so the test process keeps its own.
        try machine.memory.write(scratch, [UInt8](repeating: 0, count: 24))
        XCTAssertEqual(call("rt_sigaction", 10, scratch, 0, 8), 0)

        try machine.memory.store(scratch, UInt64(1 << 9 | 1 << 8))    // SIGUSR1 and SIGKILL
        XCTAssertEqual(call("rt_sigprocmask", 0, scratch, 0, 8), 0)
        XCTAssertEqual(call("rt_sigprocmask", 2, 0, scratch + 8, 8), 0)
        XCTAssertEqual(try machine.memory.load(scratch + 8, as: UInt64.self), 1 << 9)  // SIGKILL dropped
        XCTAssertEqual(call("rt_sigprocmask", 1, scratch, 0, 8), 0)
        XCTAssertEqual(call("rt_sigprocmask", 2, 0, scratch + 8, 8), 0)
        XCTAssertEqual(try machine.memory.load(scratch + 8, as: UInt64.self), 0)
        XCTAssertEqual(call("rt_sigprocmask", 2, wild, 0, 8), -14)
    }

    func testSigaltstack() throws {
        var w = StructWriter(size: 24)
        w.put(UInt64(0x80_0000), at: 0); w.put(Int32(0), at: 8); w.put(UInt64(0x4000), at: 16)
        try machine.memory.write(scratch, w.bytes)
        XCTAssertEqual(call("sigaltstack", 0, scratch + 32), 0)
        XCTAssertEqual(try machine.memory.load(scratch + 40, as: Int32.self), 2)     // SS_DISABLE initially
        XCTAssertEqual(call("sigaltstack", scratch, scratch + 32), 0)
        XCTAssertEqual(call("sigaltstack", 0, scratch + 32), 0)
        XCTAssertEqual(try machine.memory.read(scratch + 32, count: 24), w.bytes)
        w.put(UInt64(100), at: 16)
        try machine.memory.write(scratch, w.bytes)
        XCTAssertEqual(call("sigaltstack", scratch, 0), -12)                        // below MINSIGSTKSZ
        XCTAssertEqual(call("sigaltstack", wild, 0), -14)
    }

    func testExecutableKinds() {
        var elf = [UInt8](repeating: 0, count: 64)
        elf[0 ..< 4] = [0x7f, 0x45, 0x4c, 0x46]; elf[18] = 243
        XCTAssertEqual(SyscallHandler.executableKind(elf), .riscv64)
        elf[18] = 62  // x86-64
        XCTAssertEqual(SyscallHandler.executableKind(elf), .host)
        XCTAssertEqual(SyscallHandler.executableKind(Array("#! /usr/bin/lua5.4  -e x \r\nprint".utf8)),
                       .script(interpreter: Array("/usr/bin/lua5.4".utf8), argument: Array("-e x".utf8)))
        XCTAssertEqual(SyscallHandler.executableKind(Array("#!/bin/sh\n".utf8)), .script(interpreter: Array("/bin/sh".utf8), argument: nil))
        XCTAssertEqual(SyscallHandler.executableKind(Array("#!\n".utf8)), .host)
        XCTAssertEqual(SyscallHandler.executableKind([]), .host)
    }

    func testEpollEventTranslation() throws {
        let ep = call("epoll_create1", UInt64(O_CLOEXEC))
        XCTAssertGreaterThanOrEqual(ep, 0)
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]); close(Int32(ep)) }
        var w = StructWriter(size: 16)
        w.put(UInt32(1), at: 0); w.put(UInt64(0x1122_3344_5566_7788), at: 8)  // EPOLLIN, data
        try machine.memory.write(scratch, w.bytes)
        XCTAssertEqual(call("epoll_ctl", UInt64(ep), 1, UInt64(fds[0]), scratch), 0)
        XCTAssertEqual(call("epoll_ctl", UInt64(ep), 1, UInt64(fds[0]), wild), -14)
        XCTAssertEqual(write(fds[1], "x", 1), 1)
        try machine.memory.write(scratch + 0x100, [UInt8](repeating: 0xee, count: 32))
        XCTAssertEqual(call("epoll_pwait", UInt64(ep), scratch + 0x100, 2, 0, 0, 8), 1)
        let r = ByteReader(try machine.memory.read(scratch + 0x100, count: 32))
        XCTAssertEqual(r.u32(0), 1)
        XCTAssertEqual(r.u64(8), 0x1122_3344_5566_7788)   // padded riscv64 layout, not x86-64's packed one
        XCTAssertEqual(r.u32(16), 0xeeee_eeee)            // second slot untouched
        XCTAssertEqual(call("epoll_pwait", UInt64(ep), wild, 2, 0, 0, 8), -14)
        XCTAssertEqual(call("epoll_pwait", UInt64(ep), scratch, 0, 0, 0, 8), -22)
    }

    func testPpollAndPselect() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        var w = StructWriter(size: 16)
        w.put(fds[0], at: 0); w.put(Int16(1), at: 4)      // POLLIN
        w.put(fds[1], at: 8); w.put(Int16(4), at: 12)     // POLLOUT
        try machine.memory.write(scratch, w.bytes)
        try machine.memory.write(scratch + 0x40, [UInt8](repeating: 0, count: 16))  // timespec 0
        XCTAssertEqual(call("ppoll", scratch, 2, scratch + 0x40, 0, 8), 1)
        XCTAssertEqual(try machine.memory.load(scratch + 14, as: Int16.self), 4)   // revents POLLOUT
        XCTAssertEqual(try machine.memory.load(scratch + 6, as: Int16.self), 0)
        XCTAssertEqual(call("ppoll", wild, 2, scratch + 0x40, 0, 8), -14)
        XCTAssertEqual(call("ppoll", scratch, 2, wild, 0, 8), -14)
        XCTAssertEqual(call("ppoll", scratch, 2, scratch + 0x40, scratch, 4), -22)  // sigset size
        // pselect6: write set with fds[1] ready.
        let bit = UInt64(1) << UInt64(fds[1])
        try machine.memory.store(scratch + 0x80, bit)
        XCTAssertEqual(call("pselect6", UInt64(fds[1] + 1), 0, scratch + 0x80, 0, scratch + 0x40, 0), 1)
        XCTAssertEqual(try machine.memory.load(scratch + 0x80, as: UInt64.self), bit)
        XCTAssertEqual(call("pselect6", UInt64(fds[1] + 1), 0, wild, 0, scratch + 0x40, 0), -14)
    }

    func testSocketsOverAFUnix() throws {
        XCTAssertEqual(call("socketpair", UInt64(AF_UNIX), 1, 0, scratch), 0)
        let a = UInt64(try machine.memory.load(scratch, as: Int32.self)), b = UInt64(try machine.memory.load(scratch + 4, as: Int32.self))
        defer { close(Int32(a)); close(Int32(b)) }
        try machine.memory.write(scratch + 0x100, Array("ping".utf8))
        XCTAssertEqual(call("sendto", a, scratch + 0x100, 4, 0, 0, 0), 4)
        XCTAssertEqual(call("recvfrom", b, scratch + 0x200, 16, 0, 0, 0), 4)
        XCTAssertEqual(try machine.memory.read(scratch + 0x200, count: 4), Array("ping".utf8))
        // sendmsg/recvmsg with a two-part iovec.
        try machine.memory.write(scratch + 0x300, Array("ab".utf8) + Array("cde".utf8))
        var iov = StructWriter(size: 32)
        iov.put(scratch + 0x300, at: 0); iov.put(UInt64(2), at: 8); iov.put(scratch + 0x302, at: 16); iov.put(UInt64(3), at: 24)
        try machine.memory.write(scratch + 0x400, iov.bytes)
        var msg = StructWriter(size: 56)
        msg.put(scratch + 0x400, at: 16); msg.put(UInt64(2), at: 24)
        try machine.memory.write(scratch + 0x500, msg.bytes)
        XCTAssertEqual(call("sendmsg", a, scratch + 0x500, 0), 5)
        XCTAssertEqual(call("recvfrom", b, scratch + 0x600, 16, 0, 0, 0), 5)
        XCTAssertEqual(try machine.memory.read(scratch + 0x600, count: 5), Array("abcde".utf8))
        // getsockopt SO_TYPE.
        try machine.memory.store(scratch + 0x700, UInt32(4))
        XCTAssertEqual(call("getsockopt", a, 1, 3, scratch + 0x710, scratch + 0x700), 0)
        XCTAssertEqual(try machine.memory.load(scratch + 0x710, as: Int32.self), 1)   // SOCK_STREAM
        XCTAssertEqual(try machine.memory.load(scratch + 0x700, as: UInt32.self), 4)
        // Wild pointers.
        XCTAssertEqual(call("socketpair", UInt64(AF_UNIX), 1, 0, wild), -14)
        XCTAssertEqual(call("sendto", a, wild, 4, 0, 0, 0), -14)
        XCTAssertEqual(call("sendmsg", a, wild, 0), -14)
        XCTAssertEqual(call("getsockopt", a, 1, 3, scratch, wild), -14)
        XCTAssertEqual(call("bind", a, wild, 16), -14)
        XCTAssertEqual(call("connect", a, scratch, 1000), -22)
    }

    func testStatfsAndWildPointers() throws {
        try machine.memory.write(scratch, Array("/".utf8) + [0])
        XCTAssertEqual(call("statfs", scratch, scratch + 0x100), 0)
        var host = [UInt8](repeating: 0, count: 120)   // struct statfs: f_type, f_bsize, ... (same on both ABIs)
        XCTAssertEqual(host.withUnsafeMutableBytes { host_statfs("/", $0.baseAddress!) }, 0)
        XCTAssertEqual(try machine.memory.read(scratch + 0x100, count: 16), Array(host[0 ..< 16]))
        XCTAssertEqual(call("statfs", scratch, wild), -14)
        XCTAssertEqual(call("statfs", wild, scratch + 0x100), -14)
        XCTAssertEqual(call("fstatfs", 0, wild), -14)
        XCTAssertEqual(call("getgroups", 64, wild), getgroups(0, nil) > 0 ? -14 : 0)
        XCTAssertEqual(call("wait4", UInt64(bitPattern: -1), wild, 0, 0), -10)  // no child: ECHILD before the status is written
        XCTAssertEqual(call("execve", wild, 0, 0), -14)
        XCTAssertEqual(call("riscv_hwprobe", wild, 1, 0, 0, 0), -14)
        XCTAssertEqual(call("lgetxattr", wild, scratch, 0, 0), -14)
        XCTAssertEqual(call("sendfile", 1, 0, wild, 10), -14)
    }

    func testRiscvHwprobeAnswersTheCPUModel() throws {
        func probe(_ keys: [Int64]) throws -> ByteReader {
            var w = StructWriter(size: 16 * keys.count)
            for (i, key) in keys.enumerated() { w.put(key, at: i * 16) }
            try machine.memory.write(scratch, w.bytes)
            XCTAssertEqual(call("riscv_hwprobe", scratch, UInt64(keys.count), 0, 0, 0), 0)
            return ByteReader(try machine.memory.read(scratch, count: 16 * keys.count))
        }
        machine.extensions = try CPUConfiguration.parse("rv64gc").extensions
        var r = try probe([3, 4, 12345, 7, 6])
        XCTAssertEqual(r.u64(8), 1)                      // BASE_BEHAVIOR_IMA
        // FD, C, Zca, Zcd, Zicntr, Zihpm, Zaamo, Zalrsc: no V, no Zba/Zbb, no Zicbom
        let rv64gcBits: [UInt64] = [0, 1, 43, 45, 50, 51, 56, 57]
        XCTAssertEqual(r.u64(24), rv64gcBits.reduce(0) { $0 | 1 << $1 })
        XCTAssertEqual(Int64(bitPattern: r.u64(32)), -1) // unknown key
        XCTAssertEqual(r.u64(40), 0)
        XCTAssertEqual(r.u64(56), (1 << 38) - 1)
        XCTAssertEqual(r.u64(72), 0)                     // no Zicboz: block size 0
        machine.extensions = try CPUConfiguration.parse("rva23u64,zbc=true,zicond=false").extensions
        r = try probe([4, 6, 12, 11, 13])
        let ext = r.u64(8)
        for bit: UInt64 in [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 19, 26, 29, 31, 36, 42, 43, 44, 45, 47, 48, 50, 51, 55, 56, 57] {
            XCTAssertEqual(ext >> bit & 1, 1, "IMA_EXT_0 bit \(bit)")
        }
        // V, Zvbb with its subset Zvkb, Zvkt, Zvfhmin are on; Zfh, Zicond (off), Supm, Zfbfmin, Zabha, Zvfh are not.
        for bit: UInt64 in [27, 35, 49, 52, 58, 30] { XCTAssertEqual(ext >> bit & 1, 0, "IMA_EXT_0 bit \(bit)") }
        XCTAssertEqual(r.u64(24), 64)                    // ZICBOZ_BLOCK_SIZE
        XCTAssertEqual(r.u64(40), 64)                    // ZICBOM_BLOCK_SIZE: cbo.clean/flush legal in user mode
        XCTAssertEqual(r.u64(48), 11)                    // VENDOR_EXT_THEAD_0: a known key, no vendor extensions
        XCTAssertEqual(r.u64(56), 0)
        XCTAssertEqual(r.u64(64), 13)                    // VENDOR_EXT_SIFIVE_0
        XCTAssertEqual(r.u64(72), 0)
        XCTAssertEqual(call("riscv_hwprobe", scratch, 1, 0, 0, 1), -22)
    }

    func testStraceFormatting() throws {
        try machine.memory.write(scratch, Array("/etc/x\"\n".utf8) + [0])
        let args = SyscallArgs([UInt64(bitPattern: -100), scratch, 0o2000101, 0o644])
        XCTAssertEqual(Strace.call("openat", [.dirfd, .path, .openFlags, .mode], args, memory: machine.memory),
                       "\(getpid()) openat(AT_FDCWD,\"/etc/x\\\"\\n\",O_WRONLY|O_CREAT|O_CLOEXEC,0644)")
        XCTAssertEqual(Strace.argument(.prot, 0, SyscallArgs([5]), memory: machine.memory), "PROT_READ|PROT_EXEC")
        XCTAssertEqual(Strace.argument(.prot, 0, SyscallArgs([0]), memory: machine.memory), "PROT_NONE")
        XCTAssertEqual(Strace.argument(.mapFlags, 0, SyscallArgs([0x100022]), memory: machine.memory),
                       "MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE")
        XCTAssertEqual(Strace.argument(.signal, 0, SyscallArgs([15]), memory: machine.memory), "SIGTERM")
        XCTAssertEqual(Strace.argument(.path, 0, SyscallArgs([wild]), memory: machine.memory), "0x700000000")
        try machine.memory.write(scratch + 0x100, [UInt8](repeating: 0x61, count: 40))
        XCTAssertEqual(Strace.argument(.buffer(count: 1), 0, SyscallArgs([scratch + 0x100, 40]), memory: machine.memory),
                       "\"" + String(repeating: "a", count: 32) + "\"...")
        XCTAssertEqual(Strace.result(-2, .int), " = -1 errno=2 (No such file or directory)")
        XCTAssertEqual(Strace.result(0x3fff_0000, .hex), " = 0x3fff0000")
        XCTAssertEqual(Strace.result(42, .int), " = 42")
    }

    func testErrnoMappingIsIdentityOnLinux() {
        for e in [EPERM, ENOENT, EINTR, EAGAIN, ENOMEM, EFAULT, EEXIST, EINVAL, ENOSYS, ELOOP, ETIMEDOUT] {
            XCTAssertEqual(Errno.guest(fromHost: e), Int64(e))
        }
        errno = ENOTDIR
        XCTAssertEqual(Errno.result(Int32(-1)), -20)
        XCTAssertEqual(Errno.result(Int32(5)), 5)
    }
}

/// AF_INET over the loopback interface through the guest syscalls.
final class InetSocketTests: XCTestCase {
    func testLoopbackConnectAcceptTransfer() throws {
        let machine = try Machine()
        let m: UInt64 = 0x40_0000
        try machine.memory.map(m, length: 0x4000, protection: [.read, .write])
        let sys = SyscallHandler(machine: machine, options: LinuxOptions(warnUnsupported: false),
                                 executablePath: "/bin/guest", breakStart: 0x100_0000)
        func call(_ name: String, _ args: UInt64...) -> Int64 { sys.handle(number: SyscallNames.number(name)!, args: SyscallArgs(args)) }

        let server = call("socket", UInt64(AF_INET), 1 | 0o2000000, 0)   // SOCK_STREAM | SOCK_CLOEXEC
        XCTAssertGreaterThanOrEqual(server, 0)
        defer { close(Int32(server)) }
        // sockaddr_in 127.0.0.1:0
        var addr = StructWriter(size: 16)
        addr.put(UInt16(AF_INET), at: 0); addr.put(UInt32(0x0100_007f), at: 4)
        try machine.memory.write(m, addr.bytes)
        XCTAssertEqual(call("bind", UInt64(server), m, 16), 0)
        XCTAssertEqual(call("listen", UInt64(server), 4), 0)
        try machine.memory.store(m + 0x20, UInt32(16))
        XCTAssertEqual(call("getsockname", UInt64(server), m + 0x40, m + 0x20), 0)
        let bound = try machine.memory.read(m + 0x40, count: 16)
        XCTAssertEqual(Array(bound[0 ..< 2]), [UInt8(AF_INET), 0])
        XCTAssertEqual(Array(bound[4 ..< 8]), [127, 0, 0, 1])
        XCTAssertNotEqual(Array(bound[2 ..< 4]), [0, 0])                  // a port was chosen

        let client = call("socket", UInt64(AF_INET), 1, 0)
        defer { close(Int32(client)) }
        XCTAssertEqual(call("connect", UInt64(client), m + 0x40, 16), 0)
        try machine.memory.store(m + 0x20, UInt32(8))                     // shorter than sockaddr_in: truncated
        let conn = call("accept4", UInt64(server), m + 0x80, m + 0x20, 0o4000)  // SOCK_NONBLOCK
        XCTAssertGreaterThanOrEqual(conn, 0)
        defer { close(Int32(conn)) }
        XCTAssertEqual(try machine.memory.load(m + 0x20, as: UInt32.self), 16)  // full length reported
        XCTAssertEqual(try machine.memory.read(m + 0x84, count: 4), [127, 0, 0, 1])
        XCTAssertEqual(try machine.memory.load(m + 0x88, as: UInt64.self), 0)  // nothing past the guest's 8 bytes
        XCTAssertEqual(call("fcntl", UInt64(conn), 3, 0) & 0o4000, 0o4000)      // O_NONBLOCK via accept4 flags
        XCTAssertEqual(call("recvfrom", UInt64(conn), m + 0x100, 16, 0, 0, 0), -11)  // EAGAIN: nothing sent yet
        try machine.memory.write(m + 0x200, Array("hello".utf8))
        XCTAssertEqual(call("sendto", UInt64(client), m + 0x200, 5, 0, 0, 0), 5)
        var ready = StructWriter(size: 8)
        ready.put(Int32(conn), at: 0); ready.put(Int16(1), at: 4)
        try machine.memory.write(m + 0x300, ready.bytes)
        XCTAssertEqual(call("ppoll", m + 0x300, 1, 0, 0, 8), 1)
        XCTAssertEqual(call("recvfrom", UInt64(conn), m + 0x100, 16, 0, 0, 0), 5)
        XCTAssertEqual(try machine.memory.read(m + 0x100, count: 5), Array("hello".utf8))
        XCTAssertEqual(call("shutdown", UInt64(client), 1), 0)
        XCTAssertEqual(call("ppoll", m + 0x300, 1, 0, 0, 8), 1)
        XCTAssertEqual(call("recvfrom", UInt64(conn), m + 0x100, 16, 0, 0, 0), 0)  // EOF
    }
}
