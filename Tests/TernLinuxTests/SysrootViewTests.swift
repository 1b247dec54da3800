import XCTest
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Under a sysroot the guest sees its own paths: what the kernel reports
/// (getcwd, /proc links, maps) never shows where the sysroot lives, and
/// symlink targets are stored as given.
final class SysrootViewTests: XCTestCase {
    var machine: Machine!
    var sys: SyscallHandler!
    var root = ""
    var savedCwd = ""
    let scratch: UInt64 = 0x40_0000

    override func setUpWithError() throws {
        savedCwd = FileManager.default.currentDirectoryPath
        root = NSTemporaryDirectory() + "tern-view-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: root + "/usr/bin", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/usr/bin/prog", contents: Data([1, 2, 3]))
        try FileManager.default.createDirectory(atPath: root + "/work", withIntermediateDirectories: true)
        machine = try Machine()
        try machine.memory.map(scratch, length: 0x4000, protection: [.read, .write])
        var options = LinuxOptions(warnUnsupported: false)
        options.sysroot = root
        sys = SyscallHandler(machine: machine, options: options, executablePath: root + "/usr/bin/prog", breakStart: 0x100_0000)
        sys.paths = GuestPaths(sysroot: root)
    }

    override func tearDown() {
        _ = chdir(savedCwd)
        try? FileManager.default.removeItem(atPath: root)
    }

    func call(_ name: String, _ args: UInt64...) -> Int64 {
        sys.handle(number: SyscallNames.number(name)!, args: SyscallArgs(args))
    }

    func string(_ s: String, at address: UInt64) throws -> UInt64 {
        try machine.memory.write(address, Array(s.utf8) + [0])
        return address
    }

    func cwd() throws -> String {
        let n = call("getcwd", scratch + 0x1000, 4096)
        XCTAssertGreaterThan(n, 0)
        return String(decoding: try machine.memory.read(scratch + 0x1000, count: Int(max(n, 1)) - 1), as: UTF8.self)
    }

    func readlink(_ path: String) throws -> String {
        let n = call("readlinkat", UInt64(bitPattern: -100), try string(path, at: scratch), scratch + 0x2000, 4096)
        XCTAssertGreaterThan(n, 0, path)
        return String(decoding: try machine.memory.read(scratch + 0x2000, count: Int(max(n, 0))), as: UTF8.self)
    }

    func testGetcwdAfterChdirToRootIsRoot() throws {
        XCTAssertEqual(call("chdir", try string("/", at: scratch)), 0)
        XCTAssertEqual(try cwd(), "/")
        XCTAssertEqual(call("chdir", try string("/work", at: scratch)), 0)
        XCTAssertEqual(try cwd(), "/work")
        XCTAssertEqual(try readlink("/proc/self/cwd"), "/work")
        XCTAssertEqual(call("getcwd", scratch + 0x1000, 5), -34)  // "/work" + NUL needs 6: ERANGE
        // Outside the sysroot the host path is the guest's path.
        XCTAssertEqual(call("chdir", try string("/proc", at: scratch)), 0)
        XCTAssertEqual(try cwd(), "/proc")
    }

    /// The sysroot is the guest's root for `..` (as `/` is on Linux): neither
    /// chdir("..") at the root nor a path climbing above it leaves the sysroot.
    func testDotDotCannotClimbAboveTheSysroot() throws {
        XCTAssertEqual(call("chdir", try string("/", at: scratch)), 0)
        XCTAssertEqual(call("chdir", try string("..", at: scratch)), 0)
        XCTAssertEqual(try cwd(), "/")
        XCTAssertEqual(FileManager.default.currentDirectoryPath, GuestPaths(sysroot: root).sysroot)
        XCTAssertEqual(call("chdir", try string("../../..", at: scratch)), 0)
        XCTAssertEqual(try cwd(), "/")
        XCTAssertEqual(call("chdir", try string("work/../../work", at: scratch)), 0)
        XCTAssertEqual(try cwd(), "/work")
        // Relative and absolute paths that climb above the root name files inside it.
        let atCwd = UInt64(bitPattern: -100)
        var fd = call("openat", atCwd, try string("../../usr/bin/prog", at: scratch), 0, 0)
        XCTAssertGreaterThan(fd, 2)
        close(Int32(fd))
        fd = call("openat", atCwd, try string("/../../usr/bin/prog", at: scratch), 0, 0)
        XCTAssertGreaterThan(fd, 2)
        close(Int32(fd))
        // A directory descriptor of the root climbs no further either.
        let dir = call("openat", atCwd, try string("/", at: scratch), 0o200000, 0)  // O_DIRECTORY
        XCTAssertGreaterThan(dir, 2)
        defer { close(Int32(dir)) }
        XCTAssertEqual(call("fchdir", UInt64(dir)), 0)
        XCTAssertEqual(call("chdir", try string("../..", at: scratch)), 0)
        XCTAssertEqual(try cwd(), "/")
        fd = call("openat", UInt64(dir), try string("../usr/bin/prog", at: scratch), 0, 0)
        XCTAssertGreaterThan(fd, 2)
        close(Int32(fd))
        // A name that does not exist inside the sysroot is still looked up inside it.
        XCTAssertEqual(call("openat", atCwd, try string("../tern-not-there", at: scratch), 0, 0), -2)
    }

    func testSymlinkTargetsAreStoredAsGiven() throws {
        XCTAssertEqual(call("chdir", try string("/work", at: scratch)), 0)
        XCTAssertEqual(call("symlinkat", try string("/usr/bin/prog", at: scratch), UInt64(bitPattern: -100),
                            try string("lnk", at: scratch + 0x100)), 0)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/work/lnk"), "/usr/bin/prog")
        XCTAssertEqual(try readlink("lnk"), "/usr/bin/prog")
        XCTAssertEqual(try readlink("/work/lnk"), "/usr/bin/prog")
        // Looking the link up follows it inside the sysroot... as the host kernel does: its
        // target is absolute, so the host resolves it on the host (qemu -L behaves the same).
    }

    func testProcLinksAndMapsShowGuestPaths() throws {
        XCTAssertEqual(try readlink("/proc/self/exe"), "/usr/bin/prog")
        let fd = call("openat", UInt64(bitPattern: -100), try string("/usr/bin/prog", at: scratch), 0, 0)
        XCTAssertGreaterThan(fd, 2)
        defer { close(Int32(fd)) }
        XCTAssertEqual(try readlink("/proc/self/fd/\(fd)"), "/usr/bin/prog")
        XCTAssertEqual(try readlink("/proc/\(getpid())/fd/\(fd)"), "/usr/bin/prog")
        let mapped = call("mmap", 0, 4096, 1, 2, UInt64(fd), 0)
        XCTAssertGreaterThan(mapped, 0)
        XCTAssertTrue(sys.procMaps().contains(" /usr/bin/prog\n"), sys.procMaps())
        XCTAssertFalse(sys.procMaps().contains(root))
    }

    func testGuestViewOfHostPaths() {
        let paths = GuestPaths(sysroot: root)
        let r = paths.sysroot!
        XCTAssertEqual(paths.guest(r), "/")
        XCTAssertEqual(paths.guest(r + "/usr/bin"), "/usr/bin")
        XCTAssertEqual(paths.guest(r + "x/usr"), r + "x/usr")  // a sibling directory is not inside
        XCTAssertEqual(paths.guest("/etc/passwd"), "/etc/passwd")
        XCTAssertEqual(GuestPaths(sysroot: nil).guest(r), r)
    }
}
