import TernCore
import TernISA
import XCTest

/// The native compiler's integer idioms (`NativeIntegerPeepholes`): a word
/// result read only by a later word op that overwrites it (with nothing that
/// could fault between) stays unextended, and remu+divu (rem+div) of the same
/// operands share one division. Native and threaded runs give the same registers.
final class NativeIntegerPeepholeTests: XCTestCase {
    static let edges: [UInt64] = [0, 1, 2, 7, 10, .max, 0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff, 0x8000_0000,
                                  0x7fff_ffff, 0xffff_ffff, 0x1_0000_0000, 0xffff_ffff_8000_0000, 0x0123_4567_89ab_cdef,
                                  0xfedc_ba98_7654_3210, 0xffff_ffff_ffff_fff6]

    private func word(_ op: Opcode, _ rd: UInt8, _ rs1: UInt8, _ rs2: UInt8 = 0, imm: Int64 = 0) -> UInt32 {
        Encoder.encode(Instruction(opcode: op, rd: rd, rs1: rs1, rs2: rs2, imm: imm))
    }

    private func assertSameRegisters(_ words: [UInt32], file: StaticString = #filePath, line: UInt = #line) throws {
        for a in 0..<Self.edges.count {
            let regs = (0..<15).map { Self.edges[(a + $0 * 5) % Self.edges.count] }
            let threaded = try GuestRunner.registers(after: words, regs, engine: .threaded)
            let native = try GuestRunner.registers(after: words, regs, engine: .native)
            XCTAssertEqual(native, threaded, "with \(regs.map { String($0, radix: 16) })", file: file, line: line)
        }
    }

    func testWordChainsKeepEveryVisibleValueExtended() throws {
        try assertSameRegisters([
            word(.mulw, 5, 6, 7), word(.addw, 5, 5, 8),        // unextended between the two
            word(.addiw, 9, 10, imm: 2047), word(.slliw, 9, 9, imm: 3),
            word(.subw, 11, 12, 13), word(.sraw, 11, 14, 11),  // read as the shift count
            word(.addw, 15, 1, 2), word(.add, 3, 15, 0),       // a 64-bit read: extended
            word(.addw, 12, 13, 14), word(.addw, 1, 12, 12),   // the next op writes another register
            word(.sllw, 4, 6, 7), word(.addiw, 4, 4, imm: 0),  // sext.w of the unextended value
            word(.mulw, 2, 8, 10), word(.srliw, 2, 2, imm: 4),
            word(.mulw, 5, 6, 7), word(.addi, 9, 9, imm: 4), word(.xor, 10, 1, 2), word(.addw, 5, 8, 5),  // ops between
            word(.mulw, 6, 7, 8), word(.add, 9, 6, 1), word(.addw, 6, 6, 2),   // one between reads it: extended
            word(.subw, 7, 1, 2), word(.sltu, 10, 7, 3), word(.addw, 7, 7, 7),
            word(.mulw, 8, 1, 2), word(.addi, 3, 3, imm: 1), word(.lui, 8, 0, imm: 0x12000),  // overwritten unread
            word(.sllw, 11, 1, 2), word(.add, 12, 1, 2),                      // still live at the block's end
        ])
    }

    func testDivisionPairsGiveQuotientAndRemainder() throws {
        try assertSameRegisters([
            word(.remu, 5, 6, 7), word(.divu, 8, 6, 7),
            word(.rem, 9, 10, 11), word(.div, 12, 10, 11),
            word(.divu, 13, 1, 2), word(.remu, 14, 1, 2),
            word(.div, 15, 3, 4), word(.rem, 3, 3, 4),        // the second overwrites an operand
            word(.remu, 6, 6, 7), word(.divu, 1, 6, 7),       // the first does: not a pair
            word(.rem, 2, 8, 0), word(.div, 4, 8, 0),         // divisor x0
        ])
    }
}
