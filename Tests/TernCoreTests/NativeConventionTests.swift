import XCTest
import TernCore

/// The native tier's cross-block register convention: guest registers that
/// stay in host registers across chained blocks reach the hart struct at every
/// exit, body call and fault.
final class NativeConventionTests: XCTestCase {
    private func run(_ words: [UInt32], _ engine: Engine) throws -> (GuestRunner, StopReason) {
        let r = try GuestRunner(words)
        XCTAssertTrue(r.machine.setEngine(engine))
        return (r, r.run(maxInstructions: 1_000_000))
    }

    /// A loop over two blocks writes the convention registers (a5, a4, a3, a0)
    /// and block-local ones in one block and faults in the next: the fault
    /// stops with exactly the threaded engine's registers.
    func testFaultInAChainedBlockSeesConventionRegisters() throws {
        let words = [
            Enc.addi(8, 0, 40),           // 0x00: s0 = 40 iterations
            Enc.lui(9, 0x20),             // 0x04: s1 = data
            Enc.addi(15, 15, 3),          // 0x08: loop: a5 += 3
            Enc.addi(14, 14, 5),          // 0x0c: a4 += 5
            Enc.add(13, 15, 14),          // 0x10: a3 = a5 + a4
            Enc.addi(10, 10, 1),          // 0x14: a0 += 1
            Enc.addi(6, 6, 7),            // 0x18: t1 += 7 (block-local)
            Enc.jal(0, 8),                // 0x1c: to the second block
            Enc.ecall,                    // 0x20
            Enc.addi(8, 8, -1),           // 0x24: s0 -= 1
            Enc.sd(15, 9, 0),             // 0x28: store a5
            Enc.addi(9, 9, 1024),         // 0x2c: s1 += 1 KiB: leaves the 64 KiB page after 64 rounds
            Enc.bne(8, 0, -40),           // 0x30: to the loop
            Enc.lui(9, 0x40),             // 0x34: an unmapped address
            Enc.ld(12, 9, 0),             // 0x38: faults
        ]
        let (t, tStop) = try run(words, .threaded)
        XCTAssertEqual(tStop, .loadFault(address: 0x40000))
        for engine in [Engine.native, .auto] {
            let (r, stop) = try run(words, engine)
            XCTAssertEqual(stop, tStop, "\(engine)")
            XCTAssertEqual(r.hart.pc, t.hart.pc, "\(engine)")
            for i in 1..<32 { XCTAssertEqual(r.hart[x: i], t.hart[x: i], "x\(i) under \(engine)") }
            XCTAssertEqual(r.machine.counters.retired, t.machine.counters.retired, "\(engine)")
            XCTAssertEqual(r.hart[x: 15], 120)
            XCTAssertEqual(r.hart[x: 10], 40)
        }
    }

    /// A body call (div) between uses of the convention registers: they are
    /// stored before it (the body reads a5) and reloaded after it (it writes
    /// a4), across a loop of two chained blocks.
    func testBodyCallsSeeAndChangeConventionRegisters() throws {
        let words = [
            Enc.addi(8, 0, 30),           // 0x00
            Enc.addi(15, 0, 1000),        // 0x04: a5
            Enc.addi(12, 0, 3),           // 0x08: a2 = divisor
            Enc.addi(15, 15, 7),          // 0x0c: loop: a5 += 7
            Enc.div(14, 15, 12),          // 0x10: a4 = a5 / 3 (a body call)
            Enc.add(10, 10, 14),          // 0x14: a0 += a4
            Enc.jal(0, 8),                // 0x18
            Enc.ecall,                    // 0x1c
            Enc.addi(8, 8, -1),           // 0x20
            Enc.bne(8, 0, -24),           // 0x24
        ]
        let (t, tStop) = try run(words, .threaded)
        XCTAssertEqual(tStop, .ecall)
        for engine in [Engine.native, .auto] {
            let (r, stop) = try run(words, engine)
            XCTAssertEqual(stop, .ecall)
            for i in 1..<32 { XCTAssertEqual(r.hart[x: i], t.hart[x: i], "x\(i) under \(engine)") }
            XCTAssertEqual(r.machine.counters.retired, t.machine.counters.retired)
        }
        XCTAssertEqual(t.hart[x: 10], (1...30).reduce(0) { $0 + (1000 + 7 * UInt64($1)) / 3 })
    }

    /// An instruction budget stops chained native blocks at a block boundary
    /// with the convention registers in the hart; running on gives the same end.
    func testBudgetStopLeavesCompleteState() throws {
        let words = [
            Enc.addi(8, 0, 500),          // 0x00
            Enc.addi(15, 15, 1),          // 0x04: loop
            Enc.addi(14, 14, 2),          // 0x08
            Enc.jal(0, 8),                // 0x0c
            Enc.ecall,                    // 0x10
            Enc.addi(8, 8, -1),           // 0x14
            Enc.bne(8, 0, -20),           // 0x18
        ]
        let r = try GuestRunner(words)
        XCTAssertTrue(r.machine.setEngine(.native))
        XCTAssertEqual(r.run(maxInstructions: 1000), .budgetExhausted)
        let retired = r.machine.counters.retired
        // Each round retires 5 instructions and adds 1 to a5 and 2 to a4.
        let rounds = (retired - 1) / 5
        XCTAssertEqual(r.hart[x: 15], rounds + ((retired - 1) % 5 >= 1 ? 1 : 0))
        XCTAssertEqual(r.hart[x: 14], 2 * r.hart[x: 15])
        XCTAssertEqual(r.run(maxInstructions: 1_000_000), .ecall)
        XCTAssertEqual(r.hart[x: 15], 500)
        XCTAssertEqual(r.hart[x: 14], 1000)
    }
}
