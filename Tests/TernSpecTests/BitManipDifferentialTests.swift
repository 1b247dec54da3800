import TernCore
import TernISA
import TernReference
import XCTest

/// The threaded handlers of Zba, Zbb, Zbc, Zbs, Zicond and Zimop against the
/// reference interpreter's independent implementations (spec pseudo-code), on
/// edge values and pseudo-random values, every shift amount for the immediates.
final class BitManipDifferentialTests: XCTestCase {
    static let extensions: Set<Extension> = [.zba, .zbb, .zbc, .zbs, .zicond, .zimop]
    static let edges: [UInt64] = [0, 1, 2, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x8000, 0xffff, 0x7fff_ffff,
                                  0x8000_0000, 0xffff_ffff, 0x1_0000_0000, 0x7fff_ffff_ffff_ffff,
                                  0x8000_0000_0000_0000, .max, 0x0123_4567_89ab_cdef, 0x00ff_00ff_0f0f_0101]

    func testThreadedHandlersMatchTheReference() throws {
        var values = Self.edges
        var s: UInt64 = 0x9e37_79b9_7f4a_7c15
        for _ in 0..<12 { s = s &* 6364136223846793005 &+ 1442695040888963407; values.append(s) }
        let ops = Opcode.allCases.filter { Self.extensions.contains($0.extension) }
        var checked = 0
        for op in ops {
            let imms: [Int64] = op.format == .shift64 ? Array(0..<64) : op.format == .shift32 ? Array(0..<32) : [0]
            // One program per op: x11/x12 hold (a, b); rd = x10; each immediate once.
            let words = imms.map { Encoder.encode(Instruction(opcode: op, rd: 10, rs1: 11, rs2: 12, imm: $0)) }
            for (i, a) in values.enumerated() {
                let b = values[(i * 7 + 3) % values.count]
                for (k, w) in words.enumerated() {
                    let engine = try threaded(w, a, b)
                    let reference = try self.reference(w, a, b)
                    XCTAssertEqual(engine, reference, "\(op.mnemonic) imm \(imms[k]) a=\(String(a, radix: 16)) b=\(String(b, radix: 16))")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 5000)
    }

    private func threaded(_ word: UInt32, _ a: UInt64, _ b: UInt64) throws -> UInt64 {
        let machine = try Machine()
        try machine.memory.map(0x10000, length: 0x1000, protection: [.read, .execute])
        let code = [word, 0x73].flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
        try code.withUnsafeBytes { try machine.memory.writeInitial(0x10000, $0) }
        let hart = Hart()
        hart.pc = 0x10000
        hart[x: 11] = a; hart[x: 12] = b
        XCTAssertEqual(machine.run(hart, maxInstructions: 10), .ecall)
        return hart[x: 10]
    }

    private func reference(_ word: UInt32, _ a: UInt64, _ b: UInt64) throws -> UInt64 {
        let memory = ReferenceMemory()
        var code = [UInt8](repeating: 0, count: Int(ReferenceMemory.pageSize))
        for i in 0..<4 { code[i] = UInt8(truncatingIfNeeded: word >> (8 * UInt32(i))) }
        code.withUnsafeBytes { memory.mapPage(0x10, access: [.read, .execute], contents: $0.baseAddress) }
        let cpu = ReferenceInterpreter(memory: memory)
        cpu.pc = 0x10000
        cpu.x[11] = a; cpu.x[12] = b
        XCTAssertNil(cpu.step())
        return cpu.x[10]
    }
}
