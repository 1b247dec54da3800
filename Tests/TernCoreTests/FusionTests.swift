import XCTest
@testable import TernCore
import CoreGlue

/// Superinstructions, constant folding and x0 specialisations: each checks
/// that the translator chose the op and that results are exact.
final class FusionTests: XCTestCase {
    private static func xor(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.r(0, b, a, 4, rd, 0x33) }
    private static func or(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.r(0, b, a, 6, rd, 0x33) }
    private static func bge(_ a: UInt32, _ b: UInt32, _ off: Int32) -> UInt32 { Enc.b(off, b, a, 5) }

    /// Runs `words` (then ecall) with x10 = a, x11 = b; returns the runner.
    private func run(_ words: [UInt32], _ a: UInt64 = 0, _ b: UInt64 = 0, data: [UInt8] = []) throws -> GuestRunner {
        let r = try GuestRunner(words)
        if !data.isEmpty { try data.withUnsafeBytes { try r.machine.memory.writeInitial(GuestRunner.dataBase, $0) } }
        r.hart[x: 10] = a
        r.hart[x: 11] = b
        XCTAssertEqual(r.run(), .ecall)
        return r
    }

    /// Names of the ops of the block at `pc`.
    private func ops(_ r: GuestRunner, at pc: UInt64 = GuestRunner.codeBase) -> [String] {
        r.machine.cache.block(at: pc)?.opNames ?? []
    }

    func testSlliAddScaledIndexBothOperandOrders() throws {
        var r = try run([Enc.slli(5, 10, 3), Enc.add(12, 5, 11)], 5, 1000)
        XCTAssertEqual(ops(r).first, "slli_add")
        XCTAssertEqual(r.hart[x: 12], 1040)
        XCTAssertEqual(r.hart[x: 5], 40)
        r = try run([Enc.slli(5, 10, 2), Enc.add(12, 11, 5)], .max, 7)
        XCTAssertEqual(ops(r).first, "slli_add", "commutative operand swapped")
        XCTAssertEqual(r.hart[x: 12], 3, "(-1 << 2) + 7 wraps")
        r = try run([Enc.slli(5, 10, 1), Enc.add(12, 5, 5)], 3, 0)
        XCTAssertEqual(r.hart[x: 12], 12, "both sources are the first result")
    }

    func testSlliSrliZeroExtends() throws {
        let r = try run([Enc.slli(12, 10, 32), Enc.srli(12, 12, 32)], 0xffff_ffff_8000_0001)
        XCTAssertEqual(ops(r).first, "slli_srli")
        XCTAssertEqual(r.hart[x: 12], 0x8000_0001)
    }

    func testShiftThenLogic() throws {
        var r = try run([Enc.srli(5, 10, 8), Self.xor(12, 11, 5)], 0xabcd_ef00, 0xff)
        XCTAssertEqual(ops(r).first, "srli_xor")
        XCTAssertEqual(r.hart[x: 12], 0xab_cdef ^ 0xff)
        XCTAssertEqual(r.hart[x: 5], 0xab_cdef)
        r = try run([Enc.slli(5, 10, 60), Self.or(12, 5, 11)], 0x1f, 0x3)
        XCTAssertEqual(ops(r).first, "slli_or_l1a0", "the or reads the slli's result (TernSpec/Linking.swift)")
        XCTAssertEqual(r.hart[x: 12], 0xf000_0000_0000_0003)
    }

    func testNotFusedWhenIndependent() throws {
        let r = try run([Enc.slli(5, 10, 3), Enc.add(12, 11, 11)], 1, 2)
        XCTAssertEqual(Array(ops(r).prefix(2)), ["slli", "add"])
        XCTAssertEqual(r.hart[x: 12], 4)
        XCTAssertEqual(r.hart[x: 5], 8)
    }

    func testAddThenLoadWidths() throws {
        let data: [UInt8] = [0x00, 0x00, 0x00, 0x80, 0xff, 0x01, 0x02, 0x03, 0xfe]
        let base = GuestRunner.dataBase
        var r = try run([Enc.add(5, 10, 11), Enc.lw(12, 5, 0)], base, 0, data: data)
        XCTAssertEqual(ops(r).first, "add_lw")
        XCTAssertEqual(r.hart[x: 12], 0xffff_ffff_8000_0000, "lw sign-extends")
        r = try run([Enc.add(5, 10, 11), Enc.ld(12, 5, 1)], base, 0, data: data)
        XCTAssertEqual(ops(r).first, "add_ld")
        XCTAssertEqual(r.hart[x: 12], 0xfe03_0201_ff80_0000)
        r = try run([Enc.add(5, 10, 11), Enc.lbu(12, 5, 4)], base, 4, data: data)
        XCTAssertEqual(ops(r).first, "add_lbu")
        XCTAssertEqual(r.hart[x: 12], 0xfe, "lbu zero-extends")
        XCTAssertEqual(r.hart[x: 5], base + 4)
    }

    func testAddThenLoadFaultReportsTheLoad() throws {
        let r = try GuestRunner([Enc.add(5, 10, 11), Enc.ld(12, 5, 8)])
        r.hart[x: 10] = 0x4000_0000_0000
        r.hart[x: 11] = 0x10
        r.hart[x: 12] = 77
        XCTAssertEqual(r.run(), .loadFault(address: 0x4000_0000_0018))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 4, "pc of the load")
        XCTAssertEqual(r.hart.retired, 1, "the add retired, the load did not")
        XCTAssertEqual(r.hart[x: 5], 0x4000_0000_0010)
        XCTAssertEqual(r.hart[x: 12], 77)
    }

    func testCounterBranchPairs() throws {
        // x10 counts up to x11: addi + bne loop of two instructions.
        var r = try run([Enc.addi(10, 10, 1), Enc.bne(10, 11, -4)], 0, 5)
        XCTAssertEqual(ops(r), ["addi_bne"])
        XCTAssertEqual(r.hart[x: 10], 5)
        XCTAssertEqual(r.hart.retired, 11, "5 x 2 + ecall")
        r = try run([Enc.addi(10, 10, -1), Enc.bne(0, 10, -4)], 3, 0)
        XCTAssertEqual(ops(r), ["addi_bne"], "bnez form (x0 first, swapped)")
        XCTAssertEqual(r.hart[x: 10], 0)
        r = try run([Enc.addi(10, 10, 2), Enc.blt(10, 11, -4)], UInt64(bitPattern: -5), 4)
        XCTAssertEqual(ops(r), ["addi_blt"])
        XCTAssertEqual(r.hart[x: 10], 5, "-5 -3 -1 1 3 5: signed compare")
        r = try run([Enc.addi(10, 10, 3), Enc.bltu(10, 11, -4)], 0, 10)
        XCTAssertEqual(ops(r), ["addi_bltu"])
        XCTAssertEqual(r.hart[x: 10], 12)
        r = try run([Enc.addiw(10, 10, 1), Enc.bne(10, 11, -4)], 0x7fff_fffe, 0xffff_ffff_8000_0000)
        XCTAssertEqual(ops(r), ["addiw_bne"])
        XCTAssertEqual(r.hart[x: 10], 0xffff_ffff_8000_0000, "addiw wraps and sign-extends")
    }

    func testBlockedPairKeepsOrder() throws {
        // bne reads x11, not the addi's rd: no fusion, plain ops.
        let r = try run([Enc.addi(12, 10, 1), Enc.bne(11, 0, 8), Enc.addi(13, 0, 9), Enc.addi(14, 0, 4)], 1, 0)
        XCTAssertEqual(ops(r), ["addi", "bnez"])
        XCTAssertEqual(r.hart[x: 12], 2)
        XCTAssertEqual(r.hart[x: 13], 9, "x11 = 0: not taken")
    }

    func testZeroBranches() throws {
        // Each: branch over `addi x12, x0, 1` when taken.
        let cases: [(UInt32, UInt64, String, UInt64)] = [
            (Enc.beq(10, 0, 8), 0, "beqz", 0), (Enc.beq(0, 10, 8), 3, "beqz", 1),
            (Enc.bne(10, 0, 8), 3, "bnez", 0), (Enc.bne(10, 0, 8), 0, "bnez", 1),
            (Enc.blt(10, 0, 8), .max, "bltz", 0), (Enc.blt(10, 0, 8), 0, "bltz", 1),
            (Self.bge(10, 0, 8), 0, "bgez", 0), (Self.bge(10, 0, 8), 1 << 63, "bgez", 1),
        ]
        for (branch, a, name, expected) in cases {
            let r = try run([branch, Enc.addi(12, 0, 1)], a)
            XCTAssertEqual(ops(r), [name])
            XCTAssertEqual(r.hart[x: 12], expected, "\(name) with x10 = \(a)")
        }
        // blt x0, x10 is not a zero form (it is bgtz): stays blt.
        let r = try run([Enc.blt(0, 10, 8), Enc.addi(12, 0, 1)], 5)
        XCTAssertEqual(ops(r), ["blt"])
        XCTAssertEqual(r.hart[x: 12], 0)
    }

    func testConstantFolding() throws {
        var r = try run([Enc.lui(12, 0x12345), Enc.addi(12, 12, 0x678)])
        XCTAssertEqual(ops(r), ["li", "ecall"])
        XCTAssertEqual(r.hart[x: 12], 0x1234_5678)
        r = try run([Enc.lui(12, 0x80000), Enc.addiw(12, 12, -1)])
        XCTAssertEqual(ops(r), ["li", "ecall"])
        XCTAssertEqual(r.hart[x: 12], 0x7fff_ffff, "addiw wraps the folded constant")
        r = try run([Enc.lui(5, 0x1), Enc.addi(12, 5, -1)])
        XCTAssertEqual(ops(r), ["li", "li", "ecall"], "different rd: both kept")
        XCTAssertEqual(r.hart[x: 5], 0x1000)
        XCTAssertEqual(r.hart[x: 12], 0xfff)
        r = try run([Enc.auipc(12, 0x1), Enc.addi(12, 12, 8)])
        XCTAssertEqual(r.hart[x: 12], GuestRunner.codeBase + 0x1008)
    }

    func testAddFromX0IsMove() throws {
        let r = try run([Enc.add(12, 0, 10), Enc.add(13, 11, 0)], 42, 7)
        XCTAssertEqual(ops(r), ["mv_mv", "ecall"], "both became mv, then one mv+mv pair")
        XCTAssertEqual(r.hart[x: 12], 42)
        XCTAssertEqual(r.hart[x: 13], 7)
    }

    private static func mulw(_ rd: UInt32, _ a: UInt32, _ b: UInt32) -> UInt32 { Enc.r(1, b, a, 0, rd, 0x3b) }

    /// A matrix inner loop (C[j] += A[j] * k over four words) whose four pairs
    /// compose into two quads (TernSpec/Pairs.swift, "Compositions"), linked
    /// (TernSpec/Linking.swift: the mulw reads the first lw, the addw the
    /// previous result, the sw the addw's); the threaded and native engines
    /// give the sequential results.
    func testCompositionsOfPairsAreExact() throws {
        let loop = [Enc.lw(15, 13, 0), Enc.lw(12, 14, 0), Enc.addi(14, 14, 4), Self.mulw(15, 15, 11),
                    Enc.addi(13, 13, 4), Enc.addw(15, 15, 12), Enc.sw(15, 14, -4), Enc.bne(14, 8, -28)]
        let check = [Enc.lw(20, 14, -16), Enc.lw(21, 14, -12), Enc.lw(22, 14, -8), Enc.lw(23, 14, -4)]
        let words = [Enc.addi(13, 10, 0), Enc.addi(14, 10, 16), Enc.addi(8, 10, 32)] + loop + check
        let data: [Int32] = [1, 2, 3, -4, 10, 20, 30, 40]
        let bytes = data.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
        for engine in [Engine.threaded, .native] {
            let r = try GuestRunner(words)
            XCTAssertTrue(r.machine.setEngine(engine))
            try bytes.withUnsafeBytes { try r.machine.memory.writeInitial(GuestRunner.dataBase, $0) }
            r.hart[x: 10] = GuestRunner.dataBase
            r.hart[x: 11] = 3
            XCTAssertEqual(r.run(), .ecall)
            XCTAssertEqual(ops(r, at: GuestRunner.codeBase + 12), ["lw_lw_addi_mulw_l3a0", "addi_addw_sw_bne_l1ax_2b1"], "\(engine)")
            XCTAssertEqual([20, 21, 22, 23].map { r.hart[x: $0] }, [13, 26, 39, 28].map { UInt64($0) }, "\(engine)")
            XCTAssertEqual(r.machine.counters.retired, 3 + 4 * 8 + 4 + 1, "\(engine): with the ecall")
        }
        XCTAssertEqual(Fusion.original(of: TernOp_lw_lw_addi_mulw), TernOp_lw)
        XCTAssertEqual(Fusion.original(of: TernOp_and_and_beqz), TernOp_and_)
        XCTAssertEqual(Fusion.original(of: TernOp_srliw_xor_xor), TernOp_srliw)
    }

    /// A table lookup (crc32's inner loop): an adjacent pair and a dependent
    /// pair (`add` + `lw` through a host register) composed into one quad.
    func testCompositionWithADependentPair() throws {
        var data = [UInt8](repeating: 0, count: 0xd4)
        data[0xd0...] = [0xef, 0xcd, 0xab, 0x89]
        let r = try run([Enc.i(0xff, 10, 7, 5, 0x13), Enc.slli(5, 5, 2), Enc.add(5, 5, 11), Enc.lw(12, 5, 0)],
                        0x1234, GuestRunner.dataBase, data: data)
        XCTAssertEqual(ops(r).first, "andi_slli_add_lw")
        XCTAssertEqual(r.hart[x: 12], 0xffff_ffff_89ab_cdef, "lw sign-extends")
        XCTAssertEqual(r.hart[x: 5], GuestRunner.dataBase + 0xd0)
    }

    /// A fault in the second part of a composition names that part's record:
    /// the first load retired, the pc is the faulting load's.
    func testFaultInsideACompositionReportsItsOwnRecord() throws {
        let r = try GuestRunner([Enc.lw(15, 13, 0), Enc.lw(12, 14, 0), Enc.addi(14, 14, 4), Self.mulw(15, 15, 11)])
        r.hart[x: 13] = GuestRunner.dataBase
        r.hart[x: 14] = 0x50000
        XCTAssertEqual(r.run(), .loadFault(address: 0x50000))
        XCTAssertEqual(ops(r).first, "lw_lw_addi_mulw_l3a0")
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 4)
        XCTAssertEqual(r.machine.counters.retired, 1)
        XCTAssertEqual(r.hart[x: 14], 0x50000, "the addi after the fault did not run")
        let records = try XCTUnwrap(r.machine.cache.block(at: GuestRunner.codeBase)).opRecords
        XCTAssertEqual(records.prefix(4).map { TernOpID(handler: $0.handler) }, [TernOp_lw_lw_addi_mulw_l3a0, TernOp_lw, TernOp_addi_mulw, TernOp_mulw])
    }

    func testOriginalsReadRecordByRecord() throws {
        XCTAssertEqual(Fusion.original(of: TernOp_slli_add), TernOp_slli)
        XCTAssertEqual(Fusion.original(of: TernOp_addi_bne), TernOp_addi)
        XCTAssertEqual(Fusion.original(of: TernOp_ld_ld), TernOp_ld)
        XCTAssertEqual(Fusion.original(of: TernOp_bnez), TernOp_bne)
        XCTAssertEqual(Fusion.original(of: TernOp_bgez), TernOp_bge)
        XCTAssertNil(Fusion.original(of: TernOp_add))
        // The second record of a pair keeps its own handler.
        let r = try GuestRunner([Enc.slli(5, 10, 3), Enc.add(12, 5, 11)])
        _ = r.run()
        let records = try XCTUnwrap(r.machine.cache.block(at: GuestRunner.codeBase)).opRecords
        XCTAssertEqual(TernOpID(handler: records[0].handler), TernOp_slli_add)
        XCTAssertEqual(TernOpID(handler: records[1].handler), TernOp_add)
    }
}
