import Foundation
import XCTest
import TernTestSupport
@testable import TernLinux
import TernCore

/// The embedding API's stepping, snapshots and copy-on-write forks:
/// `GuestVM.run(instructions:)`, `snapshot()`, `GuestVM(forking:stdin:)`.
final class GuestVMSteppingTests: XCTestCase {

    private func input(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testBudgetsPauseAtExactCountsAndTheRunEndsAsAnUninterruptedOne() throws {
        let config = GuestVM.Configuration(executable: try builtSample("matrix"))
        let whole = try GuestVM.run(config)
        XCTAssertEqual(whole.exit, .exited(0))
        let vm = try GuestVM(config)
        var expected: UInt64 = 0
        for budget: UInt64 in [0, 1, 1, 7, 1000, 12_345, 250_000] {
            expected += budget
            guard case .paused(let n) = vm.run(instructions: budget) else { return XCTFail("ended before \(expected)") }
            XCTAssertEqual(n, expected)
            XCTAssertEqual(vm.instructions, expected)
        }
        guard case .ended(let r) = vm.run() else { return XCTFail("no end") }
        XCTAssertEqual(r.exit, whole.exit)
        XCTAssertEqual(r.stdout, whole.stdout)
        XCTAssertEqual(r.instructions, whole.instructions)
        // Once ended, the same result again.
        guard case .ended(let again) = vm.run(instructions: 5) else { return XCTFail("ran again") }
        XCTAssertEqual(again.stdout, whole.stdout)
    }

    func testTheSameBudgetsGiveTheSameOutputAtEveryPause() throws {
        let config = GuestVM.Configuration(executable: try builtSample("strings"))
        let a = try GuestVM(config), b = try GuestVM(config)
        var pauses = 0
        while true {
            let sa = a.run(instructions: 40_000), sb = b.run(instructions: 40_000)
            XCTAssertEqual(a.stdout, b.stdout)
            XCTAssertEqual(a.instructions, b.instructions)
            if case .ended(let ra) = sa, case .ended(let rb) = sb {
                XCTAssertEqual(ra.exit, rb.exit)
                break
            }
            guard case .paused = sa, case .paused = sb else { return XCTFail("one ended before the other") }
            pauses += 1
        }
        XCTAssertGreaterThan(pauses, 3)
    }

    func testAnInstructionLimitStillStopsASteppedGuestExactly() throws {
        var config = GuestVM.Configuration(executable: try builtSample("matrix"))
        config.limits.instructions = 30_000
        let vm = try GuestVM(config)
        guard case .paused(10_000) = vm.run(instructions: 10_000) else { return XCTFail("no pause") }
        guard case .ended(let r) = vm.run(instructions: 50_000) else { return XCTFail("the limit did not end it") }
        XCTAssertEqual(r.limitReached, .instructions)
        XCTAssertEqual(r.instructions, 30_000)
    }

    func testForksOfOneSnapshotRunIndependentlyWithTheirOwnInput() throws {
        var config = GuestVM.Configuration(executable: try builtSample("stdin"))
        config.stdin = input("the parent's input\n")
        let parent = try GuestVM(config)
        guard case .paused(200) = parent.run(instructions: 200) else { return XCTFail("no pause") }  // before main reads
        let snapshot = try parent.snapshot()
        XCTAssertEqual(snapshot.instructions, 200)
        let inputs = ["one\n", "two words\nand lines\n", "", String(repeating: "x y z\n", count: 5000)]
        var forks: [GuestVM] = []
        for text in inputs { forks.append(try GuestVM(forking: snapshot, stdin: input(text))) }
        // The parent goes on after the snapshot, unaffected by its forks.
        guard case .ended(let p) = parent.run() else { return XCTFail("parent did not end") }
        XCTAssertEqual(p.stdout, try GuestVM.run(config).stdout)
        for (text, fork) in zip(inputs, forks) {
            XCTAssertEqual(fork.instructions, 200)
            guard case .ended(let r) = fork.run() else { return XCTFail("fork did not end") }
            var fresh = config
            fresh.stdin = input(text)
            let reference = try GuestVM.run(fresh)
            XCTAssertEqual(r.exit, .exited(0))
            XCTAssertEqual(r.stdout, reference.stdout, "input \(text.prefix(20))")
            XCTAssertEqual(r.instructions, reference.instructions)
        }
    }

    func testAForkSeesTheSnapshotsMemoryAndItsWritesStayItsOwn() throws {
        // strings builds and sorts strings in memory; snapshots in the middle of it, forks
        // that finish it, and a parent that finishes afterwards all print the same.
        let config = GuestVM.Configuration(executable: try builtSample("strings"))
        let whole = try GuestVM.run(config)
        XCTAssertEqual(whole.exit, .exited(0))
        let parent = try GuestVM(config)
        guard case .paused = parent.run(instructions: whole.instructions / 2) else { return XCTFail("no pause") }
        let snapshot = try parent.snapshot()
        let writtenBefore = parent.stdout
        XCTAssertGreaterThan(snapshot.memoryBytes, 0)
        let first = try GuestVM(forking: snapshot)
        guard case .ended(let a) = first.run() else { return XCTFail("fork did not end") }
        let second = try GuestVM(forking: snapshot)  // after the first fork changed its copy
        guard case .ended(let b) = second.run() else { return XCTFail("fork did not end") }
        guard case .ended(let p) = parent.run() else { return XCTFail("parent did not end") }
        XCTAssertEqual(p.stdout, whole.stdout)
        // A fork's output starts empty: the parent's part before the snapshot plus the fork's is the whole.
        XCTAssertEqual(writtenBefore + a.stdout, whole.stdout)
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertEqual(a.instructions, whole.instructions)
        XCTAssertEqual(b.instructions, whole.instructions)
    }

    func testASnapshotOfAForkForksAgain() throws {
        var config = GuestVM.Configuration(executable: try builtSample("stdin"))
        config.stdin = input("abc\n")
        let parent = try GuestVM(config)
        _ = parent.run(instructions: 150)
        let fork = try GuestVM(forking: try parent.snapshot(), stdin: input("first fork\n"))
        _ = fork.run(instructions: 50)
        let grandchild = try GuestVM(forking: try fork.snapshot(), stdin: input("grandchild input\n"))
        XCTAssertEqual(grandchild.instructions, 200)
        guard case .ended(let r) = grandchild.run() else { return XCTFail("no end") }
        var fresh = config
        fresh.stdin = input("grandchild input\n")
        XCTAssertEqual(r.stdout, try GuestVM.run(fresh).stdout)
    }

    func testSnapshotErrorsAndDroppingAPausedVM() throws {
        let vm = try GuestVM(.init(executable: try builtSample("hello")))
        guard case .ended = vm.run() else { return XCTFail("no end") }
        XCTAssertThrowsError(try vm.snapshot()) { XCTAssertEqual("\($0)", "the guest has ended") }
        // A VM dropped while paused stops its guest and its host thread.
        for _ in 0 ..< 20 {
            let paused = try GuestVM(.init(executable: try builtSample("matrix")))
            _ = paused.run(instructions: 5000)
        }
        // A VM dropped before it ran at all.
        _ = try GuestVM(.init(executable: try builtSample("matrix")))
    }
}

/// Samples/embed's program (built with the package as `tern-embed-sample`):
/// its guests' outputs, limits, served syscalls, steps and forks as expected.
final class EmbedSampleTests: XCTestCase {
    func testTheEmbedSamplePrintsWhatItsGuestsDo() throws {
        let binary = repositoryRoot + "/.build/debug/tern-embed-sample"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw MissingPrerequisite(binary, hint: "swift build --build-tests")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [repositoryRoot + "/Samples/out"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let printed = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let expected = try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Tests/e2e/expected/embed-sample.out"))
        XCTAssertEqual(String(decoding: printed, as: UTF8.self), String(decoding: expected, as: UTF8.self))
    }
}

/// Snapshots of multithreaded guests: every thread held at a consistent point.
final class GuestVMThreadedSnapshotTests: XCTestCase {
    func testForksOfAMultithreadedGuestEndAsAnUninterruptedRun() throws {
        let path = try builtSample("threads")
        let config = GuestVM.Configuration(executable: path)
        let whole = try GuestVM.run(config)
        XCTAssertEqual(whole.exit, .exited(0))
        var multithreaded = 0
        for fraction in [0.2, 0.4, 0.6, 0.8] {
            let parent = try GuestVM(config)
            guard case .paused = parent.run(instructions: UInt64(Double(whole.instructions) * fraction)) else { continue }
            let snapshot = try parent.snapshot()
            if snapshot.state.threads.count > 1 { multithreaded += 1 }
            let before = parent.stdout
            let fork = try GuestVM(forking: snapshot)
            guard case .ended(let f) = fork.run() else { return XCTFail("fork did not end") }
            XCTAssertEqual(f.exit, .exited(0), "fork at \(fraction)")
            XCTAssertEqual(String(decoding: before + f.stdout, as: UTF8.self), String(decoding: whole.stdout, as: UTF8.self), "fork at \(fraction)")
            guard case .ended(let p) = parent.run() else { return XCTFail("parent did not end") }
            XCTAssertEqual(p.stdout, whole.stdout, "parent after a snapshot at \(fraction)")
        }
        XCTAssertGreaterThan(multithreaded, 0, "no snapshot caught several threads")
    }
}
