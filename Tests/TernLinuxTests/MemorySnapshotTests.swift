import XCTest
@testable import TernCore
import TernTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `MemorySnapshot`: copies of a guest address space that share its pages
/// copy-on-write, region by region (anonymous, private and shared file
/// mappings, shared memory, inaccessible pages).
final class MemorySnapshotTests: XCTestCase {
    private func pattern(_ seed: UInt8, _ count: Int) -> [UInt8] { (0 ..< count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) } }

    func testCopiesSeeTheSnapshotAndKeepTheirWritesToThemselves() throws {
        let machine = try Machine()
        let m = machine.memory
        try m.map(0x10000, length: 0x10000, protection: [.read, .write], name: "[heap]")
        try m.write(0x10000 + 5, pattern(1, 100))
        try m.write(0x18000, pattern(2, 4096))                                       // other pages stay zero
        try m.map(0x30000, length: 0x2000, protection: [], name: "guard")             // inaccessible
        try m.map(0x40000, length: 0x1000, protection: [.read, .write], name: "shm", shared: true)
        try m.write(0x40000, pattern(3, 64))
        let privatePath = temporaryFile(pattern(4, 3 * 4096), name: "private")
        let sharedPath = temporaryFile(pattern(5, 2 * 4096), name: "shared")
        let pfd = open(privatePath, O_RDONLY), sfd = open(sharedPath, O_RDWR)
        defer { close(pfd); close(sfd) }
        try m.mapFile(0x50000, length: 0x3000, protection: [.read, .write], fd: pfd, offset: 0, name: privatePath)
        try m.write(0x51000 + 9, [0xAA, 0xBB])                                         // one changed private page
        try m.mapFile(0x60000, length: 0x2000, protection: [.read, .write], fd: sfd, offset: 0, name: sharedPath, shared: true)
        let before = m.mappedRegions
        let snapshot = try m.snapshot()
        // Only data pages are copied: the heap's two, the shared page, the changed file page (not the file's others).
        XCTAssertEqual(snapshot.bytesSaved, 4 * 4096)

        let copies = try (0 ..< 2).map { _ -> Machine in
            let copy = try Machine()
            try copy.memory.map(snapshot)
            return copy
        }
        for copy in copies {
            let c = copy.memory
            XCTAssertEqual(c.mappedRegions.map { [$0.start, $0.end] }, before.map { [$0.start, $0.end] })
            XCTAssertEqual(c.mappedRegions.map(\.protection), before.map(\.protection))
            XCTAssertEqual(c.mappedRegions.map(\.name), before.map(\.name))
            XCTAssertEqual(c.mappedRegions.map(\.fileOffset), before.map(\.fileOffset))
            for r in before where r.protection.contains(.read) {
                XCTAssertEqual(try c.read(r.start, count: Int(r.end - r.start)), try m.read(r.start, count: Int(r.end - r.start)),
                               "region 0x\(String(r.start, radix: 16))")
            }
        }
        // Writes stay in the copy that made them (private and shared anonymous memory, private files).
        try copies[0].memory.write(0x10000 + 5, [9, 9, 9])
        try copies[0].memory.write(0x40000, [8])
        try copies[0].memory.write(0x50000, [7])
        XCTAssertEqual(try m.read(0x10000 + 5, count: 3), Array(pattern(1, 3)))
        XCTAssertEqual(try copies[1].memory.read(0x10000 + 5, count: 3), Array(pattern(1, 3)))
        XCTAssertEqual(try copies[1].memory.read(0x40000, count: 1), [pattern(3, 1)[0]])
        XCTAssertEqual(try copies[1].memory.read(0x50000, count: 1), [pattern(4, 1)[0]])
        XCTAssertEqual(try m.read(0x50000, count: 1), [pattern(4, 1)[0]])
        // A shared file mapping is the file's in every copy, as after fork.
        try copies[1].memory.write(0x60000 + 3, [0x5A])
        XCTAssertEqual(try m.read(0x60000 + 3, count: 1), [0x5A])
        XCTAssertEqual(try copies[0].memory.read(0x60000 + 3, count: 1), [0x5A])
        // The inaccessible region stays inaccessible.
        XCTAssertThrowsError(try copies[0].memory.read(0x30000, count: 1))
    }

    func testASnapshotOfACopyKeepsPagesTheCopyNeverTouched() throws {
        let machine = try Machine()
        try machine.memory.map(0x10000, length: 0x4000, protection: [.read, .write], name: "[heap]")
        try machine.memory.write(0x11000, pattern(6, 4096))
        let first = try machine.memory.snapshot()
        let copy = try Machine()
        try copy.memory.map(first)
        // Nothing read or written in the copy: its pages are only in the snapshot file.
        let second = try copy.memory.snapshot()
        XCTAssertEqual(second.bytesSaved, 4096)
        let grandchild = try Machine()
        try grandchild.memory.map(second)
        XCTAssertEqual(try grandchild.memory.read(0x11000, count: 4096), pattern(6, 4096))
        XCTAssertEqual(try grandchild.memory.read(0x10000, count: 4096), [UInt8](repeating: 0, count: 4096))
    }
}
