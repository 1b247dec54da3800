import TernISA
import XCTest
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Sysroot path resolution and the synthesized /proc files.
final class GuestPathsAndProcTests: XCTestCase {
    func testSysrootResolution() throws {
        let root = NSTemporaryDirectory() + "tern-sysroot-\(getpid())"
        try FileManager.default.createDirectory(atPath: root + "/usr/lib", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/usr/lib/only-in-sysroot", contents: Data([1]))
        try? FileManager.default.createSymbolicLink(atPath: root + "/lib", withDestinationPath: "usr/lib")
        defer { try? FileManager.default.removeItem(atPath: root) }

        let paths = GuestPaths(sysroot: root + "//")
        XCTAssertEqual(paths.sysroot, root)
        XCTAssertEqual(paths.host("/usr/lib/only-in-sysroot"), root + "/usr/lib/only-in-sysroot")
        XCTAssertEqual(paths.host("/lib"), root + "/lib")                       // the symlink itself exists
        XCTAssertEqual(paths.host("/lib/only-in-sysroot"), root + "/lib/only-in-sysroot")
        XCTAssertEqual(paths.host("/etc/hostname-not-in-sysroot"), "/etc/hostname-not-in-sysroot")  // host fallback
        XCTAssertEqual(paths.host("relative/file"), "relative/file")
        XCTAssertEqual(paths.host("/proc/self/maps"), "/proc/self/maps")        // never redirected
        XCTAssertEqual(paths.lookedUp("/lib/ld.so"), root + "/lib/ld.so")
        XCTAssertNil(GuestPaths(sysroot: nil).sysroot)
        XCTAssertNil(GuestPaths(sysroot: "").sysroot)
        XCTAssertNil(GuestPaths(sysroot: "/").sysroot)
        XCTAssertEqual(GuestPaths(sysroot: nil).host("/usr/lib/x"), "/usr/lib/x")
        XCTAssertEqual(GuestPaths(sysroot: "rel").sysroot, FileManager.default.currentDirectoryPath + "/rel")
        XCTAssertTrue(GuestPaths.isProc(Array("/proc".utf8)))
        XCTAssertFalse(GuestPaths.isProc(Array("/process".utf8)))
    }

    func makeHandler() throws -> (Machine, SyscallHandler) {
        let machine = try Machine()
        try machine.memory.map(0x40_0000, length: 0x4000, protection: [.read, .write], name: "[heap]")
        try machine.memory.map(0x10000, length: 0x2000, protection: [.read, .execute], name: "/bin/guest")
        let sys = SyscallHandler(machine: machine, options: LinuxOptions(warnUnsupported: false),
                                 executablePath: "/bin/guest", breakStart: 0x100_0000)
        sys.arguments = ["guest", "a b", ""]
        sys.auxv = [(6, 4096), (0, 0)]
        return (machine, sys)
    }

    func testProcEntries() throws {
        let (_, sys) = try makeHandler()
        let pid = getpid()
        XCTAssertEqual(sys.procEntry(Array("/proc/self/maps".utf8)), .maps)
        XCTAssertEqual(sys.procEntry(Array("/proc/\(pid)/cmdline".utf8)), .cmdline)
        XCTAssertEqual(sys.procEntry(Array("/proc/thread-self/auxv".utf8)), .auxv)
        XCTAssertEqual(sys.procEntry(Array("/proc/cpuinfo".utf8)), .cpuinfo)
        XCTAssertNil(sys.procEntry(Array("/proc/\(pid + 1)/maps".utf8)))
        XCTAssertNil(sys.procEntry(Array("/proc/self/status".utf8)))
        XCTAssertNil(sys.procEntry(Array("/etc/maps".utf8)))
    }

    func testProcContents() throws {
        let (machine, sys) = try makeHandler()
        machine.extensions = try CPUConfiguration.parse("rv64gc").extensions
        XCTAssertEqual(sys.procContents(.cmdline), Array("guest\0a b\0\0".utf8))
        var auxv: [UInt8] = [6, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0]
        auxv += [UInt8](repeating: 0, count: 16)
        XCTAssertEqual(sys.procContents(.auxv), auxv)
        let pad = { (s: String) in s + String(repeating: " ", count: 73 - s.count) }
        XCTAssertEqual(sys.procMaps(), pad("00010000-00012000 r-xp 00000000 00:00 0") + "/bin/guest\n"
                                        + pad("00400000-00404000 rw-p 00000000 00:00 0") + "[heap]\n")
        let cpuinfo = sys.procCPUInfo()
        XCTAssertTrue(cpuinfo.hasPrefix(
            "processor\t: 0\nhart\t\t: 0\nisa\t\t: rv64imafdc_zicntr_zicsr_zifencei_zihpm_zca_zcd\nmmu\t\t: sv39\n\n"), cpuinfo)
        machine.extensions = try CPUConfiguration.parse("rva23u64").extensions
        XCTAssertTrue(sys.procCPUInfo().contains("isa\t\t: rv64imafdcv_zicbom_zicbop_zicboz_zicntr_zicond_zicsr_zifencei_"
            + "zihintntl_zihintpause_zihpm_zimop_zawrs_zfa_zfhmin_zca_zcb_zcd_zcmop_zba_zbb_zbs_zkt_zvbb_zvfhmin_zvkt\n"), sys.procCPUInfo())
    }

    func testOpenSynthesizedFileThroughSyscall() throws {
        let (machine, sys) = try makeHandler()
        let path = Array("/proc/self/cmdline".utf8) + [0]
        try machine.memory.write(0x40_0000, path)
        let fd = sys.handle(number: SyscallNames.number("openat")!, args: SyscallArgs([UInt64(bitPattern: -100), 0x40_0000, 0, 0]))
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(Int32(fd)) }
        let n = sys.handle(number: SyscallNames.number("read")!, args: SyscallArgs([UInt64(fd), 0x40_1000, 100]))
        XCTAssertEqual(n, 11)
        XCTAssertEqual(try machine.memory.read(0x40_1000, count: 11), Array("guest\0a b\0\0".utf8))
        // Writing to a synthesized file is refused like a read-only /proc file.
        XCTAssertEqual(sys.handle(number: SyscallNames.number("openat")!, args: SyscallArgs([UInt64(bitPattern: -100), 0x40_0000, 1, 0])), -13)
    }
}
