import XCTest
import TernCore

/// `slli rd, rs, 1-3; add rd, rd, rb` and Zba's `sh1add`...`sh3add(.uw)` and
/// `add.uw` compiled as one `lea`: every mix of host registers (convention
/// ones, rbp as the base included, block-local ones, hart-only ones and x0)
/// gives the threaded engine's registers.
final class NativeScaledIndexTests: XCTestCase {
    private func registers(_ words: [UInt32], _ engine: Engine) throws -> [UInt64] {
        let r = try GuestRunner(words)
        XCTAssertTrue(r.machine.setEngine(engine))
        for i in 1..<32 { r.hart[x: i] = 0x0123_4567_89ab_cdef &* UInt64(i) }
        XCTAssertEqual(r.run(), .ecall)
        return (0..<32).map { r.hart[x: $0] }
    }

    func testShiftAddPairsMatchTheThreadedEngine() throws {
        // a5 = x15 lives in rbp, a4/a3/a0 in r11/r10/r9; s-registers mostly in the hart.
        let guests: [UInt32] = [15, 14, 13, 10, 5, 6, 18, 19, 20, 0]
        var words: [UInt32] = []
        for (n, rd) in guests.enumerated() where rd != 0 {
            for (m, rb) in guests.enumerated() where rb != rd {
                let rs = guests[(n + m + 1) % guests.count]
                let k = Int32(1 + (n + m) % 3)
                words += [Enc.slli(rd, rs, k), (n + m) % 2 == 0 ? Enc.add(rd, rd, rb) : Enc.add(rd, rb, rd)]
            }
        }
        // Mixed with other uses of the same registers (many in one block).
        for chunk in stride(from: 0, to: words.count, by: 24) {
            let block = Array(words[chunk..<min(chunk + 24, words.count)])
            XCTAssertEqual(try registers(block, .native), try registers(block, .threaded), "block at \(chunk)")
        }
    }

    func testZbaShiftAddsMatchTheThreadedEngine() throws {
        // (funct3, opcode): sh1add/sh2add/sh3add (OP), their .uw forms and add.uw (OP-32).
        let forms: [(UInt32, UInt32, UInt32)] = [(0x10, 2, 0x33), (0x10, 4, 0x33), (0x10, 6, 0x33),
                                                 (0x10, 2, 0x3b), (0x10, 4, 0x3b), (0x10, 6, 0x3b), (0x04, 0, 0x3b)]
        let guests: [UInt32] = [15, 14, 13, 10, 5, 6, 18, 19, 20, 0]
        var words: [UInt32] = []
        for (f, form) in forms.enumerated() {
            for (n, rd) in guests.enumerated() where rd != 0 {
                for m in 0..<guests.count {
                    // rs1 and rs2 over all placements, x0 and rd itself included.
                    let rs1 = guests[(n + m + f) % guests.count], rs2 = guests[(n + 2 * m + 1) % guests.count]
                    words.append(Enc.r(form.0, rs2, rs1, form.1, rd, form.2))
                }
                // rd = rs1 = rs2.
                words.append(Enc.r(form.0, rd, rd, form.1, rd, form.2))
            }
        }
        for chunk in stride(from: 0, to: words.count, by: 20) {
            let block = Array(words[chunk..<min(chunk + 20, words.count)])
            XCTAssertEqual(try registers(block, .native), try registers(block, .threaded), "block at \(chunk)")
        }
    }
}
