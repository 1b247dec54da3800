import XCTest
import TernISA
@testable import TernFuzz

/// Link resolution, unit removal, and the harness assembly text.
final class LayoutTests: XCTestCase {
    private let start = Generator.sequence(seed: 1, length: 0).initial
    private func addi(_ rd: UInt8, _ imm: Int64) -> FuzzItem {
        .word(Encoder.encode(Instruction(opcode: .addi, rd: rd, rs1: rd, imm: imm)), length: 4)
    }

    func testLinksResolveToUnitStarts() throws {
        let seq = FuzzSequence(seed: 0, initial: start, units: [
            FuzzUnit(.branch, [.link(.branch(.bne, a: 5, b: 6), target: 3)]),                        // +0
            FuzzUnit(.jump, [.link(.cJ, target: 4)]),                                                 // +4
            FuzzUnit(.jump, [.word(Encoder.encode(Instruction(opcode: .auipc, rd: 7)), length: 4),   // +6
                             .link(.jalr(rd: 1, base: 7), target: 4)]),                              // +10
            FuzzUnit(.branch, [.link(.cBranch(notZero: true, reg: 9), target: 5)]),                   // +14
            FuzzUnit(.alu, [addi(5, 1)]),                                                             // +16
        ])                                                                                            // end +20
        let placed = try seq.layout()
        XCTAssertEqual(placed.map(\.offset), [0, 4, 6, 10, 14, 16])
        let d = try placed.map { try XCTUnwrap(Decoder.decode($0.bits)) }
        XCTAssertEqual(d[0].opcode, .bne); XCTAssertEqual(d[0].imm, 14)
        XCTAssertEqual(d[1].opcode, .jal); XCTAssertEqual(d[1].imm, 12); XCTAssertTrue(d[1].isCompressed)
        XCTAssertEqual(d[3].opcode, .jalr); XCTAssertEqual(d[3].imm, 10); XCTAssertEqual(d[3].rs1, 7)
        XCTAssertEqual(d[4].opcode, .bne); XCTAssertEqual(d[4].imm, 6); XCTAssertEqual(d[4].rs1, 9)
        XCTAssertTrue(d[4].isCompressed)
    }

    func testCompressedEncodersMatchTheDecoder() throws {
        for off in stride(from: -2048, to: 2048, by: 2) {
            let j = try XCTUnwrap(Decoder.decode(UInt32(CompressedEncoder.j(offset: off))))
            XCTAssertEqual(j.opcode, .jal); XCTAssertEqual(j.imm, Int64(off)); XCTAssertEqual(j.rd, 0)
        }
        for off in stride(from: -256, to: 256, by: 2) {
            let b = try XCTUnwrap(Decoder.decode(UInt32(CompressedEncoder.branch(notZero: false, reg: 15, offset: off))))
            XCTAssertEqual(b.opcode, .beq); XCTAssertEqual(b.imm, Int64(off)); XCTAssertEqual(b.rs1, 15)
        }
        XCTAssertEqual(Decoder.decode(UInt32(CompressedEncoder.jr(5))), Instruction(opcode: .jalr, rs1: 5, length: 2, bits: 0x8282))
        XCTAssertEqual(Decoder.decode(UInt32(CompressedEncoder.jalr(5))), Instruction(opcode: .jalr, rd: 1, rs1: 5, length: 2, bits: 0x9282))
    }

    func testOutOfRangeLinkIsAnError() {
        let far = FuzzUnit(.alu, Array(repeating: addi(5, 1), count: 100))
        let seq = FuzzSequence(seed: 0, initial: start, units: [FuzzUnit(.branch, [.link(.cBranch(notZero: false, reg: 8), target: 2)]), far])
        XCTAssertThrowsError(try seq.layout()) { error in
            XCTAssertEqual(error as? LayoutError, .outOfRange(unit: 0, item: 0, offset: 402))
        }
    }

    func testKeepingRetargetsLinksToTheNextKeptUnit() {
        let units = (0..<6).map { k in FuzzUnit(.alu, [addi(5, Int64(k))]) }
        var seq = FuzzSequence(seed: 9, initial: start, units: units)
        seq.units[0] = FuzzUnit(.branch, [.link(.jal(rd: 0), target: 3)])
        seq.units[1] = FuzzUnit(.branch, [.link(.jal(rd: 0), target: 6)])
        let kept = seq.keeping([0, 1, 4])
        XCTAssertEqual(kept.units.count, 3)
        XCTAssertEqual(kept.units[0].items, [.link(.jal(rd: 0), target: 2)])   // unit 3 gone: goes to old 4
        XCTAssertEqual(kept.units[1].items, [.link(.jal(rd: 0), target: 3)])   // the end stays the end
        XCTAssertEqual(kept.units[2], units[4])
        XCTAssertEqual(seq.prefix(1).units[0].items, [.link(.jal(rd: 0), target: 1)])
    }

    func testHarnessCarriesIndexStateAndRawWords() throws {
        let seq = FuzzSequence(seed: 0, initial: start, units: [FuzzUnit(.alu, [addi(5, 1)]),
                                                                FuzzUnit(.compressed, [.word(0x0505, length: 2)])])
        let asm = try Harness.assembly([seq, seq])
        XCTAssertTrue(asm.contains("seq_1:\n\tlla a0, init_1\n\tcall load_state\n\tld ra, 528(sp)\n\t.4byte 0x128293\n\t.2byte 0x505\n\tsd ra, 528(sp)\n\tcall dump_state\n"))
        XCTAssertTrue(asm.contains("init_1:\n\t.8byte 0x1,0x\(String(start.x[1], radix: 16)),0x0,"))
        var near = seq
        near.bufferNearCode = true
        XCTAssertTrue(try Harness.assembly([near]).contains("init_0:\n\t.8byte 0x0,0x\(String(start.x[1], radix: 16)),0x1,"))
        XCTAssertTrue(asm.contains("\tli a2, \(Record.size)\n\tli a7, 64\n\tecall\n"))
        XCTAssertEqual(Record.size, 1040 + 32 + 2048)   // + vector CSRs and v0…v31 at VLEN 512
    }
}
