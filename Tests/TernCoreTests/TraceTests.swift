import XCTest
import TernCore

/// `Machine.trace`: in_asm lists each block's instructions when translated;
/// exec reports every block entry, even where blocks would chain.
final class TraceTests: XCTestCase {
    /// x5 = 3; loop: x6 += 1; x5 -= 1; bne x5, x0, loop; ecall.
    private func loop() throws -> (GuestRunner, () -> [String]) {
        let r = try GuestRunner([Enc.addi(5, 0, 3), Enc.addi(6, 6, 1), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8)])
        let lines = Lines()
        r.machine.traceOutput = { lines.items.append($0) }
        return (r, { lines.items })
    }

    private final class Lines: @unchecked Sendable { var items: [String] = [] }

    func testExecReportsEveryBlockEntryWithoutChaining() throws {
        let (r, lines) = try loop()
        r.machine.trace = .exec
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 6], 3)
        XCTAssertEqual(lines(), ["Trace 0x0000000000010000", "Trace 0x0000000000010004",
                                 "Trace 0x0000000000010004", "Trace 0x0000000000010010"])
        XCTAssertEqual(r.machine.counters.chainedTransitions, 0)
    }

    func testInAsmListsEachTranslatedBlockOnce() throws {
        let (r, lines) = try loop()
        r.machine.trace = .inAsm
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(lines(), [
            """
            ----------------
            IN:
            0x0000000000010000:  00300293  li       t0,3
            0x0000000000010004:  00130313  addi     t1,t1,1
            0x0000000000010008:  fff28293  addi     t0,t0,-1
            0x000000000001000c:  fe029ce3  bnez     t0,0x10004

            """,
            """
            ----------------
            IN:
            0x0000000000010004:  00130313  addi     t1,t1,1
            0x0000000000010008:  fff28293  addi     t0,t0,-1
            0x000000000001000c:  fe029ce3  bnez     t0,0x10004

            """,
            """
            ----------------
            IN:
            0x0000000000010010:  00000073  ecall

            """,
        ])
    }

    func testSymbolizerNamesBlocks() throws {
        let (r, lines) = try loop()
        r.machine.trace = .exec
        r.machine.traceSymbolizer = { $0 == 0x10004 ? "loop" : nil }
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(lines()[1], "Trace 0x0000000000010004 <loop>")
    }

    func testTraceListParsing() {
        XCTAssertEqual(try TraceOptions.parse("in_asm,exec").get(), [.inAsm, .exec])
        XCTAssertEqual(try TraceOptions.parse("exec").get(), .exec)
        guard case .failure(let e) = TraceOptions.parse("in_asm,nope") else { return XCTFail("accepted an unknown item") }
        XCTAssertEqual(e.item, "nope")
        guard case .failure(let empty) = TraceOptions.parse("") else { return XCTFail("accepted an empty list") }
        XCTAssertEqual(empty.item, "")
    }
}
