import XCTest
@testable import TernISA

/// `Encoder.encode` against words written out by hand from the specification. (Its
/// inverse property is checked against the independent reference decoder, not
/// TernISA's own table: TernLockstepTests.IndependentDecoderTests.)
final class EncoderTests: XCTestCase {
    func testKnownEncodings() {
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .add, rd: 10, rs1: 11, rs2: 12)), 0x00c5_8533)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .addi, rd: 10, rs1: 0, imm: -2048)), 0x8000_0513)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .srai, rd: 10, rs1: 11, imm: 63)), 0x43f5_d513)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .fmaddD, rd: 1, rs1: 2, rs2: 3, rs3: 4, rm: 7)), 0x2231_70c3)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .amoaddW, rd: 5, rs1: 6, rs2: 7, rm: 3)), 0x0673_22af)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .fcvtWuS, rd: 10, rs1: 1, rm: 1)), 0xc010_9553)
    }
}
