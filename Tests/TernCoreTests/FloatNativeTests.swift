import TernCore
import TernISA
import XCTest

/// The native tier's scalar FP forms (`NativeFloatEmitter`: host SSE/FMA under
/// TernFloat's fast-path conditions, sign injection and moves, the block's
/// xmm register cache) give the threaded handlers' registers and fflags bit
/// for bit, on the fast path and off it (NaNs, infinities, zeros, tiny
/// results, unboxed singles, NX clear, other rounding modes).
final class FloatNativeTests: XCTestCase {
    /// Double edge and ordinary values.
    static let doubles: [Double] = [1.5, -2.25, 3.0e10, 0.1, -7.0, 1e-300, 1e300, 0, -0.0, .infinity, -.infinity,
                                    .nan, Double.leastNonzeroMagnitude, Double.leastNormalMagnitude,
                                    Double.leastNormalMagnitude * 1.5, .greatestFiniteMagnitude, 2.0, 1.0 / 3.0]
    /// Single values (NaN-boxed), and a few registers that are not boxed.
    static let singles: [Float] = [1.5, -2.25, 3.0e10, 0.1, -7.0, 1e-30, 1e30, 0, -0.0, .infinity, .nan,
                                   Float.leastNonzeroMagnitude, Float.leastNormalMagnitude, .greatestFiniteMagnitude]
    static var edges: [UInt64] {
        doubles.map(\.bitPattern) + singles.map { 0xffff_ffff_0000_0000 | UInt64($0.bitPattern) }
            + [0x7ff4_0000_0000_0000 /* sNaN */, 0x3ff0_0000_3f80_0000 /* unboxed 1.0f */, 0xffff_fffe_4000_0000,
               0xffff_ffff_7f80_0001 /* boxed single sNaN */]
    }

    /// x1...x7, f0...f7 and fflags after running `words` under `engine`.
    private func run(_ words: [UInt32], f: [UInt64], x: [UInt64], fflags: UInt32, frm: UInt32,
                     engine: Engine) throws -> [UInt64] {
        let r = try GuestRunner(words)
        XCTAssertTrue(r.machine.setEngine(engine))
        for (i, v) in f.enumerated() { r.hart[f: i] = v }
        for (i, v) in x.enumerated() { r.hart[x: i + 1] = v }
        r.hart.fflags = fflags
        r.hart.frm = frm
        XCTAssertEqual(r.run(), .ecall)
        return (1...7).map { r.hart[x: $0] } + (0..<8).map { r.hart[f: $0] } + [UInt64(r.hart.fflags)]
    }

    func testNativeFormsMatchTheThreadedHandlers() throws {
        let skipped: Set<Opcode> = [.flw, .fld, .fsw, .fsd]
        let ops = Opcode.allCases.filter { ($0.extension == .f || $0.extension == .d) && !skipped.contains($0) }
        XCTAssertGreaterThan(ops.count, 50)
        let edges = Self.edges
        let integers: [UInt64] = [0, 1, 0xffff_ffff_ffff_fff9, 1 << 53 + 1, 0x7fff_ffff, .max, 12345]
        for op in ops {
            // Register shapes (rd, rs1, rs2, rs3) under dynamic, RNE and RTZ
            // rounding: distinct registers, rd == rs1, rd == rs2, all one, so
            // results feed later instructions of the same block.
            var words: [UInt32] = []
            for rm: UInt8 in [7, 0, 1] {
                for s in [(1, 2, 3, 4), (2, 2, 3, 4), (3, 2, 3, 4), (5, 5, 5, 5), (6, 1, 2, 3), (7, 6, 3, 6)] {
                    words.append(Encoder.encode(Instruction(opcode: op, rd: UInt8(s.0), rs1: UInt8(s.1), rs2: UInt8(s.2),
                                                            rs3: UInt8(s.3), rm: rm)))
                }
            }
            for start in stride(from: 0, to: edges.count, by: 2) {
                let f = (0..<8).map { edges[(start + $0 * 7) % edges.count] }
                let x = (0..<7).map { integers[(start + $0) % integers.count] }
                for (fflags, frm): (UInt32, UInt32) in [(1, 0), (0, 0), (0x11, 1), (0x1f, 0)] {
                    let threaded = try run(words, f: f, x: x, fflags: fflags, frm: frm, engine: .threaded)
                    let native = try run(words, f: f, x: x, fflags: fflags, frm: frm, engine: .native)
                    XCTAssertEqual(native, threaded, "\(op.mnemonic) f \(f.map { String($0, radix: 16) }) fflags \(fflags) frm \(frm)")
                }
            }
        }
    }

    /// A self loop keeps FP values in xmm registers around its back edge
    /// (loaded at the chain entry, written through to the hart): the sum of
    /// 1/k over 1000 iterations, and the hart's f registers after it.
    func testLoopCarriedValuesStayExact() throws {
        let words: [UInt32] = [
            Encoder.encode(Instruction(opcode: .fcvtDW, rd: 3, rs1: 5, rm: 7)),             // f3 = k
            Encoder.encode(Instruction(opcode: .fdivD, rd: 4, rs1: 1, rs2: 3, rm: 7)),      // f4 = 1 / k
            Encoder.encode(Instruction(opcode: .faddD, rd: 2, rs1: 2, rs2: 4, rm: 7)),      // f2 += f4
            Encoder.encode(Instruction(opcode: .fmaddD, rd: 6, rs1: 4, rs2: 4, rs3: 6, rm: 7)),  // f6 += f4²
            Encoder.encode(Instruction(opcode: .fsgnjnD, rd: 7, rs1: 6, rs2: 6)),           // f7 = -f6
            Encoder.encode(Instruction(opcode: .addi, rd: 5, rs1: 5, imm: 1)),
            Encoder.encode(Instruction(opcode: .bne, rs1: 5, rs2: 6, imm: -24)),
        ]
        let f: [UInt64] = [0, 1.0.bitPattern, 0, 0, 0, 0, 0, 0]
        let x: [UInt64] = [0, 0, 0, 0, 1, 1001, 0]  // x5 = k, x6 = the bound
        let threaded = try run(words, f: f, x: x, fflags: 1, frm: 0, engine: .threaded)
        let native = try run(words, f: f, x: x, fflags: 1, frm: 0, engine: .native)
        XCTAssertEqual(native, threaded)
        var sum = 0.0, squares = 0.0
        for k in 1...1000 {
            let r = 1 / Double(k)
            sum += r
            squares = squares.addingProduct(r, r)
        }
        XCTAssertEqual(native[7 + 2], sum.bitPattern)
        XCTAssertEqual(native[7 + 6], squares.bitPattern)
        XCTAssertEqual(native[7 + 7], (-squares).bitPattern)
    }
}
