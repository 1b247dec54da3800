import XCTest
@testable import TernISA

/// `Encoder.encode` is the exact inverse of the decoder for every opcode.
final class EncoderTests: XCTestCase {
    /// Random in-range operand fields for `op`'s format.
    private func sample(_ op: Opcode, _ k: Int) -> Instruction {
        let r = UInt8(k % 32), s = UInt8((k * 7 + 3) % 32), t = UInt8((k * 13 + 5) % 32), u = UInt8((k * 17 + 1) % 32)
        let imm12 = Int64(k * 37 % 4096) - 2048
        var i = Instruction(opcode: op)
        switch op.format {
        case .reg, .fpRNoRM, .fpCompare: i.rd = r; i.rs1 = s; i.rs2 = t
        case .imm, .load, .jalr, .fpLoad: i.rd = r; i.rs1 = s; i.imm = imm12
        case .store, .fpStore: i.rs1 = s; i.rs2 = t; i.imm = imm12
        case .branch: i.rs1 = s; i.rs2 = t; i.imm = (Int64(k * 37 % 4096) - 2048) * 2
        case .upper: i.rd = r; i.imm = Int64(Int32(bitPattern: UInt32(k * 7919 % (1 << 20)) << 12))
        case .jump: i.rd = r; i.imm = (Int64(k * 7919 % (1 << 20)) - (1 << 19)) * 2
        case .shift64: i.rd = r; i.rs1 = s; i.imm = Int64(k % 64)
        case .shift32: i.rd = r; i.rs1 = s; i.imm = Int64(k % 32)
        case .csr, .csrImm: i.rd = r; i.rs1 = s; i.imm = Int64(k * 131 % 4096)
        case .fence: i.imm = Int64(k % 256)
        case .bare: break
        case .sfence: i.rs1 = s; i.rs2 = t
        case .amo: i.rd = r; i.rs1 = s; i.rs2 = t; i.rm = UInt8(k % 4)
        case .lr: i.rd = r; i.rs1 = s; i.rm = UInt8(k % 4)
        case .fpR4: i.rd = r; i.rs1 = s; i.rs2 = t; i.rs3 = u; i.rm = UInt8(k % 8)
        case .fpR, .fpR1, .fpToX, .xToFP:
            i.rd = r; i.rs1 = s; i.rm = UInt8(k % 8)
            if op.format == .fpR { i.rs2 = t }
        case .fpToXNoRM, .xToFPNoRM, .unary: i.rd = r; i.rs1 = s
        case .cbo: i.rs1 = s
        }
        return i
    }

    func testEveryOpcodeRoundTrips() throws {
        for op in Opcode.allCases {
            for k in 0..<64 {
                var expected = sample(op, k)
                let word = Encoder.encode(expected)
                expected.bits = word
                let decoded = try XCTUnwrap(Decoder.decode(word), "\(op.mnemonic) sample \(k) must decode")
                XCTAssertEqual(decoded, expected, "\(op.mnemonic) sample \(k)")
            }
        }
    }

    func testKnownEncodings() {
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .add, rd: 10, rs1: 11, rs2: 12)), 0x00c5_8533)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .addi, rd: 10, rs1: 0, imm: -2048)), 0x8000_0513)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .srai, rd: 10, rs1: 11, imm: 63)), 0x43f5_d513)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .fmaddD, rd: 1, rs1: 2, rs2: 3, rs3: 4, rm: 7)), 0x2231_70c3)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .amoaddW, rd: 5, rs1: 6, rs2: 7, rm: 3)), 0x0673_22af)
        XCTAssertEqual(Encoder.encode(Instruction(opcode: .fcvtWuS, rd: 10, rs1: 1, rm: 1)), 0xc010_9553)
    }
}
