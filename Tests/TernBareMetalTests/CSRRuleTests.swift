import XCTest
@testable import TernBareMetal

/// CSR access rules (existence, read-only, privilege, counter enables, TVM) and WARL writes.
final class CSRRuleTests: XCTestCase {
    private func write(_ s: inout PrivilegedState, _ csr: UInt32, _ value: UInt64) -> UInt64? {
        s.executeCSR(csr, writes: true, retired: 0) { _ in value }
    }
    private func read(_ s: inout PrivilegedState, _ csr: UInt32, retired: UInt64 = 0) -> UInt64? {
        s.executeCSR(csr, writes: false, retired: retired) { $0 }
    }

    func testExistenceAndReadOnlyAddresses() {
        var s = PrivilegedState()
        XCTAssertNil(read(&s, 0x7C0), "unknown CSR")
        XCTAssertNil(read(&s, 0x3A1), "odd pmpcfg does not exist on RV64")
        XCTAssertEqual(read(&s, 0xF14), 0)
        XCTAssertNil(write(&s, 0xF14, 1), "mhartid is read-only")
        XCTAssertNil(write(&s, 0xC00, 1), "cycle is read-only")
        XCTAssertEqual(read(&s, 0x301), PrivilegedState.misa)
        XCTAssertEqual(write(&s, 0x301, 0), PrivilegedState.misa, "misa writes are ignored")
        XCTAssertEqual(read(&s, 0x301), 0x8000_0000_0014_112D)
    }

    func testPrivilegeLevels() {
        var s = PrivilegedState()
        s.privilege = .supervisor
        XCTAssertNil(read(&s, 0x300), "mstatus from S")
        XCTAssertNotNil(read(&s, 0x100))
        s.privilege = .user
        XCTAssertNil(read(&s, 0x100), "sstatus from U")
        XCTAssertFalse(s.canAccess(0x140, write: false))
    }

    func testCounterEnables() {
        var s = PrivilegedState()
        s.privilege = .supervisor
        XCTAssertFalse(s.canAccess(0xC00, write: false))
        s.mcounteren = 1
        XCTAssertTrue(s.canAccess(0xC00, write: false))
        XCTAssertFalse(s.canAccess(0xC02, write: false))
        s.privilege = .user
        XCTAssertFalse(s.canAccess(0xC00, write: false))
        s.scounteren = 1
        XCTAssertTrue(s.canAccess(0xC00, write: false))
    }

    func testSatpUnderTVM() {
        var s = PrivilegedState()
        s.privilege = .supervisor
        XCTAssertTrue(s.canAccess(CSRNumber.satp, write: true))
        s.mstatus |= MStatus.tvm
        XCTAssertFalse(s.canAccess(CSRNumber.satp, write: false))
        s.privilege = .machine
        XCTAssertTrue(s.canAccess(CSRNumber.satp, write: true))
        _ = write(&s, CSRNumber.satp, 8 << 60 | 5)
        XCTAssertEqual(s.satp, 8 << 60 | 5, "Sv39")
        _ = write(&s, CSRNumber.satp, 10 << 60 | 7)
        XCTAssertEqual(s.satp, 8 << 60 | 5, "a write selecting Sv57 (not implemented) has no effect")
        _ = write(&s, CSRNumber.satp, 9 << 60 | 0xffff << 44 | 1 << 44 - 1)
        XCTAssertEqual(s.satp, 9 << 60 | 0xffff << 44 | 1 << 44 - 1, "Sv48, 16 ASID bits, 44 PPN bits")
    }

    func testSstcAccessAndSupervisorTimer() {
        var s = PrivilegedState()
        s.privilege = .supervisor
        XCTAssertFalse(s.canAccess(CSRNumber.stimecmp, write: true), "STCE clear")
        s.menvcfg |= PrivilegedState.MEnvCfg.stce
        XCTAssertFalse(s.canAccess(CSRNumber.stimecmp, write: true), "mcounteren.TM clear")
        s.mcounteren = 2
        XCTAssertTrue(s.canAccess(CSRNumber.stimecmp, write: true))
        s.stimecmp = 100
        s.updateDeviceInterrupts(retired: 99)
        XCTAssertEqual(s.mip & InterruptCause.supervisorTimer.bit, 0)
        s.updateDeviceInterrupts(retired: 100)
        XCTAssertEqual(s.mip & InterruptCause.supervisorTimer.bit, InterruptCause.supervisorTimer.bit)
        s.privilege = .machine
        _ = write(&s, 0x344, 0)
        XCTAssertEqual(s.mip & InterruptCause.supervisorTimer.bit, InterruptCause.supervisorTimer.bit, "STIP read-only under Sstc")
        s.mie = InterruptCause.supervisorTimer.bit
        s.stimecmp = 500
        XCTAssertEqual(s.nextTimerDeadline(retired: 200), 500)
    }

    func testWARLWrites() {
        var s = PrivilegedState()
        _ = write(&s, 0x300, .max)
        XCTAssertEqual(s.mstatus & MStatus.mpp, MStatus.mpp)
        XCTAssertEqual(read(&s, 0x300)! >> 63, 1, "SD follows FS = dirty")
        XCTAssertEqual(read(&s, 0x300)! & (MStatus.uxl | MStatus.sxl), 2 << 32 | 2 << 34)
        _ = write(&s, 0x300, 2 << 11)
        XCTAssertEqual(s.mstatus & MStatus.mpp, 0, "MPP = 2 legalises to U")
        _ = write(&s, 0x305, 0x8000_0003)
        XCTAssertEqual(s.mtvec, 0x8000_0001)
        _ = write(&s, 0x341, 0x8000_0003)
        XCTAssertEqual(s.mepc, 0x8000_0002)
        _ = write(&s, 0x302, .max)
        XCTAssertEqual(s.medeleg, 0xB3FF)
        _ = write(&s, 0x344, .max)
        XCTAssertEqual(s.mip, 0x222)
        _ = write(&s, 0x303, 0x2)
        XCTAssertEqual(read(&s, 0x144), 0x2, "sip shows delegated bits only")
        _ = write(&s, 0x144, 0)
        XCTAssertEqual(s.mip, 0x220, "sip writes reach only SSIP")
        _ = write(&s, 0x100, .max)
        XCTAssertEqual(s.mstatus & MStatus.mie, 0, "sstatus cannot set MIE")
    }

    func testFloatingPointStateIsTrackedConservatively() {
        var s = PrivilegedState()
        XCTAssertFalse(s.floatingPointEnabled, "FS is Off after reset")
        _ = write(&s, 0x300, 1 << 13)
        XCTAssertEqual(s.mstatus & MStatus.fs, MStatus.fs, "Initial reads back as Dirty")
        XCTAssertTrue(s.floatingPointEnabled)
        _ = write(&s, 0x100, 0)
        XCTAssertFalse(s.floatingPointEnabled, "sstatus can switch the FPU off")
        XCTAssertEqual(read(&s, 0x300)! >> 63, 0)
    }

    func testCountersFollowRetiredInstructions() {
        var s = PrivilegedState()
        XCTAssertEqual(read(&s, 0xB02, retired: 41), 41)
        _ = s.executeCSR(0xB02, writes: true, retired: 50) { _ in 1000 }
        XCTAssertEqual(read(&s, 0xB02, retired: 51), 1000, "the writing instruction does not count")
        XCTAssertEqual(read(&s, 0xC02, retired: 60), 1009)
        XCTAssertEqual(read(&s, 0xB00, retired: 60), 60)
    }
}
