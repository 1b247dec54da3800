import TernCore
import TernISA
import XCTest

/// The native tier's bit-manipulation forms (one to four x86-64 instructions,
/// or a body call when the host lacks POPCNT/LZCNT/BMI1/PCLMULQDQ) give the
/// threaded handlers' results, and those match the specification's examples.
final class BitManipNativeTests: XCTestCase {
    static let extensions: Set<Extension> = [.zba, .zbb, .zbc, .zbs, .zicond, .zimop]
    static let edges: [UInt64] = [0, 1, 2, 31, 32, 63, 64, 0xff, 0x80, 0xffff, 0x8000, 0x7fff_ffff, 0x8000_0000,
                                  0xffff_ffff, 0x1_0000_0000, 0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, .max,
                                  0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 0x00ff_0000_ff00_00ff]

    func testNativeFormsMatchTheThreadedHandlers() throws {
        let ops = Opcode.allCases.filter { Self.extensions.contains($0.extension) }
        XCTAssertGreaterThan(ops.count, 80)
        for op in ops {
            // Several register shapes per op: distinct, rd == rs1, rd == rs2, x0 sources.
            var words: [UInt32] = []
            for (k, shape) in [(10, 11, 12), (11, 11, 12), (12, 11, 12), (13, 0, 14), (14, 15, 0), (9, 9, 9)].enumerated() {
                words.append(Encoder.encode(Instruction(opcode: op, rd: UInt8(shape.0), rs1: UInt8(shape.1),
                                                        rs2: UInt8(shape.2), imm: Int64([0, 1, 31, 32, 63, 17][k]))))
            }
            for a in stride(from: 0, to: Self.edges.count, by: 3) {
                let regs = (0..<15).map { Self.edges[(a + $0 * 5) % Self.edges.count] }
                let threaded = try GuestRunner.registers(after: words, regs, engine: .threaded)
                let native = try GuestRunner.registers(after: words, regs, engine: .native)
                XCTAssertEqual(native, threaded, "\(op.mnemonic) with \(regs.map { String($0, radix: 16) })")
            }
        }
    }

    func testSpecificationExamples() throws {
        func one(_ op: Opcode, _ a: UInt64, _ b: UInt64 = 0, imm: Int64 = 0) throws -> UInt64 {
            try GuestRunner.registers(after: [Encoder.encode(Instruction(opcode: op, rd: 10, rs1: 11, rs2: 12, imm: imm))],
                    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, a, b], engine: .threaded)[10]
        }
        XCTAssertEqual(try one(.orcB, 0x0001_0000_ff00_0a00), 0x00ff_0000_ff00_ff00)
        XCTAssertEqual(try one(.rev8, 0x0102_0304_0506_0708), 0x0807_0605_0403_0201)
        XCTAssertEqual(try one(.clz, 0), 64)
        XCTAssertEqual(try one(.clzw, 0xffff_ffff_0000_0001), 31)
        XCTAssertEqual(try one(.ctzw, 0xffff_ffff_0000_0000), 32)
        XCTAssertEqual(try one(.cpopw, .max), 32)
        XCTAssertEqual(try one(.sh3addUw, 0xffff_ffff_0000_0001, 5), 13)
        XCTAssertEqual(try one(.slliUw, 0xffff_ffff_8000_0000, imm: 1), 0x1_0000_0000)
        XCTAssertEqual(try one(.rorw, 1, 1), 0xffff_ffff_8000_0000)
        XCTAssertEqual(try one(.roriw, 0x8000_0000, imm: 31), 1)
        XCTAssertEqual(try one(.rol, 0x8000_0000_0000_0001, 65), 3)
        XCTAssertEqual(try one(.clmul, 3, 3), 5)
        XCTAssertEqual(try one(.clmulh, 1 << 63, 1 << 63), 1 << 62)
        XCTAssertEqual(try one(.clmulr, 1 << 63, 1 << 63), 1 << 63)
        XCTAssertEqual(try one(.bext, 0x10, 68), 1)
        XCTAssertEqual(try one(.czeroEqz, 7, 0), 0)
        XCTAssertEqual(try one(.czeroNez, 7, 0), 7)
        XCTAssertEqual(try one(.min, .max, 1), .max)
        XCTAssertEqual(try one(.minu, .max, 1), 1)
        XCTAssertEqual(try one(.sextH, 0x8000), 0xffff_ffff_ffff_8000)
        XCTAssertEqual(try one(.mopR0, 5), 0)
    }

    func testCacheBlockZeroClearsTheWholeBlock() throws {
        let r = try GuestRunner([Encoder.encode(Instruction(opcode: .cboZero, rs1: 11))])
        try r.machine.memory.write(GuestRunner.dataBase, [UInt8](repeating: 0xaa, count: 256))
        r.hart[x: 11] = GuestRunner.dataBase + 64 + 37
        XCTAssertEqual(r.run(), .ecall)
        let bytes = try r.machine.memory.read(GuestRunner.dataBase, count: 256)
        XCTAssertEqual(Array(bytes[0..<64]), [UInt8](repeating: 0xaa, count: 64))
        XCTAssertEqual(Array(bytes[64..<128]), [UInt8](repeating: 0, count: 64))
        XCTAssertEqual(Array(bytes[128..<256]), [UInt8](repeating: 0xaa, count: 128))
    }

    /// Linux 6.15+ user mode: cbo.clean and cbo.flush run (senvcfg.CBCFE) and only
    /// check that the block is accessible (a store/AMO fault otherwise); cbo.inval
    /// is illegal (CBIE clear).
    func testUserModeCacheBlockManagementFollowsLinux() throws {
        for opcode in [Opcode.cboClean, .cboFlush] {
            let word = Encoder.encode(Instruction(opcode: opcode, rs1: 11))
            let r = try GuestRunner([word])
            r.hart[x: 11] = GuestRunner.codeBase + 0x123      // read-only code: a load is permitted
            XCTAssertEqual(r.run(), .ecall, opcode.mnemonic)
            let u = try GuestRunner([word])
            u.hart[x: 11] = 0x7_0000_0045                     // unmapped: faults at the block
            XCTAssertEqual(u.run(), .storeFault(address: 0x7_0000_0040), opcode.mnemonic)
            XCTAssertEqual(u.hart.pc, GuestRunner.codeBase, opcode.mnemonic)
        }
        let inval = Encoder.encode(Instruction(opcode: .cboInval, rs1: 11))
        let r = try GuestRunner([inval])
        r.hart[x: 11] = GuestRunner.dataBase
        XCTAssertEqual(r.run(), .illegalInstruction(bits: inval))
    }

    /// An AMO on an unmapped address is a store/AMO fault (as Linux and qemu report
    /// it, and as the reference interpreter stops), though the host's first access
    /// is a read; LR is a load fault.
    func testAtomicsOnUnmappedAddressesFaultAsStores() throws {
        let cases: [(Opcode, StopReason)] = [
            (.amoaddW, .storeFault(address: 0x7_0000_0040)), (.amoswapD, .storeFault(address: 0x7_0000_0040)),
            (.amomaxuD, .storeFault(address: 0x7_0000_0040)), (.amoorW, .storeFault(address: 0x7_0000_0040)),
            (.lrD, .loadFault(address: 0x7_0000_0040)), (.lrW, .loadFault(address: 0x7_0000_0040)),
        ]
        for (opcode, expected) in cases {
            let r = try GuestRunner([Encoder.encode(Instruction(opcode: opcode, rd: 10, rs1: 11, rs2: 12))])
            r.hart[x: 11] = 0x7_0000_0040
            XCTAssertEqual(r.run(), expected, opcode.mnemonic)
            XCTAssertEqual(r.hart.pc, GuestRunner.codeBase, opcode.mnemonic)
        }
    }

    func testExtensionsOutsideTheModelAreIllegal() throws {
        let word = Encoder.encode(Instruction(opcode: .andn, rd: 10, rs1: 11, rs2: 12))
        let r = try GuestRunner([word])
        r.machine.extensions = try CPUConfiguration.parse("rv64gc").extensions
        XCTAssertEqual(r.run(), .illegalInstruction(bits: word))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase)
        r.machine.extensions = try CPUConfiguration.parse("rva22u64").extensions
        XCTAssertEqual(r.run(), .ecall)
    }
}
