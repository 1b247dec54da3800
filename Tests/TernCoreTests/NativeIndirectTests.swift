import XCTest
@testable import TernCore

/// Indirect jumps in native code: per-site inline caches, the native
/// return-address stack and the jump table keep returns and calls through
/// pointers in native code, and every block entry is attributed to exactly
/// one path under every engine.
final class NativeIndirectTests: XCTestCase {
    /// Runs `words` under `engine`; the finished runner.
    private func run(_ words: [UInt32], _ engine: Engine, max: UInt64 = 1_000_000) throws -> GuestRunner {
        let r = try GuestRunner(words, appendEcall: false)
        XCTAssertTrue(r.machine.setEngine(engine))
        XCTAssertEqual(r.run(maxInstructions: max), .ecall)
        return r
    }

    /// Runs `words` under all three engines: identical registers, retired
    /// counts and block-entry totals; both prediction identities hold.
    private func runEverywhere(_ words: [UInt32]) throws -> [Engine: GuestRunner] {
        var runs: [Engine: GuestRunner] = [:]
        for e in [Engine.threaded, .native, .auto] { runs[e] = try run(words, e) }
        let t = runs[.threaded]!
        for (e, r) in runs {
            let c = r.machine.counters
            for i in 1..<32 { XCTAssertEqual(r.hart[x: i], t.hart[x: i], "x\(i) under \(e)") }
            XCTAssertEqual(c.retired, t.machine.counters.retired, "retired under \(e)")
            XCTAssertEqual(c.blockEntries, t.machine.counters.blockEntries, "block entries under \(e)")
            XCTAssertEqual(c.inlineCacheMisses + c.rasMisses, c.indirectHits + c.indirectMisses, "misses under \(e)")
            let n = c.native
            XCTAssertEqual(n.inlineCacheMisses + n.rasMisses, n.jumpTableHits + n.jumpTableMisses, "native misses under \(e)")
            XCTAssertLessThanOrEqual(n.chainHits, c.chainedTransitions)
            XCTAssertLessThanOrEqual(n.inlineCacheHits, c.inlineCacheHits)
            XCTAssertLessThanOrEqual(n.rasHits, c.rasHits)
            XCTAssertLessThanOrEqual(n.jumpTableHits, c.indirectHits)
        }
        return runs
    }

    /// 200 calls of one function through `jalr ra, x6`: under the native
    /// engine all but the first few calls hit the site's inline cache and all
    /// but the first few returns hit the native return-address stack.
    func testCallsThroughAPointerStayNative() throws {
        let runs = try runEverywhere([
            Enc.addi(8, 0, 200),          // 0x00
            Enc.lui(6, 0x10),             // 0x04
            Enc.addi(6, 6, 0x40),         // 0x08: f
            Enc.jalr(1, 6, 0),            // 0x0c: call f
            Enc.addi(8, 8, -1),           // 0x10
            Enc.bne(8, 0, -8),            // 0x14: to the call
            Enc.ecall,                    // 0x18
            Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0),
            Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0),
            Enc.addi(7, 7, 1),            // 0x40: f
            Enc.jalr(0, 1, 0),            // return
        ])
        XCTAssertEqual(runs[.native]!.hart[x: 7], 200)
        let n = runs[.native]!.machine.counters.native
        XCTAssertGreaterThanOrEqual(n.inlineCacheHits, 196)
        XCTAssertGreaterThanOrEqual(n.rasHits, 196)
        // Under auto, blocks go native after their dispatcher entries were counted.
        let a = runs[.auto]!.machine.counters.native
        // The caller's and f's blocks each count `hotThreshold` entries (a few more paths warm up).
        let afterCounting = UInt64(200 - 2 * Int(NativeTier.hotThreshold) - 8)
        XCTAssertGreaterThanOrEqual(a.inlineCacheHits, afterCounting)
        XCTAssertGreaterThanOrEqual(a.rasHits, afterCounting)
        XCTAssertEqual(runs[.threaded]!.machine.counters.native, NativeCounters())
    }

    /// A call site alternating between two functions: the inline cache is
    /// refilled from the jump table on every change of target and every call
    /// reaches the right function; nothing is attributed twice.
    func testAlternatingTargetsRefillTheInlineCache() throws {
        let runs = try runEverywhere(IndirectFixtures.alternatingCalls(100))
        XCTAssertEqual(runs[.native]!.hart[x: 7], 50 * 101)
        let n = runs[.native]!.machine.counters.native
        XCTAssertGreaterThanOrEqual(n.jumpTableHits, 90, "each change of target goes through the jump table")
        XCTAssertGreaterThanOrEqual(n.rasHits, 96)
    }

    /// Coroutine swaps (`jalr ra, t0`) pop, then push, in native code too.
    func testSwapsInNativeCode() throws {
        let runs = try runEverywhere(IndirectFixtures.coroutineSwaps(50))
        XCTAssertEqual(runs[.native]!.hart[x: 7], 550)
        XCTAssertGreaterThanOrEqual(runs[.native]!.machine.counters.native.rasHits, 47)
    }

    /// Deep recursion (deeper than the 32-entry stack): returns beyond its
    /// depth mispredict and go through the jump table, with exact results.
    func testRecursionDeeperThanTheStack() throws {
        // f(n): if n == 0 return; push ra; f(n - 1); pop ra; x7 += 1
        let runs = try runEverywhere([
            Enc.lui(2, 0x30),             // 0x00: sp (the data page's end)
            Enc.addi(10, 0, 100),         // 0x04: n
            Enc.jal(1, 0x0c),             // 0x08: f(100)
            Enc.ecall,                    // 0x0c
            Enc.addi(0, 0, 0),            // 0x10
            Enc.beq(10, 0, 0x20),         // 0x14: f: n == 0 -> return
            Enc.addi(2, 2, -16),          // 0x18
            Enc.sd(1, 2, 0),              // 0x1c
            Enc.addi(10, 10, -1),         // 0x20
            Enc.jal(1, -0x10),            // 0x24: f(n - 1)
            Enc.ld(1, 2, 0),              // 0x28
            Enc.addi(2, 2, 16),           // 0x2c
            Enc.addi(7, 7, 1),            // 0x30
            Enc.jalr(0, 1, 0),            // 0x34: return
        ])
        XCTAssertEqual(runs[.native]!.hart[x: 7], 100)
        let n = runs[.native]!.machine.counters.native
        XCTAssertGreaterThan(n.rasMisses, 0)
        XCTAssertGreaterThan(n.rasHits, 0)
    }

    /// A return site rewritten between calls under the native engine: the
    /// return cell pointing at the dropped block is emptied, so the next
    /// return runs the new code.
    func testReturnToRewrittenCodeInNativeCode() throws {
        let (m, h) = try IndirectFixtures.rewrittenReturnSite(engine: .native, before: 5, after: 5)
        XCTAssertEqual(m.engine, .native)
        XCTAssertEqual(m.run(h, maxInstructions: 10_000), .ecall)
        XCTAssertEqual(h[x: 12], 10)
        XCTAssertEqual(h[x: 7], 5 + 5 * 100)
        XCTAssertGreaterThan(m.counters.native.rasHits, 4)
        XCTAssertGreaterThanOrEqual(m.counters.native.blocksDropped, 1)
    }

    /// An instruction budget stops a loop of native calls and returns at the
    /// exact instruction count (every indirect path checks the budget).
    func testBudgetStopsIndirectLoops() throws {
        let words = [
            Enc.lui(6, 0x10),             // 0x00
            Enc.addi(6, 6, 0x40),         // 0x04
            Enc.jalr(1, 6, 0),            // 0x08: call f forever
            Enc.jal(0, -4),               // 0x0c
            Enc.ecall,
            Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0),
            Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0),
            Enc.addi(0, 0, 0),
            Enc.addi(7, 7, 1),            // 0x40: f
            Enc.jalr(0, 1, 0),
        ]
        for e in [Engine.threaded, .native] {
            let r = try GuestRunner(words, appendEcall: false)
            XCTAssertTrue(r.machine.setEngine(e))
            XCTAssertEqual(r.run(maxInstructions: 40_000), .budgetExhausted)
            XCTAssertGreaterThanOrEqual(r.machine.counters.retired, 40_000)
            XCTAssertLessThan(r.machine.counters.retired, 40_004)
            XCTAssertGreaterThan(r.hart[x: 7], 9_990)
        }
    }
}
