import XCTest
import TernReference
import TernTestSupport
import TernLockstep
import TernCore

/// Lockstep over random programs: every non-control, user-mode RV64GC row of the
/// reference's own specification table (so an instruction missing from TernISA's
/// table is generated too) with random operands, interleaved with random forward
/// branches and jumps (32-bit and compressed) (memory operands aimed at a scratch
/// buffer, FP registers seeded with NaNs, infinities, subnormals, ±0 and
/// improperly boxed singles, all static and dynamic rounding modes), so the
/// engines and the reference interpreter meet every instruction class. Every
/// generated instruction is legal: a program that stops early (SIGILL or any
/// other signal), even when both sides agree, fails.
final class RandomProgramLockstepTests: XCTestCase {
    /// Rows that transfer control, trap or need a privilege mode (cbo.inval is
    /// illegal in Linux user mode: senvcfg.CBIE stays clear).
    static let excluded: Set<ReferenceOpcode> = [.jal, .jalr, .beq, .bne, .blt, .bge, .bltu, .bgeu,
                                                 .ecall, .ebreak, .mret, .sret, .wfi, .sfenceVma, .cboInval]
    static let rows = SpecEncodingTable.encodings.filter { !excluded.contains($0.opcode) }

    /// Interesting FP bit patterns (doubles and NaN-boxed or unboxed singles).
    static let fpValues: [UInt64] = [
        0, 0x8000_0000_0000_0000, 0x3ff0_0000_0000_0000, 0xbff8_0000_0000_0000, 0x7ff0_0000_0000_0000,
        0xfff0_0000_0000_0000, 0x7ff8_0000_0000_0000, 0x7ff4_0000_0000_0000, 0x0000_0000_0000_0001,
        0x000f_ffff_ffff_ffff, 0x7fef_ffff_ffff_ffff, 0x43e0_0000_0000_0000, 0xc3e0_0000_0000_0000,
        0x41e0_0000_0000_0000, 0xffff_ffff_3f80_0000, 0xffff_ffff_bf80_0000, 0xffff_ffff_7f80_0000,
        0xffff_ffff_7fa0_0000, 0xffff_ffff_0000_0001, 0xffff_ffff_8000_0000, 0xffff_ffff_4f00_0000,
        0xffff_ffff_cf00_0000, 0xffff_ffff_5f80_0000, 0x0000_0000_3f80_0000,
    ]
    static let intValues: [UInt64] = [0, 1, 2, .max, 0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff,
                                      0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 0xffff_ffff_8000_0000, 63, 64]

    struct Generator {
        var rng: SplitMix64
        mutating func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        mutating func value() -> UInt64 { rng.next() & 1 == 0 ? pick(RandomProgramLockstepTests.intValues) : rng.next() }

        /// One random instruction word; x31 (the scratch pointer) is never written.
        mutating func word() -> UInt32 {
            let row = pick(RandomProgramLockstepTests.rows)
            var w = row.match | (UInt32(truncatingIfNeeded: rng.next()) & ~row.mask)
            func set(_ shift: UInt32, _ width: UInt32, _ v: UInt32) {
                let m: UInt32 = ((1 << width) - 1) << shift
                w = w & ~m | (v << shift) & m
            }
            let has = { (field: String) in row.operands.contains(field) }
            let major = (row.match >> 2) & 31
            if has("rd") { set(7, 5, UInt32(1 + rng.next() % 30)) }
            if major == 0x00 || major == 0x01 {  // integer and FP loads
                set(15, 5, 31); set(20, 12, UInt32(bitPattern: Int32(rng.next() % 4088) - 2048))
            } else if has("imm12hi") {  // stores
                let imm = UInt32(bitPattern: Int32(rng.next() % 4088) - 2048)
                set(15, 5, 31); set(7, 5, imm & 31); set(25, 7, imm >> 5)
            } else if major == 0x0B {  // LR/SC, AMOs
                set(15, 5, 31)
            } else if major == 0x03 && (row.match >> 12) & 7 == 2 {  // cache-block operations
                set(15, 5, 31)
            } else if has("csr") {
                // CSRs: fflags/fcsr freely, frm only through csrrwi with a valid mode, so the
                // dynamic rounding mode stays legal and programs run to the end.
                if has("zimm") {
                    if row.opcode == .csrrwi && rng.next() & 1 == 0 {
                        set(20, 12, 2); set(15, 5, UInt32(rng.next() % 5))
                    } else {
                        set(20, 12, pick([1, 3]))
                    }
                } else {
                    set(20, 12, 1)
                }
            }
            if has("rm") {
                if (w >> 12) & 7 == 5 || (w >> 12) & 7 == 6 { set(12, 3, pick([0, 1, 2, 3, 4, 7])) }
                if [.fcvtDS, .fcvtDW, .fcvtDWu].contains(row.opcode) { set(12, 3, 0) }
            }
            return w
        }

        /// A forward branch or jump (32-bit or compressed) from unit `k` to one of
        /// the next eight units (`L<end>` is the exit sequence).
        mutating func forwardJump(from k: Int, end: Int) -> String {
            let target = "L\(k + 1 + Int(rng.next() % UInt64(min(8, end - k))))"
            let x = { (n: UInt64) in "x\(n)" }
            switch rng.next() % 9 {
            case 0...5:
                let op = ["beq", "bne", "blt", "bge", "bltu", "bgeu"][Int(rng.next() % 6)]
                return "  \(op) \(x(rng.next() % 32)), \(x(rng.next() % 32)), \(target)"
            case 6: return "  jal \(x(rng.next() % 31)), \(target)"
            case 7: return "  c.\(rng.next() & 1 == 0 ? "beqz" : "bnez") \(x(8 + rng.next() % 8)), \(target)"
            default: return "  c.j \(target)"
            }
        }
    }

    /// A program: seeded registers, `count` random instructions, exit(0).
    static func program(seed: UInt64, count: Int) -> String {
        var g = Generator(rng: SplitMix64(seed: seed))
        var lines = [".option norelax", ".globl _start", "_start:", "  lla t6, scratch + 2048"]
        for r in 1...30 { lines.append("  ld x\(r), \(8 * r - 2048)(t6)") }
        for r in 0..<32 { lines.append("  fld f\(r), \(256 + 8 * r - 2048)(t6)") }
        lines.append("  fsrmi \(g.pick([0, 1, 2, 3, 4]))")
        for k in 0..<count {
            lines.append("L\(k):")
            lines.append(g.rng.next() % 8 == 0 ? g.forwardJump(from: k, end: count) : "  .4byte 0x" + String(g.word(), radix: 16))
        }
        lines += ["L\(count):", "  li a0, 0", "  li a7, 93", "  ecall", ".data", ".balign 16", "scratch:"]
        for _ in 0..<32 { lines.append("  .8byte 0x" + String(g.value(), radix: 16)) }
        for _ in 0..<32 { lines.append("  .8byte 0x" + String(g.pick(fpValues), radix: 16)) }
        for _ in 0..<448 { lines.append("  .8byte 0x" + String(g.rng.next(), radix: 16)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Seeds 1...N with N from `LOCKSTEP_RANDOM_SEEDS` (default 24) for longer campaigns,
    /// each program under every engine.
    func testRandomProgramsAgreeUnderTheThreadedEngine() throws { try randomPrograms(.threaded) }
    func testRandomProgramsAgreeUnderTheNativeEngine() throws { try randomPrograms(.native) }
    func testRandomProgramsAgreeUnderTheAutoEngine() throws { try randomPrograms(.auto) }

    private func randomPrograms(_ engine: Engine) throws {
        var instructions: UInt64 = 0, early = 0
        let seeds = UInt64(ProcessInfo.processInfo.environment["LOCKSTEP_RANDOM_SEEDS"] ?? "") ?? 24
        for seed in UInt64(1)...max(seeds, 1) {
            let path = try GuestAssembler.build(Self.program(seed: seed, count: 400))
            let (checker, outcome) = try LockstepRun.check(path, engine: engine)
            switch outcome {
            case .agreed(.exited(0)): break
            case .diverged(let d): XCTFail("\(engine), seed \(seed) (LOCKSTEP_RANDOM_SEEDS replays 1...N):\n\(d.report)")
            default:
                // Every generated word is a legal instruction of the specification's table:
                // stopping early (SIGILL on a claimed row, say) is a failure on both sides.
                early += 1
                XCTFail("\(engine), seed \(seed): the program stopped early: \(outcome)")
            }
            instructions += checker.process.hart.retired
        }
        print("RandomProgramLockstepTests (\(engine)): \(instructions) instructions over \(seeds) seeds, \(early) stopped early")
        XCTAssertGreaterThan(instructions, 5000)
    }
}
