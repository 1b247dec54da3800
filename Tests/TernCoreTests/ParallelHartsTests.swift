import XCTest
@testable import TernCore
import TernTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Several harts running guest code on one machine at the same time (each on
/// its own host thread): shared atomics, exclusive sections that stop them at
/// block boundaries, code invalidation while another hart runs the code, stop
/// requests, and the mprotect code-memory rule. Under every engine.
final class ParallelHartsTests: XCTestCase {
    static let engines: [Engine] = Engine.nativeAvailable ? [.threaded, .native, .auto] : [.threaded]

    /// A result slot written by one thread and read after `join`.
    final class Box<T>: @unchecked Sendable {
        var value: T
        init(_ value: T) { self.value = value }
    }

    private func machine(_ words: [UInt32], engine: Engine) throws -> Machine {
        let m = try Machine()
        try m.memory.map(GuestRunner.codeBase, length: 0x10000, protection: [.read, .execute])
        try m.memory.map(GuestRunner.dataBase, length: 0x10000, protection: [.read, .write])
        let code = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
        try code.withUnsafeBytes { try m.memory.writeInitial(GuestRunner.codeBase, $0) }
        XCTAssertTrue(m.setEngine(engine))
        return m
    }

    /// Two harts each add 1 to one shared word 100,000 times with amoadd.d,
    /// in parallel: the word ends at exactly 200,000, every hart retires its
    /// exact count, and the machine's counters are the sum of both.
    func testTwoHartsShareAnAMOCounter() throws {
        let n: Int32 = 100_000
        let words = [
            Enc.lui(5, UInt32(n >> 12)), Enc.addi(5, 5, n & 0xfff),  // x5 = n
            Enc.lui(6, 0x20), Enc.addi(7, 0, 1),                      // x6 = data, x7 = 1
            Enc.amo(0, 3, 0, 6, 7),                                    // loop: amoadd.d x0, x7, (x6)
            Enc.addi(5, 5, -1),
            Enc.bne(5, 0, -8),
            Enc.ecall,
        ]
        for engine in Self.engines {
            let m = try machine(words, engine: engine)
            let harts = [Hart(), Hart()]
            let reasons = harts.map { _ in Box(StopReason.budgetExhausted) }
            let threads = (0..<2).map { i in
                HostThread {
                    harts[i].pc = GuestRunner.codeBase
                    reasons[i].value = m.run(harts[i])
                }
            }
            threads.forEach { $0.join() }
            for i in 0..<2 {
                XCTAssertEqual(reasons[i].value, .ecall, "\(engine)")
                XCTAssertEqual(harts[i].retired, 4 + 3 * UInt64(n) + 1, "\(engine)")
            }
            XCTAssertEqual(try m.memory.load(GuestRunner.dataBase, as: UInt64.self), 2 * UInt64(n), "\(engine)")
            XCTAssertEqual(m.counters.retired, 2 * (4 + 3 * UInt64(n) + 1), "\(engine)")
        }
    }

    /// Two harts spin forever; an exclusive section from a third thread sees
    /// both stopped (their state does not change while it runs) and they go
    /// on afterwards; a stop request then ends each run.
    func testExclusiveSectionStopsTheOtherHarts() throws {
        let words = [Enc.addi(5, 5, 1), Enc.jal(0, -4)]  // x5 += 1 forever
        for engine in Self.engines {
            let m = try machine(words, engine: engine)
            let harts = [Hart(), Hart()]
            let reasons = harts.map { _ in Box(StopReason.ecall) }
            let threads = (0..<2).map { i in
                HostThread {
                    harts[i].pc = GuestRunner.codeBase
                    reasons[i].value = m.run(harts[i])
                }
            }
            // Both must be running guest code before the section.
            while m.gate.runningCount < 2 { usleep(1000) }
            usleep(20_000)
            let (seen, later) = m.exclusive { () -> ([UInt64], [UInt64]) in
                let seen = harts.map { $0[x: 5] }
                usleep(30_000)
                return (seen, harts.map { $0[x: 5] })
            }
            XCTAssertEqual(seen, later, "a hart ran during the exclusive section (\(engine))")
            XCTAssertTrue(seen.allSatisfy { $0 > 0 }, "\(engine)")
            // They run again after it (polled: a loaded host may not schedule them at once).
            var resumed = false
            for _ in 0..<1000 where !resumed {
                usleep(10_000)
                resumed = m.exclusive { zip(harts, seen).allSatisfy { $0.0[x: 5] > $0.1 } }
            }
            XCTAssertTrue(resumed, "the harts did not run again after the exclusive section (\(engine))")
            harts.forEach { $0.requestStop() }
            threads.forEach { $0.join() }
            XCTAssertEqual(reasons.map(\.value), [.budgetExhausted, .budgetExhausted], "\(engine)")
            XCTAssertEqual(m.gate.runningCount, 0)
        }
    }

    /// One hart calls a function until it returns 2; another thread rewrites
    /// the function (a host write: its translations, threaded and native, go in
    /// an exclusive section) while the hart runs it. The hart must see the new
    /// code and stop.
    func testCodeChangedWhileAnotherHartRunsIt() throws {
        let f = GuestRunner.codeBase + 0x100
        var words = [
            Enc.addi(11, 0, 2),       // x11 = 2
            Enc.jal(1, 0x100 - 4),    // loop: call f
            Enc.bne(10, 11, -4),      // until f returns 2
            Enc.ecall,
        ]
        words += [UInt32](repeating: Enc.addi(0, 0, 0), count: 0x100 / 4 - words.count)
        words += [Enc.addi(10, 0, 1), Enc.jalr(0, 1, 0)]  // f: return 1
        for engine in Self.engines {
            let m = try machine(words, engine: engine)
            let hart = Hart()
            hart.pc = GuestRunner.codeBase
            let reason = Box(StopReason.budgetExhausted)
            let runner = HostThread { reason.value = m.run(hart) }
            while m.gate.runningCount < 1 { usleep(1000) }
            usleep(20_000)
            let newCode = Enc.addi(10, 0, 2)
            try withUnsafeBytes(of: newCode.littleEndian) { try m.memory.writeInitial(f, $0) }
            // A watchdog: the run must end on its own; stop it otherwise.
            var waited = 0
            while m.gate.runningCount > 0 && waited < 10_000 { usleep(1000); waited += 1 }
            if m.gate.runningCount > 0 { hart.requestStop() }
            runner.join()
            XCTAssertEqual(reason.value, .ecall, "the hart kept running the old code (\(engine))")
            XCTAssertEqual(hart[x: 10], 2, "\(engine)")
            XCTAssertGreaterThanOrEqual(m.counters.invalidations[CodeChangeCause.hostWrite.rawValue], 1, "\(engine)")
        }
    }

    /// A stop requested before `run` (a signal that arrived while the thread
    /// was in a syscall) ends the next run before any instruction retires.
    func testStopRequestedBeforeRunIsNotLost() throws {
        for engine in Self.engines {
            let m = try machine([Enc.addi(5, 5, 1), Enc.jal(0, -4)], engine: engine)
            let hart = Hart()
            hart.pc = GuestRunner.codeBase
            hart.requestStop()
            XCTAssertEqual(m.run(hart), .budgetExhausted, "\(engine)")
            XCTAssertEqual(hart.retired, 0, "\(engine)")
            XCTAssertEqual(m.run(hart, maxInstructions: 10), .budgetExhausted, "\(engine)")
            XCTAssertGreaterThan(hart.retired, 0, "the request is served once (\(engine))")
        }
    }

    /// Harts running in parallel under a translation budget of a few blocks:
    /// evictions (exclusive sections) happen while the other hart runs, and
    /// both still compute the right result.
    func testEvictionsWhileHartsRunInParallel() throws {
        // x5 = 300; loop over four blocks: x6 += 1 / x7 += 2 / x8 += 3 / x5 -= 1.
        let words = [
            Enc.lui(5, 0), Enc.addi(5, 5, 300),
            Enc.addi(6, 6, 1), Enc.jal(0, 4),
            Enc.addi(7, 7, 2), Enc.jal(0, 4),
            Enc.addi(8, 8, 3), Enc.jal(0, 4),
            Enc.addi(5, 5, -1), Enc.bne(5, 0, -28),
            Enc.ecall,
        ]
        for engine in Self.engines {
            let m = try machine(words, engine: engine)
            m.superblocks = false  // four blocks, not one superblock
            m.translationBlockBudget = 3
            let harts = [Hart(), Hart()]
            let threads = (0..<2).map { i in
                HostThread {
                    harts[i].pc = GuestRunner.codeBase
                    XCTAssertEqual(m.run(harts[i]), .ecall)
                }
            }
            threads.forEach { $0.join() }
            for h in harts { XCTAssertEqual([h[x: 6], h[x: 7], h[x: 8]], [300, 600, 900], "\(engine)") }
            XCTAssertGreaterThan(m.counters.evictions, 0, "\(engine)")
        }
    }

    /// `ifAlone` (code writes in mprotect mode) runs its body only while no
    /// other hart runs guest code.
    func testCodeWritesWaitUntilTheHartRunsAlone() throws {
        let m = try machine([Enc.jal(0, 0)], engine: .threaded)
        XCTAssertTrue(m.gate.ifAlone {})
        let hart = Hart()
        hart.pc = GuestRunner.codeBase
        let runner = HostThread { _ = m.run(hart) }
        while m.gate.runningCount < 1 { usleep(1000) }
        var ran = false
        XCTAssertFalse(m.gate.ifAlone { ran = true })
        XCTAssertFalse(ran)
        XCTAssertTrue(m.exclusive { m.gate.ifAlone { ran = true } }, "inside an exclusive section the writer is alone")
        XCTAssertTrue(ran)
        hart.requestStop()
        runner.join()
        XCTAssertTrue(m.gate.ifAlone {})
    }
}
