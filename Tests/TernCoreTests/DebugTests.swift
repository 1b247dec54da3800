import XCTest
import TernCore

/// Breakpoints, single steps and watchpoints (Machine+Debug.swift) under every engine.
final class DebugTests: XCTestCase {
    /// x5 = 10; loop: x6 += 1; x5 -= 1; bne x5, x0, loop; then a store to the data page.
    static let loop: [UInt32] = [
        Enc.addi(5, 0, 10), Enc.addi(6, 6, 1), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8),
        Enc.lui(7, 0x20), Enc.sw(6, 7, 0x10), Enc.lw(8, 7, 0x10), Enc.sw(6, 7, 0x7f0),
    ]
    static let engines: [Engine] = Engine.nativeAvailable ? [.threaded, .native, .auto] : [.threaded]

    private func runner(_ engine: Engine) throws -> GuestRunner {
        let r = try GuestRunner(Self.loop)
        XCTAssertTrue(r.machine.setEngine(engine))
        return r
    }

    func testBreakpointStopsBeforeTheInstructionEveryTime() throws {
        for engine in Self.engines {
            let r = try runner(engine)
            let loopBody = GuestRunner.codeBase + 4
            r.machine.insertBreakpoint(loopBody)
            for iteration in 0 ..< 10 {
                XCTAssertEqual(r.run(), .debug(.breakpoint), "\(engine) iteration \(iteration)")
                XCTAssertEqual(r.hart.pc, loopBody)
                XCTAssertEqual(r.hart[x: 6], UInt64(iteration), "\(engine): the instruction at the breakpoint has not run")
                XCTAssertEqual(r.machine.step(r.hart), .budgetExhausted)  // step over it, as gdb does
                XCTAssertEqual(r.hart[x: 6], UInt64(iteration + 1))
            }
            r.machine.removeBreakpoint(loopBody)
            XCTAssertEqual(r.run(), .ecall, "\(engine)")
            XCTAssertEqual(r.hart[x: 6], 10)
        }
    }

    func testBreakpointRetranslatesOnlyTheBlocksContainingIt() throws {
        let r = try runner(.threaded)
        XCTAssertEqual(r.run(), .ecall)
        let before = r.machine.counters.translations
        r.hart.pc = GuestRunner.codeBase + 4
        r.hart[x: 5] = 3
        // The breakpoint is in the tail block (after the loop): the loop block stays cached.
        r.machine.insertBreakpoint(GuestRunner.codeBase + 20)
        XCTAssertEqual(r.run(), .debug(.breakpoint))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 20)
        // Retranslated: the tail up to the breakpoint, and the breakpoint block; not the loop.
        XCTAssertEqual(r.machine.counters.translations - before, 2)
    }

    func testStepRunsExactlyOneInstructionUnderEveryEngine() throws {
        for engine in Self.engines {
            let r = try runner(engine)
            var pcs: [UInt64] = []
            for _ in 0 ..< 8 {
                XCTAssertEqual(r.machine.step(r.hart), .budgetExhausted)
                pcs.append(r.hart.pc - GuestRunner.codeBase)
            }
            XCTAssertEqual(pcs, [4, 8, 12, 4, 8, 12, 4, 8], "\(engine)")
            XCTAssertEqual(r.hart.retired, 8)
        }
    }

    func testStepStopsAtAnEcallWithoutRunningPastIt() throws {
        let r = try GuestRunner([Enc.addi(5, 0, 1)])
        XCTAssertEqual(r.machine.step(r.hart), .budgetExhausted)
        XCTAssertEqual(r.machine.step(r.hart), .ecall)
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 4)
    }

    func testWriteWatchpointReportsTheStoreBeforeItRuns() throws {
        for engine in Self.engines {
            let r = try runner(engine)
            let w = Watchpoint(address: GuestRunner.dataBase + 0x10, length: 4, kind: .write)
            r.machine.insertWatchpoint(w)
            XCTAssertEqual(r.run(), .debug(.watchpoint(address: w.address, kind: .write)), "\(engine)")
            XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 20, "\(engine): stopped at the store")
            XCTAssertEqual(try r.machine.memory.load(w.address, as: UInt32.self), 0, "\(engine): not yet stored")
            // The load of the same word (a read) and the store to another word of the page go on.
            r.machine.removeWatchpoint(w)
            XCTAssertEqual(r.machine.step(r.hart), .budgetExhausted)
            r.machine.insertWatchpoint(w)
            XCTAssertEqual(r.run(), .ecall, "\(engine)")
            XCTAssertEqual(r.hart[x: 8], 10)
            XCTAssertEqual(try r.machine.memory.load(GuestRunner.dataBase + 0x7f0, as: UInt32.self), 10)
        }
    }

    func testReadWatchpointIgnoresStoresAndAccessWatchpointCatchesBoth() throws {
        for engine in Self.engines {
            let r = try runner(engine)
            let address = GuestRunner.dataBase + 0x10
            r.machine.insertWatchpoint(Watchpoint(address: address, length: 4, kind: .read))
            XCTAssertEqual(r.run(), .debug(.watchpoint(address: address, kind: .read)), "\(engine)")
            XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 24, "\(engine): the load, not the store before it")
            XCTAssertEqual(try r.machine.memory.load(address, as: UInt32.self), 10)

            let s = try runner(engine)
            s.machine.insertWatchpoint(Watchpoint(address: address + 2, length: 1, kind: .access))
            XCTAssertEqual(s.run(), .debug(.watchpoint(address: address + 2, kind: .access)), "\(engine)")
            XCTAssertEqual(s.hart.pc, GuestRunner.codeBase + 20, "\(engine): the store overlaps byte 2")
        }
    }

    func testDebuggerMemoryAccessSeesThroughWatchedPagesAndDropsStaleCode() throws {
        let r = try runner(.threaded)
        let address = GuestRunner.dataBase + 0x40
        r.machine.insertWatchpoint(Watchpoint(address: address, length: 8, kind: .access))
        XCTAssertTrue(r.machine.memory.debugWrite(address, [1, 2, 3]))
        XCTAssertEqual(r.machine.memory.debugRead(address, count: 3), [1, 2, 3])
        XCTAssertNil(r.machine.memory.debugRead(0x5000, count: 1), "unmapped")
        XCTAssertFalse(r.machine.memory.debugWrite(GuestRunner.codeBase, [0]), "read-only code stays read-only")
        XCTAssertEqual(r.run(), .ecall)
    }
}
