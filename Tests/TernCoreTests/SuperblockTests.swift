import XCTest
@testable import TernCore

/// Blocks that continue through unconditional direct jumps (`jal x0`) within
/// their first page (`Translator`, `Machine.superblocks`).
final class SuperblockTests: XCTestCase {
    /// A counted loop whose back edge is a `j`: 0 x5 = 10; 4 L: x6 += 3;
    /// 8 x5 -= 1; c beq x5, x0, exit; 10 x7 += 1; 14 j L; 18 exit: ecall.
    private let loop: [UInt32] = [
        Enc.addi(5, 0, 10), Enc.addi(6, 6, 3), Enc.addi(5, 5, -1), Enc.beq(5, 0, 12),
        Enc.addi(7, 7, 1), Enc.jal(0, -16),
    ]

    func testLoopBackEdgeJumpContinuesTheBlock() throws {
        let r = try GuestRunner(loop)
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 6], 30)
        XCTAssertEqual(r.hart[x: 7], 9)
        // 1 + 10 * 3 (addi, addi, beq) + 9 * 2 (addi, j) + ecall.
        XCTAssertEqual(r.hart.retired, 50)
        let base = GuestRunner.codeBase
        let tail = try XCTUnwrap(r.machine.cache.block(at: base + 0x10))
        XCTAssertEqual(tail.segments, [base + 0x10..<base + 0x18, base + 0x4..<base + 0x10])
        XCTAssertEqual(tail.instructionCount, 5)
        XCTAssertEqual(tail.guestStart, base + 0x4)
        XCTAssertEqual(tail.guestEnd, base + 0x18)
        XCTAssertFalse(tail.opNames.contains { $0.contains("jal") }, "the jump needs no op: \(tail.opNames)")
    }

    func testSameResultsAndCountsWithoutSuperblocks() throws {
        let on = try GuestRunner(loop), off = try GuestRunner(loop)
        off.machine.superblocks = false
        XCTAssertEqual(on.run(), .ecall)
        XCTAssertEqual(off.run(), .ecall)
        for i in 0..<32 { XCTAssertEqual(on.hart[x: i], off.hart[x: i], "x\(i)") }
        XCTAssertEqual(on.hart.retired, off.hart.retired)
        XCTAssertEqual(off.machine.cache.block(at: GuestRunner.codeBase + 0x10)?.segments.count, 1)
        XCTAssertLessThan(on.machine.counters.blockEntries, off.machine.counters.blockEntries)
    }

    func testJumpOutOfThePageEndsTheBlock() throws {
        // 0 x5 = 1; 4 j +0x1000 (next page: a new block); 0x1004 x6 = 2; ecall.
        let words: [UInt32] = [Enc.addi(5, 0, 1), Enc.jal(0, 0x1000 - 4)] + [UInt32](repeating: Enc.addi(0, 0, 0), count: 0x3fe)
            + [Enc.addi(6, 0, 2), Enc.ecall]
        let (m, h) = try machine(words, pages: 2, protection: [.read, .execute])
        XCTAssertEqual(m.run(h), .ecall)
        XCTAssertEqual(h[x: 6], 2)
        XCTAssertEqual(m.cache.block(at: 0x10000)?.segments, [0x10000..<0x10008])
    }

    func testStoreIntoAJumpTargetInvalidatesTheSuperblock() throws {
        // The block at 4 continues at T (0x20) through its `j`; the loop then
        // patches T (outside the block's first range) and runs the block again.
        let words: [UInt32] = [
            Enc.addi(8, 0, 2),       // 0x00: two rounds
            Enc.jal(0, 0x1c),        // 0x04: L: j T
            Enc.lui(9, 0x10),        // 0x08: x9 = 0x10000
            Enc.lw(10, 9, 0x30),     // 0x0c: the new instruction
            Enc.sw(10, 9, 0x20),     // 0x10: over T
            Enc.fenceI,              // 0x14
            Enc.jal(0, -0x14),       // 0x18: j L
            Enc.addi(0, 0, 0),       // 0x1c
            Enc.addi(7, 7, 1),       // 0x20: T: x7 += 1 (becomes x7 += 100)
            Enc.addi(8, 8, -1),      // 0x24
            Enc.bne(8, 0, -0x20),    // 0x28: to 0x08 while rounds remain
            Enc.ecall,               // 0x2c
            Enc.addi(7, 7, 100),     // 0x30: data: the new instruction
        ]
        let (m, h) = try machine(words, pages: 1, protection: [.read, .write, .execute])
        XCTAssertEqual(m.run(h), .ecall)
        XCTAssertEqual(h[x: 7], 101, "the second round ran the patched T")
        XCTAssertGreaterThanOrEqual(m.counters.invalidations[CodeChangeCause.guestStore.rawValue], 1)
    }

    /// A machine with `words` at 0x10000 in `pages` pages of `protection`, and a hart there.
    private func machine(_ words: [UInt32], pages: Int, protection: MemoryProtection) throws -> (Machine, Hart) {
        let m = try Machine()
        try m.memory.map(0x10000, length: UInt64(pages) * GuestMemory.pageSize, protection: protection)
        let bytes = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
        try bytes.withUnsafeBytes { try m.memory.writeInitial(0x10000, $0) }
        let h = Hart()
        h.pc = 0x10000
        return (m, h)
    }
}
