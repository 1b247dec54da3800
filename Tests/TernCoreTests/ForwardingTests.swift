import XCTest
@testable import TernCore
import CoreGlue

/// Result forwarding (TernSpec/Forwarding.swift): an op reading the previous
/// op's rd runs as the variant taking that source from the forwarded result.
/// Each test checks the translator's choice and that both engines give the
/// sequential results.
final class ForwardingTests: XCTestCase {
    private static func sltu(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.r(0, b, a, 3, rd, 0x33) }
    private static func xor(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.r(0, b, a, 4, rd, 0x33) }

    /// Runs `words` (then ecall) under each engine with x10... = `registers`.
    private func run(_ words: [UInt32], _ registers: [UInt64], data: [UInt8] = [], engine: Engine = .threaded,
                     file: StaticString = #filePath, line: UInt = #line) throws -> GuestRunner {
        let r = try GuestRunner(words)
        XCTAssertTrue(r.machine.setEngine(engine), file: file, line: line)
        if !data.isEmpty { try data.withUnsafeBytes { try r.machine.memory.writeInitial(GuestRunner.dataBase, $0) } }
        for (i, v) in registers.enumerated() { r.hart[x: 10 + i] = v }
        XCTAssertEqual(r.run(), .ecall, file: file, line: line)
        return r
    }

    private func ops(_ r: GuestRunner) -> [String] { r.machine.cache.block(at: GuestRunner.codeBase)?.opNames ?? [] }

    /// A chain of dependent ALU ops: each reads the one before through rs1 or rs2.
    func testALUChainForwardsEitherSource() throws {
        let words = [Enc.sub(5, 10, 11), Enc.sra(6, 12, 5), Enc.mulhu(7, 6, 11), Enc.divu(8, 13, 7)]
        for engine in [Engine.threaded, .native] {
            let r = try run(words, [100, 97, UInt64(bitPattern: -64), 1000], engine: engine)
            if engine == .threaded { XCTAssertEqual(ops(r), ["sub", "sra_a2", "mulhu_a1", "divu_a2", "ecall"]) }
            XCTAssertEqual(r.hart[x: 5], 3, "\(engine)")
            XCTAssertEqual(r.hart[x: 6], UInt64(bitPattern: -8), "\(engine)")
            XCTAssertEqual(r.hart[x: 7], 96, "\(engine): high half of (2^64 - 8) * 97")
            XCTAssertEqual(r.hart[x: 8], 10, "\(engine)")
            XCTAssertEqual(r.machine.counters.retired, 5, "\(engine)")
        }
    }

    /// A load forwards to a store's value and an ALU result to a store's base.
    func testLoadsAndStoresForward() throws {
        let data: [UInt8] = [0x78, 0x56, 0x34, 0x82, 0x09] + [UInt8](repeating: 0, count: 27)
        let words = [Enc.lw(5, 10, 0), Enc.sd(5, 10, 8), Enc.lbu(6, 10, 4), Enc.add(7, 6, 11), Enc.sb(12, 7, 0),
                     Enc.ld(13, 10, 8), Enc.lbu(14, 10, 16)]
        for engine in [Engine.threaded, .native] {
            let r = try run(words, [GuestRunner.dataBase, GuestRunner.dataBase + 7, 0xa5], data: data, engine: engine)
            if engine == .threaded { XCTAssertEqual(Array(ops(r).prefix(5)), ["lw", "sd_a2", "lbu", "add_a1", "sb_a1"]) }
            XCTAssertEqual(r.hart[x: 13], 0xffff_ffff_8234_5678, "\(engine): the sign-extended word stored by sd")
            XCTAssertEqual(r.hart[x: 7], GuestRunner.dataBase + 16, "\(engine)")
            XCTAssertEqual(r.hart[x: 14], 0xa5, "\(engine): sb through the forwarded base")
        }
    }

    /// Branches take either register from the forwarded result; zero forms too.
    func testBranchesForward() throws {
        let skip = Enc.addi(20, 0, 1)  // runs only when the branch falls through
        for (a, b, taken) in [(UInt64(1), UInt64(2), true), (2, 1, false)] {
            var r = try run([Self.sltu(5, 10, 11), Enc.bne(5, 0, 8), skip], [a, b])
            XCTAssertEqual(ops(r), ["sltu", "bnez_a1"])
            XCTAssertEqual(r.hart[x: 20], taken ? 0 : 1)
            r = try run([Self.xor(5, 10, 11), Enc.blt(12, 5, 8), skip], [a, b, 0])
            XCTAssertEqual(ops(r), ["xor_", "blt_a2"])
            XCTAssertEqual(r.hart[x: 20], 0, "3 > 0: taken")
        }
    }

    /// A fused op whose last part writes rd forwards it like a single op.
    func testFusedProducerForwards() throws {
        let r = try run([Enc.slli(5, 10, 3), Enc.add(12, 5, 11), Enc.srai(13, 12, 1)], [5, 1000])
        XCTAssertEqual(ops(r), ["slli_add", "srai_a1", "ecall"])
        XCTAssertEqual(r.hart[x: 13], 520)
    }

    /// Independent ops and reads of x0 stay base ops.
    func testNoForwardingWithoutADependence() throws {
        let r = try run([Enc.sub(5, 10, 11), Enc.sra(6, 12, 13), Enc.mulhu(7, 0, 6)], [3, 1, 64, 2])
        XCTAssertEqual(Array(ops(r).prefix(3)), ["sub", "sra", "mulhu_a2"], "mulhu reads the sra's rd as rs2")
        XCTAssertEqual(r.hart[x: 6], 16)
        XCTAssertEqual(r.hart[x: 7], 0)
    }

    /// Entering the threaded engine at a variant (the native tier resuming in the
    /// middle of a block) passes the value of its forwarded source register.
    func testEntryValueIsTheForwardedRegister() throws {
        let r = try run([Enc.sub(5, 10, 11), Enc.sra(6, 12, 5)], [100, 97, 64])
        let block = try XCTUnwrap(r.machine.cache.block(at: GuestRunner.codeBase))
        let ops = UnsafePointer(block.ops)
        r.hart[x: 5] = 0x1234
        XCTAssertEqual(TernOpID(handler: ops[1].handler), TernOp_sra_a2)
        XCTAssertEqual(Fusion.entryValue(ops + 1, r.hart.state), 0x1234)
        XCTAssertEqual(Fusion.entryValue(ops, r.hart.state), 0, "a base op expects nothing")
        XCTAssertEqual(Fusion.original(of: TernOp_sra_a2), TernOp_sra)
    }
}
