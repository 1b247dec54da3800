import XCTest
@testable import TernCore

/// `Machine.run(_:exactInstructions:)` (checkpoints at an exact count) and
/// `Hart.registers` / `setRegisters` (the architectural state a checkpoint saves).
final class ExactRunTests: XCTestCase {
    /// loop: addi x5,x5,1; addi x6,x6,2; jal x0,loop: after n instructions
    /// x5 counts the first kind, x6 twice the second.
    private func loop() throws -> GuestRunner {
        try GuestRunner([Enc.addi(5, 5, 1), Enc.addi(6, 6, 2), Enc.j(-8, 0)], appendEcall: false)
    }

    func testStopsOnTheExactInstruction() throws {
        for n: UInt64 in [1, 2, 3, 4, 7, 63, 64, 65, 100, 1001, 50_000] {
            let g = try loop()
            XCTAssertEqual(g.machine.run(g.hart, exactInstructions: n), .budgetExhausted)
            XCTAssertEqual(g.hart.retired, n, "n=\(n)")
            XCTAssertEqual(g.hart[x: 5], (n + 2) / 3, "n=\(n)")
            XCTAssertEqual(g.hart[x: 6], 2 * ((n + 1) / 3), "n=\(n)")
            XCTAssertEqual(g.hart.pc, GuestRunner.codeBase + 4 * (n % 3), "n=\(n)")
        }
    }

    func testExactRunsAddUp() throws {
        // Stopping and going on in pieces retires what one run does.
        let g = try loop(), whole = try loop()
        for piece: UInt64 in [5, 1, 17, 300, 2, 999] { _ = g.machine.run(g.hart, exactInstructions: piece) }
        _ = whole.machine.run(whole.hart, exactInstructions: 1324)
        XCTAssertEqual(g.hart.registers, whole.hart.registers)
    }

    func testRegistersRoundTrip() throws {
        let a = Hart(), b = Hart()
        for i in 1 ..< 32 { a[x: i] = UInt64(i) &* 0x9E37_79B9_7F4A_7C15 }
        for i in 0 ..< 32 { a[f: i] = UInt64(i) | 0xFFFF_FFFF_0000_0000 }
        a.pc = 0x1_2344
        a.fflags = 0x15
        a.frm = 3
        let saved = a.registers
        XCTAssertEqual(saved.fcsr, 3 << 5 | 0x15)
        try b.setRegisters(saved)
        XCTAssertEqual(b.registers, saved)
        XCTAssertEqual(b[x: 31], 31 &* 0x9E37_79B9_7F4A_7C15)
    }

    func testUnknownExtensionStateIsRefused() throws {
        let h = Hart()
        h.pc = 0x1000
        var r = HartRegisters()
        r.pc = 0x2000
        r.extensions = [HartExtensionState(kind: 99, version: 1, bytes: [1, 2])]
        XCTAssertThrowsError(try h.setRegisters(r)) { XCTAssertEqual($0 as? HartStateError, .unknownExtension(kind: 99, version: 1)) }
        XCTAssertEqual(h.pc, 0x1000, "a refused state changes nothing")
        r.extensions = []
        r.x = [0]
        XCTAssertThrowsError(try h.setRegisters(r))
    }
}
