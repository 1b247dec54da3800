import XCTest
import TernReference
import TernSpec
import TernTestSupport

/// The reference interpreter's V (Sources/TernReference/Vector) on hand-encoded
/// words, against values worked out from the V 1.0 specification.
final class ReferenceVectorTests: XCTestCase {
    static let code: UInt64 = 0x1000, data: UInt64 = 0x2000

    /// vsetvli rd, rs1, vtypei / vsetivli rd, uimm, vtypei (V spec 6).
    private func vsetvli(_ rd: UInt32, _ rs1: UInt32, sew: Int, lmul: Int, ta: Bool = true, ma: Bool = true) -> UInt32 {
        vtype(sew: sew, lmul: lmul, ta: ta, ma: ma) << 20 | rs1 << 15 | 7 << 12 | rd << 7 | 0x57
    }
    private func vsetivli(_ rd: UInt32, _ avl: UInt32, sew: Int, lmul: Int) -> UInt32 {
        3 << 30 | vtype(sew: sew, lmul: lmul, ta: true, ma: true) << 20 | avl << 15 | 7 << 12 | rd << 7 | 0x57
    }
    private func vtype(sew: Int, lmul: Int, ta: Bool, ma: Bool) -> UInt32 {
        let vlmul = UInt32(bitPattern: Int32(lmul)) & 7  // lmul as log2, -3...3
        return (ma ? 0x80 : 0) | (ta ? 0x40 : 0) | UInt32(sew.trailingZeroBitCount - 3) << 3 | vlmul
    }
    /// Unit-stride vle<eew>.v / vse<eew>.v and vle<eew>ff.v (vm = 1).
    private func vle(_ vd: UInt32, _ rs1: UInt32, eew: Int, ff: Bool = false, store: Bool = false) -> UInt32 {
        let width: UInt32 = [8: 0, 16: 5, 32: 6, 64: 7][eew]!
        return 1 << 25 | (ff ? 16 << 20 : 0) | rs1 << 15 | width << 12 | vd << 7 | (store ? 0x27 : 0x07)
    }
    /// OPIVV funct6 vd, vs2, vs1 with vm.
    private func opivv(_ funct6: UInt32, _ vd: UInt32, _ vs2: UInt32, _ vs1: UInt32, vm: Bool = true) -> UInt32 {
        funct6 << 26 | (vm ? 1 << 25 : 0) | vs2 << 20 | vs1 << 15 | vd << 7 | 0x57
    }

    /// An interpreter with VLEN 128, `words` at `code` and a r/w page at `data`
    /// (each byte the low byte of its offset), followed by an unmapped page.
    private func machine(_ words: [UInt32], x: [Int: UInt64] = [:], vlenb: Int = 16) -> ReferenceInterpreter {
        let cpu = referenceMachine(words, code: Self.code, data: Self.data,
                                   dataBytes: (0..<4096).map { UInt8(truncatingIfNeeded: $0) }, x: x)
        cpu.vector = ReferenceVectorState(vlenb: vlenb, extensions: ["v", "zvbb", "zvkt"])
        return cpu
    }

    private func run(_ cpu: ReferenceInterpreter, _ n: Int) -> ReferenceStop? {
        for _ in 0..<n { if let s = cpu.step() { return s } }
        return nil
    }

    /// vl = min(AVL, VLMAX); rs1 = x0 with rd ≠ x0 asks for VLMAX; unsupported
    /// vtypes (SEW 16 at LMUL 1/8 with ELEN 64, reserved LMUL) set vill and vl = 0.
    func testConfigurationSetsVlAndVill() {
        let cpu = machine([vsetvli(10, 11, sew: 32, lmul: 1), vsetvli(12, 0, sew: 8, lmul: 3),
                           vsetvli(13, 11, sew: 16, lmul: -3), vsetivli(14, 3, sew: 64, lmul: 0)], x: [11: 100])
        XCTAssertNil(run(cpu, 4))
        XCTAssertEqual(cpu.x[10], 8)      // VLMAX = 2 · 128 / 32
        XCTAssertEqual(cpu.x[12], 128)    // 8 · 128 / 8
        XCTAssertEqual(cpu.x[13], 0)      // vill
        XCTAssertEqual(cpu.x[14], 2)      // min(3, 128 / 64)
        XCTAssertEqual(cpu.vector.vtype, 3 << 3 | 0xc0)
    }

    /// Without V (vlenb 0) a vector instruction is illegal; so is any op under vill.
    func testIllegalWithoutVAndUnderVill() {
        let add = opivv(0, 1, 2, 3)
        let noV = machine([add])
        noV.vector = ReferenceVectorState()
        XCTAssertEqual(run(noV, 1), .illegalInstruction(bits: add))
        let vill = machine([vsetvli(13, 11, sew: 16, lmul: -3), add], x: [11: 4])
        XCTAssertEqual(run(vill, 2), .illegalInstruction(bits: add))
    }

    /// vadd.vv over vl = 3 of SEW 32 with a tail-undisturbed and a tail-agnostic
    /// policy: element i is a[i] + b[i]; the tail keeps its bytes or becomes ones.
    func testAddHonoursTailPolicy() {
        for ta in [false, true] {
            let cpu = machine([vsetvli(0, 11, sew: 32, lmul: 0, ta: ta), vle(2, 12, eew: 32), vle(3, 13, eew: 32),
                               vle(1, 14, eew: 32), opivv(0, 1, 2, 3), vle(1, 15, eew: 32, store: true)],
                              x: [11: 3, 12: Self.data, 13: Self.data + 0x100, 14: Self.data + 0x200, 15: Self.data + 0x300])
            // The data page holds the low byte of each offset, so both operands are the
            // words 0x03020100, 0x07060504, 0x0b0a0908. The loads run at vl = 3 too:
            // v1's element 3 keeps its old value (0) or becomes ones.
            XCTAssertNil(run(cpu, 6))
            for k in 0..<3 {
                let a = UInt32(k * 4) | UInt32(k * 4 + 1) << 8 | UInt32(k * 4 + 2) << 16 | UInt32(k * 4 + 3) << 24
                XCTAssertEqual(cpu.memory.read(Self.data + 0x300 + UInt64(4 * k), size: 4, .read), UInt64(a &+ a), "element \(k)")
            }
            let tail = cpu.vector.registers[16 + 12..<16 + 16]
            XCTAssertEqual(Array(tail), ta ? [0xff, 0xff, 0xff, 0xff] : [0, 0, 0, 0], "ta \(ta)")
        }
    }

    /// A unit-stride load running into an unmapped page faults at the first element
    /// there, with vstart holding that element's index; fault-only-first instead
    /// trims vl to the elements before it.
    func testFaultsLeaveVstartAndFaultOnlyFirstTrimsVl() {
        let start = Self.data + 4096 - 8   // two 32-bit elements before the unmapped page
        let load = machine([vsetvli(0, 11, sew: 32, lmul: 0), vle(1, 12, eew: 32)], x: [11: 4, 12: start])
        XCTAssertEqual(run(load, 2), .loadFault(address: Self.data + 4096))
        XCTAssertEqual(load.vector.vstart, 2)
        let ff = machine([vsetvli(0, 11, sew: 32, lmul: 0), vle(1, 12, eew: 32, ff: true)], x: [11: 4, 12: start])
        XCTAssertNil(run(ff, 2))
        XCTAssertEqual(ff.vector.vl, 2)
        XCTAssertEqual(ff.vector.vstart, 0)
    }

    /// vmseq.vv writes a mask; masked vadd.vv (vm = 0) with mask-agnostic policy
    /// fills its inactive elements with ones; a masked op writing v0 is illegal.
    func testMasksAndMaskAgnosticFill() {
        let vmseq = opivv(0b011000, 0, 2, 3)
        let masked = opivv(0, 4, 2, 2, vm: false)
        let cpu = machine([vsetvli(0, 11, sew: 8, lmul: 0), vle(2, 12, eew: 8), vle(3, 13, eew: 8), vmseq, masked],
                          x: [11: 16, 12: Self.data, 13: Self.data + 0x20])
        // v3 = bytes 0x20...0x2f; make elements 1 and 5 equal to v2's (1 and 5).
        _ = cpu.memory.write(Self.data + 0x21, size: 1, 1)
        _ = cpu.memory.write(Self.data + 0x25, size: 1, 5)
        XCTAssertNil(run(cpu, 5))
        XCTAssertEqual(cpu.vector.registers[0], 0b0010_0010)
        XCTAssertEqual(cpu.vector.registers[1], 0)
        let v4 = Array(cpu.vector.registers[4 * 16..<5 * 16])
        XCTAssertEqual(v4[1], 2)
        XCTAssertEqual(v4[5], 10)
        XCTAssertEqual(v4[0], 0xff)
        let bad = opivv(0, 0, 2, 3, vm: false)
        let illegal = machine([vsetvli(0, 11, sew: 8, lmul: 0), bad], x: [11: 4])
        XCTAssertEqual(run(illegal, 2), .illegalInstruction(bits: bad))
    }

    /// Every vector row, its free bits filled at random, decodes to itself or to a
    /// more specific row whose pattern the bits also match (vmv.v.v inside vmerge).
    func testEveryRowDecodesFromItsPattern() {
        var random = SplitMix64(seed: 11)
        for row in vectorInstructions {
            for _ in 0..<8 {
                var bits: UInt32 = 0, bit = 32
                let r = random.next()
                for c in row.pattern where c != " " {
                    bit -= 1
                    if c == "1" || (c == "." && (r >> UInt64(bit)) & 1 == 1) { bits |= 1 << UInt32(bit) }
                }
                let cpu = machine([bits])
                _ = cpu.step()
                XCTAssertNotNil(cpu.lastVectorMnemonic, "\(row.mnemonic) 0x\(String(bits, radix: 16))")
                if let decoded = cpu.lastVectorMnemonic, decoded != row.mnemonic {
                    let other = vectorInstructions.first { $0.mnemonic == decoded }!
                    XCTAssertGreaterThan(other.pattern.filter { $0 == "0" || $0 == "1" }.count,
                                         row.pattern.filter { $0 == "0" || $0 == "1" }.count, "\(row.mnemonic) decoded as \(decoded)")
                }
            }
        }
    }
}
