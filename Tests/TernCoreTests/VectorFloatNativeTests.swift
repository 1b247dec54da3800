import TernCore
import TernISA
import XCTest

/// The native vector FP shapes next to scalar FP in one block: vector ops keep
/// the scalar FP cache's copies in the xmm registers they do not use, vfmv.f.s
/// refreshes its destination's copy, the zero results of vfadd/vfsub/vfmul take
/// the out-of-line check, vfredosum checks its partial sums in groups and later
/// ops read an FP result from ymm15 (`NativeVectorCopy`). Every
/// register, vector register and fflags must equal the threaded engine's, on
/// the fast path and off it (NaNs, infinities, zeros, tiny values, NX clear,
/// other rounding modes), at SEW 64 and 32.
final class VectorFloatNativeTests: XCTestCase {
    /// An OP-V arithmetic word.
    private static func opv(_ funct6: UInt32, _ funct3: UInt32, vd: UInt32, vs2: UInt32, vs1: UInt32) -> UInt32 {
        funct6 << 26 | 1 << 25 | vs2 << 20 | vs1 << 15 | funct3 << 12 | vd << 7 | 0x57
    }
    private static let opfvv: UInt32 = 1, opfvf: UInt32 = 5

    /// The block under test at `sew` (32 or 64): `elements` elements of LMUL 1 at VLEN 128.
    private static func program(sew: UInt32) -> [UInt32] {
        let vtype: UInt32 = (sew == 64 ? 3 : 2) << 3 | 0xc0            // e32/e64, m1, ta, ma
        let width: UInt32 = sew == 64 ? 7 : 6                           // vle64/vle32
        let single = sew == 32
        func f(_ op: Opcode, _ rd: UInt8, _ rs1: UInt8, _ rs2: UInt8) -> UInt32 {
            Encoder.encode(Instruction(opcode: op, rd: rd, rs1: rs1, rs2: rs2, rm: 7))
        }
        return [
            3 << 30 | vtype << 20 | 4 << 15 | 7 << 12 | 0x57,           // vsetivli x0, 4, vtype (vl = VLMAX at e32; 2 at e64)
            f(single ? .faddS : .faddD, 1, 2, 8),                       // f1 = f2 + f8 (f8's copy in xmm8: the least used)
            1 << 25 | 1 << 15 | width << 12 | 1 << 7 | 0x07,            // vle v1, (x1)
            opv(0b100100, opfvf, vd: 2, vs2: 1, vs1: 1),                // vfmul.vf v2, v1, f1
            opv(0b000000, opfvv, vd: 3, vs2: 2, vs1: 1),                // vfadd.vv v3, v2, v1
            opv(0b000011, opfvv, vd: 4, vs2: 3, vs1: 5),                // vfredosum.vs v4, v3, v5
            opv(0b010000, opfvv, vd: 4, vs2: 4, vs1: 0),                // vfmv.f.s f4, v4
            f(single ? .faddS : .faddD, 5, 4, 1),                       // f5 = f4 + f1 (both copies after vector ops)
            f(single ? .fmulS : .fmulD, 6, 5, 2),                       // f6 = f5 · f2
            opv(0b100100, opfvv, vd: 6, vs2: 3, vs1: 1),                // vfmul.vv v6, v3, v1 (zero factors)
            opv(0b000010, opfvv, vd: 7, vs2: 1, vs1: 2),                // vfsub.vv v7, v1, v2 (zero differences)
            opv(0b000000, opfvf, vd: 8, vs2: 7, vs1: 6),                // vfadd.vf v8, v7, f6
            opv(0b010000, opfvv, vd: 7, vs2: 8, vs1: 0),                // vfmv.f.s f7, v8 (from ymm15's copy)
            1 << 25 | 1 << 15 | width << 12 | 8 << 7 | 0x27,            // vse v8, (x1) (from ymm15's copy)
            1 << 25 | 1 << 15 | width << 12 | 10 << 7 | 0x07,           // vle v10, (x1)
            f(single ? .fsubS : .fsubD, 0, 7, 6),                       // f0 = f7 − f6
            f(single ? .faddS : .faddD, 0, 0, 8),                       // f0 += f8 (its copy did not survive vfmul's ymm8)
            opv(0b100100, opfvf, vd: 9, vs2: 1, vs1: 9),                // vfmul.vf v9, v1, f9 (f9 = 0.1: tiny products)
        ]
    }

    /// f0...f8, fflags and v1...v10 after running the block under `engine`.
    private func run(sew: UInt32, data: [UInt64], f: [UInt64], fflags: UInt32, frm: UInt32,
                     engine: Engine) throws -> [UInt64] {
        let r = try GuestRunner(Self.program(sew: sew))
        XCTAssertTrue(r.machine.setEngine(engine))
        let bytes = data.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
        try bytes.withUnsafeBytes { try r.machine.memory.writeInitial(GuestRunner.dataBase, $0) }
        r.hart[x: 1] = GuestRunner.dataBase
        for (i, v) in f.enumerated() { r.hart[f: i] = v }
        r.hart.fflags = fflags
        r.hart.frm = frm
        XCTAssertEqual(r.run(), .ecall)
        let vectors = (1...10).flatMap { n in
            stride(from: 0, to: 16, by: 8).map { o in r.hart.vectorRegister(n)[o..<o + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        }
        return (0...8).map { r.hart[f: $0] } + [UInt64(r.hart.fflags)] + vectors
    }

    /// vfredosum over a two-register group (LMUL 2: two groups of partial sums
    /// to check) with the first elements ordinary and the later ones each edge
    /// value, so that a later partial sum is the first unsafe one.
    func testReductionChecksEveryGroupOfPartialSums() throws {
        let doubles = FloatNativeTests.doubles.map(\.bitPattern)
        let singles = FloatNativeTests.singles.map { UInt64($0.bitPattern) }
        for sew: UInt32 in [64, 32] {
            let vtype: UInt32 = (sew == 64 ? 3 : 2) << 3 | 0xc0 | 1       // e32/e64, m2, ta, ma
            let program: [UInt32] = [
                3 << 30 | vtype << 20 | 8 << 15 | 7 << 12 | 0x57,           // vsetivli x0, 8, vtype (VLMAX)
                1 << 25 | 1 << 15 | (sew == 64 ? 7 : 6) << 12 | 2 << 7 | 0x07,  // vle v2, (x1)
                Self.opv(0b000011, Self.opfvv, vd: 4, vs2: 2, vs1: 6),      // vfredosum.vs v4, v2, v6
                Self.opv(0b000011, Self.opfvv, vd: 5, vs2: 2, vs1: 4),      // vfredosum.vs v5, v2, v4
            ]
            let values = sew == 64 ? doubles : singles
            let ordinary: [UInt64] = sew == 64 ? [Double(1.5).bitPattern, Double(2.25).bitPattern]
                                               : [UInt64(Float(1.5).bitPattern), UInt64(Float(2.25).bitPattern)]
            for i in 0..<values.count {
                // 4 doubles or 8 singles: the first half ordinary, then edge values.
                let elements = sew == 64 ? ordinary + [values[i], values[(i + 3) % values.count]]
                                         : ordinary + ordinary + (0..<4).map { values[(i + $0 * 5) % values.count] }
                let data = sew == 64 ? elements : stride(from: 0, to: 8, by: 2).map { elements[$0] | elements[$0 + 1] << 32 }
                var results: [[UInt64]] = []
                for engine: Engine in [.threaded, .native] {
                    let r = try GuestRunner(program)
                    XCTAssertTrue(r.machine.setEngine(engine))
                    let bytes = data.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
                    try bytes.withUnsafeBytes { try r.machine.memory.writeInitial(GuestRunner.dataBase, $0) }
                    r.hart[x: 1] = GuestRunner.dataBase
                    r.hart.fflags = 1
                    XCTAssertEqual(r.run(), .ecall)
                    results.append([UInt64(r.hart.fflags)] + (4...5).flatMap { n in r.hart.vectorRegister(n).map(UInt64.init) })
                }
                XCTAssertEqual(results[1], results[0], "sew \(sew) elements \(elements.map { String($0, radix: 16) })")
            }
        }
    }

    func testMixedScalarAndVectorFloatMatchTheThreadedEngine() throws {
        let doubles = FloatNativeTests.doubles.map(\.bitPattern)
        let singles = FloatNativeTests.singles.map { UInt64($0.bitPattern) }
        for sew: UInt32 in [64, 32] {
            let values = sew == 64 ? doubles : singles
            func scalar(_ v: UInt64) -> UInt64 { sew == 64 ? v : 0xffff_ffff_0000_0000 | v }
            func pack(_ a: UInt64, _ b: UInt64) -> UInt64 { sew == 64 ? a : a | b << 32 }
            let tenth = sew == 64 ? 0.1.bitPattern : scalar(UInt64(Float(0.1).bitPattern))
            var runs = 0
            for start in 0..<values.count {
                let v = { values[(start + $0) % values.count] }
                // Two 64-bit words of data: 2 doubles or 4 singles.
                let data = [pack(v(0), v(3)), pack(v(5), v(start % 2 == 0 ? 0 : 7))]
                let f = [0, 0, scalar(v(1))] + [UInt64](repeating: scalar(v(4)), count: 5) + [scalar(v(start % 3 == 0 ? 1 : 2)), tenth]
                for (fflags, frm): (UInt32, UInt32) in [(1, 0), (0, 0), (0x11, 1), (0x1f, 0)] {
                    let threaded = try run(sew: sew, data: data, f: f, fflags: fflags, frm: frm, engine: .threaded)
                    let native = try run(sew: sew, data: data, f: f, fflags: fflags, frm: frm, engine: .native)
                    XCTAssertEqual(native, threaded, "sew \(sew) data \(data.map { String($0, radix: 16) }) fflags \(fflags) frm \(frm)")
                    runs += 1
                }
            }
            XCTAssertGreaterThan(runs, 40)
        }
    }
}
