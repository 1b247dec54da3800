import XCTest
@testable import TernFuzz

/// The dump parser, state comparison and the delta-debugging minimizer.
final class RecordAndMinimizerTests: XCTestCase {
    private func bytes(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    private func record(index: UInt64, seed: UInt64) -> [UInt8] {
        let buffer = (0..<512).map { UInt8(truncatingIfNeeded: Int($0) &* 7 &+ Int(seed)) }
        let x = (0..<32).flatMap { bytes(seed &* 1000 &+ UInt64($0)) }
        let f = (0..<32).flatMap { bytes(0x7ff8_0000_0000_0000 | UInt64($0)) }
        let csrs = [seed, 0x18, 0, 5].flatMap(bytes)
        let v = (0..<Record.vectorBytes).map { UInt8(truncatingIfNeeded: $0 &* 3 &+ Int(seed)) }
        return buffer + bytes(index) + x + f + bytes(0x7f) + csrs + v
    }

    func testParseReadsEveryField() {
        let data = record(index: 0, seed: 3) + record(index: 1, seed: 4)
        let (records, complete) = Record.parse(data)
        XCTAssertTrue(complete)
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[1].index, 1)
        XCTAssertEqual(records[1].state.x[31], 4031)
        XCTAssertEqual(records[0].state.f[5], 0x7ff8_0000_0000_0005)
        XCTAssertEqual(records[0].state.fcsr, 0x7f)
        XCTAssertEqual(records[0].state.buffer[2], 17)
        XCTAssertEqual(records[1].state.vectorCSRs, [4, 0x18, 0, 5])
        XCTAssertEqual(records[0].state.v[7], 24)
    }

    func testPartialRecordIsDropped() {
        let (records, complete) = Record.parse(record(index: 0, seed: 1) + Array(record(index: 1, seed: 1).prefix(100)))
        XCTAssertEqual(records.count, 1)
        XCTAssertFalse(complete)
    }

    func testDifferencesNameEveryDifferingPiece() {
        let a = Record.parse(record(index: 0, seed: 1)).records[0].state
        var b = a
        b.x[10] = 99; b.f[3] = 0; b.fcsr = 1; b.buffer[17] ^= 0xff; b.vectorCSRs[0] = 2; b.v[9] = 0
        XCTAssertEqual(Difference.between(tern: b, qemu: a).map(\.description), [
            "x10 (a0): tern 0x63 qemu 0x3f2",
            "f3 (ft3): tern 0x0 qemu 0x7ff8000000000003",
            "fcsr: tern 0x1 qemu 0x7f",
            "vl: tern 0x2 qemu 0x1",
            "v[0x8]: tern 0x2e2b2825221f0019 qemu 0x2e2b2825221f1c19",
            "buffer[0x10]: tern \(hex(b, 16)) qemu \(hex(a, 16))",
        ])
        XCTAssertEqual(Difference.between(tern: a, qemu: a), [])
    }

    private func hex(_ s: MachineState, _ o: Int) -> String {
        "0x" + String((0..<8).reduce(UInt64(0)) { $0 | UInt64(s.buffer[o + $1]) << (8 * UInt64($1)) }, radix: 16)
    }

    func testMinimizerFindsTheTwoElementsThatMatter() {
        var rounds = 0
        let result = Minimizer.minimize(count: 40) { candidates in
            rounds += 1
            return candidates.map { $0.contains(3) && $0.contains(17) }
        }
        XCTAssertEqual(result, [3, 17])
        XCTAssertLessThan(rounds, 40)
    }

    func testMinimizerSingleAndEmptyCauses() {
        XCTAssertEqual(Minimizer.minimize(count: 100) { $0.map { $0.contains(63) } }, [63])
        XCTAssertEqual(Minimizer.minimize(count: 10) { $0.map { _ in true } }, [])
    }

    func testMinimizerResultIsOneMinimal() {
        // Fails when at least three of {2, 5, 8, 11} are present: any 3 of them is 1-minimal.
        let cause: Set = [2, 5, 8, 11]
        let result = Minimizer.minimize(count: 16) { $0.map { Set($0).intersection(cause).count >= 3 } }
        XCTAssertEqual(result.count, 3)
        XCTAssertTrue(Set(result).isSubset(of: cause))
    }
}
