import XCTest
@testable import TernISA

final class DisassemblerTests: XCTestCase {
    private func t(_ w: UInt32, pc: UInt64 = 0x10000, _ aliases: Bool = true) -> String? {
        Decoder.decode(w).map { Disassembler.text($0, pc: pc, aliases: aliases) }
    }

    func testContractExamples() {
        XCTAssertEqual(t(0x0015_0513), "addi\ta0,a0,1")
        XCTAssertEqual(t(0x0181_3083), "ld\tra,24(sp)")
        XCTAssertEqual(t(0x00b5_0863, pc: 0x10460), "beq\ta0,a1,0x10470")
        XCTAssertEqual(t(0x0100_006f, pc: 0x10490), "j\t0x104a0")
        XCTAssertEqual(t(0x0000_8067), "ret")
        XCTAssertEqual(t(0x0000_0513), "li\ta0,0")
        XCTAssertEqual(t(0xc205_1553), "fcvt.w.d\ta0,fa0,rtz")
    }

    func testAliasesAndNoAliases() {
        XCTAssertEqual(t(0x0000_0013), "nop")
        XCTAssertEqual(t(0x0000_0013, false), "addi\tzero,zero,0")
        XCTAssertEqual(t(0x0005_0293), "mv\tt0,a0")
        XCTAssertEqual(t(0x0005_051b), "sext.w\ta0,a0")
        XCTAssertEqual(t(0xfff5_4513), "not\ta0,a0")
        XCTAssertEqual(t(0x0ff5_f513), "zext.b\ta0,a1")  // binutils' alias of andi rd,rs,255
        XCTAssertEqual(t(0x0ff5_f513, false), "andi\ta0,a1,255")
        XCTAssertEqual(t(0x40b0_0533), "neg\ta0,a1")
        XCTAssertEqual(t(0x0015_b513), "seqz\ta0,a1")
        XCTAssertEqual(t(0x00b0_3533), "snez\ta0,a1")
        XCTAssertEqual(t(0x0010_2573), "frflags\ta0")
        XCTAssertEqual(t(0x0010_2573, false), "csrrs\ta0,fflags,zero")
        XCTAssertEqual(t(0xc000_2573), "rdcycle\ta0")
        XCTAssertEqual(t(0xf140_2573), "csrr\ta0,mhartid")
        XCTAssertEqual(t(0x3400_d073), "csrwi\tmscratch,1")
        XCTAssertEqual(t(0x7c00_2573), "csrr\ta0,0x7c0")
        XCTAssertEqual(t(0xc000_1073), "unimp")
        XCTAssertEqual(t(0x0ff0_000f), "fence")
        XCTAssertEqual(t(0x0ff0_000f, false), "fence\tiorw,iorw")
        XCTAssertEqual(t(0x0330_000f), "fence\trw,rw")
        XCTAssertEqual(t(0x8330_000f), "fence.tso")
        XCTAssertEqual(t(0x0000_100f), "fence.i")
        XCTAssertEqual(t(0x000f_00e7), "jalr\tt5")
        XCTAssertEqual(t(0x0085_0067), "jr\t8(a0)")
        XCTAssertEqual(t(0x0000_00ef, pc: 0x1234), "jal\t0x1234")
        XCTAssertEqual(t(0x0000_00ef, pc: 0x1234, false), "jal\tra,0x1234")
        XCTAssertEqual(t(0x06c5_b52f), "amoadd.d.aqrl\ta0,a2,(a1)")
        XCTAssertEqual(t(0x1405_a52f), "lr.w.aq\ta0,(a1)")
        XCTAssertEqual(t(0x20b5_8553), "fmv.s\tfa0,fa1")
        XCTAssertEqual(t(0x22b5_9553), "fneg.d\tfa0,fa1")
        XCTAssertEqual(t(0x02c5_f553), "fadd.d\tfa0,fa1,fa2")
        XCTAssertEqual(t(0x02c5_8553), "fadd.d\tfa0,fa1,fa2,rne")
        XCTAssertEqual(t(0x03f5_9513), "slli\ta0,a1,0x3f")
        XCTAssertEqual(t(0xffff_f537), "lui\ta0,0xfffff")
    }

    func testCompressed() {
        XCTAssertEqual(t(0x7139), "addi\tsp,sp,-64")
        XCTAssertEqual(t(0x7139, false), "c.addi16sp\tsp,-64")
        XCTAssertEqual(t(0x70fe), "ld\tra,504(sp)")
        XCTAssertEqual(t(0x70fe, false), "c.ldsp\tra,504(sp)")
        XCTAssertEqual(t(0x8082), "ret")
        XCTAssertEqual(t(0x8082, false), "c.jr\tra")
        XCTAssertEqual(t(0x852e), "mv\ta0,a1")
        XCTAssertEqual(t(0x0001), "nop")
        XCTAssertEqual(t(0x4015), "c.li\tzero,5")
        XCTAssertEqual(t(0x0502), "c.slli64\ta0")
        XCTAssertEqual(t(0xd54d, pc: 0x56), "beqz\ta0,0x0")
        XCTAssertEqual(t(0xd54d, pc: 0x56, false), "c.beqz\ta0,0x0")
        XCTAssertEqual(t(0x357d), "addiw\ta0,a0,-1")
        XCTAssertEqual(t(0x9002), "ebreak")
    }

    func testRegisterNames() {
        XCTAssertEqual((0..<32).map { Register.abiName(UInt8($0)) }.joined(separator: " "),
                       "zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 t3 t4 t5 t6")
        XCTAssertEqual(Register.fpABIName(0), "ft0")
        XCTAssertEqual(Register.fpABIName(8), "fs0")
        XCTAssertEqual(Register.fpABIName(17), "fa7")
        XCTAssertEqual(Register.fpABIName(31), "ft11")
        XCTAssertEqual(CSRNames.name(0x300), "mstatus")
        XCTAssertNil(CSRNames.name(0x7c0))
    }

    /// Every line of the objdump ground truth for the all-instructions fixture.
    func testObjdumpGolden() {
        XCTAssertGreaterThan(ObjdumpGolden.lines.count, 800)
        for g in ObjdumpGolden.lines {
            guard let insn = Decoder.decode(g.bits) else {
                XCTFail(String(format: "%08x failed to decode (objdump: %@)", g.bits, g.text)); continue
            }
            XCTAssertEqual(Disassembler.text(insn, pc: g.pc), g.text, String(format: "%08x", g.bits))
            XCTAssertEqual(Disassembler.text(insn, pc: g.pc, aliases: false), g.noAliases, String(format: "%08x", g.bits))
        }
    }
}
