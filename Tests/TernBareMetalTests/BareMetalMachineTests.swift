import XCTest
import TernCore
import TernISA
@testable import TernBareMetal

/// Runs small hand-assembled machine-mode programs (no ELF needed).
final class BareMetalMachineTests: XCTestCase {
    static let base: UInt64 = 0x8000_0000
    static let tohost: UInt64 = 0x8000_1000

    /// ecall from M-mode traps to mtvec; the handler reports mcause through tohost.
    static let ecallProgram: [UInt32] = [
        0x0000_0297, // auipc t0, 0
        0x0202_8293, // addi  t0, t0, 32      (handler)
        0x3052_9073, // csrw  mtvec, t0
        0xf140_2673, // csrr  a2, mhartid
        0x0000_0073, // ecall                 (0x80000010)
        0x0000_0013, 0x0000_0013, 0x0000_0013,
        0x3420_2573, // handler: csrr a0, mcause
        0x3410_26f3, // csrr  a3, mepc
        0x0015_1593, // slli  a1, a0, 1
        0x0015_e593, // ori   a1, a1, 1
        0x0000_1317, // auipc t1, 1
        0xfd03_0313, // addi  t1, t1, -48     (tohost)
        0x00b3_3023, // sd    a1, 0(t1)
        0x0000_006f, // j     .
    ]

    private func makeMachine(_ program: [UInt32], tohost: UInt64? = tohost, cpu: String = "max") throws -> BareMetalMachine {
        let machine = try Machine()
        machine.extensions = try CPUConfiguration.parse(cpu).extensions
        try machine.memory.map(Self.base, length: 0x2000, protection: [.read, .write, .execute])
        let bytes = program.flatMap { w in (0 ..< 4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        try bytes.withUnsafeBytes { try machine.memory.writeInitial(Self.base, $0) }
        return try BareMetalMachine(machine: machine,
                                    image: BareMetalImage(entry: Self.base, tohost: tohost, fromhost: nil),
                                    console: { _, _ in })
    }

    /// `--cpu` in bare-metal mode: an instruction outside the model raises an illegal
    /// instruction exception (mcause 2); misa names the model's single letters.
    func testTheCPUModelGatesInstructionsAndMisa() throws {
        var program = Self.ecallProgram
        program[4] = 0x20c5_a533      // sh1add a0, a1, a2 (Zba)
        XCTAssertEqual(try makeMachine(program, cpu: "rv64gc").run(maxInstructions: 1000), .tohost(code: 2))
        XCTAssertEqual(try makeMachine(program, cpu: "rva22u64").run(maxInstructions: 1000), .tohost(code: 0))
        program[4] = 0xf010_8553      // fli.s fa0, min (Zfa: RVA23)
        XCTAssertEqual(try makeMachine(program, cpu: "rva22u64").run(maxInstructions: 1000), .tohost(code: 2))
        XCTAssertEqual(try makeMachine(program, cpu: "rva23u64").run(maxInstructions: 1000), .tohost(code: 0))
        let imafdcsu: UInt64 = 0x8000_0000_0014_112D
        XCTAssertEqual(PrivilegedState.misa(for: try CPUConfiguration.parse("rv64gc").extensions), imafdcsu)
        XCTAssertEqual(PrivilegedState.misa(for: try CPUConfiguration.parse("rv64gc,c=false").extensions), imafdcsu & ~4)
        XCTAssertEqual(PrivilegedState.misa(for: try CPUConfiguration.parse("rv64gc,d=false,f=false").extensions),
                       imafdcsu & ~(1 << 3 | 1 << 5))
    }

    func testEcallFromMachineModeReachesTheHandlerAndTohostEndsTheRun() throws {
        let m = try makeMachine(Self.ecallProgram)
        XCTAssertEqual(m.run(maxInstructions: 1000), .tohost(code: 11))
        XCTAssertEqual(m.hart[x: 13], 0x8000_0010, "mepc is the ecall")
        XCTAssertEqual(m.hart[x: 12], 0, "mhartid")
        XCTAssertEqual(m.state.privilege, .machine)
        XCTAssertEqual(m.state.mstatus & MStatus.mpp, MStatus.mpp)
        XCTAssertEqual(try m.machine.memory.load(Self.tohost, as: UInt64.self), 23)
        // 4 before the ecall (which traps and does not retire), 7 in the handler with the store.
        XCTAssertEqual(m.hart.retired, 11)
    }

    func testInstructionLimitStopsASpinningProgram() throws {
        let m = try makeMachine([0x0000_006f])  // j .
        XCTAssertEqual(m.run(maxInstructions: 500), .instructionLimit(retired: 500))
        XCTAssertEqual(BareMetalOutcome.instructionLimit(retired: 500).exitStatus, 124)
    }

    func testTrapToAnUnmappedVectorIsReportedNotLooped() throws {
        let m = try makeMachine([0x0000_0073])  // ecall with mtvec = 0
        XCTAssertEqual(m.run(maxInstructions: 1000), .trapLoop(pc: 0, cause: 1))
    }

    func testPrivilegedInstructionsExitTheEngineOnlyInBareMode() throws {
        let machine = try Machine()
        try machine.memory.map(Self.base, length: 0x1000, protection: [.read, .write, .execute])
        let mret: [UInt8] = [0x73, 0x00, 0x20, 0x30]
        try mret.withUnsafeBytes { try machine.memory.writeInitial(Self.base, $0) }
        let hart = Hart()
        hart.pc = Self.base
        XCTAssertEqual(machine.run(hart), .illegalInstruction(bits: 0x3020_0073))
        machine.systemInstructions = .exit
        hart.pc = Self.base
        XCTAssertEqual(machine.run(hart), .system(bits: 0x3020_0073))
        XCTAssertEqual(hart.pc, Self.base)
    }

    func testFloatingPointInstructionsExitOnlyWithTheFPUOff() throws {
        let machine = try Machine()
        try machine.memory.map(Self.base, length: 0x1000, protection: [.read, .write, .execute])
        let fadd: [UInt8] = [0xd3, 0xf0, 0x10, 0x02, 0x6f, 0x00, 0x00, 0x00]  // fadd.d f1, f1, f1; j .
        try fadd.withUnsafeBytes { try machine.memory.writeInitial(Self.base, $0) }
        let hart = Hart()
        hart.pc = Self.base
        machine.systemInstructions = .exitWithFPUOff
        XCTAssertEqual(machine.run(hart), .system(bits: 0x0210_f0d3))
        machine.systemInstructions = .exit
        hart[f: 1] = 0x4000_0000_0000_0000
        XCTAssertEqual(machine.run(hart, maxInstructions: 10), .budgetExhausted)
        XCTAssertEqual(hart[f: 1], 0x4010_0000_0000_0000)
    }

    func testExitStatusNeverLooksLikeAPass() {
        XCTAssertEqual(BareMetalOutcome.tohost(code: 0).exitStatus, 0)
        XCTAssertNil(BareMetalOutcome.tohost(code: 0).message)
        XCTAssertEqual(BareMetalOutcome.tohost(code: 256).exitStatus, 255)
        XCTAssertEqual(BareMetalOutcome.tohost(code: 7).message, "tern: bare-metal test failed: TESTNUM 7")
    }
}
