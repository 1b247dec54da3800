import XCTest
import TernCore

/// Region formation in the native tier (`NativeRegion`): a hot block is
/// compiled together with the blocks it jumps to unconditionally. Results,
/// retired counts, budget stops, block-entry totals and faults stay those of
/// the threaded engine, and a region goes when any of its blocks' code changes.
final class NativeRegionTests: XCTestCase {
    /// A loop over three blocks: A jumps to B, B to C (each with `jal x0`),
    /// C branches back to A; a5 and block-local registers change in each.
    private let loop: [UInt32] = [
        Enc.addi(8, 0, 500),          // 0x00: s0 = iterations
        Enc.addi(15, 15, 3),          // 0x04: A: a5 += 3
        Enc.addi(6, 6, 7),            // 0x08: t1 += 7
        Enc.jal(0, 12),               // 0x0c: to B
        Enc.ecall,                    // 0x10
        Enc.ecall,                    // 0x14
        Enc.add(7, 6, 15),            // 0x18: B: t2 = t1 + a5
        Enc.sub(28, 28, 7),           // 0x1c: t3 -= t2
        Enc.jal(0, 8),                // 0x20: to C
        Enc.ecall,                    // 0x24
        Enc.addi(8, 8, -1),           // 0x28: C: s0 -= 1
        Enc.add(10, 10, 28),          // 0x2c: a0 += t3
        Enc.bne(8, 0, -44),           // 0x30: back to A
        Enc.ecall,                    // 0x34
    ]

    /// Runs `words` with superblocks off: the translator would otherwise
    /// continue each block through these in-page `jal x0`s (`Translator`),
    /// leaving no jump between blocks to fuse; regions fuse the jumps it
    /// leaves as block ends (across pages, at the length limit).
    private func run(_ words: [UInt32], _ engine: Engine, max: UInt64? = 1_000_000) throws -> (GuestRunner, StopReason) {
        let r = try GuestRunner(words, appendEcall: false)
        r.machine.superblocks = false
        XCTAssertTrue(r.machine.setEngine(engine))
        return (r, r.run(maxInstructions: max))
    }

    /// The three blocks run as one region (its back edge inside) with the
    /// threaded engine's registers, retired count and block-entry total;
    /// every entry into B and C is a fused entry, counted as a chained one.
    func testLoopOverJumpLinkedBlocksIsOneRegion() throws {
        let (t, tStop) = try run(loop, .threaded)
        XCTAssertEqual(tStop, .ecall)
        for engine in [Engine.auto, .native] {
            let (r, stop) = try run(loop, engine)
            XCTAssertEqual(stop, .ecall, "\(engine)")
            for i in 1..<32 { XCTAssertEqual(r.hart[x: i], t.hart[x: i], "x\(i) under \(engine)") }
            let c = r.machine.counters
            XCTAssertEqual(c.retired, t.machine.counters.retired, "\(engine)")
            XCTAssertEqual(c.blockEntries, t.machine.counters.blockEntries, "block entries under \(engine)")
            XCTAssertLessThanOrEqual(c.native.chainHits + c.native.fusedEntries, c.chainedTransitions)
        }
        let (a, _) = try run(loop, .auto)
        let n = a.machine.counters.native
        // The first pass enters the loop at 0x00 (a block of its own), so B gets
        // hot first (region B+C), then C (alone), then A (region A+B+C).
        XCTAssertEqual(n.blocksFused, 3, "C into B's region, B and C into A's")
        // Compiled at A's 16th dispatcher entry: the later iterations enter B and C fused.
        XCTAssertGreaterThanOrEqual(n.fusedEntries, 2 * (500 - 16))
        XCTAssertLessThanOrEqual(n.fusedEntries, 2 * 500)
        XCTAssertGreaterThanOrEqual(n.chainHits, 500 - 17, "the back edge C -> A stays inside the region")
    }

    /// The loop stops at every instruction budget exactly where the threaded
    /// engine stops: a junction checks the
    /// budget as a chain jump does, so a stop lands on the same block boundary
    /// with the same registers as the threaded engine's.
    func testBudgetStopsAtJunctionsAsAtChainJumps() throws {
        for limit in stride(from: UInt64(900), through: 960, by: 1) {
            let (t, tStop) = try run(loop, .threaded, max: limit)
            let (r, stop) = try run(loop, .auto, max: limit)
            XCTAssertEqual(stop, tStop, "limit \(limit)")
            XCTAssertEqual(r.hart.pc, t.hart.pc, "limit \(limit)")
            XCTAssertEqual(r.machine.counters.retired, t.machine.counters.retired, "limit \(limit)")
            XCTAssertEqual(r.machine.counters.blockEntries, t.machine.counters.blockEntries, "limit \(limit)")
            for i in 1..<32 { XCTAssertEqual(r.hart[x: i], t.hart[x: i], "x\(i) at limit \(limit)") }
        }
    }

    /// A load fault in a fused block is attributed to its own guest pc, with
    /// the registers and retired count of the threaded engine.
    func testFaultInAFusedBlockIsAttributedToItsPC() throws {
        let program = [
            Enc.addi(8, 0, 2000),     // 0x00: s0 = iterations
            Enc.lui(9, 0x20),         // 0x04: s1 = data
            Enc.addi(15, 15, 3),      // 0x08: A: a5 += 3
            Enc.addi(9, 9, 64),       // 0x0c: s1 += 64: leaves the data mapping inside the loop
            Enc.jal(0, 8),            // 0x10: to B
            Enc.ecall,                // 0x14
            Enc.ld(11, 9, 0),         // 0x18: B: a1 = [s1] (faults once s1 is unmapped)
            Enc.addi(8, 8, -1),       // 0x1c
            Enc.bne(8, 0, -24),       // 0x20: back to A
            Enc.ecall,                // 0x24
        ]
        let (t, tStop) = try run(program, .threaded)
        guard case .loadFault = tStop else { return XCTFail("threaded run: \(tStop)") }
        XCTAssertEqual(t.hart.pc, GuestRunner.codeBase + 0x18)
        let (r, stop) = try run(program, .auto)
        XCTAssertEqual(stop, tStop)
        XCTAssertEqual(r.hart.pc, t.hart.pc)
        XCTAssertEqual(r.machine.counters.retired, t.machine.counters.retired)
        XCTAssertEqual(r.machine.counters.blockEntries, t.machine.counters.blockEntries)
        for i in 1..<32 { XCTAssertEqual(r.hart[x: i], t.hart[x: i], "x\(i)") }
        XCTAssertGreaterThan(r.machine.counters.native.fusedEntries, 100)
    }

    /// A region whose fused block lies on another page (a jump superblocks do
    /// not follow) is dropped when only that page's code changes (a host
    /// write), so the new code runs.
    func testChangingAFusedBlockOnAnotherPageDropsTheRegion() throws {
        let machine = try Machine()
        XCTAssertTrue(machine.setEngine(.auto))
        try machine.memory.map(0x10000, length: 0x1000, protection: [.read, .execute])
        try machine.memory.map(0x11000, length: 0x1000, protection: [.read, .write, .execute])
        func bytes(_ words: [UInt32]) -> [UInt8] { words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } } }
        // A (0x10ff8): t1 += 1, then to B on the next page; B: s0 -= 1, back to A while s0 != 0.
        try bytes([Enc.addi(6, 6, 1), Enc.jal(0, 4)]).withUnsafeBytes { try machine.memory.writeInitial(0x10ff8, $0) }
        // 0x10000: s0 = 100, then to A.
        try bytes([Enc.addi(8, 0, 100), Enc.jal(0, 0xff4)]).withUnsafeBytes { try machine.memory.writeInitial(0x10000, $0) }
        try machine.memory.write(0x11000, bytes([Enc.addi(8, 8, -1), Enc.bne(8, 0, -12), Enc.ecall]))
        let hart = Hart()
        hart.pc = 0x10000
        XCTAssertEqual(machine.run(hart, maxInstructions: 100_000), .ecall)
        XCTAssertEqual(hart[x: 6], 100)
        XCTAssertEqual(machine.counters.native.blocksFused, 1)
        XCTAssertGreaterThan(machine.counters.native.fusedEntries, 50)
        let dropped = machine.counters.native.blocksDropped
        try machine.memory.write(0x11000, bytes([Enc.addi(8, 8, -2)]))   // B now counts down by 2
        hart.pc = 0x10000
        XCTAssertEqual(machine.run(hart, maxInstructions: 100_000), .ecall)
        XCTAssertGreaterThan(machine.counters.native.blocksDropped, dropped, "the region was dropped")
        XCTAssertEqual(hart[x: 6], 150, "50 more iterations: the new B ran")
    }
}
