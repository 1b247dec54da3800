import XCTest
import TernCore

/// Indirect jump prediction: per-site inline caches and the return-address
/// stack are validated against the real target and never survive the blocks
/// they point at.
final class PredictionTests: XCTestCase {
    /// An indirect call alternating between f and g: the inline cache is
    /// retargeted by the dispatcher and every call reaches the right function.
    func testInlineCacheRetargetsAndStaysCorrect() throws {
        let r = try GuestRunner([
            Enc.addi(8, 0, 3),            // 0x00: 3 calls
            Enc.addi(9, 0, 0),            // 0x04: selector 0 / 8
            Enc.addi(10, 0, 8),           // 0x08
            Enc.lui(6, 0x10),             // 0x0c: loop: x6 = 0x10000
            Enc.addi(6, 6, 0x40),         // 0x10: f
            Enc.add(6, 6, 9),             // 0x14: f or g
            Enc.jalr(1, 6, 0),            // 0x18: indirect call (rs1 not a link register)
            Enc.sub(9, 10, 9),            // 0x1c: toggle
            Enc.addi(8, 8, -1),           // 0x20
            Enc.bne(8, 0, -24),           // 0x24: to loop
            Enc.ecall,                    // 0x28
            Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0),
            Enc.addi(7, 7, 1),            // 0x40: f
            Enc.jalr(0, 1, 0),
            Enc.addi(7, 7, 100),          // 0x48: g
            Enc.jalr(0, 1, 0),
        ], appendEcall: false)
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
        let m = try Machine()
        try m.memory.map(0x10000, length: 0x1000, protection: [.read, .execute])
        try m.memory.map(0x11000, length: 0x1000, protection: [.read, .write, .execute])
        let newWord = Enc.addi(7, 7, 100)
        let hi = newWord >> 12 + (newWord & 0x800 != 0 ? 1 : 0)
        let lo = Int32(bitPattern: newWord << 20) >> 20
        func put(_ address: UInt64, _ words: [UInt32]) throws {
            let bytes = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
            try bytes.withUnsafeBytes { try m.memory.writeInitial(address, $0) }
        }
        try put(0x10000, [
            Enc.addi(8, 0, 2),            // two calls before the patch
            Enc.lui(5, 0x11),             // x5 = the return site
            Enc.lui(6, hi), Enc.addiw(6, 6, lo),
            Enc.jal(0, 0xfec),            // 0x10010: to the call at 0x10ffc
            Enc.sw(6, 5, 0),              // 0x10014: patch the return site
            Enc.fenceI,
            Enc.addi(13, 0, 1),
            Enc.addi(8, 0, 1),            // one call after it
            Enc.jal(0, 0xfd8),            // 0x10024: to the call
        ])
        try put(0x10100, [Enc.addi(12, 12, 1), Enc.jalr(0, 1, 0)])   // f
        try put(0x10ffc, [Enc.jal(1, -0xefc)])                          // call f; returns to 0x11000
        try put(0x11000, [
            Enc.addi(7, 7, 1),            // the return site (becomes x7 += 100)
            Enc.addi(8, 8, -1),
            Enc.bne(8, 0, -12),           // call again
            Enc.beq(13, 0, -0xff8),       // 0x1100c: not patched yet: patch
            Enc.ecall,
        ])
        let h = Hart()
        h.pc = 0x10000
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
        let r = try GuestRunner([
            Enc.addi(8, 0, 3),            // 0x00
            Enc.jal(5, 0x14),             // 0x04: call B with t0 (push 0x08)
            Enc.addi(7, 7, 1),            // 0x08: back from B
            Enc.addi(8, 8, -1),           // 0x0c
            Enc.bne(8, 0, -12),           // 0x10: to 0x04
            Enc.ecall,                    // 0x14
            Enc.addi(7, 7, 10),           // 0x18: B
            Enc.jalr(1, 5, 0),            // 0x1c: swap: return to t0, link in ra
        ], appendEcall: false)
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
