import ArgumentParser
import XCTest
@testable import tern

/// `RunFastPath` must give exactly the `Run` that swift-argument-parser gives, or
/// leave the command line to it.
final class RunFastPathTests: XCTestCase {
    /// Every stored option of a parsed `Run`, in declaration order.
    private func fields(_ r: Run) -> [String] {
        let c = r.checkpointOptions, q = r.qemu
        let values: [Any?] = [
            r.setEnvironment, r.unsetEnvironment, r.stats, r.statsJson, r.tcacheSize, r.statsInterval,
            r.profileBlocks, r.strace, r.sysroot, r.argv0, r.trace, r.debugLog, r.bare, r.maxInstructions,
            r.engine, c.checkpoint, c.checkpointAfter, c.checkpointOn, r.cpu, q.gdb, q.stackSize, q.perfmap,
            q.jitdump, r.execState, r.execEnv, r.execFd, r.binfmtFd, r.program, r.arguments,
        ]
        return values.map { String(describing: $0) }
    }

    /// ArgumentParser's `Run` for `tern run LINE`, nil when it rejects the line
    /// or answers something else (help, version, completion script).
    private func reference(_ line: [String]) -> Run? {
        (try? Tern.parseAsRoot(["run"] + line)) as? Run
    }

    /// Lines the fast path must take: what `make bench`, scripts and a guest's
    /// execve (`ExecCommand`) run.
    private let common: [[String]] = [
        ["prog"],
        ["--engine", "auto", "prog"],
        ["--engine", "threaded", "--stats", "prog", "a", "b"],
        ["--engine=native", "prog"],
        ["--sysroot", "/s", "/s/bin/busybox", "true"],
        ["-L", "/s", "prog", "--stats", "-x", "--", "-"],
        ["--engine", "auto", "--sysroot", "/s", "--strace", "--trace", "exec", "--tcache-size", "64M",
         "-d", "unimp", "--cpu", "max", "--exec-state", "abc", "--exec-env", "1", "prog", "arg0", "E=1"],
        ["--cpu", "rv64gc", "prog"], ["-cpu", "rva23u64", "prog"], ["-strace", "prog"],
        ["--stats-json", "/tmp/x.json", "--stats-interval", "5", "--profile-blocks", "3", "prog"],
        ["-E", "A=1", "-E", "B=2,C=3", "-U", "HOME", "prog"],
        ["-0", "name", "prog"], ["--argv0", "name", "prog"],
        ["-s", "16M", "prog"], ["--perfmap", "--jitdump", "prog"], ["-g", "1234", "prog"],
        ["--checkpoint", "/tmp/c", "--checkpoint-after", "1000", "prog"],
        ["--exec-fd", "5", "--binfmt-fd", "6", "prog"],
        ["--bare", "prog"], ["--max-instructions", "5", "prog"],
        ["--sysroot", "", "prog"], ["prog", "--help"], ["prog", "--version"], ["help"],
    ]

    /// Lines the fast path must leave to ArgumentParser (errors, help, forms it does not take).
    private let others: [[String]] = [
        [], ["--help"], ["-h"], ["--version"], ["--stats"], ["--engine", "bogus", "prog"], ["--engine"],
        ["--engine", "--stats", "prog"], ["--sysroot=", "prog"], ["--bogus", "prog"], ["-", "prog"],
        ["--", "prog"], ["--stats", "--stats", "prog"], ["--engine", "auto", "--engine", "threaded", "prog"],
        ["--stats=1", "prog"], ["-Lfoo", "prog"], ["-E", "novalue", "prog"], ["-s", "bad", "prog"],
        ["-g", "", "prog"], ["--exec-env", "3", "prog"], ["--tcache-size", "1X", "prog"],
        ["--checkpoint", "/tmp/c", "prog"], ["--cpu", "bogus", "prog"], ["-cpu", "help"],
        ["--trace", "nothing", "prog"], ["-d", "bogus", "prog"], ["", "prog"],
        ["prog", "--generate-completion-script", "bash"], ["--exec-fd", "x", "prog"],
        ["--stats-interval", "-1", "prog"],
    ]

    func testCommonLinesTakeTheFastPathAndAgree() throws {
        for line in common {
            let fast = try XCTUnwrap(RunFastPath.parse(line), "\(line) not taken by the fast path")
            let slow = try XCTUnwrap(reference(line), "\(line) rejected by ArgumentParser")
            XCTAssertEqual(fields(fast), fields(slow), "\(line)")
        }
    }

    func testEveryOtherLineIsLeftToArgumentParserOrAgrees() {
        for line in others {
            guard let fast = RunFastPath.parse(line) else { continue }
            guard let slow = reference(line) else { return XCTFail("\(line): fast path accepts what ArgumentParser rejects") }
            XCTAssertEqual(fields(fast), fields(slow), "\(line)")
        }
        for line in others.prefix(18) { XCTAssertNil(RunFastPath.parse(line), "\(line)") }
    }

    /// The table covers every option: a new option of `Run` or its groups must be added there.
    func testTableCoversEveryDeclaredOption() throws {
        let own = Mirror(reflecting: Run()).children.count - 2 /* option groups */ - 2 /* program, arguments */
        let groups = Mirror(reflecting: CheckpointOptions()).children.count + Mirror(reflecting: QemuStyleOptions()).children.count
        XCTAssertEqual(RunFastPath.rows.count, own + groups)
        var defaults = RunFastPath.defaults()
        defaults.program = "prog"
        XCTAssertEqual(fields(defaults), fields(try XCTUnwrap(reference(["prog"]))))
    }
}
