import XCTest
@testable import TernISA

/// RVC expansion tests: each compressed form must equal its 32-bit equivalent
/// (same opcode and fields), with length 2 and the raw halfword in `bits`.
final class CompressedTests: XCTestCase {
    private func c(_ h: UInt32, _ expected: Instruction, file: StaticString = #filePath, line: UInt = #line) {
        var e = expected
        e.length = 2
        e.bits = h
        XCTAssertEqual(Decoder.decode(h), e, String(format: "%04x", h), file: file, line: line)
    }

    func testQuadrant0() {
        c(0x1fe4, Instruction(opcode: .addi, rd: 9, rs1: 2, imm: 1020))       // c.addi4spn s1,sp,1020
        c(0x7c7c, Instruction(opcode: .ld, rd: 15, rs1: 8, imm: 248))         // c.ld a5,248(s0)
        c(0xc1c8, Instruction(opcode: .sw, rs1: 11, rs2: 10, imm: 4))         // c.sw a0,4(a1)
        c(0x2188, Instruction(opcode: .fld, rd: 10, rs1: 11, imm: 0))         // c.fld fa0,0(a1)
        c(0xa188, Instruction(opcode: .fsd, rs1: 11, rs2: 10, imm: 0))        // c.fsd fa0,0(a1)
    }

    func testQuadrant1() {
        c(0x7139, Instruction(opcode: .addi, rd: 2, rs1: 2, imm: -64))        // c.addi16sp sp,-64
        c(0x617d, Instruction(opcode: .addi, rd: 2, rs1: 2, imm: 496))        // c.addi16sp sp,496
        c(0x757d, Instruction(opcode: .lui, rd: 10, imm: -4096))              // c.lui a0,0xfffff
        c(0x7501, Instruction(opcode: .lui, rd: 10, imm: -131_072))           // c.lui a0,0xfffe0
        c(0x9781, Instruction(opcode: .srai, rd: 15, rs1: 15, imm: 32))       // c.srai a5,32
        c(0x90fd, Instruction(opcode: .srli, rd: 9, rs1: 9, imm: 63))         // c.srli s1,63
        c(0x997d, Instruction(opcode: .andi, rd: 10, rs1: 10, imm: -1))       // c.andi a0,-1
        c(0x357d, Instruction(opcode: .addiw, rd: 10, rs1: 10, imm: -1))      // c.addiw a0,-1
        c(0x9d0d, Instruction(opcode: .subw, rd: 10, rs1: 10, rs2: 11))       // c.subw a0,a1
        c(0x5501, Instruction(opcode: .addi, rd: 10, rs1: 0, imm: -32))       // c.li a0,-32
        c(0x0001, Instruction(opcode: .addi))                                 // c.nop
        c(0x4015, Instruction(opcode: .addi, rd: 0, rs1: 0, imm: 5))          // c.li zero,5 (HINT)
        c(0x8c2d, Instruction(opcode: .xor, rd: 8, rs1: 8, rs2: 11))          // c.xor s0,a1
    }

    func testBranchAndJumpOffsets() {
        // At 0x56, c.beqz a0 to 0x0 → offset -86; at 0x58, c.bnez s1 to 0x7a → +34; at 0x6c, c.j to 0 → -108.
        c(0xd54d, Instruction(opcode: .beq, rs1: 10, rs2: 0, imm: -86))
        c(0xe08d, Instruction(opcode: .bne, rs1: 9, rs2: 0, imm: 34))
        c(0xbf51, Instruction(opcode: .jal, rd: 0, imm: -108))
        c(0xd001, Instruction(opcode: .beq, rs1: 8, imm: -256))               // most negative c.beqz
        c(0xaffd, Instruction(opcode: .jal, rd: 0, imm: 2046))                // most positive c.j
    }

    func testQuadrant2() {
        c(0x70fe, Instruction(opcode: .ld, rd: 1, rs1: 2, imm: 504))          // c.ldsp ra,504(sp)
        c(0xffee, Instruction(opcode: .sd, rs1: 2, rs2: 27, imm: 504))        // c.sdsp s11,504(sp)
        c(0x50fe, Instruction(opcode: .lw, rd: 1, rs1: 2, imm: 252))          // c.lwsp ra,252(sp)
        c(0xdfaa, Instruction(opcode: .sw, rs1: 2, rs2: 10, imm: 252))        // c.swsp a0,252(sp)
        c(0x3ffe, Instruction(opcode: .fld, rd: 31, rs1: 2, imm: 504))        // c.fldsp ft11,504(sp)
        c(0xbfee, Instruction(opcode: .fsd, rs1: 2, rs2: 27, imm: 504))       // c.fsdsp fs11,504(sp)
        c(0x1ffe, Instruction(opcode: .slli, rd: 31, rs1: 31, imm: 63))       // c.slli t6,63
        c(0x0502, Instruction(opcode: .slli, rd: 10, rs1: 10, imm: 0))        // c.slli64 a0 (HINT)
        c(0x8082, Instruction(opcode: .jalr, rd: 0, rs1: 1, imm: 0))          // c.jr ra (ret)
        c(0x9502, Instruction(opcode: .jalr, rd: 1, rs1: 10, imm: 0))         // c.jalr a0
        c(0x852e, Instruction(opcode: .add, rd: 10, rs1: 0, rs2: 11))         // c.mv a0,a1
        c(0x802e, Instruction(opcode: .add, rd: 0, rs1: 0, rs2: 11))          // c.mv zero,a1 (HINT)
        c(0x952e, Instruction(opcode: .add, rd: 10, rs1: 10, rs2: 11))        // c.add a0,a1
        c(0x9002, Instruction(opcode: .ebreak))                               // c.ebreak
    }

    func testReservedEncodings() {
        XCTAssertNil(Decoder.decode(0x0000))   // all zeros
        XCTAssertNil(Decoder.decode(0x0004))   // c.addi4spn with nzuimm 0
        XCTAssertNil(Decoder.decode(0x6101))   // c.addi16sp with imm 0
        XCTAssertNil(Decoder.decode(0x6501))   // c.lui a0,0
        XCTAssertNil(Decoder.decode(0x4002))   // c.lwsp rd=0
        XCTAssertNil(Decoder.decode(0x6002))   // c.ldsp rd=0
        XCTAssertNil(Decoder.decode(0x8002))   // c.jr rs1=0
        XCTAssertNil(Decoder.decode(0x2001))   // c.addiw rd=0
        // Reserved in RV64GC, Zcb since: quadrant 0 funct3=100 (c.lbu...), c.subw/c.addw space funct2=10/11.
        let rv64gc = try! CPUConfiguration.parse("rv64gc").extensions
        XCTAssertNil(Decoder.decode(0x8000, extensions: rv64gc))
        XCTAssertNil(Decoder.decode(0x9c41, extensions: rv64gc))
        XCTAssertNil(Decoder.decode(0x9c61, extensions: rv64gc))
        XCTAssertNil(Decoder.decode(0x6081, extensions: rv64gc))   // c.lui ra,0 (c.mop.1 with Zcmop)
        XCTAssertNil(Decoder.decode(0x9c79))   // funct2=11, funct3=110: reserved in Zcb too
    }

    func testZcbAndZcmop() {
        c(0x8000, Instruction(opcode: .lbu, rd: 8, rs1: 8))                    // c.lbu s0,0(s0)
        c(0x8060, Instruction(opcode: .lbu, rd: 8, rs1: 8, imm: 3))            // c.lbu s0,3(s0)
        c(0x8420, Instruction(opcode: .lhu, rd: 8, rs1: 8, imm: 2))            // c.lhu s0,2(s0)
        c(0x8460, Instruction(opcode: .lh, rd: 8, rs1: 8, imm: 2))             // c.lh s0,2(s0)
        c(0x8844, Instruction(opcode: .sb, rs1: 8, rs2: 9, imm: 1))            // c.sb s1,1(s0)
        c(0x8c24, Instruction(opcode: .sh, rs1: 8, rs2: 9, imm: 2))            // c.sh s1,2(s0)
        c(0x9c45, Instruction(opcode: .mul, rd: 8, rs1: 8, rs2: 9))            // c.mul s0,s1
        c(0x9c61, Instruction(opcode: .andi, rd: 8, rs1: 8, imm: 255))         // c.zext.b s0
        c(0x9c65, Instruction(opcode: .sextB, rd: 8, rs1: 8))                  // c.sext.b s0
        c(0x9c69, Instruction(opcode: .zextH, rd: 8, rs1: 8))                  // c.zext.h s0
        c(0x9c6d, Instruction(opcode: .sextH, rd: 8, rs1: 8))                  // c.sext.h s0
        c(0x9c71, Instruction(opcode: .addUw, rd: 8, rs1: 8))                  // c.zext.w s0
        c(0x9c75, Instruction(opcode: .xori, rd: 8, rs1: 8, imm: -1))          // c.not s0
        c(0x6081, Instruction(opcode: .addi))                                  // c.mop.1
        c(0x6781, Instruction(opcode: .addi))                                  // c.mop.15
        // Zcb's unary forms need the extension of their expansion too.
        let noZbb = try! CPUConfiguration.parse("max,zbb=false").extensions
        XCTAssertNil(Decoder.decode(0x9c65, extensions: noZbb))
        XCTAssertNotNil(Decoder.decode(0x9c61, extensions: noZbb))
    }

    func testOnlyLow16BitsAreUsed() {
        XCTAssertEqual(Decoder.decode(0xdead_7139)?.bits, 0x7139)
        XCTAssertEqual(Decoder.decode(0xdead_7139)?.length, 2)
    }

    /// Every valid halfword expands to a 32-bit word that decodes to the same instruction.
    func testEveryExpansionRoundTripsThrough32BitDecode() {
        var valid = 0
        for h in 0..<UInt32(0x10000) where h & 3 != 3 {
            guard var insn = Decoder.decode(h) else { continue }
            valid += 1
            let word = CompressedSpec.row(for: UInt16(h))!.expand(h)!
            insn.length = 4
            insn.bits = word
            XCTAssertEqual(Decoder.decode(word), insn)
        }
        XCTAssertGreaterThan(valid, 40_000)
    }
}
