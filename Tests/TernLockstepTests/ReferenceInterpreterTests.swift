import XCTest
import TernReference

/// Instruction semantics of the reference interpreter on hand-built words
/// (encoded from the reference's own specification table, never TernISA's),
/// including the spec's corner cases.
final class ReferenceInterpreterTests: XCTestCase {
    static let code: UInt64 = 0x1000, data: UInt64 = 0x2000

    private func match(_ op: ReferenceOpcode) -> UInt32 { SpecEncodingTable.encodings.first { $0.opcode == op }!.match }
    private func r(_ op: ReferenceOpcode, _ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { Encode.r(match(op), rd: rd, rs1: rs1, rs2: rs2) }
    private func i(_ op: ReferenceOpcode, _ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { Encode.i(match(op), rd: rd, rs1: rs1, imm: imm) }

    /// R, I and S-type words (RISC-V base instruction formats).
    private enum Encode {
        static func r(_ m: UInt32, rd: UInt32, rs1: UInt32, rs2: UInt32) -> UInt32 { m | rd << 7 | rs1 << 15 | rs2 << 20 }
        static func i(_ m: UInt32, rd: UInt32, rs1: UInt32, imm: Int32) -> UInt32 {
            m | rd << 7 | rs1 << 15 | (UInt32(bitPattern: imm) & 0xfff) << 20
        }
        static func s(_ m: UInt32, rs1: UInt32, rs2: UInt32, imm: Int32) -> UInt32 {
            let v = UInt32(bitPattern: imm)
            return m | (v & 31) << 7 | rs1 << 15 | rs2 << 20 | ((v >> 5) & 0x7f) << 25
        }
    }

    /// An interpreter with `words` at `code` (r-x) and a zeroed r/w page at `data`.
    private func machine(_ words: [UInt32], x: [Int: UInt64] = [:]) -> ReferenceInterpreter {
        referenceMachine(words, code: Self.code, data: Self.data, x: x)
    }

    private func run(_ cpu: ReferenceInterpreter, _ n: Int) -> ReferenceStop? {
        for _ in 0..<n { if let s = cpu.step() { return s } }
        return nil
    }

    func testDivisionCornerCases() {
        let min = UInt64(1) << 63, minusOne = UInt64.max
        let cpu = machine([r(.div, 10, 1, 0), r(.rem, 11, 1, 0), r(.div, 12, 2, 3), r(.rem, 13, 2, 3),
                           r(.divu, 14, 1, 0), r(.remu, 15, 1, 0), r(.divw, 16, 4, 3), r(.remuw, 17, 5, 0),
                           r(.divuw, 18, 1, 0)],
                          x: [1: 7, 2: min, 3: minusOne, 4: 0x8000_0000, 5: 0x1_8000_0001])
        XCTAssertNil(run(cpu, 9))
        XCTAssertEqual(cpu.x[10], .max)          // x / 0 = -1
        XCTAssertEqual(cpu.x[11], 7)             // x % 0 = x
        XCTAssertEqual(cpu.x[12], min)           // MIN / -1 = MIN
        XCTAssertEqual(cpu.x[13], 0)             // MIN % -1 = 0
        XCTAssertEqual(cpu.x[14], .max)
        XCTAssertEqual(cpu.x[15], 7)
        XCTAssertEqual(cpu.x[16], 0xffff_ffff_8000_0000)  // divw INT32_MIN / -1, sign-extended
        XCTAssertEqual(cpu.x[17], 0xffff_ffff_8000_0001)  // remuw by 0: low word, sign-extended
        XCTAssertEqual(cpu.x[18], .max)
        XCTAssertEqual(cpu.retired, 9)
        XCTAssertEqual(cpu.pc, Self.code + 36)
    }

    func testHighMultipliesAndWordShifts() {
        let cpu = machine([r(.mulh, 10, 1, 2), r(.mulhu, 11, 1, 2), r(.mulhsu, 12, 1, 2), r(.sraw, 13, 3, 4),
                           r(.srlw, 14, 3, 4), i(.sltiu, 15, 1, -1), r(.add, 0, 1, 1)],
                          x: [1: UInt64(bitPattern: -3), 2: 5, 3: 0x0000_0000_8000_0000, 4: 33])
        XCTAssertNil(run(cpu, 7))
        XCTAssertEqual(cpu.x[10], .max)          // -15 >> 64 (signed)
        XCTAssertEqual(cpu.x[11], 4)             // (2^64-3)*5 >> 64
        XCTAssertEqual(cpu.x[12], .max)          // signed -3 × unsigned 5
        XCTAssertEqual(cpu.x[13], 0xffff_ffff_c000_0000)  // shift amount taken mod 32
        XCTAssertEqual(cpu.x[14], 0x4000_0000)
        XCTAssertEqual(cpu.x[15], 1)             // sltiu compares with the sign-extended immediate
        XCTAssertEqual(cpu.x[0], 0)
    }

    func testAtomicsAndReservations() {
        let d = Self.data
        let cpu = machine([r(.scW, 10, 1, 2), r(.lrW, 11, 1, 0), r(.scW, 12, 1, 2), r(.scW, 13, 1, 2),
                           r(.amomaxW, 14, 1, 3), r(.amominuD, 15, 1, 3), r(.amoaddW, 16, 4, 3)],
                          x: [1: d, 2: 0xffff_ffff, 3: 5, 4: d + 2])
        XCTAssertNil(run(cpu, 6))
        XCTAssertEqual(cpu.x[10], 1)             // no reservation: fails, no store
        XCTAssertEqual(cpu.x[11], 0)
        XCTAssertEqual(cpu.x[12], 0)             // reserved: succeeds
        XCTAssertEqual(cpu.x[13], 1)             // reservation consumed
        XCTAssertEqual(cpu.x[14], 0xffff_ffff_ffff_ffff)  // old word -1, sign-extended; max(-1, 5) = 5 stored
        XCTAssertEqual(cpu.x[15], 5)             // doubleword 0x0000_0000_0000_0005
        XCTAssertEqual(cpu.memory.read(d, size: 8, .read), 5)
        XCTAssertEqual(run(cpu, 1), .misalignedAtomic(address: d + 2))
        XCTAssertEqual(cpu.pc, Self.code + 24)
        XCTAssertEqual(cpu.retired, 6)
    }

    func testFaultsDoNotRetireAndLeavePcAtTheInstruction() {
        let cpu = machine([i(.ld, 10, 1, 0), Encode.s(match(.sd), rs1: 2, rs2: 0, imm: 0), i(.lw, 11, 3, 0)],
                          x: [1: Self.data + 0xffc, 2: Self.code, 3: Self.data + 4096])
        XCTAssertEqual(cpu.step(), .loadFault(address: Self.data + 0xffc))  // runs into the unmapped next page
        XCTAssertEqual(cpu.pc, Self.code)
        cpu.pc += 4
        XCTAssertEqual(cpu.step(), .storeFault(address: Self.code))          // code is read-only
        cpu.pc += 4
        XCTAssertEqual(cpu.step(), .loadFault(address: Self.data + 4096))
        XCTAssertEqual(cpu.retired, 0)
        cpu.pc = 0x8000
        XCTAssertEqual(cpu.step(), .fetchFault(address: 0x8000))
    }

    func testCSRRulesAndRoundingModes() {
        let cycle: Int32 = 0xC00 - 0x1000  // 12-bit field holding 0xC00
        let cpu = machine([Encode.i(match(.csrrs), rd: 5, rs1: 0, imm: cycle),
                           Encode.i(match(.csrrwi), rd: 6, rs1: 5, imm: 2),   // frm <- 5 (reserved)
                           Encode.r(match(.faddD) | 7 << 12, rd: 1, rs1: 2, rs2: 3),
                           Encode.i(match(.csrrw), rd: 0, rs1: 1, imm: cycle)],
                          x: [1: 9])
        XCTAssertNil(cpu.step())
        XCTAssertEqual(cpu.x[5], 0)              // instructions retired before it
        XCTAssertNil(cpu.step())
        XCTAssertEqual(cpu.frm, 5)
        XCTAssertEqual(cpu.step(), .illegalInstruction(bits: match(.faddD) | 7 << 12 | 1 << 7 | 2 << 15 | 3 << 20))
        cpu.frm = 0
        XCTAssertNil(cpu.step())                 // dynamic rounding with a valid frm
        XCTAssertEqual(cpu.f[1], 0)              // 0.0 + 0.0
        XCTAssertEqual(cpu.step(), .illegalInstruction(bits: Encode.i(match(.csrrw), rd: 0, rs1: 1, imm: cycle)))
        XCTAssertEqual(cpu.retired, 3)
    }

    func testSinglePrecisionOperandsAreUnboxed() {
        let cpu = machine([Encode.r(match(.faddS), rd: 3, rs1: 1, rs2: 2), r(.fmvXW, 10, 1, 0), r(.fclassS, 11, 2, 0)])
        cpu.f[1] = 0x0000_0000_3f80_0000          // 1.0f, not NaN-boxed: reads as the canonical NaN
        cpu.f[2] = 0xffff_ffff_3f80_0000          // boxed 1.0f
        XCTAssertNil(run(cpu, 3))
        XCTAssertEqual(cpu.f[3], 0xffff_ffff_7fc0_0000)
        XCTAssertEqual(cpu.fflags, 0)             // a quiet NaN raises nothing
        XCTAssertEqual(cpu.x[10], 0x3f80_0000)    // fmv.x.w takes the raw low word
        XCTAssertEqual(cpu.x[11], 1 << 6)         // positive normal
    }
}
