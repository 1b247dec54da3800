import XCTest
@testable import TernLinux
import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// Guest-controlled values at their limits (issue 19): each returns Linux's
/// error or result, none traps the host.
final class SyscallEdgeTests: XCTestCase {
    var machine: Machine!
    var sys: SyscallHandler!
    let scratch: UInt64 = 0x40_0000

    override func setUpWithError() throws {
        machine = try Machine()
        try machine.memory.map(scratch, length: 0x4000, protection: [.read, .write])
        sys = SyscallHandler(machine: machine, options: LinuxOptions(warnUnsupported: false),
                             executablePath: "/bin/guest", breakStart: 0x100_0000)
    }

    func call(_ name: String, _ args: UInt64...) -> Int64 {
        sys.handle(number: SyscallNames.number(name)!, args: SyscallArgs(args))
    }

    func put(_ address: UInt64, _ words: [UInt64]) throws {
        for (i, w) in words.enumerated() { try machine.memory.store(address + UInt64(8 * i), w) }
    }

    /// A path in a file mapping past the end of its file: the page is mapped but
    /// faults (SIGBUS). Linux's copy of the path fails with EFAULT; Tern must not
    /// load from the page itself (the host would die of SIGBUS).
    func testPathInAFileMappingPastItsEndIsEFAULT() throws {
        let path = temporaryFile([], name: "empty")
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        let mapped = call("mmap", 0, 4096, 1, 1, UInt64(fd), 0)  // PROT_READ, MAP_SHARED
        XCTAssertGreaterThan(mapped, 0)
        let atCwd = UInt64(bitPattern: -100)
        XCTAssertEqual(call("mkdirat", atCwd, UInt64(mapped), 0o755), -14)
        XCTAssertEqual(call("openat", atCwd, UInt64(mapped), 0, 0), -14)
        XCTAssertEqual(call("execve", UInt64(mapped), 0, 0), -14)
    }

    func testTimerNumbersAreCIntsCheckedByTheKernel() throws {
        try put(scratch, [0, 0, 0, 0])
        XCTAssertEqual(call("setitimer", UInt64(bitPattern: -1), scratch, 0), -22)
        XCTAssertEqual(call("getitimer", UInt64(bitPattern: -1), scratch), -22)
        XCTAssertEqual(call("getitimer", 3, scratch), -22)
        XCTAssertEqual(call("getitimer", 1 << 32, scratch), 0)  // int: ITIMER_REAL
        XCTAssertEqual(call("getitimer", 0, 0x10), -14)
    }

    func testFutimensIsUtimensatWithoutAPath() throws {
        let path = temporaryFile([1, 2, 3])
        let fd = open(path, O_RDWR)
        defer { close(fd) }
        try put(scratch, [1_000_000_000, 0, 1_234_567_890, 500])
        XCTAssertEqual(call("utimensat", UInt64(fd), 0, scratch, 0), 0)
        var st = stat()
        fstat(fd, &st)
        XCTAssertEqual(st.st_mtim.tv_sec, 1_234_567_890)
        XCTAssertEqual(st.st_mtim.tv_nsec, 500)
        XCTAssertEqual(call("utimensat", UInt64(fd), 0, scratch, 0x100), -22)  // AT_SYMLINK_NOFOLLOW without a path
        XCTAssertEqual(call("utimensat", UInt64(fd), 0, 0x10, 0), -14)
        XCTAssertEqual(call("utimensat", UInt64(fd), 0, 0, 0), 0)  // now
    }

    func testPtyIoctlsOpenpty() throws {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw XCTSkip("no /dev/ptmx") }
        defer { close(master) }
        XCTAssertEqual(call("ioctl", UInt64(master), 0x8004_5430, scratch), 0)  // TIOCGPTN
        let number = try machine.memory.load(scratch, as: UInt32.self)
        try machine.memory.store(scratch, UInt32(0))
        XCTAssertEqual(call("ioctl", UInt64(master), 0x4004_5431, scratch), 0)  // TIOCSPTLCK 0: unlock
        try machine.memory.store(scratch, UInt32(7))
        XCTAssertEqual(call("ioctl", UInt64(master), 0x8004_5439, scratch), 0)  // TIOCGPTLCK
        XCTAssertEqual(try machine.memory.load(scratch, as: UInt32.self), 0)
        let peer = call("ioctl", UInt64(master), 0x5441, 0o2000002)  // TIOCGPTPEER O_RDWR|O_CLOEXEC
        XCTAssertGreaterThan(peer, 2)
        XCTAssertEqual(isatty(Int32(peer)), 1)
        XCTAssertNotEqual(fcntl(Int32(peer), F_GETFD) & FD_CLOEXEC, 0)
        var st = stat()
        XCTAssertEqual(fstat(Int32(peer), &st), 0)
        XCTAssertEqual(UInt32(st.st_rdev) & 0xff, number & 0xff)  // the peer is pts number N
        close(Int32(peer))
        XCTAssertEqual(call("ioctl", UInt64(master), 0x8004_5430, 0x10), -14)
        XCTAssertEqual(call("ioctl", 9999, 0x8004_5430, scratch), -9)
    }

    func testSchedGetaffinityAsksTheKernel() throws {
        XCTAssertEqual(call("sched_getaffinity", UInt64(bitPattern: -1), 128, scratch), -3)   // ESRCH
        XCTAssertEqual(call("sched_getaffinity", 0, 7, scratch), -22)
        XCTAssertEqual(call("sched_getaffinity", 0, 0, scratch), -22)
        let n = call("sched_getaffinity", 0, 128, scratch)
        XCTAssertGreaterThanOrEqual(n, 8)
        XCTAssertNotEqual(try machine.memory.load(scratch, as: UInt64.self), 0)
        XCTAssertEqual(call("sched_getaffinity", 0, 1 << 40, scratch), -22)  // len is an unsigned int: 0
        XCTAssertEqual(call("sched_getaffinity", 0, 128, 0x10), -14)
    }

    func testFcntlCommandsPassThrough() throws {
        // A directory of its own: F_NOTIFY on /tmp signalled this process (SIGIO, then
        // SIGUSR1, both fatal here) whenever anything on the machine created a file there.
        var template = Array((NSTemporaryDirectory() + "/fcntl-notify-XXXXXX").utf8CString)
        let path = try XCTUnwrap(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer { rmdir(path) }
        let dir = open(path, O_RDONLY | O_DIRECTORY)
        defer { close(dir) }
        XCTAssertEqual(call("fcntl", UInt64(dir), 1026, 4), 0)  // F_NOTIFY DN_CREATE
        XCTAssertEqual(call("fcntl", UInt64(dir), 10, 10), 0)   // F_SETSIG SIGUSR1
        XCTAssertEqual(call("fcntl", UInt64(dir), 11, 0), 10)   // F_GETSIG
        XCTAssertEqual(call("fcntl", UInt64(dir), 9999, 0), -22)
        XCTAssertEqual(call("fcntl", 9999, 9999, 0), -9)
        XCTAssertEqual(call("fcntl", UInt64(dir), 16, 0x10), -14)  // F_GETOWN_EX to a bad pointer
    }

    func testSignalsToImpossibleIds() {
        XCTAssertEqual(call("tkill", UInt64(bitPattern: -1), 0), -22)
        XCTAssertEqual(call("tkill", 0, 0), -22)
        XCTAssertEqual(call("tgkill", UInt64(bitPattern: -1), 5, 0), -22)
        XCTAssertEqual(call("tgkill", UInt64(getpid()), 0, 0), -22)
        XCTAssertEqual(call("tgkill", UInt64(getpid()), 0x7fff_fff0, 0), -3)
        XCTAssertEqual(call("kill", UInt64(getpid()), 65), -22)
        XCTAssertEqual(call("tkill", UInt64(getpid()), 0), 0)
    }

    func testHugeTimeoutsSaturate() throws {
        var fds: [Int32] = [0, 0]
        pipe(&fds)
        defer { close(fds[0]); close(fds[1]) }
        write(fds[1], "x", 1)
        try put(scratch, [UInt64(Int64.max), 999_999_999])  // timespec
        try machine.memory.store(scratch + 0x100, UInt32(bitPattern: fds[0]))
        try machine.memory.store(scratch + 0x104, UInt32(1))  // POLLIN
        XCTAssertEqual(call("ppoll", scratch + 0x100, 1, scratch, 0, 8), 1)
        let ep = call("epoll_create1", 0)
        defer { close(Int32(ep)) }
        try put(scratch + 0x200, [1, 7])  // EPOLLIN, data 7
        XCTAssertEqual(call("epoll_ctl", UInt64(ep), 1, UInt64(fds[0]), scratch + 0x200), 0)
        XCTAssertEqual(call("epoll_pwait2", UInt64(ep), scratch + 0x300, 2, scratch, 0, 8), 1)
        try put(scratch, [UInt64(bitPattern: -1), 0])
        XCTAssertEqual(call("ppoll", scratch + 0x100, 1, scratch, 0, 8), -22)
    }

    func testHugeSizesAreNoHugeAllocations() throws {
        let n = call("getgroups", 0x7fff_ffff, scratch)
        XCTAssertGreaterThanOrEqual(n, 0)
        XCTAssertEqual(call("getgroups", UInt64(bitPattern: -1), scratch), -22)
        XCTAssertEqual(call("setgroups", 1 << 40, scratch), -22)
        XCTAssertEqual(call("riscv_hwprobe", scratch, 1 << 40, 0, 0, 0), -22)
        try machine.memory.write(scratch + 0x800, Array("user.tern".utf8) + [0])
        XCTAssertEqual(call("setxattr", scratch, scratch + 0x800, scratch, 1 << 40, 0), -7)  // E2BIG after the name
    }

    func testMmapOffsetsAreSignedPageNumbers() throws {
        let fd = open("/dev/zero", O_RDONLY)
        defer { close(fd) }
        XCTAssertEqual(call("mmap", 0, 4096, 1, 2, UInt64(fd), UInt64(bitPattern: -4096)), -75)  // EOVERFLOW
        // 1<<63 is a negative off_t: its page number is past what file_mmap_ok allows
        // for a character device (ULONG_MAX bytes). qemu 7.2 maps it (an x86-64 host's
        // unsigned offset); 1<<62 is a valid offset on both.
        XCTAssertEqual(call("mmap", 0, 4096, 1, 2, UInt64(fd), 1 << 63), -75)
        XCTAssertGreaterThan(call("mmap", 0, 4096, 1, 2, UInt64(fd), 1 << 62), 0)
    }

    func testRlimitASAndDataAreEnforced() throws {
        let mapped = machine.memory.mappedRegions.reduce(UInt64(0)) { $0 + $1.end - $1.start }
        try put(scratch, [mapped + 0x10000, UInt64.max])
        XCTAssertEqual(call("setrlimit", 9, scratch), 0)  // RLIMIT_AS
        XCTAssertGreaterThan(call("mmap", 0, 0x8000, 3, 0x22, UInt64(bitPattern: -1), 0), 0)
        XCTAssertEqual(call("mmap", 0, 0x10000, 3, 0x22, UInt64(bitPattern: -1), 0), -12)
        XCTAssertEqual(call("brk", 0x100_0000 + 0x20000), 0x100_0000)  // unchanged
        try put(scratch + 0x100, [0, 0])
        XCTAssertEqual(call("getrlimit", 9, scratch + 0x100), 0)
        XCTAssertEqual(try machine.memory.load(scratch + 0x100, as: UInt64.self), mapped + 0x10000)
        // RLIMIT_DATA bounds the break.
        try put(scratch, [UInt64.max, UInt64.max])
        XCTAssertEqual(call("setrlimit", 9, scratch), 0)
        try put(scratch, [0x3000, UInt64.max])
        XCTAssertEqual(call("setrlimit", 2, scratch), 0)
        XCTAssertEqual(call("brk", 0x100_0000 + 0x2000), 0x100_2000)
        XCTAssertEqual(call("brk", 0x100_0000 + 0x8000), 0x100_2000)
        // Soft above hard is EINVAL.
        try put(scratch, [10, 5])
        XCTAssertEqual(call("setrlimit", 3, scratch), -22)
        XCTAssertEqual(call("setrlimit", 99, scratch), -22)
    }

    func testRlimitNofileIsTheHosts() throws {
        var saved = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved)
        defer { setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &saved) }
        try put(scratch, [UInt64(saved.rlim_cur) - 1, UInt64(saved.rlim_max)])
        XCTAssertEqual(call("setrlimit", 7, scratch), 0)
        var now = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &now)
        XCTAssertEqual(UInt64(now.rlim_cur), UInt64(saved.rlim_cur) - 1)
    }

    func testBlockingCallsAreMarkedInTheTable() {
        // Every call that can wait for another thread, process or device.
        let waiting = ["read", "write", "readv", "writev", "pread64", "pwrite64", "openat", "close", "ioctl", "fcntl",
                       "flock", "sendfile", "copy_file_range", "fsync", "fdatasync", "sync", "syncfs", "fallocate", "msync",
                       "ppoll", "pselect6", "epoll_pwait", "epoll_pwait2", "connect", "accept", "accept4", "sendto",
                       "recvfrom", "sendmsg", "recvmsg", "nanosleep", "clock_nanosleep", "rt_sigsuspend",
                       "rt_sigtimedwait", "futex", "wait4", "waitid", "getrandom"]
        for name in waiting {
            let entry = SyscallHandler.table[SyscallNames.number(name)!]
            XCTAssertEqual(entry?.blocks, true, name)
        }
        for name in ["getpid", "lseek", "mmap", "brk", "fstat", "dup", "clock_gettime", "rt_sigprocmask"] {
            XCTAssertEqual(SyscallHandler.table[SyscallNames.number(name)!]?.blocks, false, name)
        }
    }

    func testInheritedStateRoundTrips() {
        let state = InheritedState(signalMask: 1 << 9, ignoredSignals: 1 << 12 | 1 << 1,
                                   resourceLimits: [3: ResourceLimit(current: 1 << 20, maximum: .max)])
        XCTAssertEqual(InheritedState(encoded: state.encoded), state)
        XCTAssertNil(InheritedState(encoded: "x"))
        XCTAssertNil(InheritedState(encoded: "0,0,99:1:1"))
        let vectorOff = InheritedState(signalMask: 0, ignoredSignals: 0, vectorControl: 0x15)
        XCTAssertEqual(vectorOff.encoded, "0,0,v:15")
        XCTAssertEqual(InheritedState(encoded: vectorOff.encoded), vectorOff)
        XCTAssertEqual(InheritedState(encoded: "0,0")?.vectorControl, 2)
        XCTAssertNil(InheritedState(encoded: "0,0,v:20"))
    }

    /// Linux's riscv_v_vstate_ctrl_init: the next setting becomes the current one
    /// (default: on) and is kept only with the inherit bit.
    func testVectorControlAfterExec() {
        XCTAssertEqual(VectorControl.afterExec(0x2), 0x2)
        XCTAssertEqual(VectorControl.afterExec(0x6), 0x1)    // next off, once
        XCTAssertEqual(VectorControl.afterExec(0x15), 0x15)  // next off, inherited
        XCTAssertEqual(VectorControl.afterExec(0xa), 0x2)    // next on, once
        XCTAssertEqual(VectorControl.afterExec(0x11), 0x12)  // inherit with next default: on, next default
        XCTAssertEqual(VectorControl.enabled(.all, control: 1).contains(.v), false)
        XCTAssertEqual(VectorControl.enabled(.all, control: 1).contains(.zvbb), false)
        XCTAssertEqual(VectorControl.enabled(.all, control: 1).contains(.zbb), true)
        XCTAssertEqual(VectorControl.enabled(.all, control: 2), .all)
    }
}
