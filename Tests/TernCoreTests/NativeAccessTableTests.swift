import XCTest
import CoreGlue
@testable import TernCore

/// `NativeAccessTable`: lookups by code offset (present, between and beyond
/// accesses), out-of-order records, and the dirty registers of an access.
final class NativeAccessTableTests: XCTestCase {
    func testLookupByOffsetAndDirtyRegisters() {
        let ops = UnsafeMutablePointer<TernOp>.allocate(capacity: 4)
        defer { ops.deallocate() }
        var table = NativeAccessTable(hosts: [(10, 5), (13, 10), (14, 11), (15, 9), (20, 6)])
        let offsets = [12, 30, 31, 77]
        for (i, offset) in offsets.enumerated() {
            table.append(ops + i, offset: offset, dirtyMask: i == 0 ? 0 : 1 << 15 | 1 << UInt32(19 + i))
        }
        XCTAssertEqual(table.count, 4)
        for (i, offset) in offsets.enumerated() { XCTAssertEqual(table.access(at: offset)?.op, UnsafePointer(ops + i)) }
        for offset in [0, 11, 13, 29, 32, 76, 78, 1 << 20] { XCTAssertNil(table.access(at: offset), "\(offset)") }
        XCTAssertTrue(table.dirty(table.access(at: 12)!).isEmpty)
        let dirty = table.dirty(table.access(at: 31)!)  // x15 and x21; x21 has no host register
        XCTAssertEqual(dirty.map(\.guest), [15])
        XCTAssertEqual(dirty.map(\.host), [9])
        XCTAssertEqual(table.dirty(table.access(at: 30)!).map(\.guest), [15, 20])
    }

    func testOutOfOrderRecordsStaySortedAndTheLaterOneWins() {
        let ops = UnsafeMutablePointer<TernOp>.allocate(capacity: 4)
        defer { ops.deallocate() }
        var table = NativeAccessTable(hosts: [])
        table.append(ops, offset: 40, dirtyMask: 0)
        table.append(ops + 1, offset: 10, dirtyMask: 0)
        table.append(ops + 2, offset: 40, dirtyMask: 0)
        table.append(ops + 3, offset: 25, dirtyMask: 0)
        XCTAssertEqual(table.sites.map(\.offset), [10, 25, 40])
        XCTAssertEqual(table.access(at: 40)?.op, UnsafePointer(ops + 2))
        XCTAssertEqual(table.access(at: 10)?.op, UnsafePointer(ops + 1))
    }
}
