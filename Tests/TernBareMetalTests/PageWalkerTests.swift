import XCTest
@testable import TernBareMetal

/// The page walk on hand-built tables (a dictionary as physical memory).
final class PageWalkerTests: XCTestCase {
    final class Tables: PageTableMemory {
        var words: [UInt64: UInt64] = [:]
        var unreachable: Set<UInt64> = []
        func loadPTE(_ address: UInt64) -> UInt64? { unreachable.contains(address) ? nil : words[address, default: 0] }
        func updatePTE(_ address: UInt64, expected: UInt64, new: UInt64) -> Bool? {
            guard !unreachable.contains(address) else { return nil }
            guard words[address, default: 0] == expected else { return false }
            words[address] = new
            return true
        }
    }

    static let root: UInt64 = 0x8000_1000, l1: UInt64 = 0x8000_2000, l0: UInt64 = 0x8000_3000
    static func pointer(_ table: UInt64) -> UInt64 { (table >> 12) << 10 | PTE.valid }
    static func leaf(_ pa: UInt64, _ flags: UInt64) -> UInt64 { (pa >> 12) << 10 | flags | PTE.valid }

    /// VA 0x1000 -> PA 0x8000_5000 with `flags`, through three levels.
    func tables(_ flags: UInt64) -> Tables {
        let t = Tables()
        t.words[Self.root] = Self.pointer(Self.l1)
        t.words[Self.l1] = Self.pointer(Self.l0)
        t.words[Self.l0 + 8] = Self.leaf(0x8000_5000, flags)
        return t
    }

    func walker(_ privilege: Privilege, sum: Bool = false, mxr: Bool = false, ad: Bool = true, sv48: Bool = false) -> PageWalker {
        let mode = sv48 ? SATP.sv48 : SATP.sv39
        return PageWalker(satp: mode << 60 | Self.root >> 12, privilege: privilege, supervisorUserMemory: sum,
                          makeExecutableReadable: mxr, hardwareAD: ad)
    }

    func testTranslatesAndSetsAccessedAndDirty() throws {
        let t = tables(PTE.read | PTE.write | PTE.user)
        XCTAssertEqual(try walker(.user).translate(0x1234, .load, memory: t).get().physical, 0x8000_5234)
        XCTAssertEqual(t.words[Self.l0 + 8]! & (PTE.accessed | PTE.dirty), PTE.accessed)
        _ = try walker(.user).translate(0x1238, .store, memory: t).get()
        XCTAssertEqual(t.words[Self.l0 + 8]! & (PTE.accessed | PTE.dirty), PTE.accessed | PTE.dirty)
    }

    func testWithoutHardwareADAccessesNeedingThemFault() {
        let t = tables(PTE.read | PTE.write | PTE.user | PTE.accessed)
        XCTAssertNoThrow(try walker(.user, ad: false).translate(0x1000, .load, memory: t).get())
        XCTAssertEqual(walker(.user, ad: false).translate(0x1000, .store, memory: t), .failure(.pageFault))
        XCTAssertEqual(t.words[Self.l0 + 8]! & PTE.dirty, 0, "nothing written")
    }

    func testPermissionRules() {
        let a = PTE.accessed | PTE.dirty
        let cases: [(UInt64, Privilege, AccessType, Bool, Bool, Bool)] = [
            // flags, privilege, access, sum, mxr, allowed
            (PTE.read | PTE.user | a, .user, .load, false, false, true),
            (PTE.read | PTE.user | a, .user, .store, false, false, false),
            (PTE.read | PTE.user | a, .supervisor, .load, false, false, false),
            (PTE.read | PTE.user | a, .supervisor, .load, true, false, true),
            (PTE.execute | PTE.user | a, .supervisor, .fetch, true, false, false),
            (PTE.execute | PTE.user | a, .user, .fetch, false, false, true),
            (PTE.read | PTE.write | a, .user, .load, false, false, false),
            (PTE.execute | PTE.user | a, .user, .load, false, false, false),
            (PTE.execute | PTE.user | a, .user, .load, false, true, true),
            (PTE.read | PTE.user | a, .user, .fetch, false, false, false),
        ]
        for (flags, privilege, access, sum, mxr, allowed) in cases {
            let result = walker(privilege, sum: sum, mxr: mxr).translate(0x1000, access, memory: tables(flags))
            XCTAssertEqual((try? result.get()) != nil, allowed, "flags \(flags) \(privilege) \(access) sum \(sum) mxr \(mxr)")
        }
    }

    func testReservedEncodingsAndShapes() {
        let u = PTE.user | PTE.accessed | PTE.dirty
        XCTAssertEqual(walker(.user).translate(0x1000, .load, memory: tables(PTE.write | u)), .failure(.pageFault), "W without R")
        XCTAssertEqual(walker(.user).translate(0x1000, .load, memory: tables(PTE.read | u | 1 << 61)), .failure(.pageFault), "PBMT")
        let t = tables(PTE.read | u)
        t.words[Self.l1] = Self.pointer(Self.l0) | PTE.accessed
        XCTAssertEqual(walker(.user).translate(0x1000, .load, memory: t), .failure(.pageFault), "A in a non-leaf PTE")
        t.words[Self.l1] = Self.leaf(0x8020_1000, PTE.read | u)
        XCTAssertEqual(walker(.user).translate(0x1000, .load, memory: t), .failure(.pageFault), "misaligned megapage")
        t.words[Self.l1] = Self.leaf(0x8020_0000, PTE.read | u)
        XCTAssertEqual(try? walker(.user).translate(0x1_2345, .load, memory: t).get().physical, 0x8021_2345, "megapage")
        XCTAssertEqual(walker(.user).translate(0x40_0000_0000, .load, memory: t), .failure(.pageFault), "non-canonical Sv39")
        t.unreachable.insert(Self.root)
        XCTAssertEqual(walker(.user).translate(0x1000, .load, memory: t), .failure(.accessFault), "PTE not reachable")
    }

    func testSv48UpperHalf() {
        let t = Tables()
        t.words[Self.root + 511 * 8] = Self.pointer(Self.l1)
        t.words[Self.l1 + 511 * 8] = Self.leaf(0x8000_0000, PTE.read | PTE.execute | PTE.accessed | PTE.dirty)  // 1 GiB
        XCTAssertEqual(try? walker(.supervisor, sv48: true).translate(0xffff_ffff_c000_1234, .fetch, memory: t).get().physical,
                       0x8000_1234)
        XCTAssertEqual(walker(.supervisor, sv48: true).translate(0xffff_7fff_c000_0000, .load, memory: t), .failure(.pageFault),
                       "bits 63..47 differ")
    }

    func testPMPMatchingAndLocking() {
        var s = PrivilegedState()
        XCTAssertFalse(PMP.allows(s, 0x8000_0000, size: 8, .load, privilege: .supervisor), "no entry matches S")
        XCTAssertTrue(PMP.allows(s, 0x8000_0000, size: 8, .load, privilege: .machine))
        s.pmpaddr[0] = 0x8000_1000 >> 2
        PMP.writeConfig(&s, register: 0, value: UInt64(PMP.read) | 1 << 3)  // TOR [0, 0x80001000) read-only
        XCTAssertTrue(PMP.allows(s, 0x8000_0ff8, size: 8, .load, privilege: .user))
        XCTAssertFalse(PMP.allows(s, 0x8000_0ff8, size: 8, .store, privilege: .user))
        XCTAssertFalse(PMP.allows(s, 0x8000_0ffc, size: 8, .load, privilege: .user), "partial match")
        XCTAssertTrue(PMP.allows(s, 0x8000_0ff8, size: 8, .store, privilege: .machine), "unlocked: M unaffected")
        PMP.writeConfig(&s, register: 0, value: UInt64(PMP.read | PMP.locked) | 1 << 3)
        XCTAssertFalse(PMP.allows(s, 0x8000_0ff8, size: 8, .store, privilege: .machine), "locked: M bound")
        PMP.writeAddress(&s, index: 0, value: 0)
        XCTAssertEqual(s.pmpaddr[0], 0x8000_1000 >> 2, "locked TOR top cannot move")
        PMP.writeConfig(&s, register: 0, value: 0)
        XCTAssertEqual(PMP.config(s, 0), PMP.read | PMP.locked | 1 << 3, "a locked entry keeps its configuration")
        XCTAssertNil(PMP.uniformPermissions(s, over: 0x8000_0000 ..< 0x8000_2000, privilege: .user))
        XCTAssertEqual(PMP.uniformPermissions(s, over: 0x8000_0000 ..< 0x8000_1000, privilege: .user), PMP.read)
    }
}
