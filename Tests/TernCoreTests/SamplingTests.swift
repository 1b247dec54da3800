import XCTest
import TernCore

/// Counter samples (`Machine.sampleInterval`) are taken at the first block
/// boundary at or after each multiple of the interval, also across runs that
/// stop at an instruction limit.
final class SamplingTests: XCTestCase {
    /// Entry block: 3 instructions; the loop block (2) runs 19 times; ecall. Block
    /// boundaries fall on retired = 3, 5, 7, ..., 41; the ecall makes 42.
    private func loop() throws -> GuestRunner {
        try GuestRunner([Enc.addi(5, 0, 20), Enc.addi(5, 5, -1), Enc.bne(5, 0, -4)])
    }

    func testSamplesAtFirstBoundaryPastEachMultiple() throws {
        let r = try loop()
        r.machine.sampleInterval = 10
        XCTAssertEqual(r.run(maxInstructions: nil), .ecall)
        XCTAssertEqual(r.hart.retired, 42)
        XCTAssertEqual(r.machine.samples.map(\.counters.retired), [11, 21, 31, 41])
        XCTAssertEqual(r.machine.samples.map(\.counters.translations), [2, 2, 2, 2])
    }

    func testSamplingAcrossAnInstructionLimit() throws {
        let r = try loop()
        r.machine.sampleInterval = 10
        XCTAssertEqual(r.run(maxInstructions: 25), .budgetExhausted)
        XCTAssertEqual(r.hart.retired, 25)
        XCTAssertEqual(r.machine.samples.map(\.counters.retired), [11, 21])
        XCTAssertEqual(r.run(maxInstructions: nil), .ecall)
        XCTAssertEqual(r.machine.samples.map(\.counters.retired), [11, 21, 31, 41])
        XCTAssertEqual(r.machine.counters.retired, 42)
    }

    func testNoSamplesWithoutAnInterval() throws {
        let r = try loop()
        XCTAssertEqual(r.run(maxInstructions: nil), .ecall)
        XCTAssertEqual(r.machine.samples, [])
        // Lookups: the entry block, the loop block's first two entries (its own
        // link is made on the second), the ecall block. Loop entries 3..19 chain.
        XCTAssertEqual(r.machine.counters.chainedTransitions, 17)
        XCTAssertEqual(r.machine.counters.lookups, 4)
    }
}
