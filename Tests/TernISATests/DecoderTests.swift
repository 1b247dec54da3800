import XCTest
@testable import TernISA

/// Per-format decode tests on hand-encoded words.
final class DecoderTests: XCTestCase {
    private func d(_ w: UInt32, file: StaticString = #filePath, line: UInt = #line) throws -> Instruction {
        try XCTUnwrap(Decoder.decode(w), String(format: "%08x should decode", w), file: file, line: line)
    }

    func testRTypeAndITypeALU() throws {
        XCTAssertEqual(try d(0x00c5_8533), Instruction(opcode: .add, rd: 10, rs1: 11, rs2: 12, bits: 0x00c5_8533))
        XCTAssertEqual(try d(0x0015_0513), Instruction(opcode: .addi, rd: 10, rs1: 10, imm: 1, bits: 0x0015_0513))
        let neg = try d(0xfff3_0293)   // addi t0,t1,-1
        XCTAssertEqual(neg.opcode, .addi); XCTAssertEqual(neg.imm, -1); XCTAssertEqual(neg.rd, 5); XCTAssertEqual(neg.rs1, 6)
        XCTAssertEqual(try d(0x8000_0513).imm, -2048)   // addi a0,zero,-2048
        XCTAssertEqual(try d(0x7ff1_0093).imm, 2047)
        XCTAssertEqual(try d(0x4000_0033).opcode, .sub)
        XCTAssertEqual(try d(0x0200_4033).opcode, .div)
        XCTAssertEqual(try d(0x0200_703b).opcode, .remuw)
        XCTAssertEqual(try d(0x0005_051b).opcode, .addiw)
        XCTAssertNil(Decoder.decode(0x8000_0033))   // funct7 = 0x40 is not defined for add
        XCTAssertNil(Decoder.decode(0x0200_103b))   // mulw funct3=1 does not exist
    }

    func testShifts() throws {
        let slli = try d(0x03f5_9513)   // slli a0,a1,63
        XCTAssertEqual(slli.opcode, .slli); XCTAssertEqual(slli.imm, 63)
        let srai = try d(0x43f5_5513)
        XCTAssertEqual(srai.opcode, .srai); XCTAssertEqual(srai.imm, 63)
        XCTAssertEqual(try d(0x01f5_951b).imm, 31)   // slliw a0,a1,31
        XCTAssertNil(Decoder.decode(0x0205_951b))     // slliw with shamt[5] set
        XCTAssertNil(Decoder.decode(0x4205_551b))     // sraiw with shamt[5] set
        XCTAssertNil(Decoder.decode(0x0205_d51b))     // srliw with shamt[5] set
        XCTAssertNil(Decoder.decode(0x8005_1513))     // slli with funct6 garbage
    }

    func testUpperImmediates() throws {
        XCTAssertEqual(try d(0xffff_f537).imm, -4096)                 // lui a0,0xfffff
        XCTAssertEqual(try d(0x1234_5537).imm, 0x1234_5000)
        let auipc = try d(0x8000_0097)                                // auipc ra,0x80000
        XCTAssertEqual(auipc.opcode, .auipc); XCTAssertEqual(auipc.imm, -0x8000_0000); XCTAssertEqual(auipc.rd, 1)
    }

    func testLoadsAndStores() throws {
        XCTAssertEqual(try d(0x0181_3083), Instruction(opcode: .ld, rd: 1, rs1: 2, imm: 24, bits: 0x0181_3083))
        XCTAssertEqual(try d(0x0011_3c23), Instruction(opcode: .sd, rs1: 2, rs2: 1, imm: 24, bits: 0x0011_3c23))
        XCTAssertEqual(try d(0xfea1_2e23).imm, -4)                    // sw a0,-4(sp)
        XCTAssertEqual(try d(0xffb1_2fa7), Instruction(opcode: .fsw, rs1: 2, rs2: 27, imm: -1, bits: 0xffb1_2fa7))
        XCTAssertEqual(try d(0x8001_3f87), Instruction(opcode: .fld, rd: 31, rs1: 2, imm: -2048, bits: 0x8001_3f87))
        XCTAssertNil(Decoder.decode(0x0000_7003))   // load funct3=7 is reserved
        XCTAssertNil(Decoder.decode(0x0000_4023))   // store funct3=4 is not in RV64G
    }

    func testBranchesAndJumps() throws {
        let beq = try d(0xfeb5_0ee3)   // beq a0,a1,.-4
        XCTAssertEqual(beq.opcode, .beq); XCTAssertEqual(beq.imm, -4); XCTAssertEqual(beq.rs1, 10); XCTAssertEqual(beq.rs2, 11)
        XCTAssertEqual(try d(0x0405_1063).imm, 64)     // bne a0,zero,.+64
        XCTAssertEqual(try d(0x7e00_0fe3).imm, 4094)   // beq zero,zero,.+4094
        XCTAssertEqual(try d(0x8000_0063).imm, -4096)
        let jal = try d(0x8000_006f)                   // jal zero,.-1MiB
        XCTAssertEqual(jal.opcode, .jal); XCTAssertEqual(jal.imm, -1_048_576)
        XCTAssertEqual(try d(0x7fff_f0ef).imm, 1_048_574)
        XCTAssertEqual(try d(0xffdf_f06f).imm, -4)     // j .-4
        let jalr = try d(0xff86_0367)                  // jalr t1,-8(a2)
        XCTAssertEqual(jalr, Instruction(opcode: .jalr, rd: 6, rs1: 12, imm: -8, bits: 0xff86_0367))
        XCTAssertNil(Decoder.decode(0x0000_2063))      // branch funct3=2 reserved
        XCTAssertNil(Decoder.decode(0x0000_1067))      // jalr funct3 != 0
    }

    func testCSRs() throws {
        XCTAssertEqual(try d(0x0010_2573), Instruction(opcode: .csrrs, rd: 10, imm: 1, bits: 0x0010_2573))
        XCTAssertEqual(try d(0x7c0f_d573), Instruction(opcode: .csrrwi, rd: 10, rs1: 31, imm: 0x7c0, bits: 0x7c0f_d573))
        XCTAssertEqual(try d(0xfff0_2573).imm, 4095)   // CSR numbers are unsigned
        XCTAssertNil(Decoder.decode(0x0000_4073))      // SYSTEM funct3=4 is not Zicsr
    }

    func testFencesAndSystem() throws {
        XCTAssertEqual(try d(0x0330_000f), Instruction(opcode: .fence, imm: 0x033, bits: 0x0330_000f))
        XCTAssertEqual(try d(0x8330_000f).imm, 0x833)  // fence.tso
        XCTAssertEqual(try d(0x0ff0_000f).imm, 0x0ff)
        // fence.i: reserved imm/rs1/rd fields are ignored (spec: "base implementations shall ignore").
        for w: UInt32 in [0x0000_100f, 0x0010_100f, 0x0000_150f, 0xfff5_9f8f] {
            XCTAssertEqual(try d(w), Instruction(opcode: .fenceI, bits: w))
        }
        XCTAssertNil(Decoder.decode(0x0000_200f, extensions: try CPUConfiguration.parse("rv64gc").extensions))  // MISC-MEM funct3=2: Zicbom
        XCTAssertEqual(try d(0x0000_200f).opcode, .cboInval)
        XCTAssertNil(Decoder.decode(0x0080_200f))      // funct3=2 with an undefined cbo function
        XCTAssertEqual(try d(0x0000_0073).opcode, .ecall)
        XCTAssertEqual(try d(0x0010_0073).opcode, .ebreak)
        XCTAssertEqual(try d(0x3020_0073).opcode, .mret)
        XCTAssertEqual(try d(0x1020_0073).opcode, .sret)
        XCTAssertEqual(try d(0x1050_0073).opcode, .wfi)
        XCTAssertEqual(try d(0x12b5_0073), Instruction(opcode: .sfenceVma, rs1: 10, rs2: 11, bits: 0x12b5_0073))
        XCTAssertNil(Decoder.decode(0x0020_0073))      // uret is not supported
        XCTAssertNil(Decoder.decode(0x0000_00f3))      // ecall with rd != 0
        XCTAssertNil(Decoder.decode(0x0010_8073))      // ebreak with rs1 != 0
    }

    func testAtomics() throws {
        XCTAssertEqual(try d(0x06c5_b52f), Instruction(opcode: .amoaddD, rd: 10, rs1: 11, rs2: 12, rm: 3, bits: 0x06c5_b52f))
        XCTAssertEqual(try d(0x1405_a52f), Instruction(opcode: .lrW, rd: 10, rs1: 11, rm: 2, bits: 0x1405_a52f))
        XCTAssertEqual(try d(0x1ac5_b52f), Instruction(opcode: .scD, rd: 10, rs1: 11, rs2: 12, rm: 1, bits: 0x1ac5_b52f))
        XCTAssertNil(Decoder.decode(0x1015_a52f))      // lr.w with rs2 != 0
        XCTAssertNil(Decoder.decode(0x0000_402f))      // AMO funct3=4 (no .q)
        XCTAssertNil(Decoder.decode(0x3000_202f))      // AMO funct5=00110 reserved
    }

    func testFloatingPoint() throws {
        XCTAssertEqual(try d(0x6ac5_9543),             // fmadd.d fa0,fa1,fa2,fa3,rtz
                       Instruction(opcode: .fmaddD, rd: 10, rs1: 11, rs2: 12, rs3: 13, rm: 1, bits: 0x6ac5_9543))
        XCTAssertEqual(try d(0x02c5_f553).rm, 7)       // fadd.d fa0,fa1,fa2 (dyn)
        XCTAssertEqual(try d(0x02c5_d553).rm, 5)       // reserved rm kept; checked at run time
        XCTAssertEqual(try d(0xc205_1553), Instruction(opcode: .fcvtWD, rd: 10, rs1: 10, rm: 1, bits: 0xc205_1553))
        XCTAssertEqual(try d(0x4015_7553).opcode, .fcvtSD)
        XCTAssertEqual(try d(0x4205_0553).opcode, .fcvtDS)
        XCTAssertEqual(try d(0x20c5_9553), Instruction(opcode: .fsgnjnS, rd: 10, rs1: 11, rs2: 12, bits: 0x20c5_9553))
        XCTAssertEqual(try d(0xe005_8553), Instruction(opcode: .fmvXW, rd: 10, rs1: 11, bits: 0xe005_8553))
        XCTAssertEqual(try d(0xe205_9553).opcode, .fclassD)
        XCTAssertEqual(try d(0xa2c5_a553).opcode, .feqD)
        XCTAssertEqual(try d(0xf205_8553).opcode, .fmvDX)
        XCTAssertEqual(try d(0xd235_f553).opcode, .fcvtDLu)
        XCTAssertNil(Decoder.decode(0x5815_7553))      // fsqrt.s with rs2 != 0
        XCTAssertNil(Decoder.decode(0x4005_7553))      // fcvt.s.s does not exist
        XCTAssertNil(Decoder.decode(0xe005_2553))      // fmv.x.w funct3=2
        XCTAssertNil(Decoder.decode(0xc045_7553))      // fcvt with rs2=4
        XCTAssertEqual(try d(0x04c5_f553).opcode, .faddH)   // fadd.h (fmt=2, Zfh)
        XCTAssertNil(Decoder.decode(0x04c5_f553, extensions: try CPUConfiguration.parse("rva23u64").extensions))  // Zfhmin only
        XCTAssertEqual(Decoder.decode(0xf010_8553, extensions: try CPUConfiguration.parse("rva23u64").extensions)?.opcode, .fliS)
        XCTAssertNil(Decoder.decode(0xf410_8553, extensions: try CPUConfiguration.parse("rva23u64").extensions))  // fli.h needs Zfh
        XCTAssertEqual(try d(0xf410_8553).opcode, .fliH)
        XCTAssertNil(Decoder.decode(0xc285_0553))      // fcvtmod.w.d with rm = RNE: reserved
        XCTAssertNil(Decoder.decode(0x06c5_9543))      // fmadd.q (fmt=3)
        XCTAssertNil(Decoder.decode(0x2005_3553))      // fsgnj funct3=3
        XCTAssertNil(Decoder.decode(0x0000_4007))      // flq: Q is not supported
    }

    func testIllegalWords() {
        XCTAssertNil(Decoder.decode(0x0000_0000))
        XCTAssertNil(Decoder.decode(0xffff_ffff))
        XCTAssertNil(Decoder.decode(0x0000_001f))      // 48-bit encoding space
        XCTAssertNil(Decoder.decode(0x0000_007f))      // >= 64-bit encoding space
        XCTAssertEqual(try d(0x0000_0057).opcode, .vaddVv)                       // vadd.vv v0,v0,v0,v0.t
        XCTAssertNil(Decoder.decode(0x0000_0057, extensions: ExtensionSet(CPUProfile.rva22u64.extensions)))  // no V
        XCTAssertNil(Decoder.decode(0xa000_7057))      // OPCFG with bits 31:30 = 10 other than vsetvl: reserved
        XCTAssertNil(Decoder.decode(0x1000_0007))      // vector load with mew = 1: reserved
        XCTAssertNil(Decoder.decode(0x0000_000b))      // custom-0
    }

    func testLength() {
        XCTAssertEqual(Decoder.length(ofFirstHalfword: 0x0513), 4)
        XCTAssertEqual(Decoder.length(ofFirstHalfword: 0x7139), 2)
        XCTAssertEqual(Decoder.length(ofFirstHalfword: 0x0000), 2)
        XCTAssertEqual(try d(0x0015_0513).length, 4)
    }

    func testTableIsConsistent() {
        XCTAssertEqual(instructionTable.count, Opcode.allCases.count)
        for (i, spec) in instructionTable.enumerated() {
            XCTAssertEqual(spec.match & ~spec.mask, 0, "\(spec.opcode) match has bits outside mask")
            XCTAssertEqual(Decoder.decode(spec.match)?.opcode, spec.opcode, "\(spec.opcode) decodes its own match")
            // No row may be shadowed by an earlier row in its bucket.
            for other in instructionTable[..<i] where other.mask & spec.mask & (other.match ^ spec.match) == 0 {
                XCTFail("\(spec.opcode) overlaps \(other.opcode)")
            }
        }
        XCTAssertEqual(Opcode.fcvtWuS.mnemonic, "fcvt.wu.s")
        XCTAssertEqual(Opcode.fenceI.mnemonic, "fence.i")
        XCTAssertEqual(Opcode.sfenceVma.mnemonic, "sfence.vma")
        XCTAssertEqual(Opcode.amomaxuD.mnemonic, "amomaxu.d")
        XCTAssertEqual(Opcode.and.mnemonic, "and")
        XCTAssertEqual(Opcode.fmvXW.format, .fpToXNoRM)
        XCTAssertEqual(Opcode.mulw.extension, .m)
    }
}
