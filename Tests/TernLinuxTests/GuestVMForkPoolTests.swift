import Foundation
import Synchronization
import XCTest
import TernTestSupport
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Forks made one after the other run on parked VM threads (`VMThreadPool`)
/// and in address spaces put back to their snapshot (`GuestMemory.revert()`):
/// nothing of one fork (memory it wrote, descriptors it left open, host
/// threads) reaches the next.
final class GuestVMForkPoolTests: XCTestCase {


    func testForksOnReusedThreadsStartFromTheSnapshot() throws {
        // strings builds and sorts strings in memory: a fork that started from
        // anything but the snapshot's memory prints something else.
        let config = GuestVM.Configuration(executable: try builtSample("strings"))
        let whole = try GuestVM.run(config)
        XCTAssertEqual(whole.exit, .exited(0))
        let parent = try GuestVM(config)
        guard case .paused = parent.run(instructions: whole.instructions / 2) else { return XCTFail("no pause") }
        let snapshot = try parent.snapshot()
        let before = parent.stdout
        var ended = 0
        for i in 0 ..< 12 {
            let fork = try GuestVM(forking: snapshot)
            if i % 3 == 1 {  // dropped paused, after writing its copy of the memory
                guard case .paused = fork.run(instructions: whole.instructions / 4) else { return XCTFail("fork \(i) ended early") }
                continue
            }
            guard case .ended(let r) = fork.run() else { return XCTFail("fork \(i) did not end") }
            XCTAssertEqual(r.exit, .exited(0))
            XCTAssertEqual(before + r.stdout, whole.stdout, "fork \(i)")
            XCTAssertEqual(r.instructions, whole.instructions, "fork \(i)")
            ended += 1
        }
        XCTAssertEqual(ended, 8)
        guard case .ended(let p) = parent.run() else { return XCTFail("parent did not end") }
        XCTAssertEqual(p.stdout, whole.stdout)
    }

    func testAForkOnAReusedThreadSeesOnlyItsOwnDescriptors() throws {
        // files opens files (the first as descriptor 3) and closes them: a close
        // handler records the table the guest has at each close and the host
        // thread it runs on. Every fork records the same tables, whatever the
        // forks before it left open when they were dropped midway.
        let tables = Mutex<[[Int32]]>([]), threads = Mutex<Set<Int32>>([])
        var config = GuestVM.Configuration(executable: try builtSample("files"))
        config.syscalls["close"] = .handle { args, _ in
            tables.withLock { $0.append(DescriptorTable.openDescriptors()) }
            threads.withLock { _ = $0.insert(hostThreadID()) }
            return close(Int32(truncatingIfNeeded: args[0])) == 0 ? 0 : -Int64(errno)
        }
        let whole = try GuestVM.run(config)
        XCTAssertEqual(whole.exit, .exited(0), String(decoding: whole.stderr, as: UTF8.self))
        let parent = try GuestVM(config)
        let snapshot = try parent.snapshot()  // before its first instruction
        var reference: [[Int32]]?
        threads.withLock { $0 = [] }
        for i in 0 ..< 10 {
            tables.withLock { $0 = [] }
            let fork = try GuestVM(forking: snapshot)
            if i % 2 == 1 {  // dropped with its files open
                guard case .paused = fork.run(instructions: whole.instructions / 2) else { return XCTFail("fork \(i) ended early") }
                continue
            }
            guard case .ended(let r) = fork.run() else { return XCTFail("fork \(i) did not end") }
            XCTAssertEqual(r.stdout, whole.stdout, "fork \(i)")
            let seen = tables.withLock { $0 }
            XCTAssertFalse(seen.isEmpty)
            XCTAssertEqual(seen.first?.first, 0, "fork \(i): its standard descriptors")
            if let reference { XCTAssertEqual(seen, reference, "fork \(i)") } else { reference = seen }
        }
        XCTAssertLessThan(threads.withLock { $0.count }, 10, "no fork ran on a reused thread")
    }

    func testParkedThreadsAreBoundedAndEndOnRequest() throws {
        let config = GuestVM.Configuration(executable: try builtSample("hello"))
        let parent = try GuestVM(config)
        let snapshot = try parent.snapshot()
        GuestVM.endParkedThreads()
        let before = hostThreadCount()
        for _ in 0 ..< 30 {
            let fork = try GuestVM(forking: snapshot)
            guard case .ended(let r) = fork.run(), r.exit == .exited(0) else { return XCTFail("a fork failed") }
        }
        // One thread for the parent; the forks' threads park, at most `parkedThreadLimit` of them.
        var waited = 0
        while hostThreadCount() > before + GuestVM.parkedThreadLimit && waited < 300 { usleep(10_000); waited += 1 }
        XCTAssertLessThanOrEqual(hostThreadCount(), before + GuestVM.parkedThreadLimit)
        // A fork's thread may still be putting its VM away (a fork does not wait for
        // it) and park after a request: each request ends the threads parked by then.
        waited = 0
        repeat { GuestVM.endParkedThreads(); usleep(10_000); waited += 1 } while hostThreadCount() > before && waited < 300
        XCTAssertLessThanOrEqual(hostThreadCount(), before, "parked threads did not end")
    }
}
