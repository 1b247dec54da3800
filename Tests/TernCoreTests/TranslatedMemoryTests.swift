import CoreGlue
import XCTest
@testable import TernCore

/// The translated-memory ops against a hand-made TLB miss handler that maps
/// virtual page 0x7_0000 to the runner's data page and refuses every other page.
final class TranslatedMemoryTests: XCTestCase {
    /// The TLB and the miss handler's record.
    final class Pager {
        let tlb = UnsafeMutablePointer<TernTLBEntry>.allocate(capacity: Int(TERN_TLB_SIZE))
        let delta: Int64
        var misses = 0
        var refused: [UInt64] = []

        init(memory: GuestMemory) {
            tlb.initialize(repeating: TernTLBEntry(readPage: .max, writePage: .max, addend: 0, pad: 0), count: Int(TERN_TLB_SIZE))
            delta = Int64(bitPattern: UInt64(UInt(bitPattern: memory.base)) &+ GuestRunner.dataBase &- TranslatedMemoryTests.mapped)
        }

        deinit { tlb.deallocate() }
    }

    static let mapped: UInt64 = 0x7_0000

    /// A runner whose loads and stores go through `pager`.
    private func runner(_ words: [UInt32]) throws -> (GuestRunner, Pager) {
        let g = try GuestRunner(words)
        let pager = Pager(memory: g.machine.memory)
        g.machine.addressTranslation = AddressTranslation(fetch: nil, data: true)
        g.hart.state.pointee.tlb = pager.tlb
        g.hart.state.pointee.tlbContext = Unmanaged.passUnretained(pager).toOpaque()
        g.hart.state.pointee.tlbMiss = { context, address, _, write, addend in
            let pager = Unmanaged<Pager>.fromOpaque(context!).takeUnretainedValue()
            pager.misses += 1
            guard address >> 12 == TranslatedMemoryTests.mapped >> 12 else {
                pager.refused.append(address)
                return 1
            }
            addend!.pointee = pager.delta
            let e = pager.tlb.advanced(by: Int((address >> 12) & UInt64(TERN_TLB_SIZE - 1)))
            e.pointee.addend = pager.delta
            if write != 0 { e.pointee.writePage = address >> 12 } else { e.pointee.readPage = address >> 12 }
            return 0
        }
        return (g, pager)
    }

    func testLoadsAndStoresGoThroughTheTLBAndMissOncePerPageAndKind() throws {
        let (g, pager) = try runner([Enc.lui(5, 0x70), Enc.addi(6, 0, 42), Enc.sd(6, 5, 8), Enc.ld(7, 5, 8),
                                     Enc.ld(8, 5, 16), Enc.sd(6, 5, 24)])
        XCTAssertEqual(g.run(), .ecall)
        XCTAssertEqual(g.hart[x: 7], 42)
        XCTAssertEqual(try g.machine.memory.load(GuestRunner.dataBase + 8, as: UInt64.self), 42)
        XCTAssertEqual(try g.machine.memory.load(GuestRunner.dataBase + 24, as: UInt64.self), 42)
        XCTAssertEqual(pager.misses, 2, "one write miss, one read miss, then hits")
        XCTAssertTrue(g.machine.cache.block(at: GuestRunner.codeBase)?.opNames.contains("vld") == true)
    }

    func testAStoreCrossingIntoARefusedPageWritesNothing() throws {
        // x5 = 0x70ffc: an 8-byte store covering 0x70ffc..0x71003.
        let (g, pager) = try runner([Enc.lui(5, 0x71), Enc.addi(5, 5, -4), Enc.addi(6, 0, -1), Enc.sd(6, 5, 0)])
        XCTAssertEqual(g.run(), .storeFault(address: 0x71000), "the refused piece")
        XCTAssertEqual(pager.refused, [0x71000])
        XCTAssertEqual(try g.machine.memory.load(GuestRunner.dataBase + 0xffc, as: UInt32.self), 0, "first page untouched")
        XCTAssertEqual(g.hart.pc, GuestRunner.codeBase + 12, "stopped at the store")
    }

    func testALoadCrossingIntoARefusedPageFaultsAtTheRefusedPiece() throws {
        let (g, pager) = try runner([Enc.lui(5, 0x71), Enc.addi(6, 0, -1), Enc.sd(6, 5, -8), Enc.ld(7, 5, -4)])
        XCTAssertEqual(g.run(), .loadFault(address: 0x71000), "the second page is refused")
        XCTAssertEqual(g.hart.pc, GuestRunner.codeBase + 12, "stopped at the load")
        XCTAssertEqual(pager.refused, [0x71000])
    }

    func testWithoutAddressTranslationTheDirectOpsAreUsed() throws {
        let g = try GuestRunner([Enc.lui(5, 0x20), Enc.ld(7, 5, 8)])
        XCTAssertEqual(g.run(), .ecall)
        let names = g.machine.cache.block(at: GuestRunner.codeBase)?.opNames ?? []
        XCTAssertFalse(names.contains { $0.hasPrefix("v") }, "\(names)")
    }
}
