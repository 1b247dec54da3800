import XCTest
@testable import TernCore

/// `PCMap` against `Dictionary` as the model: random inserts, updates in place,
/// removals (backward-shift deletion) and growth, with colliding keys.
final class PCMapTests: XCTestCase {
    func testRandomOperationsMatchDictionary() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<20 {
            let map = PCMap<[UInt64]>()
            var model: [UInt64: [UInt64]] = [:]
            // Few distinct keys (many hits and removals), spread over pages and pcs.
            let keys = (0..<(round % 2 == 0 ? 40 : 3000)).map { _ in UInt64.random(in: 0..<(1 << 38), using: &rng) & ~1 }
            for step in 0..<20_000 {
                let k = keys.randomElement(using: &rng)!
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: map[k] = [UInt64(step)]; model[k] = [UInt64(step)]
                case 1: map[k, default: []].append(UInt64(step)); model[k, default: []].append(UInt64(step))
                case 2: XCTAssertEqual(map.removeValue(forKey: k), model.removeValue(forKey: k))
                case 3: map[k] = nil; model[k] = nil
                case 4:
                    let a = map.modify(k) { v -> Int in v.append(7); return v.count }
                    let b: Int? = model[k] == nil ? nil : { model[k]!.append(7); return model[k]!.count }()
                    XCTAssertEqual(a, b)
                default: XCTAssertEqual(map[k], model[k])
                }
                XCTAssertEqual(map.count, model.count)
            }
            for k in keys { XCTAssertEqual(map[k], model[k], "round \(round)") }
            XCTAssertEqual(Set(map.keyList), Set(model.keys))
            XCTAssertEqual(map.values.count, model.count)
            map.removeAll(keepingCapacity: round % 3 == 0)
            XCTAssertTrue(map.isEmpty)
            for k in keys { XCTAssertNil(map[k]) }
        }
    }

    func testEmptyMarkerIsNeverFound() {
        let map = PCMap<Int>()
        XCTAssertNil(map[.max])
        XCTAssertNil(map.removeValue(forKey: .max))
        XCTAssertNil(map.modify(.max) { $0 })
        for k in 0..<100 { map[UInt64(k) * 2] = k }
        XCTAssertNil(map[.max])
        XCTAssertEqual(map[198], 99)
    }
}
