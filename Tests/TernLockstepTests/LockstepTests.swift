import XCTest
import TernCore
import TernISA
import TernLinux
@testable import TernLockstep
import TernReference
#if canImport(Glibc)
import Glibc
#endif

/// The lockstep checker over real guests: no divergence on the samples, and a
/// deliberately injected reference bug is found at the right pc and register.
final class LockstepTests: XCTestCase {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    private func sample(_ name: String) -> String { Self.root + "/Samples/out/" + name }

    func testSamplesShowNoDivergence() throws {
        let expected: [(String, ProcessExit)] = [
            ("hello", .exited(0)), ("float", .exited(0)), ("atomics", .exited(0)), ("strings", .exited(0)),
            ("setjmp", .exited(0)), ("exitcode", .exited(42)), ("stdin", .exited(0)),
        ]
        for (name, exit) in expected {
            let (checker, outcome) = try LockstepRun.check(sample(name))
            XCTAssertEqual(outcome, .agreed(exit), name)
            XCTAssertGreaterThan(checker.blocks, 1000, name)
            XCTAssertGreaterThan(checker.syscalls, 5, name)
            XCTAssertEqual(checker.reference.retired, checker.process.hart.retired, name)
        }
    }

    func testGuestFaultIsReportedByBothSides() throws {
        let (_, outcome) = try LockstepRun.check(sample("bad/wildptr"))
        guard case .agreed(.signaled(let sig, _)) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(sig, 11)
    }

    func testInjectedFaultIsFoundAtItsPcAndRegister() throws {
        let path = try GuestAssembler.build("""
            .option norvc
            .globl _start
            _start:
                li a0, 5
                li a1, 7
            faulty:
                add a2, a0, a1
                addi a0, a2, 0
                li a7, 93
                ecall
            """)
        let (clean, cleanOutcome) = try LockstepRun.check(path)
        XCTAssertEqual(cleanOutcome, .agreed(.exited(12)))
        XCTAssertEqual(clean.process.hart.retired, 6)

        let (_, outcome) = try LockstepRun.check(path, fault: InjectedFault(opcode: .add, xorMask: 1))
        guard case .diverged(let d) = outcome else { return XCTFail("injected fault not found: \(outcome)") }
        let faulty = try XCTUnwrap(ELFSymbols(path: path).symbols.first { $0.name == "faulty" }?.address)
        XCTAssertEqual(d.pc, faulty)
        XCTAssertEqual(d.disassembly, "add\ta2,a0,a1")
        XCTAssertEqual(d.retiredBefore, 0)
        XCTAssertEqual(d.registers, [
            RegisterDifference(name: "x10 (a0)", engine: 12, reference: 13),
            RegisterDifference(name: "x12 (a2)", engine: 12, reference: 13),
        ])
        XCTAssertTrue(d.report.hasPrefix("tern: lockstep divergence at pc 0x\(String(faulty, radix: 16)): add a2,a0,a1\n"), d.report)
        XCTAssertTrue(d.report.contains("  x12 (a2): engine 0xc, reference 0xd"), d.report)
    }

    func testInjectedStoreFaultIsFoundAsMemoryDifference() throws {
        // The perturbed value is stored; registers are rewritten before the block ends.
        let path = try GuestAssembler.build("""
            .option norvc
            .globl _start
            _start:
                addi sp, sp, -16
                li a0, 40
            faulty:
                addiw a1, a0, 2
                sd a1, 8(sp)
                li a1, 0
                ld a2, 8(sp)
                li a2, 0
                li a0, 0
                li a7, 93
                ecall
            """)
        let (_, outcome) = try LockstepRun.check(path, fault: InjectedFault(opcode: .addiw, xorMask: 0x100))
        guard case .diverged(let d) = outcome else { return XCTFail("injected fault not found: \(outcome)") }
        let store = try XCTUnwrap(ELFSymbols(path: path).symbols.first { $0.name == "faulty" }?.address) + 4
        XCTAssertEqual(d.pc, store)
        XCTAssertEqual(d.disassembly, "sd\ta1,8(sp)")
        XCTAssertEqual(d.registers, [])
        XCTAssertEqual(d.memory.count, 1)
        XCTAssertEqual(d.memory.first?.engine, 0x00)
        XCTAssertEqual(d.memory.first?.reference, 0x01)
    }

    func testInjectedFaultInARealProgramIsBlamedOnThatInstruction() throws {
        let (_, outcome) = try LockstepRun.check(sample("matrix"), fault: InjectedFault(opcode: .mul, xorMask: 4))
        guard case .diverged(let d) = outcome else { return XCTFail("injected fault not found: \(outcome)") }
        XCTAssertTrue(d.disassembly.hasPrefix("mul\t"), d.report)
        XCTAssertTrue(d.registers.contains { $0.engine ^ $0.reference == 4 }, d.report)
    }

    func testInjectedFloatingPointFaultIsFound() throws {
        let (_, outcome) = try LockstepRun.check(sample("matrix"), fault: InjectedFault(opcode: .fmaddD, xorMask: 1))
        guard case .diverged(let d) = outcome else { return XCTFail("injected fault not found: \(outcome)") }
        XCTAssertTrue(d.disassembly.hasPrefix("fmadd.d\t"), d.report)
        XCTAssertEqual(d.registers.count, 1, d.report)
        XCTAssertTrue(d.registers[0].name.hasPrefix("f"), d.report)
        XCTAssertEqual(d.registers[0].engine ^ d.registers[0].reference, 1, d.report)
    }

    func testDifferentStopsAreADivergence() throws {
        // The perturbed pointer makes only the reference fault, inside the block.
        let path = try GuestAssembler.build("""
            .option norvc
            .option norelax
            .globl _start
            _start:
                lla a0, buffer
            faulty:
                add a1, a0, zero
                ld a2, 0(a1)
                li a0, 0
                li a7, 93
                ecall
            .data
            buffer: .8byte 7
            """)
        let (_, outcome) = try LockstepRun.check(path, fault: InjectedFault(opcode: .add, xorMask: 1 << 36))
        guard case .diverged(let d) = outcome else { return XCTFail("injected fault not found: \(outcome)") }
        let symbols = try ELFSymbols(path: path)
        let faulty = try XCTUnwrap(symbols.symbols.first { $0.name == "faulty" }?.address)
        let buffer = try XCTUnwrap(symbols.symbols.first { $0.name == "buffer" }?.address)
        XCTAssertEqual(d.pc, faulty)
        XCTAssertEqual(d.stops, "engine ecall, reference loadFault(address: \(buffer | 1 << 36))")
        XCTAssertEqual(d.registers.first, RegisterDifference(name: "x10 (a0)", engine: 0, reference: buffer))
        XCTAssertTrue(d.registers.contains(RegisterDifference(name: "x11 (a1)", engine: buffer, reference: buffer | 1 << 36)))
    }

    func testSelfModifyingCodeAgrees() throws {
        // Writes `li a0, N; ret` into an RWX page three times (the last without
        // fence.i, caught by the engine's write-protected code pages) and calls it.
        let path = try GuestAssembler.build("""
            .globl _start
            _start:
                li a0, 0
                li a1, 4096
                li a2, 7
                li a3, 0x22
                li a4, -1
                li a5, 0
                li a7, 222
                ecall
                mv s0, a0
                li t0, 0x00100513
                sw t0, 0(s0)
                li t0, 0x00008067
                sw t0, 4(s0)
                fence.i
                jalr s0
                mv s1, a0
                li t0, 0x00200513
                sw t0, 0(s0)
                fence.i
                jalr s0
                add s1, s1, a0
                li t0, 0x00400513
                sw t0, 0(s0)
                jalr s0
                add a0, s1, a0
                li a7, 93
                ecall
            """)
        let (checker, outcome) = try LockstepRun.check(path)
        XCTAssertEqual(outcome, .agreed(.exited(7)))
        XCTAssertEqual(checker.syscalls, 2)
    }

    func testClockReadsAreAdoptedNotReported() throws {
        let path = try GuestAssembler.build("""
            .globl _start
            _start:
                rdtime a0
                rdtime a1
                sltu a0, a1, a0
                li a7, 93
                ecall
            """)
        let (checker, outcome) = try LockstepRun.check(path)
        XCTAssertEqual(outcome, .agreed(.exited(0)))  // time never runs backwards
        XCTAssertEqual(checker.clockResyncs, 1)
    }
}
