import XCTest
@testable import TernBareMetal

/// Trap entry, mret/sret state transitions and interrupt selection.
final class TrapTests: XCTestCase {
    func testTrapTargetDirectAndVectored() {
        XCTAssertEqual(PrivilegedState.trapTarget(tvec: 0x8000_1000, cause: 2, interrupt: false), 0x8000_1000)
        XCTAssertEqual(PrivilegedState.trapTarget(tvec: 0x8000_1000, cause: 7, interrupt: true), 0x8000_1000)
        // Vectored: exceptions still go to BASE, interrupts to BASE + 4 * cause.
        XCTAssertEqual(PrivilegedState.trapTarget(tvec: 0x8000_1001, cause: 2, interrupt: false), 0x8000_1000)
        XCTAssertEqual(PrivilegedState.trapTarget(tvec: 0x8000_1001, cause: 1, interrupt: true), 0x8000_1004)
        XCTAssertEqual(PrivilegedState.trapTarget(tvec: 0x8000_1001, cause: 11, interrupt: true), 0x8000_102c)
    }

    func testMachineTrapFromUserStacksPrivilegeAndInterruptEnable() {
        var s = PrivilegedState()
        s.privilege = .user
        s.mtvec = 0x8000_0100
        s.mstatus |= MStatus.mie
        let target = s.enterTrap(cause: 8, interrupt: false, tval: 0, pc: 0x8000_2000)
        XCTAssertEqual(target, 0x8000_0100)
        XCTAssertEqual(s.privilege, .machine)
        XCTAssertEqual(s.mcause, 8)
        XCTAssertEqual(s.mepc, 0x8000_2000)
        XCTAssertEqual(s.mstatus & MStatus.mpp, 0)
        XCTAssertEqual(s.mstatus & (MStatus.mie | MStatus.mpie), MStatus.mpie)
    }

    func testDelegatedTrapGoesToSupervisorButNeverFromMachine() {
        var s = PrivilegedState()
        s.medeleg = 1 << 3
        s.stvec = 0x8000_0200
        s.mtvec = 0x8000_0100
        s.privilege = .supervisor
        s.mstatus |= MStatus.sie
        XCTAssertEqual(s.enterTrap(cause: 3, interrupt: false, tval: 0x8000_3000, pc: 0x8000_3000), 0x8000_0200)
        XCTAssertEqual(s.privilege, .supervisor)
        XCTAssertEqual(s.scause, 3)
        XCTAssertEqual(s.sepc, 0x8000_3000)
        XCTAssertEqual(s.stval, 0x8000_3000)
        XCTAssertEqual(s.mstatus & (MStatus.spp | MStatus.spie | MStatus.sie), MStatus.spp | MStatus.spie)
        XCTAssertEqual(s.mcause, 0)

        s.privilege = .machine
        XCTAssertEqual(s.enterTrap(cause: 3, interrupt: false, tval: 0, pc: 0x8000_4000), 0x8000_0100)
        XCTAssertEqual(s.mcause, 3)
        XCTAssertEqual(s.mstatus & MStatus.mpp, 3 << 11)
    }

    func testInterruptCauseHasTheTopBitSet() {
        var s = PrivilegedState()
        s.mtvec = 0x8000_0001
        XCTAssertEqual(s.enterTrap(cause: 1, interrupt: true, tval: 0, pc: 0x10), 0x8000_0004)
        XCTAssertEqual(s.mcause, 1 << 63 | 1)
    }

    func testMachineReturnRestoresTheStack() {
        var s = PrivilegedState()
        s.mepc = 0x8000_5000
        s.mstatus = MStatus.reset | MStatus.mpie | 1 << 11 | MStatus.mprv
        XCTAssertEqual(s.machineReturn(), 0x8000_5000)
        XCTAssertEqual(s.privilege, .supervisor)
        XCTAssertEqual(s.mstatus, MStatus.reset | MStatus.mie | MStatus.mpie)
        // From S-mode, mret is illegal and changes nothing.
        let before = s
        XCTAssertNil(s.machineReturn())
        XCTAssertEqual(s, before)
    }

    func testMachineReturnToMachineKeepsMPRV() {
        var s = PrivilegedState()
        s.mstatus = MStatus.reset | MStatus.mpp | MStatus.mprv
        XCTAssertEqual(s.machineReturn(), 0)
        XCTAssertEqual(s.privilege, .machine)
        XCTAssertEqual(s.mstatus, MStatus.reset | MStatus.mpie | MStatus.mprv)
    }

    func testSupervisorReturnRules() {
        var s = PrivilegedState()
        s.privilege = .supervisor
        s.sepc = 0x8000_6000
        s.mstatus = MStatus.reset | MStatus.spie
        XCTAssertEqual(s.supervisorReturn(), 0x8000_6000)
        XCTAssertEqual(s.privilege, .user)
        XCTAssertEqual(s.mstatus, MStatus.reset | MStatus.sie | MStatus.spie)
        XCTAssertNil(s.supervisorReturn(), "sret is illegal in U-mode")
        s.privilege = .supervisor
        s.mstatus |= MStatus.tsr
        XCTAssertNil(s.supervisorReturn(), "sret is illegal in S-mode with TSR")
        s.privilege = .machine
        s.mstatus |= MStatus.spp
        XCTAssertEqual(s.supervisorReturn(), 0x8000_6000)
        XCTAssertEqual(s.privilege, .supervisor)
    }

    func testWfiAndSfencePermissions() {
        var s = PrivilegedState()
        XCTAssertTrue(s.wfiAllowed && s.sfenceAllowed)
        s.privilege = .user
        XCTAssertFalse(s.wfiAllowed || s.sfenceAllowed)
        s.privilege = .supervisor
        XCTAssertTrue(s.wfiAllowed && s.sfenceAllowed)
        s.mstatus |= MStatus.tw | MStatus.tvm
        XCTAssertFalse(s.wfiAllowed || s.sfenceAllowed)
    }

    func testPendingInterruptEnablingAndPriority() {
        var s = PrivilegedState()
        s.mip = 0x222
        s.mie = 0x222
        XCTAssertNil(s.pendingInterrupt, "M-mode with MIE clear")
        s.mstatus |= MStatus.mie
        XCTAssertEqual(s.pendingInterrupt, .supervisorExternal)
        s.mideleg = 0x222
        XCTAssertNil(s.pendingInterrupt, "delegated interrupts are never taken in M-mode")
        s.privilege = .supervisor
        XCTAssertNil(s.pendingInterrupt, "S-mode with SIE clear")
        s.privilege = .user
        XCTAssertEqual(s.pendingInterrupt, .supervisorExternal)
        s.mideleg = 0x200
        XCTAssertEqual(s.pendingInterrupt, .supervisorSoftware, "undelegated interrupts win")
    }
}
