import XCTest
import TernCore

/// The range checks native code leaves out (`NativeAddressChecks`): an access
/// through a base register checked before, at a nearby offset, faults in the
/// guard around the guest space at its exact guest address; every other
/// write of the base register makes the next access check again.
final class NativeAddressCheckTests: XCTestCase {
    private static let top = GuestMemory.size - 4096

    /// Runs `words` under `engine` with a read-write page at the top of the
    /// guest space and one at guest address 0.
    private func run(_ words: [UInt32], _ engine: Engine) throws -> (stop: StopReason, pc: UInt64, x: [UInt64], retired: UInt64) {
        let r = try GuestRunner(words)
        XCTAssertTrue(r.machine.setEngine(engine))
        try r.machine.memory.map(Self.top, length: 4096, protection: [.read, .write])
        try r.machine.memory.map(0, length: 4096, protection: [.read, .write])
        try r.machine.memory.write(GuestMemory.size - 8, [1, 2, 3, 4, 5, 6, 7, 8] as [UInt8])
        try r.machine.memory.write(0, [UInt8](repeating: 9, count: 8))
        let stop = r.run()
        return (stop, r.hart.pc, (0..<32).map { r.hart[x: $0] }, r.machine.counters.retired)
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
        // a copy of an unchecked register, a body call (div): each next access
        // is checked and traps, never touching the host outside the space.
        let checked = [Enc.lui(5, 0x20), Enc.ld(6, 5, 0)]
        let far: UInt64 = 0xffff_ffff_8000_0000
        try check(checked + [Enc.lui(5, 0x80000), Enc.ld(7, 5, 0)], .loadFault(address: far))
        try check(checked + [Enc.lui(9, 0x80000), Enc.sd(9, 5, 0), Enc.ld(5, 5, 0), Enc.ld(7, 5, 0)], .loadFault(address: far))
        try check(checked + [Enc.lui(9, 0x80000), Enc.add(5, 5, 9), Enc.sd(6, 5, 0)], .storeFault(address: far + 0x20000))
        try check(checked + [Enc.lui(9, 0x80000), Enc.addi(5, 9, 0), Enc.ld(7, 5, 0)], .loadFault(address: far))
        try check(checked + [Enc.lui(9, 0x80000), Enc.addi(10, 0, 1), Enc.div(5, 9, 10), Enc.ld(7, 5, 0)],
                  .loadFault(address: far))
    }

    func testLoopKeepsNoFactAroundItsBackEdge() throws {
        // x5 walks up by 4 KiB per iteration from the top page: the second
        // iteration's access must be checked again (2^38, outside the space).
        let loop = [Enc.ld(6, 5, 0), Enc.lui(7, 1), Enc.add(5, 5, 7), Enc.jal(0, -12)]
        try check([Enc.lui(5, 0x40000), Enc.slli(5, 5, 8), Enc.lui(7, 1), Enc.sub(5, 5, 7)] + loop,
                  .loadFault(address: 1 << 38))
    }
}
