import XCTest
@testable import TernCore
import CoreGlue

/// Linked compositions (TernSpec/Linking.swift): a fused op whose records read
/// registers earlier records (or the previous op) wrote runs as the linked
/// variant whose edges all hold. Each test checks the translator's choice and
/// that the threaded and native engines give the sequential results.
final class LinkingTests: XCTestCase {
    private static func sltu(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.r(0, b, a, 3, rd, 0x33) }
    private static let sp: UInt64 = GuestRunner.dataBase + 1024
    private static let table: UInt64 = GuestRunner.dataBase + 64

    /// fsm's inner loop body (Bench/kernels/fsm.c, gcc -O2): four compositions.
    /// `mvTarget` is the register the second instruction writes (a4 in the
    /// kernel; a0 breaks the first composition's edge).
    private static func fsmBody(mvTarget: UInt32 = 14) -> [UInt32] {
        [Enc.lbu(10, 11, 0), Enc.add(mvTarget, 0, 13), Enc.add(15, 15, 8), Enc.add(13, 8, 10),
         Enc.lbu(13, 13, 0), Enc.addi(11, 11, 1), Enc.add(15, 15, 13), Enc.lbu(13, 15, 256),
         Enc.slli(15, 13, 3), Enc.addi(10, 15, 64), Enc.add(16, 10, 2), Enc.ld(10, 16, -56),
         Enc.sub(14, 13, 14), sltu(14, 0, 14), Enc.add(14, 14, 10), Enc.sd(14, 16, -56)]
    }

    private func run(_ words: [UInt32], engine: Engine, file: StaticString = #filePath, line: UInt = #line) throws -> GuestRunner {
        var data = [UInt8](repeating: 0, count: 2048)
        data[0] = 5            // input byte
        data[64 + 5] = 7       // table[5]
        data[64 + 266] = 9     // the next state, at table + 3 + 7 + 256
        withUnsafeBytes(of: UInt64(1000).littleEndian) { for (i, b) in $0.enumerated() { data[1024 + 80 + i] = b } }
        let r = try GuestRunner(words)
        XCTAssertTrue(r.machine.setEngine(engine), file: file, line: line)
        try data.withUnsafeBytes { try r.machine.memory.writeInitial(GuestRunner.dataBase, $0) }
        for (reg, v) in [(11, GuestRunner.dataBase), (8, Self.table), (15, UInt64(3)), (13, UInt64(4)), (2, Self.sp)] {
            r.hart[x: reg] = v
        }
        XCTAssertEqual(r.run(), .ecall, file: file, line: line)
        return r
    }

    private func ops(_ r: GuestRunner) -> [String] { r.machine.cache.block(at: GuestRunner.codeBase)?.opNames ?? [] }

    func testFsmLoopBodyLinksEveryComposition() throws {
        for engine in [Engine.threaded, .native] {
            let r = try run(Self.fsmBody(), engine: engine)
            if engine == .threaded {
                XCTAssertEqual(ops(r), ["lbu_mv_add_add_l3b0", "lbu_addi_add_lbu_l0ax_2b0_3a2",
                                        "slli_addi_add_ld_l0ax_1a0_2a1_3a2", "sub_sltu_add_sd_l1b0_2a1_2bx_3b2", "ecall"])
            }
            XCTAssertEqual(r.hart[x: 13], 9, "\(engine): the next state")
            XCTAssertEqual(r.hart[x: 15], 72, "\(engine)")
            XCTAssertEqual(r.hart[x: 16], Self.sp + 136, "\(engine)")
            XCTAssertEqual(r.hart[x: 10], 1000, "\(engine): the loaded count")
            XCTAssertEqual(r.hart[x: 14], 1001, "\(engine): count + (9 != 4)")
            XCTAssertEqual(r.hart[x: 11], GuestRunner.dataBase + 1, "\(engine)")
            let stored = try r.machine.memory.read(Self.sp + 80, count: 8)
            XCTAssertEqual(stored.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, 1001, "\(engine): the stored count")
            XCTAssertEqual(r.machine.counters.retired, 17, "\(engine)")
        }
    }

    /// A write between an edge's records breaks it: the composition stays the base op.
    func testInterveningWriteKeepsTheBaseOp() throws {
        let r = try run(Self.fsmBody(mvTarget: 10), engine: .threaded)
        XCTAssertEqual(ops(r).first, "lbu_mv_add_add", "mv a0 overwrites the loaded byte before add a3, s0, a0")
        XCTAssertEqual(r.hart[x: 13], 0, "table[4] then table[3 + 0 + 256]: both 0")
        XCTAssertEqual(r.hart[x: 15], 0)
        XCTAssertEqual(r.hart[x: 16], Self.sp + 64)
    }

    /// Entering at a linked variant that reads the previous result passes the
    /// value of the register its edge names; the native tier sees the base op.
    func testEntryValueAndOriginal() throws {
        let r = try run(Self.fsmBody(), engine: .threaded)
        let block = try XCTUnwrap(r.machine.cache.block(at: GuestRunner.codeBase))
        let ops = UnsafePointer(block.ops)
        r.hart[x: 13] = 0x1234
        XCTAssertEqual(TernOpID(handler: ops[4].handler), TernOp_lbu_addi_add_lbu_l0ax_2b0_3a2)
        XCTAssertEqual(Fusion.entryValue(ops + 4, r.hart.state), 0x1234, "record 0's rs1 (a3) from the previous result")
        XCTAssertEqual(Fusion.entryValue(ops, r.hart.state), 0, "no edge from the previous result")
        XCTAssertEqual(Fusion.original(of: TernOp_slli_addi_add_ld_l0ax_1a0_2a1_3a2), TernOp_slli)
    }
}
