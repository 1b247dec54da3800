import XCTest
import TernCore

/// Indirect jump prediction: per-site inline caches and the return-address
/// stack are validated against the real target and never survive the blocks
/// they point at.
final class PredictionTests: XCTestCase {
    /// An indirect call alternating between f and g: the inline cache is
    /// retargeted by the dispatcher and every call reaches the right function.
    func testInlineCacheRetargetsAndStaysCorrect() throws {
        let r = try GuestRunner(IndirectFixtures.alternatingCalls(3), appendEcall: false)
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 7], 1 + 100 + 1)
        let c = r.machine.counters
        // Call 1 comes from the entry block (0x00-0x18), calls 2 and 3 from the loop
        // block (0x0c-0x18). Call 1: f untranslated (dispatcher). Call 2: g
        // untranslated (dispatcher; the loop site's cache -> g). Call 3: the cache
        // holds g, the jump cache finds f inside the engine.
        XCTAssertEqual(c.inlineCacheHits, 0)
        XCTAssertEqual(c.inlineCacheMisses, 3)
        XCTAssertEqual(c.indirectHits, 1)
        // Returns 1 and 2 come back through call sites whose return slot is not
        // linked yet; return 3 is predicted and chained.
        XCTAssertEqual(c.rasHits, 1)
        XCTAssertEqual(c.rasMisses, 2)
        XCTAssertEqual(c.indirectMisses, 4)
        XCTAssertEqual(c.inlineCacheMisses + c.rasMisses, c.indirectHits + c.indirectMisses)
    }

    /// A return site on its own page is rewritten between calls: the chain from
    /// the call to the old return-site block is undone and the return-address
    /// stack is emptied, so the third return runs the new code.
    func testReturnToRewrittenCodeRunsTheNewCode() throws {
        let (m, h) = try IndirectFixtures.rewrittenReturnSite(before: 2, after: 1)
        m.superblocks = false  // the fixture's `j`s end their blocks (the counts below)
        XCTAssertEqual(m.run(h, maxInstructions: 10_000), .ecall)
        XCTAssertEqual(h[x: 12], 3)
        XCTAssertEqual(h[x: 7], 1 + 1 + 100)
        // Return 1: site not linked yet. Return 2: predicted and chained. Return 3:
        // the old site block was dropped, so the stack was emptied: a miss.
        XCTAssertEqual(m.counters.rasHits, 1)
        XCTAssertEqual(m.counters.rasMisses, 2)
        XCTAssertEqual(m.counters.invalidations[CodeChangeCause.guestStore.rawValue], 1)
        XCTAssertEqual(m.counters.blocksInvalidated, 2, "the return-site block and the beq block")
    }

    /// `jalr ra, t0` (both link registers, different) pops the caller's
    /// prediction and pushes its own return address (a coroutine swap).
    func testSwapPopsThenPushes() throws {
        let r = try GuestRunner(IndirectFixtures.coroutineSwaps(3), appendEcall: false)
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 7], 33)
        XCTAssertEqual(r.hart[x: 1], GuestRunner.codeBase + 0x20)
        // Swap 1 returns through the entry block's call (not linked yet), swap 2
        // through the loop block's call (not linked yet), swap 3 is predicted and chained.
        XCTAssertEqual(r.machine.counters.rasMisses, 2)
        XCTAssertEqual(r.machine.counters.rasHits, 1)
        XCTAssertEqual(r.machine.counters.inlineCacheMisses, 0)
    }
}
