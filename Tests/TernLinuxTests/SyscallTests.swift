import XCTest
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

final class SyscallTests: XCTestCase {
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

    func testNamesMatchRiscv64Numbers() {
        let expected = ["read": 63, "write": 64, "openat": 56, "close": 57, "exit": 93, "exit_group": 94,
                        "brk": 214, "mmap": 222, "munmap": 215, "mprotect": 226, "newfstatat": 79, "fstat": 80,
                        "clock_gettime": 113, "uname": 160, "getrandom": 278, "rseq": 293, "statx": 291,
                        "riscv_hwprobe": 258, "prlimit64": 261, "futex": 98, "readlinkat": 78, "ioctl": 29]
        for (name, n) in expected { XCTAssertEqual(SyscallNames.number(name), n, name) }
        XCTAssertEqual(SyscallHandler.table.count, SyscallHandler.table.values.count)
    }

    func testUnsupportedIsENOSYS() {
        XCTAssertEqual(sys.handle(number: 0, args: SyscallArgs([])), -38)     // io_setup
        XCTAssertEqual(sys.handle(number: 9999, args: SyscallArgs([])), -38)
    }

    func testBrk() throws {
        XCTAssertEqual(call("brk", 0), 0x100_0000)
        XCTAssertEqual(call("brk", 0x100_2010), 0x100_2010)
        try machine.memory.store(0x100_2000, UInt64(0xdead_beef))
        XCTAssertEqual(try machine.memory.load(0x100_2000, as: UInt64.self), 0xdead_beef)
        XCTAssertEqual(call("brk", 0x100_1000), 0x100_1000)   // shrink
        XCTAssertFalse(machine.memory.isAccessible(0x100_2000, length: 1, .read))
        XCTAssertEqual(call("brk", 0x100_3000), 0x100_3000)   // regrow reads zero
        XCTAssertEqual(try machine.memory.load(0x100_2000, as: UInt64.self), 0)
        XCTAssertEqual(call("brk", 0x10), 0x100_3000)          // below start: unchanged
        XCTAssertEqual(call("brk", 1 << 40), 0x100_3000)       // absurd: unchanged
        // Blocked by a mapping: unchanged.
        try machine.memory.map(0x110_0000, length: 0x1000, protection: .read)
        XCTAssertEqual(call("brk", 0x120_0000), 0x100_3000)
    }

    func testMmapAnonymous() throws {
        let prot: UInt64 = 3, flags: UInt64 = 0x22  // PRIVATE|ANONYMOUS
        let a = call("mmap", 0, 0x3000, prot, flags, UInt64(bitPattern: -1), 0)
        XCTAssertGreaterThan(a, 0)
        XCTAssertEqual(UInt64(a) % 4096, 0)
        XCTAssertLessThan(UInt64(a), GuestLayout.stackTop - GuestLayout.defaultStackSize)
        XCTAssertTrue(machine.memory.isAccessible(UInt64(a), length: 0x3000, [.read, .write]))
        let b = call("mmap", 0, 0x1000, 1, flags, UInt64(bitPattern: -1), 0)
        XCTAssertLessThan(b, a)                                       // top-down
        XCTAssertEqual(call("mmap", 0, 0, 3, flags, 0, 0), -22)      // zero length
        XCTAssertEqual(call("mmap", 0, 0x1000, 3, 0x20, 0, 0), -22)  // neither shared nor private
        XCTAssertEqual(call("mmap", 0, 0x1000, 3, flags, 0, 1), -22) // unaligned offset
        XCTAssertEqual(call("mmap", 0, 1 << 40, 3, flags, 0, 0), -12)
        XCTAssertEqual(call("mmap", 0, .max, 3, flags, 0, 0), -12)
        // MAP_FIXED replaces; FIXED_NOREPLACE refuses.
        XCTAssertEqual(call("mmap", 0x50_0000, 0x1000, 3, flags | 0x10, 0, 0), 0x50_0000)
        XCTAssertEqual(call("mmap", 0x50_0000, 0x1000, 3, flags | 0x10_0000, 0, 0), -17)
        XCTAssertEqual(call("mmap", 0x50_0001, 0x1000, 3, flags | 0x10, 0, 0), -22)
        // Hint honoured when free.
        XCTAssertEqual(call("mmap", 0x60_0000, 0x1000, 3, flags, 0, 0), 0x60_0000)
        // munmap / mprotect.
        XCTAssertEqual(call("munmap", 0x50_0000, 0x1000), 0)
        XCTAssertFalse(machine.memory.isAccessible(0x50_0000, length: 1, []))
        XCTAssertEqual(call("munmap", 0x50_0001, 0x1000), -22)
        XCTAssertEqual(call("munmap", 0x50_0000, 0), -22)
        XCTAssertEqual(call("mprotect", 0x60_0000, 0x1000, 1), 0)
        XCTAssertEqual(machine.memory.region(containing: 0x60_0000)?.protection, .read)
        XCTAssertEqual(call("mprotect", 0x50_0000, 0x1000, 1), -12)   // unmapped
        XCTAssertEqual(call("mprotect", 0x60_0001, 0x1000, 1), -22)
    }

    func testMmapFile() throws {
        let path = temporaryFile(Array(repeating: 0x41, count: 5000))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let a = call("mmap", 0, 5000, 1, 2, UInt64(fd), 0)
        XCTAssertGreaterThan(a, 0)
        XCTAssertEqual(try machine.memory.read(UInt64(a), count: 5000), Array(repeating: 0x41, count: 5000))
        XCTAssertEqual(try machine.memory.load(UInt64(a) + 5000, as: UInt8.self), 0)
        XCTAssertEqual(call("mmap", 0, 4096, 1, 2, 12345, 0), -9)
        XCTAssertEqual(call("mmap", 0, 4096, 3, 1, UInt64(fd), 0), -13)  // shared writable needs O_RDWR
        // A shared writable mapping writes through to the file (msync flushes).
        let rw = open(path, O_RDWR)
        defer { close(rw) }
        let s = call("mmap", 0, 4096, 3, 1, UInt64(rw), 0)
        XCTAssertGreaterThan(s, 0)
        try machine.memory.store(UInt64(s) + 10, UInt8(0x5a))
        XCTAssertEqual(call("msync", UInt64(s), 4096, 4), 0)  // MS_SYNC
        var byte: UInt8 = 0
        XCTAssertEqual(pread(rw, &byte, 1, 10), 1)
        XCTAssertEqual(byte, 0x5a)
        XCTAssertEqual(machine.memory.region(containing: UInt64(s))?.name, path)
        XCTAssertEqual(call("msync", UInt64(s) + 1, 4096, 4), -22)
        XCTAssertEqual(call("msync", 0x7_0000_0000, 4096, 4), -12)
    }

    func testMremap() throws {
        let a = UInt64(call("mmap", 0, 0x1000, 3, 0x22, 0, 0))
        try machine.memory.store(a, UInt64(42))
        let b = call("mremap", a, 0x1000, 0x10_0000, 1)
        XCTAssertGreaterThan(b, 0)
        XCTAssertEqual(try machine.memory.load(UInt64(b), as: UInt64.self), 42)
        XCTAssertTrue(machine.memory.isAccessible(UInt64(b), length: 0x10_0000, [.read, .write]))
    }

    /// A file mapping past the end of its file is mapped but faults (SIGBUS): Tern's
    /// own copies of guest memory end with EFAULT there, as the kernel's do, and the
    /// host never faults (before: tern died of SIGBUS in the first such syscall).
    func testGuestMemoryPastTheEndOfAFileFaultsWithoutKillingTheHost() throws {
        let path = temporaryFile([0x41])
        let fd = open(path, O_RDWR)
        defer { close(fd) }
        let a = UInt64(call("mmap", 0, 0x2000, 3, 1, UInt64(fd), 0))  // shared, read/write
        XCTAssertLessThan(a, GuestMemory.size)
        let past = a + 0x1000
        XCTAssertTrue(machine.memory.isAccessible(past, length: 8, [.read, .write]))
        XCTAssertEqual(try machine.memory.load(a, as: UInt8.self), 0x41)
        XCTAssertThrowsError(try machine.memory.load(past, as: UInt64.self))
        XCTAssertThrowsError(try machine.memory.store(past, UInt64(1)))
        XCTAssertThrowsError(try machine.memory.read(past - 4, count: 8))
        XCTAssertThrowsError(try machine.memory.write(past, [1, 2, 3]))
        XCTAssertNil(machine.memory.readCString(past))
        try machine.memory.write(a + 0xff0, Array(repeating: 0x42, count: 16))  // no NUL before the end
        XCTAssertNil(machine.memory.readCString(a + 0xff0))
        XCTAssertEqual(call("rt_sigprocmask", 0, past, 0, 8), -14)        // read by Tern
        XCTAssertEqual(call("rt_sigprocmask", 0, 0, past, 8), -14)        // written by Tern
        XCTAssertEqual(call("clock_gettime", 1, past), -14)
        XCTAssertEqual(call("uname", past), -14)
        XCTAssertEqual(call("openat", UInt64(bitPattern: -100), past, 0, 0), -14)  // a path
        XCTAssertEqual(call("write", UInt64(fd), past, 8), -14)           // the host kernel's copy
        XCTAssertEqual(try machine.memory.load(a, as: UInt8.self), 0x41)  // and the process goes on
    }

    /// mremap growing in place keeps what Linux's vma_expand keeps: private anonymous
    /// pages are new zero pages, shared memory and file mappings continue their object
    /// (a shared file mapping's new page is the file's next page).
    func testMremapGrowsEachKindInPlace() throws {
        func room(_ pages: UInt64) -> UInt64 {  // free pages at a known place
            let r = UInt64(call("mmap", 0, pages * 0x1000, 0, 0x22, 0, 0))
            XCTAssertEqual(call("munmap", r, pages * 0x1000), 0)
            return r
        }
        let anon = room(4)
        XCTAssertEqual(call("mmap", anon, 0x1000, 3, 0x32, 0, 0), Int64(anon))
        try machine.memory.store(anon, UInt64(7))
        XCTAssertEqual(call("mremap", anon, 0x1000, 0x3000, 0), Int64(anon))
        XCTAssertEqual(try machine.memory.load(anon, as: UInt64.self), 7)
        XCTAssertEqual(try machine.memory.load(anon + 0x2ff8, as: UInt64.self), 0)
        try machine.memory.store(anon + 0x2ff8, UInt64(9))
        XCTAssertEqual(machine.memory.region(containing: anon + 0x2000)?.protection, [.read, .write])

        let path = temporaryFile(Array(repeating: 0x66, count: 0x3000))
        let fd = open(path, O_RDWR)
        defer { close(fd) }
        for (k, (flags, label)) in [(UInt64(0x11), "shared"), (UInt64(0x12), "private")].enumerated() {
            let f = room(4)
            XCTAssertEqual(call("mmap", f, 0x1000, 3, flags, UInt64(fd), 0), Int64(f), label)
            XCTAssertEqual(call("mremap", f, 0x1000, 0x2000, 0), Int64(f), label)
            XCTAssertEqual(try machine.memory.load(f + 0x1800, as: UInt8.self), 0x66, label)  // the file's second page
            XCTAssertEqual(machine.memory.region(containing: f + 0x1000)?.fileOffset, 0x1000, label)
            try machine.memory.store(f + 0x1000 + UInt64(k), UInt8(0x77))
            var byte: UInt8 = 0
            XCTAssertEqual(pread(fd, &byte, 1, off_t(0x1000 + k)), 1)
            XCTAssertEqual(byte, flags == 0x11 ? 0x77 : 0x66, label)  // shared: the same file page
            XCTAssertEqual(call("munmap", f, 0x2000), 0)
        }
        // Shared anonymous memory: the pages past its object are mapped but fault.
        let s = room(4)
        XCTAssertEqual(call("mmap", s, 0x1000, 3, 0x31, 0, 0), Int64(s))
        XCTAssertEqual(call("mremap", s, 0x1000, 0x2000, 0), Int64(s))
        XCTAssertTrue(machine.memory.isAccessible(s + 0x1000, length: 1, .read))
        XCTAssertThrowsError(try machine.memory.load(s + 0x1000, as: UInt8.self))
    }

    func testWriteAndReadFaultOnWildPointers() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        XCTAssertEqual(call("write", UInt64(fds[1]), 0x10, 5), -14)
        XCTAssertEqual(call("write", UInt64(fds[1]), 1 << 50, 5), -14)
        XCTAssertEqual(call("write", UInt64(fds[1]), .max - 2, 5), -14)
        XCTAssertEqual(call("write", UInt64(fds[1]), 0x10, 0), 0)
        try machine.memory.write(scratch, Array("hello".utf8))
        XCTAssertEqual(call("write", UInt64(fds[1]), scratch, 5), 5)
        XCTAssertEqual(call("read", UInt64(fds[0]), 0x10, 5), -14)
        XCTAssertEqual(call("read", UInt64(fds[0]), scratch + 0x100, 5), 5)
        XCTAssertEqual(try machine.memory.read(scratch + 0x100, count: 5), Array("hello".utf8))
        // A read-only buffer cannot be read into.
        try machine.memory.map(0x80_0000, length: 0x1000, protection: .read)
        XCTAssertEqual(call("write", UInt64(fds[1]), scratch, 5), 5)
        XCTAssertEqual(call("read", UInt64(fds[0]), 0x80_0000, 5), -14)
        // A huge count running into unmapped memory: the kernel's own answer for a pipe,
        // whose pipe_write drops a partly copied page (EFAULT, nothing written).
        XCTAssertEqual(call("write", UInt64(fds[1]), scratch + 0x3ffe, .max), -14)
        // writev: bad iovec array and bad buffers.
        XCTAssertEqual(call("writev", UInt64(fds[1]), 0x10, 1), -14)
        XCTAssertEqual(call("writev", UInt64(fds[1]), scratch, UInt64(bitPattern: -1)), -22)
        try machine.memory.store(scratch + 0x200, UInt64(0x10))
        try machine.memory.store(scratch + 0x208, UInt64(4))
        XCTAssertEqual(call("writev", UInt64(fds[1]), scratch + 0x200, 1), -14)
        try machine.memory.store(scratch + 0x200, scratch)
        XCTAssertEqual(call("writev", UInt64(fds[1]), scratch + 0x200, 1), 4)
    }

    func testPathsAndStat() throws {
        let path = temporaryFile(Array(repeating: 7, count: 123))
        try machine.memory.write(scratch, Array(path.utf8) + [0])
        let fd = call("openat", UInt64(bitPattern: -100), scratch, 0, 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        XCTAssertEqual(call("fstat", UInt64(fd), scratch + 0x1000), 0)
        XCTAssertEqual(try machine.memory.load(scratch + 0x1000 + 48, as: Int64.self), 123)   // st_size
        XCTAssertEqual(try machine.memory.load(scratch + 0x1000 + 16, as: UInt32.self) & 0o170000, 0o100000)
        XCTAssertEqual(call("fstat", UInt64(fd), 0x10), -14)
        XCTAssertEqual(call("newfstatat", UInt64(bitPattern: -100), scratch, scratch + 0x2000, 0), 0)
        XCTAssertEqual(try machine.memory.load(scratch + 0x2000 + 48, as: Int64.self), 123)
        XCTAssertEqual(call("close", UInt64(fd)), 0)
        XCTAssertEqual(call("close", UInt64(fd)), -9)
        XCTAssertEqual(call("openat", UInt64(bitPattern: -100), 0x10, 0, 0), -14)
        try machine.memory.write(scratch, Array("/nonexistent/x".utf8) + [0])
        XCTAssertEqual(call("openat", UInt64(bitPattern: -100), scratch, 0, 0), -2)
        // readlinkat(/proc/self/exe) answers the guest program.
        try machine.memory.write(scratch, Array("/proc/self/exe".utf8) + [0])
        XCTAssertEqual(call("readlinkat", UInt64(bitPattern: -100), scratch, scratch + 0x100, 64), 10)
        XCTAssertEqual(try machine.memory.read(scratch + 0x100, count: 10), Array("/bin/guest".utf8))
        XCTAssertEqual(call("readlinkat", UInt64(bitPattern: -100), scratch, scratch + 0x100, 0), -22)
    }

    func testUnameAndTime() throws {
        XCTAssertEqual(call("uname", scratch), 0)
        XCTAssertEqual(machine.memory.readCString(scratch), "Linux")
        XCTAssertEqual(machine.memory.readCString(scratch + 65 * 4), "riscv64")
        XCTAssertEqual(call("uname", 0x10), -14)
        XCTAssertEqual(call("clock_gettime", 1, scratch), 0)
        XCTAssertGreaterThan(try machine.memory.load(scratch, as: Int64.self) + (try machine.memory.load(scratch + 8, as: Int64.self)), 0)
        XCTAssertEqual(call("clock_gettime", 1, 0x10), -14)
        XCTAssertEqual(call("getrandom", scratch, 64, 0), 64)
        XCTAssertEqual(call("getrandom", 0x10, 64, 0), -14)
    }

    func testSignalsFutexExit() throws {
        XCTAssertEqual(call("rt_sigaction", 2, 0, scratch, 8), 0)
        XCTAssertEqual(call("rt_sigaction", 2, 0, scratch, 4), -22)
        XCTAssertEqual(call("rt_sigaction", 9, scratch, 0, 8), -22)
        XCTAssertEqual(call("rt_sigprocmask", 0, 0, scratch, 8), 0)
        try machine.memory.store(scratch, UInt32(5))
        XCTAssertEqual(call("futex", scratch, 0, 4, 0), -11)
        XCTAssertEqual(call("futex", scratch, 1, 1), 0)
        XCTAssertEqual(call("futex", 0x10, 0, 4, 0), -14)
        XCTAssertNil(sys.exitRequest)
        _ = call("exit_group", 0x1ff)
        XCTAssertEqual(sys.exitRequest, .exited(0xff))
    }

    func testStatTranslationLayout() {
        var s = GuestStat()
        s.dev = 0x0102; s.ino = 0x0304; s.mode = 0o100644; s.nlink = 2; s.uid = 1000; s.gid = 1001
        s.rdev = 7; s.size = 0x1234; s.blksize = 4096; s.blocks = 8
        s.atime = 11; s.atimeNsec = 12; s.mtime = 13; s.mtimeNsec = 14; s.ctime = 15; s.ctimeNsec = 16
        let b = s.encoded
        XCTAssertEqual(b.count, 128)
        func u64(_ o: Int) -> UInt64 { (0 ..< 8).reduce(0) { $0 | UInt64(b[o + $1]) << (8 * UInt64($1)) } }
        func u32(_ o: Int) -> UInt32 { UInt32(truncatingIfNeeded: u64(o)) }
        XCTAssertEqual(u64(0), 0x0102); XCTAssertEqual(u64(8), 0x0304)
        XCTAssertEqual(u32(16), 0o100644); XCTAssertEqual(u32(20), 2)
        XCTAssertEqual(u32(24), 1000); XCTAssertEqual(u32(28), 1001)
        XCTAssertEqual(u64(32), 7); XCTAssertEqual(u64(40), 0)
        XCTAssertEqual(u64(48), 0x1234); XCTAssertEqual(u32(56), 4096)
        XCTAssertEqual(u64(64), 8)
        XCTAssertEqual([u64(72), u64(80), u64(88), u64(96), u64(104), u64(112)], [11, 12, 13, 14, 15, 16])
        XCTAssertEqual(u64(120), 0)
        var host = stat()
        host.st_size = 99; host.st_nlink = 3; host.st_mtim.tv_sec = 5; host.st_mtim.tv_nsec = 6
        let g = GuestStat(host: host)
        XCTAssertEqual(g.size, 99); XCTAssertEqual(g.nlink, 3); XCTAssertEqual(g.mtime, 5); XCTAssertEqual(g.mtimeNsec, 6)
    }

    func testOpenFlagTranslation() {
        XCTAssertEqual(OpenFlags.host(fromGuest: 0o1), O_WRONLY)
        XCTAssertEqual(OpenFlags.host(fromGuest: 0o2 | 0o100 | 0o1000), O_RDWR | O_CREAT | O_TRUNC)
        XCTAssertEqual(OpenFlags.host(fromGuest: 0o2000000), O_CLOEXEC)
        XCTAssertEqual(OpenFlags.host(fromGuest: 0o200000), O_DIRECTORY)
        XCTAssertEqual(OpenFlags.host(fromGuest: 0o400000), O_NOFOLLOW)
        XCTAssertEqual(OpenFlags.host(fromGuest: 0o4000 | 0o2000), O_NONBLOCK | O_APPEND)
        XCTAssertEqual(OpenFlags.host(fromGuest: Int32(bitPattern: 0x8000_0000)), 0)  // unknown bit dropped
        XCTAssertEqual(OpenFlags.guest(fromHost: O_RDWR | O_APPEND | 0o100000), 0o2 | 0o2000 | 0o100000)
    }
}
