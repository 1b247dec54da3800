import TernCore
import XCTest

/// V switched off for one hart (`Hart.vectorEnabled`: Linux's per-thread
/// prctl(PR_RISCV_V_SET_CONTROL)): its vector instructions and vector CSR
/// accesses stop with an illegal instruction at their pc, the scalar code
/// before them retired, under each engine, also in translations and native
/// code that a hart with V on made first and still runs.
final class VectorSwitchTests: XCTestCase {
    private static let vsetivli: UInt32 = 3 << 30 | 0xd0 << 20 | 4 << 15 | 7 << 12 | 5 << 7 | 0x57  // vsetivli x5, 4, e32, m1, ta, ma
    private static let vle32: UInt32 = 1 << 25 | 1 << 15 | 6 << 12 | 1 << 7 | 0x07                  // vle32.v v1, (x1)
    private static let vadd: UInt32 = 1 << 25 | 1 << 20 | 1 << 15 | 2 << 7 | 0x57                  // vadd.vv v2, v1, v1
    private static let vse32: UInt32 = 1 << 25 | 1 << 15 | 6 << 12 | 2 << 7 | 0x27                  // vse32.v v2, (x1)
    private static let vrgather: UInt32 = 0b001100 << 26 | 1 << 25 | 1 << 20 | 2 << 15 | 3 << 7 | 0x57  // vrgather.vv v3, v1, v2 (no native shape)
    private static let csrrVlenb: UInt32 = 0xc22 << 20 | 2 << 12 | 7 << 7 | 0x73                    // csrr x7, vlenb

    /// x8 += 1, then the vector ops, x9 += 1, csrr vlenb.
    private static let program: [UInt32] = [Enc.addi(8, 8, 1), vsetivli, vle32, vadd, vse32, vrgather,
                                            Enc.addi(9, 9, 1), csrrVlenb]

    /// A hart at `pc` with vl = 4 at e32 already set (so only the switch makes its ops illegal).
    private func hart(at pc: UInt64, vector: Bool) -> Hart {
        let h = Hart()
        h.pc = pc
        h[x: 1] = GuestRunner.dataBase
        h.vectorCSRs = VectorCSRs(vl: 4, vtype: 0xd0, vstart: 0, vxrm: 0, vxsat: 0)
        h.vectorEnabled = vector
        return h
    }

    func testVectorOffForOneHartOnly() throws {
        for engine in [Engine.threaded, .native] {
            let r = try GuestRunner(Self.program)
            XCTAssertTrue(r.machine.setEngine(engine))
            let on = hart(at: GuestRunner.codeBase, vector: true)
            for _ in 0..<3 { on.pc = GuestRunner.codeBase; XCTAssertEqual(r.machine.run(on, maxInstructions: 1000), .ecall, "\(engine)") }
            XCTAssertEqual(on[x: 5], 4)
            XCTAssertEqual(on[x: 7], 16)

            // The same translations, V off: the first vector op stops, x8's add retired.
            let off = hart(at: GuestRunner.codeBase, vector: false)
            XCTAssertEqual(r.machine.run(off, maxInstructions: 1000), .illegalInstruction(bits: Self.vsetivli), "\(engine)")
            XCTAssertEqual(off.pc, GuestRunner.codeBase + 4, "\(engine)")
            XCTAssertEqual(off[x: 8], 1, "\(engine)")
            XCTAssertEqual(off[x: 5], 0, "\(engine)")
            // Entering at each later vector op (a block of its own), and at the vector CSR read.
            for (k, word) in [(2, Self.vle32), (3, Self.vadd), (4, Self.vse32), (5, Self.vrgather), (7, Self.csrrVlenb)] {
                let h = hart(at: GuestRunner.codeBase + UInt64(4 * k), vector: false)
                XCTAssertEqual(r.machine.run(h, maxInstructions: 1000), .illegalInstruction(bits: word), "\(engine) at \(k)")
                XCTAssertEqual(h.pc, GuestRunner.codeBase + UInt64(4 * k), "\(engine) at \(k)")
            }
            // Switched on again, it runs them; the hart that had V keeps it.
            off.vectorEnabled = true
            XCTAssertEqual(r.machine.run(off, maxInstructions: 1000), .ecall, "\(engine)")
            XCTAssertEqual(off[x: 7], 16)
            on.pc = GuestRunner.codeBase
            XCTAssertEqual(r.machine.run(on, maxInstructions: 1000), .ecall, "\(engine)")
        }
    }
}
