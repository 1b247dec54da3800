import XCTest
import TernCore

/// Loads, stores, branches, jumps, atomics, CSRs, faults and cache counters.
final class ControlAndMemoryTests: XCTestCase {
    func testLoadStoreWidthsAndSignExtension() throws {
        let r = try GuestRunner([
            Enc.lui(5, 0x20), // x5 = 0x20000
            Enc.addi(6, 0, -2), Enc.sd(6, 5, 8), Enc.sb(0, 5, 9),
            Enc.lb(7, 5, 8), Enc.lbu(8, 5, 8), Enc.lw(9, 5, 8), Enc.ld(10, 5, 8),
        ])
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 7], UInt64(bitPattern: -2))
        XCTAssertEqual(r.hart[x: 8], 0xfe)
        XCTAssertEqual(r.hart[x: 9], 0xffff_ffff_ffff_00fe)
        XCTAssertEqual(r.hart[x: 10], 0xffff_ffff_ffff_00fe)
    }

    func testMisalignedPlainAccessWorks() throws {
        let r = try GuestRunner([Enc.lui(5, 0x20), Enc.addi(6, 0, 0x123), Enc.sd(6, 5, 3), Enc.ld(7, 5, 3)])
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 7], 0x123)
    }

    func testStoreToReadOnlyCodeIsStoreFault() throws {
        let r = try GuestRunner([Enc.lui(5, 0x10), Enc.sw(0, 5, 0)])
        XCTAssertEqual(r.run(), .storeFault(address: 0x10000))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 4)
    }

    func testAccessOutsideGuestSpaceFaults() throws {
        let r = try GuestRunner([Enc.addi(5, 0, -1), Enc.lw(6, 5, 0)])
        XCTAssertEqual(r.run(), .loadFault(address: .max))
    }

    func testCountedLoopChainsAndRetiresExactly() throws {
        // x5 = 100; loop: x6 += 1; x5 -= 1; bne x5, x0, loop
        let r = try GuestRunner([Enc.addi(5, 0, 100), Enc.addi(6, 6, 1), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8)])
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 6], 100)
        // 1 + 3*100 + ecall
        XCTAssertEqual(r.hart.retired, 302)
        let c = r.machine.counters
        // Blocks: [addi, addi, addi, bne] at entry, the loop body [addi, addi, bne], the ecall.
        XCTAssertEqual(c.translations, 3)
        XCTAssertEqual(c.chainedTransitions, 97, "99 entries of the body block: one from the entry block, one that links the back edge")
        XCTAssertEqual(c.lookups, 4)
        XCTAssertEqual(c.misses, 3)
    }

    func testJalAndJalrLinkAndReturn() throws {
        // jal ra, +12 ; (ret lands here) addi x7, x0, 7 ; ecall ; f: addi x6, x0, 6 ; jalr x0, ra, 0
        let r = try GuestRunner([Enc.jal(1, 12), Enc.addi(7, 0, 7), Enc.ecall, Enc.addi(6, 0, 6), Enc.jalr(0, 1, 0)],
                                appendEcall: false)
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 1], GuestRunner.codeBase + 4)
        XCTAssertEqual(r.hart[x: 6], 6)
        XCTAssertEqual(r.hart[x: 7], 7)
    }

    func testSignedAndUnsignedBranches() throws {
        // x5 = -1, x6 = 1; blt x5,x6 taken -> x7 = 1; bltu x5,x6 not taken -> x8 = 1
        let r = try GuestRunner([
            Enc.addi(5, 0, -1), Enc.addi(6, 0, 1),
            Enc.blt(5, 6, 8), Enc.addi(7, 0, 99), Enc.addi(7, 7, 1),
            Enc.bltu(5, 6, 8), Enc.addi(8, 0, 1),
        ])
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 7], 1)
        XCTAssertEqual(r.hart[x: 8], 1)
    }

    func testAtomicsAndReservations() throws {
        let lrD = Enc.amo(0b00010, 3, 7, 5, 0), scD = Enc.amo(0b00011, 3, 8, 5, 6)
        let r = try GuestRunner([
            Enc.lui(5, 0x20), Enc.addi(6, 0, 5), Enc.sd(6, 5, 0),
            Enc.amo(0b00000, 3, 9, 5, 6),      // amoadd.d x9, x6, (x5): x9 = 5, mem = 10
            Enc.amo(0b10100, 2, 10, 5, 6),     // amomax.w x10: old 10, mem = max(10, 5) = 10
            lrD, scD,                           // lr.d x7; sc.d x8, x6 -> success (0), mem = 5
            Enc.amo(0b00011, 3, 14, 5, 6),      // second sc.d x14 without reservation -> 1
            Enc.addi(11, 0, -1), Enc.amo(0b11000, 2, 12, 5, 11), // amominu.w: old 5, mem = min(5, 0xffffffff) = 5
            Enc.ld(13, 5, 0),
        ])
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 9], 5)
        XCTAssertEqual(r.hart[x: 10], 10)
        XCTAssertEqual(r.hart[x: 7], 10)
        XCTAssertEqual(r.hart[x: 8], 0)
        XCTAssertEqual(r.hart[x: 14], 1)
        XCTAssertEqual(r.hart[x: 12], 5)
        XCTAssertEqual(r.hart[x: 13], 5)
    }

    func testMisalignedAtomicStops() throws {
        let r = try GuestRunner([Enc.lui(5, 0x20), Enc.addi(5, 5, 4), Enc.amo(0, 3, 6, 5, 0)])
        XCTAssertEqual(r.run(), .misalignedAtomic(address: 0x20004))
    }

    func testFCSRRoundTripAndIllegalCSR() throws {
        let r = try GuestRunner([
            Enc.addi(5, 0, 0xff), Enc.csr(1, 6, 5, 0x003),  // csrrw x6, fcsr, x5 (old 0)
            Enc.csr(2, 7, 0, 0x002),                          // csrr x7, frm  -> 7
            Enc.csr(2, 8, 0, 0x001),                          // csrr x8, fflags -> 0x1f
            Enc.csr(7, 9, 1, 0x001),                          // csrrci x9, fflags, 1
            Enc.csr(2, 10, 0, 0xC02),                         // rdinstret
        ])
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 6], 0)
        XCTAssertEqual(r.hart[x: 7], 7)
        XCTAssertEqual(r.hart[x: 8], 0x1f)
        XCTAssertEqual(r.hart.fflags, 0x1e)
        XCTAssertEqual(r.hart[x: 10], 5, "instret counts the 5 instructions retired before it")
        let bad = try GuestRunner([Enc.csr(1, 0, 5, 0xC00)]) // write to read-only cycle
        if case .illegalInstruction = bad.run() {} else { XCTFail("expected illegal instruction") }
        XCTAssertEqual(bad.hart.pc, GuestRunner.codeBase)
    }

    func testIllegalInstructionStopsAtItsPc() throws {
        let r = try GuestRunner([Enc.addi(5, 0, 1), 0xffff_ffff])
        XCTAssertEqual(r.run(), .illegalInstruction(bits: 0xffff_ffff))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 4)
        XCTAssertEqual(r.hart[x: 5], 1)
    }

    func testFetchFromUnmappedMemory() throws {
        let r = try GuestRunner([Enc.lui(5, 0x40), Enc.jalr(0, 5, 0)])
        XCTAssertEqual(r.run(), .fetchFault(address: 0x40000))
    }

    func testSelfModifiedCodeIsInvalidatedAndRuns() throws {
        // Write "addi x7, x0, 42" over the slot after fence.i in a RWX page, then execute it.
        let m = try Machine()
        try m.memory.map(0x10000, length: 0x1000, protection: [.read, .write, .execute])
        let newWord = Enc.addi(7, 0, 42)
        let hi = newWord >> 12 + (newWord & 0x800 != 0 ? 1 : 0)
        let lo = Int32(bitPattern: newWord << 20) >> 20
        let words: [UInt32] = [
            Enc.jal(1, 36),                     // 0: call f (translates and runs the old f)
            Enc.lui(5, 0x10),                   // 1: x5 = 0x10000
            Enc.lui(6, hi), Enc.addiw(6, 6, lo), // 2-3: x6 = new instruction
            Enc.sw(6, 5, 36),                   // 4: overwrite f's first instruction
            Enc.fenceI,                         // 5
            Enc.jal(1, 12),                     // 6: call f again
            Enc.ecall,                          // 7
            Enc.addi(0, 0, 0),                  // 8
            Enc.addi(7, 0, 1),                  // 9: f: x7 = 1 (becomes x7 = 42)
            Enc.jalr(0, 1, 0),                  // 10: ret
        ]
        let bytes = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
        try bytes.withUnsafeBytes { try m.memory.writeInitial(0x10000, $0) }
        let h = Hart()
        h.pc = 0x10000
        XCTAssertEqual(m.run(h), .ecall)
        XCTAssertEqual(h[x: 7], 42)
        XCTAssertEqual(m.counters.fenceIs, 1)
        XCTAssertEqual(m.counters.invalidations[CodeChangeCause.guestStore.rawValue], 1)
        XCTAssertEqual(m.counters.blocksInvalidated, 3, "the entry block, f, and the block doing the store")
        XCTAssertEqual(h.retired, 12, "jal, f (2), 5 up to fence.i, jal, f (2), ecall: the faulting store retires once")
    }

    func testTinyTranslationBudgetEvictsAndStaysCorrect() throws {
        let r = try GuestRunner([Enc.addi(5, 0, 50), Enc.addi(6, 6, 3), Enc.jal(0, 4), Enc.addi(5, 5, -1),
                                 Enc.bne(5, 0, -12)])
        r.machine.translationBudget = 260 // bytes of IR: about one block
        r.machine.superblocks = false      // the block shapes below
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 6], 150)
        // Blocks (IR with the 32-byte header): A = 0x0-0x8 (160 bytes), B = 0xc-0x10 (128),
        // C = 0x4-0x8 (128), the ecall block (96). B evicts A; B + C fit (256); the ecall
        // block evicts both.
        XCTAssertEqual(r.machine.counters.evictions, 2)
        XCTAssertEqual(r.machine.counters.blocksEvicted, 3)
        XCTAssertEqual(r.machine.counters.translations, 4)
    }

    func testBudgetStopsRun() throws {
        let r = try GuestRunner([Enc.jal(0, 0)], appendEcall: false) // infinite loop
        r.machine.superblocks = false  // one-instruction blocks: the budget is met exactly
        XCTAssertEqual(r.run(maxInstructions: 1000), .budgetExhausted)
        XCTAssertEqual(r.hart.retired, 1000)
    }

    func testTwoMachinesAreIsolated() throws {
        let a = try GuestRunner([Enc.lui(5, 0x20), Enc.addi(6, 0, 1), Enc.sd(6, 5, 0)])
        let b = try GuestRunner([Enc.lui(5, 0x20), Enc.ld(7, 5, 0)])
        XCTAssertEqual(a.run(), .ecall)
        XCTAssertEqual(b.run(), .ecall)
        XCTAssertEqual(b.hart[x: 7], 0)
    }
}

/// The handler table assembled from per-file groups must match Ops.def order.
final class HandlerTableTests: XCTestCase {
    func testGroupsConcatenateInOpIdOrder() {
        XCTAssertEqual(OpTable.tableOrder, OpTable.idOrder)
        XCTAssertGreaterThan(OpTable.idOrder.count, 150)
    }
}
