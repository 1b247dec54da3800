import XCTest
import TernCore

/// `slli rd, rs, 1-3; add rd, rd, rb` compiled as one `lea`: every mix of
/// host registers (convention ones, rbp as the base included, block-local
/// ones, hart-only ones and x0) gives the threaded engine's registers.
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
}
