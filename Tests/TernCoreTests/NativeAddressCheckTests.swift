import XCTest
import TernCore
import TernISA

/// The range checks native code leaves out (`NativeAddressChecks`): an access
/// through a base register checked before, at a nearby offset, faults in the
/// guard around the guest space at its exact guest address; every other
/// write of the base register makes the next access check again.
final class NativeAddressCheckTests: XCTestCase {
    private static let top = GuestMemory.size - 4096

    /// Runs `words` under `engine` with a read-write page at the top of the
    /// guest space and one at guest address 0.
    private func run(_ words: [UInt32], _ engine: Engine) throws
        -> (stop: StopReason, pc: UInt64, x: [UInt64], retired: UInt64, fallbacks: Int) {
        let r = try GuestRunner(words)
        XCTAssertTrue(r.machine.setEngine(engine))
        try r.machine.memory.map(Self.top, length: 4096, protection: [.read, .write])
        try r.machine.memory.map(0, length: 4096, protection: [.read, .write])
        try r.machine.memory.write(GuestMemory.size - 8, [1, 2, 3, 4, 5, 6, 7, 8] as [UInt8])
        try r.machine.memory.write(0, [UInt8](repeating: 9, count: 8))
        let stop = r.run()
        return (stop, r.hart.pc, (0..<32).map { r.hart[x: $0] }, r.machine.counters.retired,
                Int(r.machine.counters.native.fallbacks))
    }

    /// Native and threaded runs agree (stop, pc, registers, retired count),
    /// and the native one stops as `expected`.
    private func check(_ words: [UInt32], _ expected: StopReason, file: StaticString = #filePath, line: UInt = #line) throws {
        let native = try run(words, .native)
        let threaded = try run(words, .threaded)
        XCTAssertEqual(native.stop, expected, file: file, line: line)
        XCTAssertEqual(native.stop, threaded.stop, file: file, line: line)
        XCTAssertEqual(native.pc, threaded.pc, file: file, line: line)
        XCTAssertEqual(native.x, threaded.x, file: file, line: line)
        XCTAssertEqual(native.retired, threaded.retired, file: file, line: line)
    }

    /// x5 = 2^38 + delta.
    private func top(_ delta: Int32) -> [UInt32] {
        [Enc.lui(5, 0x40000), Enc.slli(5, 5, 8), Enc.addi(5, 5, delta)]
    }

    func testUncheckedAccessPastTheEndFaultsAtItsAddress() throws {
        // ld x6, 0(x5) is checked; ld x7, 8(x5) is not and lands in the guard.
        try check(top(-8) + [Enc.ld(6, 5, 0), Enc.ld(7, 5, 8)], .loadFault(address: 1 << 38))
    }

    func testCheckFollowsConstantAdds() throws {
        // x5 += 16 keeps the fact (shifted): sd 0(x5) is unchecked, faults at 2^38.
        try check(top(-16) + [Enc.ld(6, 5, 0), Enc.addi(5, 5, 16), Enc.sd(6, 5, 0)], .storeFault(address: 1 << 38))
        // A copy keeps it too.
        try check(top(-8) + [Enc.ld(6, 5, 0), Enc.addi(7, 5, 0), Enc.ld(8, 7, 8)], .loadFault(address: 1 << 38))
    }

    func testUncheckedAccessBelowZeroFaultsAtItsWrappedAddress() throws {
        try check([Enc.addi(5, 0, 8), Enc.ld(6, 5, 0), Enc.ld(7, 5, -16)], .loadFault(address: .max - 7))
    }

    func testFirstCheckIsOnTheEffectiveAddress() throws {
        // x5 lies outside the space but x5 - 16 inside: a load, no fault.
        let words = top(8) + [Enc.ld(6, 5, -16), Enc.sd(6, 5, -16)]
        let native = try run(words, .native)
        XCTAssertEqual(native.x[6], 0x0807_0605_0403_0201)
        XCTAssertEqual(native.pc, GuestRunner.codeBase + 20)
        try check(words, native.stop)
    }

    func testOtherWritesOfTheBaseCheckAgain() throws {
        // After the checked load, x5 gets a far value: lui, a load, an ALU op,
        // a copy of an unchecked register, an inline division, a body call (orc.b):
        // each next access
        // is checked and traps, never touching the host outside the space.
        let checked = [Enc.lui(5, 0x20), Enc.ld(6, 5, 0)]
        let far: UInt64 = 0xffff_ffff_8000_0000
        try check(checked + [Enc.lui(5, 0x80000), Enc.ld(7, 5, 0)], .loadFault(address: far))
        try check(checked + [Enc.lui(9, 0x80000), Enc.sd(9, 5, 0), Enc.ld(5, 5, 0), Enc.ld(7, 5, 0)], .loadFault(address: far))
        try check(checked + [Enc.lui(9, 0x80000), Enc.add(5, 5, 9), Enc.sd(6, 5, 0)], .storeFault(address: far + 0x20000))
        try check(checked + [Enc.lui(9, 0x80000), Enc.addi(5, 9, 0), Enc.ld(7, 5, 0)], .loadFault(address: far))
        try check(checked + [Enc.lui(9, 0x80000), Enc.addi(10, 0, 1), Enc.div(5, 9, 10), Enc.ld(7, 5, 0)],
                  .loadFault(address: far))
        let orcB = Encoder.encode(Instruction(opcode: .orcB, rd: 5, rs1: 9))  // a body call
        try check(checked + [Enc.lui(9, 0x80000), orcB, Enc.ld(7, 5, 0)], .loadFault(address: 0xffff_ffff_ff00_0000))
    }

    func testLoopKeepsNoFactAroundItsBackEdge() throws {
        // x5 walks up by 4 KiB per iteration from the top page: the second
        // iteration's access must be checked again (2^38, outside the space).
        let loop = [Enc.ld(6, 5, 0), Enc.lui(7, 1), Enc.add(5, 5, 7), Enc.jal(0, -12)]
        try check([Enc.lui(5, 0x40000), Enc.slli(5, 5, 8), Enc.lui(7, 1), Enc.sub(5, 5, 7)] + loop,
                  .loadFault(address: 1 << 38))
    }

    /// `setup`, x9 = 1, then an indirect jump (x8) into `loop`, which is then
    /// a block of its own entered at its chain entry.
    private func enter(_ setup: [UInt32], _ loop: [UInt32]) -> [UInt32] {
        let head = Int32(4 * (setup.count + 4))
        return setup + [Enc.addi(9, 0, 1), Enc.lui(8, 0x10), Enc.addi(8, 8, head), Enc.jalr(0, 8, 0)] + loop
    }

    /// ld x6, 0(x5); addi x5, x5, step; back to the ld while x5 != x9 (1): a
    /// loop (one block branching to itself) whose base register moves by a constant.
    private func walk(_ step: Int32) -> [UInt32] { [Enc.ld(6, 5, 0), Enc.addi(5, 5, step), Enc.bne(5, 9, -8)] }

    func testLoopChecksItsBaseOnceAtTheEntry() throws {
        // Up by 8 from 16 below the top: the entry check covers the first
        // iteration, the guard the later ones; the third load faults at 2^38.
        try check(enter(top(-16), walk(8)), .loadFault(address: 1 << 38))
        // Down by 8 from 8: the third load faults below 0.
        try check(enter([Enc.addi(5, 0, 8)], walk(-8)), .loadFault(address: .max - 7))
        // A loop-invariant base (x7) and a store through it, then up by 4 KiB from the top page.
        let loop = [Enc.ld(6, 5, 0), Enc.sd(6, 7, 8), Enc.addi(5, 5, 2047), Enc.addi(5, 5, 2049), Enc.bne(5, 9, -16)]
        try check(enter([Enc.lui(7, 0x20)] + top(-4096), loop), .loadFault(address: 1 << 38))
    }

    func testLoopEnteredOutsideTheSpaceRunsThreaded() throws {
        // x5 = 2^39: the entry check fails, the block runs in the threaded
        // engine from its first op and faults at its load.
        let far = enter([Enc.addi(5, 0, 1), Enc.slli(5, 5, 39)], walk(8))
        try check(far, .loadFault(address: 1 << 39))
        XCTAssertEqual(try run(far, .native).fallbacks, 1)
        XCTAssertEqual(try run(enter(top(-16), walk(8)), .native).fallbacks, 0)
        // A base moved by a register is checked in every iteration: the second load is 2^39 away.
        try check(enter([Enc.lui(5, 0x20), Enc.addi(7, 0, 1), Enc.slli(7, 7, 39)],
                        [Enc.ld(6, 5, 0), Enc.add(5, 5, 7), Enc.bne(5, 9, -8)]),
                  .loadFault(address: 0x20000 + 1 << 39))
    }
}
