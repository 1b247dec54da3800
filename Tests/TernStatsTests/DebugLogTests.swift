import Foundation
import XCTest
import TernCore

/// Tern is silent on the guest's stderr unless asked: unimplemented syscalls
/// are logged with `-d unimp` (qemu's spelling) and counted in `--stats`;
/// `-d strace,in_asm,exec` alias the existing traces.
final class DebugLogTests: XCTestCase {
    func testUnimplementedSyscallsAreSilentByDefault() throws {
        let run = try ReleaseTern.run(["run", try ReleaseTern.sample("unimp")])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stderr, "", "nothing from tern on the guest's stderr")
        XCTAssertTrue(run.stdout.hasPrefix("syscall 18: -1 errno 38 (ENOSYS)\n"), run.stdout)
    }

    func testDashDUnimpLogsEachNumberOnce() throws {
        let run = try ReleaseTern.run(["run", "-d", "unimp", try ReleaseTern.sample("unimp")])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stderr, """
            tern: unimplemented syscall 300 (unknown)
            tern: unimplemented syscall 1000 (unknown)
            tern: unimplemented syscall 425 (io_uring_setup)

            """)
    }

    func testStatsCountUnimplementedCalls() throws {
        let (run, report) = try ReleaseTern.stats("unimp", ["--stats"])
        XCTAssertEqual(report.unimplementedSyscalls, ["unknown (300)": 1, "unknown (1000)": 2, "io_uring_setup (425)": 1],
                       "lookup_dcookie and nfsservctl answer ENOSYS as riscv64 Linux does: not unimplemented")
        XCTAssertTrue(run.stderr.contains("tern: unimplemented syscalls and unsupported requests (calls)\n"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\n  io_uring_setup (425)  1\n"), run.stderr)
    }

    func testDashDAliasesStraceAndTraces() throws {
        let sample = try ReleaseTern.sample("hello")
        let strace = try ReleaseTern.run(["run", "-d", "strace", sample])
        XCTAssertTrue(strace.stderr.contains(" write(1,\"Hello"), strace.stderr)
        XCTAssertTrue(strace.stderr.contains(" exit_group(0)"), strace.stderr)
        // The traces are long: stderr goes to a file (a pipe read after stdout would fill up).
        let log = ReleaseTern.temporaryPath("trace.log")
        let both = try Tool.run("/bin/sh", ["-c", "exec \"$0\" run -d in_asm,exec \"$1\" 2>\"$2\"", ReleaseTern.executable, sample, log],
                                environment: ["PATH": "/usr/bin:/bin", "LANG": "C"])
        let trace = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(trace.contains("IN:"), String(trace.prefix(200)))
        XCTAssertTrue(trace.contains("Trace 0x"), String(trace.prefix(200)))
        XCTAssertEqual(strace.stdout, both.stdout)
    }

    func testUnknownDashDItemIsAUsageError() throws {
        let run = try ReleaseTern.run(["run", "-d", "unimp,page", try ReleaseTern.sample("hello")])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.hasPrefix("Error: unknown -d item 'page' (expected a comma-separated list of: unimp, strace, in_asm, exec)\n"), run.stderr)
    }
}
