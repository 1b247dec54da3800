import Foundation
import Synchronization
import XCTest
import TernTestSupport
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// The embedding API: `GuestVM` runs guests inside this test process, each
/// with its own memory, descriptor table and captured stdio.
final class GuestVMTests: XCTestCase {
    private func expected(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Tests/e2e/expected/" + name)))
    }

    func testCapturesStdoutAndFeedsStdin() throws {
        let hello = try GuestVM.run(.init(executable: try builtSample("hello")))
        XCTAssertEqual(hello.exit, .exited(0))
        XCTAssertEqual(hello.stdout, try expected("hello.out"))
        XCTAssertEqual(hello.stderr, [])
        XCTAssertNil(hello.limitReached)
        XCTAssertGreaterThan(hello.instructions, 1000)

        var config = GuestVM.Configuration(executable: try builtSample("stdin"))
        config.stdin = Array(try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Tests/e2e/inputs/lorem.txt")))
        let counted = try GuestVM.run(config)
        XCTAssertEqual(counted.exit, .exited(0))
        XCTAssertEqual(counted.stdout, try expected("stdin:text.out"))
    }

    func testAGuestSeesNoHostDescriptorsAndKeepsItsLimits() throws {
        // The test process has descriptors open (this one, XCTest's): the guest's table holds 0, 1, 2 only,
        // so the file `files` opens first is descriptor 3 (seen by a close handler that closes it itself).
        let keep = open("/dev/null", O_RDONLY)
        defer { close(keep) }
        let closed = Mutex<[Int32]>([])
        var config = GuestVM.Configuration(executable: try builtSample("files"))
        config.syscalls["close"] = .handle { args, _ in
            let fd = Int32(truncatingIfNeeded: args[0])
            closed.withLock { $0.append(fd) }
            return close(fd) == 0 ? 0 : -Int64(errno)
        }
        let r = try GuestVM.run(config)
        XCTAssertEqual(r.exit, .exited(0), String(decoding: r.stderr, as: UTF8.self))
        XCTAssertEqual(closed.withLock { $0.first }, 3)
        XCTAssertGreaterThanOrEqual(fcntl(keep, F_GETFD), 0, "the host's descriptor is untouched")
        // sysedge lowers RLIMIT_NOFILE: in a VM that stays the guest's, the host's limit is unchanged.
        var before = rlimit(), after = rlimit()
        getrlimit(__rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue)), &before)
        _ = try GuestVM.run(.init(executable: try builtSample("sysedge")))
        getrlimit(__rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue)), &after)
        XCTAssertEqual(after.rlim_cur, before.rlim_cur)
    }

    /// What Samples/stdin prints for `input` (wc-style counts and FNV-1a).
    private func stdinReport(_ input: [UInt8]) -> [UInt8] {
        var lines = 0, words = 0, longest = 0, current = 0, inWord = false
        var h: UInt64 = 1469598103934665603
        for c in input {
            h = (h ^ UInt64(c)) &* 1099511628211
            if c == 10 { lines += 1; longest = max(longest, current); current = 0 } else { current += 1 }
            if [9, 10, 11, 12, 13, 32].contains(c) { inWord = false } else if !inWord { inWord = true; words += 1 }
        }
        longest = max(longest, current)
        let hex = String(h, radix: 16)
        return Array("lines=\(lines) words=\(words) bytes=\(input.count) longest=\(longest)\nfnv1a=\(String(repeating: "0", count: 16 - hex.count) + hex)\n".utf8)
    }

    /// What Samples/args prints for `argv` ending in "env:VMID" with VMID=`value`.
    private func argsReport(_ argv: [String], value: String) -> [UInt8] {
        var out = "argc=\(argv.count)\n"
        for (i, a) in argv.enumerated() where i > 0 { out += "argv[\(i)]=\"\(a)\" (len \(a.utf8.count))\n" }
        return Array((out + "argv[argc]=NULL\nenv VMID=\(value)\n").utf8)
    }

    /// 100 VMs, each a different guest, input or arguments, concurrently on a
    /// thread pool: every output is the one that guest alone must print.
    func testHundredConcurrentVMsAreIndependent() throws {
        var configs: [GuestVM.Configuration] = []
        var expectedOut: [[UInt8]] = []
        let hello = try expected("hello.out")
        for i in 0 ..< 100 {
            switch i % 3 {
            case 0:
                var c = GuestVM.Configuration(executable: try builtSample("stdin"))
                c.stdin = Array("vm \(i)\nword word\n".utf8) + [UInt8](repeating: UInt8(65 + i % 26), count: i * 37)
                expectedOut.append(stdinReport(c.stdin))
                configs.append(c)
            case 1:
                let argv = ["args", "vm-\(i)", String(repeating: "x", count: i), "", "env:VMID"]
                expectedOut.append(argsReport(argv, value: "value \(i)"))
                var c = GuestVM.Configuration(executable: try builtSample("args"), arguments: argv)
                c.environment = ["VMID=value \(i)"]
                configs.append(c)
            default:
                expectedOut.append(hello)
                configs.append(.init(executable: try builtSample("hello")))
            }
        }
        let all = configs
        let together = Mutex<[Int: GuestVM.Result]>([:])
        DispatchQueue.concurrentPerform(iterations: all.count) { i in
            if let r = try? GuestVM.run(all[i]) { together.withLock { $0[i] = r } }
        }
        let results = together.withLock { $0 }
        XCTAssertEqual(results.count, configs.count)
        for i in 0 ..< configs.count {
            guard let r = results[i] else { continue }
            XCTAssertEqual(r.exit, .exited(0), "vm \(i)")
            XCTAssertEqual(String(decoding: r.stdout, as: UTF8.self), String(decoding: expectedOut[i], as: UTF8.self), "vm \(i)")
            XCTAssertEqual(r.stderr, [], "vm \(i)")
        }
    }

    func testInstructionLimitStopsExactly() throws {
        var config = GuestVM.Configuration(executable: try builtSample("loop"))
        config.limits.instructions = 1_000_000
        let r = try GuestVM.run(config)
        guard case .signaled(24, let message) = r.exit else { return XCTFail("\(r.exit)") }
        XCTAssertTrue(message?.contains("instruction limit 1000000") == true, message ?? "no message")
        XCTAssertEqual(r.limitReached, .instructions)
        XCTAssertEqual(r.instructions, 1_000_000)
    }


    func testAnEndedMultithreadedGuestLeavesNoHostThreadsBehind() throws {
        // Four threads computing in parallel: the limit ends the guest while
        // they run; those parked by the end must end their host threads, and
        // so must a dropped VM paused with its threads running.
        var config = GuestVM.Configuration(executable: try builtSample("parallel"), arguments: ["parallel", "4", "4"])
        GuestVM.endParkedThreads()  // (VM threads parked for forks are not the guest's)
        let saved = GuestVM.parkedThreadLimit
        GuestVM.parkedThreadLimit = 0
        defer { GuestVM.parkedThreadLimit = saved }
        let before = hostThreadCount()
        for limit in [3_000_000, 20_000_000] as [UInt64] {
            config.limits.instructions = limit
            let r = try GuestVM.run(config)
            guard case .signaled(24, _) = r.exit else { return XCTFail("\(r.exit)") }
            XCTAssertGreaterThanOrEqual(r.instructions, limit)
        }
        config.limits.instructions = nil
        do {
            let vm = try GuestVM(config)
            guard case .paused = vm.run(instructions: 10_000_000) else { return XCTFail("ended before the pause") }
        }
        // (Threads of earlier tests may still be ending: at most as many as before.)
        // Up to 15 s: besides the VM's threads, a host thread pool of the test
        // process (a worker started meanwhile) may take a few idle seconds to end
        // under load; a guest thread stuck for good never does.
        var waited = 0
        while hostThreadCount() > before && waited < 1500 {
            usleep(10_000)
            waited += 1
        }
        XCTAssertLessThanOrEqual(hostThreadCount(), before, "host threads of ended guests left behind")
    }

    func testAThreadBlockingEverySignalInAWaitDoesNotOutliveItsGuest() throws {
        // stuckthread's second thread blocks every signal, then waits in a read
        // nothing satisfies; the guest ends (its exit, a limit, a dropped VM):
        // every host thread the VM made ends (parked VM threads aside).
        GuestVM.endParkedThreads()
        let saved = GuestVM.parkedThreadLimit
        GuestVM.parkedThreadLimit = 0
        defer { GuestVM.parkedThreadLimit = saved }
        let before = hostThreadCount()
        let exited = try GuestVM.run(.init(executable: try builtSample("stuckthread")))
        XCTAssertEqual(exited.exit, .exited(0))
        XCTAssertEqual(String(decoding: exited.stdout, as: UTF8.self), "waiting\n")
        var config = GuestVM.Configuration(executable: try builtSample("stuckthread"), arguments: ["stuckthread", "spin"])
        config.limits.wallSeconds = 0.5
        let limited = try GuestVM.run(config)
        XCTAssertEqual(limited.limitReached, .wallTime)
        config.limits.wallSeconds = nil
        do {
            let vm = try GuestVM(config)
            guard case .paused = vm.run(instructions: 2_000_000) else { return XCTFail("ended before the pause") }
        }
        // Up to 15 s: besides the VM's threads, a host thread pool of the test
        // process (a worker started meanwhile) may take a few idle seconds to end
        // under load; a guest thread stuck for good never does.
        var waited = 0
        while hostThreadCount() > before && waited < 1500 {
            usleep(10_000)
            waited += 1
        }
        XCTAssertLessThanOrEqual(hostThreadCount(), before, "a blocked guest thread kept its host thread")
    }

    func testTheCPUModelIsTheConfigurationsAndAForkKeepsIt() throws {
        // Zbb instructions: fine under the default (max), SIGILL under rv64gc.
        var config = GuestVM.Configuration(executable: try builtSample("rva23/bitops"))
        let wide = try GuestVM.run(config)
        guard case .exited = wide.exit else { return XCTFail("\(wide.exit)") }  // its status is its own
        XCTAssertTrue(String(decoding: wide.stdout, as: UTF8.self).hasPrefix("bitops: "))
        config.cpu = "rva23u64"
        let named = try GuestVM.run(config)
        XCTAssertEqual(named.stdout, wide.stdout)
        XCTAssertEqual(named.exit, wide.exit)
        config.cpu = "rv64gc"
        guard case .signaled(4, _) = try GuestVM.run(config).exit else { return XCTFail("rv64gc ran Zbb") }
        let parent = try GuestVM(config)
        let fork = try GuestVM(forking: try parent.snapshot())
        guard case .ended(let f) = fork.run(), case .signaled(4, _) = f.exit else { return XCTFail("the fork lost its CPU model") }
        config.cpu = "rv64gc,nosuchext=true"
        XCTAssertThrowsError(try GuestVM(config)) { error in
            guard case GuestVM.StartError.load(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("CPU model"), message)
        }
    }

    func testWallTimeLimitStopsARunawayGuest() throws {
        // An ELF whose only instruction jumps to itself.
        var spin = ELFBuilder.valid(code: [0x6F, 0x00, 0x00, 0x00])
        spin.entry = 0x10000 + 64 + 2 * 56  // the code follows the two program headers
        let path = temporaryFile(spin.bytes(), name: "spin")
        chmod(path, 0o755)
        var config = GuestVM.Configuration(executable: path)
        config.limits.wallSeconds = 0.3
        let started = Date()
        let r = try GuestVM.run(config)
        XCTAssertEqual(r.limitReached, .wallTime)
        guard case .signaled(24, _) = r.exit else { return XCTFail("\(r.exit)") }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertGreaterThan(r.instructions, 1000)
    }

    func testMemoryLimit() throws {
        // With 1 MiB of address space not even the guest's stack fits: every
        // mmap and brk fails (ENOMEM) and glibc's start-up cannot get memory.
        var config = GuestVM.Configuration(executable: try builtSample("hello"))
        config.limits.memoryBytes = 1 << 20
        let limited = try GuestVM.run(config)
        XCTAssertNotEqual(limited.exit, .exited(0))
        XCTAssertNotEqual(limited.stdout, try expected("hello.out"))
        config.limits.memoryBytes = 64 << 20
        XCTAssertEqual(try GuestVM.run(config).stdout, try expected("hello.out"))
    }

    func testWildWritesFaultInsideTheGuest() throws {
        let bad = try GuestVM.run(.init(executable: try builtSample("bad/wildptr")))
        guard case .signaled(11, _) = bad.exit else { return XCTFail("\(bad.exit)") }
        // The test process goes on, and another VM is unaffected.
        XCTAssertEqual(try GuestVM.run(.init(executable: try builtSample("hello"))).stdout, try expected("hello.out"))
    }

    func testSyscallPolicies() throws {
        var config = GuestVM.Configuration(executable: try builtSample("files"))
        config.syscalls["openat"] = .deny
        let denied = try GuestVM.run(config)
        XCTAssertEqual(denied.exit, .exited(1))
        XCTAssertEqual(String(decoding: denied.stderr, as: UTF8.self), "open: Operation not permitted\n")

        // A handler serves write itself, reading the guest's buffer.
        let written = Mutex<[UInt8]>([])
        var hello = GuestVM.Configuration(executable: try builtSample("hello"))
        hello.syscalls["write"] = .handle { args, memory in
            guard let bytes = try? memory.read(args[1], count: Int(args[2])) else { return -14 }
            written.withLock { $0 += bytes }
            return Int64(bytes.count)
        }
        let served = try GuestVM.run(hello)
        XCTAssertEqual(served.exit, .exited(0))
        XCTAssertEqual(served.stdout, [])
        XCTAssertEqual(written.withLock { $0 }, try expected("hello.out"))
    }

    func testALoadErrorIsOneLine() {
        XCTAssertThrowsError(try GuestVM.run(.init(executable: "/nonexistent/prog"))) {
            XCTAssertFalse("\($0)".contains("\n"))
            XCTAssertTrue("\($0)".contains("/nonexistent/prog"), "\($0)")
        }
    }
}
