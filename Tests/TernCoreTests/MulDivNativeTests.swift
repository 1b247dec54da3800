import TernCore
import TernISA
import XCTest

/// The native tier's M-extension forms (high products and divisions inline,
/// with rdx saved around the one-operand mul/div and RISC-V's results for a
/// divisor of 0 or -1) give the threaded handlers' results, and those match
/// the specification's table of special cases.
final class MulDivNativeTests: XCTestCase {
    static let ops: [Opcode] = [.mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu, .mulw, .divw, .divuw, .remw, .remuw]
    /// Divisors and dividends at the edges: 0, ±1, the 64- and 32-bit minimums,
    /// divisors whose low word alone is 0 or -1 (the W forms read only it).
    static let edges: [UInt64] = [0, 1, 2, 3, 7, 10, .max, .max - 1, 0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff,
                                  0xffff_ffff_8000_0000, 0x8000_0000, 0x7fff_ffff, 0xffff_ffff, 0x1_0000_0000,
                                  0x1_ffff_ffff, 0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210, 0xffff_ffff_ffff_fff6]

    func testNativeFormsMatchTheThreadedHandlers() throws {
        for op in Self.ops {
            // Register shapes: distinct, rd == rs1, rd == rs2, x0 sources,
            // rs1 == rs2, and enough block-local registers that one lives in rdx.
            var words: [UInt32] = []
            for shape in [(10, 11, 12), (11, 11, 12), (12, 11, 12), (13, 0, 14), (14, 15, 0), (9, 9, 9),
                          (5, 6, 7), (8, 1, 2), (3, 4, 5)] {
                words.append(Encoder.encode(Instruction(opcode: op, rd: UInt8(shape.0), rs1: UInt8(shape.1),
                                                        rs2: UInt8(shape.2))))
            }
            for a in 0..<Self.edges.count {
                let regs = (0..<15).map { Self.edges[(a + $0 * 7) % Self.edges.count] }
                let threaded = try GuestRunner.registers(after: words, regs, engine: .threaded)
                let native = try GuestRunner.registers(after: words, regs, engine: .native)
                XCTAssertEqual(native, threaded, "\(op.mnemonic) with \(regs.map { String($0, radix: 16) })")
            }
        }
    }

    func testSpecialCasesFollowTheSpecification() throws {
        let min64: UInt64 = 0x8000_0000_0000_0000, min32: UInt64 = 0xffff_ffff_8000_0000
        let cases: [(Opcode, UInt64, UInt64, UInt64)] = [
            (.div, 7, 0, .max), (.divu, 7, 0, .max), (.rem, 7, 0, 7), (.remu, 7, 0, 7),
            (.div, min64, .max, min64), (.rem, min64, .max, 0),
            (.divw, 7, 0x1_0000_0000, .max), (.divuw, 7, 0x1_0000_0000, .max),
            (.remw, 0x1_8000_0007, 0x1_0000_0000, min32 | 7), (.remuw, 0x1_8000_0007, 0x1_0000_0000, min32 | 7),
            (.divw, min32, .max, min32), (.remw, min32, .max, 0),
            (.div, UInt64(bitPattern: -7), 2, UInt64(bitPattern: -3)), (.rem, UInt64(bitPattern: -7), 2, UInt64(bitPattern: -1)),
            (.divuw, 0xffff_fffe, 1, 0xffff_ffff_ffff_fffe), (.remuw, 0xffff_fffe, 0xffff_ffff, 0xffff_ffff_ffff_fffe),
            (.mulhu, .max, .max, .max - 1), (.mulh, .max, .max, 0), (.mulhsu, .max, .max, .max),
            (.mulh, min64, min64, 1 << 62), (.mulhsu, min64, .max, min64),
        ]
        for (op, a, b, expected) in cases {
            let words = [Encoder.encode(Instruction(opcode: op, rd: 10, rs1: 11, rs2: 12))]
            let regs: [UInt64] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, a, b]
            for engine in [Engine.threaded, .native] {
                XCTAssertEqual(try GuestRunner.registers(after: words, regs, engine: engine)[10], expected, "\(op.mnemonic) \(engine)")
            }
        }
    }
}
