import XCTest
@testable import TernFloat
import TernTestSupport

/// Deterministic generator of "interesting" IEEE bit patterns.
struct BitGen {
    var rng: SplitMix64
    init(state: UInt64) { rng = SplitMix64(seed: state) }
    mutating func next() -> UInt64 { rng.next() }

    /// A value of a format with `fracBits`/`expBits`, biased towards edge cases.
    mutating func value(fracBits: Int, expBits: Int, near: UInt64? = nil) -> UInt64 {
        let r = next()
        let expMax = (UInt64(1) << UInt64(expBits)) - 1
        let fracMask = (UInt64(1) << UInt64(fracBits)) - 1
        let sign = (r >> 63) << UInt64(fracBits + expBits)
        var frac = next() & fracMask
        switch r & 15 {
        case 0: frac &= ~((1 << UInt64(r >> 8 & 31)) - 1)  // few low bits
        case 1: frac |= (1 << UInt64(r >> 8 & 31)) - 1
        default: break
        }
        let e: UInt64
        switch (r >> 4) & 15 {
        case 0: e = 0
        case 1: e = 1 + (r >> 12) % 3
        case 2: e = expMax
        case 3: e = expMax - 1 - (r >> 12) % 3
        case 4, 5, 6, 7: e = near.map { ($0 &+ (r >> 12) % 60 &- 30) % expMax } ?? (r >> 12) % expMax
        case 8: e = (expMax >> 1) &+ (r >> 12) % 4
        case 9: return sign | ((r >> 12) & 1 == 0 ? 0 : (expMax << UInt64(fracBits)))
        default: e = (r >> 12) % (expMax + 1)
        }
        return sign | (e << UInt64(fracBits)) | frac
    }
}

/// TernFloat's software implementation (SoftFloat) against the host FPU (SSE under
/// the matching MXCSR rounding mode, through `F64`/`F32`'s exact paths) in the four
/// rounding modes x86 has, where IEEE 754 defines every result exactly. RMM, which
/// the host lacks, and the float-to-integer conversions (SoftFloat on both sides
/// here) are checked against independently computed vectors in IndependentVectorTests.
final class CrossCheckTests: XCTestCase {
    let modes: [RoundingMode] = [.rne, .rtz, .rdn, .rup]
    let iterations = 60_000

    func check64(_ name: String, _ hw: (UInt64, UInt64, UInt64, RoundingMode, inout UInt32) -> UInt64,
                 _ sw: (UInt64, UInt64, UInt64, RoundingMode, inout UInt32) -> UInt64, file: StaticString = #filePath,
                 line: UInt = #line) {
        var g = BitGen(state: 0x1234_5678 ^ UInt64(name.utf8.count))
        var failures = 0
        for i in 0..<iterations {
            let a = g.value(fracBits: 52, expBits: 11)
            let expA = (a >> 52) & 0x7ff
            let b = g.value(fracBits: 52, expBits: 11, near: i % 3 == 0 ? expA : nil)
            let c = g.value(fracBits: 52, expBits: 11, near: i % 2 == 0 ? expA : nil)
            let rm = modes[Int(g.next() % UInt64(modes.count))]
            let startFlags: UInt32 = g.next() & 1 == 0 ? FFlags.nx : 0
            var f1 = startFlags, f2 = startFlags
            let r1 = hw(a, b, c, rm, &f1)
            let r2 = sw(a, b, c, rm, &f2)
            if r1 != r2 || f1 != f2 {
                failures += 1
                if failures <= 5 {
                    XCTFail(String(format: "seed %llx: %@ a=%016llx b=%016llx c=%016llx rm=%d: %016llx/%02x vs soft %016llx/%02x",
                                   0x1234_5678 ^ UInt64(name.utf8.count), 0x8765_4321 ^ UInt64(name.utf8.count), name, a, b, c, Int(rm.rawValue), r1, f1, r2, f2), file: file, line: line)
                }
            }
        }
    }

    func check32(_ name: String, _ hw: (UInt32, UInt32, UInt32, RoundingMode, inout UInt32) -> UInt32,
                 _ sw: (UInt32, UInt32, UInt32, RoundingMode, inout UInt32) -> UInt32, file: StaticString = #filePath,
                 line: UInt = #line) {
        var g = BitGen(state: 0x8765_4321 ^ UInt64(name.utf8.count))
        var failures = 0
        for i in 0..<iterations {
            let a = UInt32(g.value(fracBits: 23, expBits: 8))
            let expA = UInt64(a >> 23) & 0xff
            let b = UInt32(g.value(fracBits: 23, expBits: 8, near: i % 3 == 0 ? expA : nil))
            let c = UInt32(g.value(fracBits: 23, expBits: 8, near: i % 2 == 0 ? expA : nil))
            let rm = modes[Int(g.next() % UInt64(modes.count))]
            let startFlags: UInt32 = g.next() & 1 == 0 ? FFlags.nx : 0
            var f1 = startFlags, f2 = startFlags
            let r1 = hw(a, b, c, rm, &f1)
            let r2 = sw(a, b, c, rm, &f2)
            if r1 != r2 || f1 != f2 {
                failures += 1
                if failures <= 5 {
                    XCTFail(String(format: "seed %llx: %@ a=%08x b=%08x c=%08x rm=%d: %08x/%02x vs soft %08x/%02x",
                                   name, a, b, c, Int(rm.rawValue), r1, f1, r2, f2), file: file, line: line)
                }
            }
        }
    }

    func s32(_ f: (UInt64) -> UInt64, _ x: UInt32) -> UInt32 { UInt32(truncatingIfNeeded: f(UInt64(x))) }

    func testF64ArithmeticMatchesSoftware() {
        check64("add", { a, b, _, rm, f in F64.add(a, b, rm, &f) }, { a, b, _, rm, f in SoftFloat.add(a, b, .f64, rm, &f) })
        check64("sub", { a, b, _, rm, f in F64.sub(a, b, rm, &f) },
                { a, b, _, rm, f in SoftFloat.add(a, b ^ (1 << 63), .f64, rm, &f) })
        check64("mul", { a, b, _, rm, f in F64.mul(a, b, rm, &f) }, { a, b, _, rm, f in SoftFloat.mul(a, b, .f64, rm, &f) })
        check64("div", { a, b, _, rm, f in F64.div(a, b, rm, &f) }, { a, b, _, rm, f in SoftFloat.div(a, b, .f64, rm, &f) })
        check64("sqrt", { a, _, _, rm, f in F64.sqrt(a & ~(1 << 63), rm, &f) },
                { a, _, _, rm, f in SoftFloat.sqrt(a & ~(1 << 63), .f64, rm, &f) })
        check64("fma", { a, b, c, rm, f in F64.fma(a, b, c, rm, &f) }, { a, b, c, rm, f in SoftFloat.fma(a, b, c, .f64, rm, &f) })
        check64("toF32", { a, _, _, rm, f in UInt64(F64.toF32(a, rm, &f)) },
                { a, _, _, rm, f in SoftFloat.convert(a, from: .f64, to: .f32, rm, &f) })
    }

    func testF32ArithmeticMatchesSoftware() {
        check32("add", { a, b, _, rm, f in F32.add(a, b, rm, &f) },
                { a, b, _, rm, f in UInt32(SoftFloat.add(UInt64(a), UInt64(b), .f32, rm, &f)) })
        check32("sub", { a, b, _, rm, f in F32.sub(a, b, rm, &f) },
                { a, b, _, rm, f in UInt32(SoftFloat.add(UInt64(a), UInt64(b ^ (1 << 31)), .f32, rm, &f)) })
        check32("mul", { a, b, _, rm, f in F32.mul(a, b, rm, &f) },
                { a, b, _, rm, f in UInt32(SoftFloat.mul(UInt64(a), UInt64(b), .f32, rm, &f)) })
        check32("div", { a, b, _, rm, f in F32.div(a, b, rm, &f) },
                { a, b, _, rm, f in UInt32(SoftFloat.div(UInt64(a), UInt64(b), .f32, rm, &f)) })
        check32("sqrt", { a, _, _, rm, f in F32.sqrt(a & 0x7fff_ffff, rm, &f) },
                { a, _, _, rm, f in UInt32(SoftFloat.sqrt(UInt64(a & 0x7fff_ffff), .f32, rm, &f)) })
        check32("fma", { a, b, c, rm, f in F32.fma(a, b, c, rm, &f) },
                { a, b, c, rm, f in UInt32(SoftFloat.fma(UInt64(a), UInt64(b), UInt64(c), .f32, rm, &f)) })
    }

    /// The inlined fast path must agree with the exact out-of-line path, in both host formats.
    func testFastPathMatchesExactPath() {
        fastPathMatchesExactPath(F64.self, expBits: 11)
        fastPathMatchesExactPath(F32.self, expBits: 8)
    }

    private func fastPathMatchesExactPath<F: HostFloatFormat>(_: F.Type, expBits: Int) {
        var g = BitGen(state: 42)
        for _ in 0..<iterations {
            let bits = { F.Bits(truncatingIfNeeded: g.value(fracBits: F.fractionBits, expBits: expBits)) }
            let a = bits(), b = bits(), c = bits()
            var f1 = FFlags.nx, f2 = FFlags.nx
            let context = "\(F.self) seed 42: a=\(String(a, radix: 16)) b=\(String(b, radix: 16)) c=\(String(c, radix: 16))"
            XCTAssertEqual(F.mul(a, b, .rne, &f1), F.exact(.mul, a, b, 0, .rne, &f2), context)
            XCTAssertEqual(F.add(a, b, .rne, &f1), F.exact(.add, a, b, 0, .rne, &f2), context)
            XCTAssertEqual(F.sub(a, b, .rne, &f1), F.exact(.sub, a, b, 0, .rne, &f2), context)
            XCTAssertEqual(F.div(a, b, .rne, &f1), F.exact(.div, a, b, 0, .rne, &f2), context)
            XCTAssertEqual(F.fma(a, b, c, .rne, &f1), F.exact(.fma, a, b, c, .rne, &f2), context)
            XCTAssertEqual(F.sqrt(a, .rne, &f1), F.exact(.sqrt, a, 0, 0, .rne, &f2), context)
            XCTAssertEqual(f1, f2, context)
        }
    }

    /// Integer to float in round-to-nearest-even against the host's own conversion
    /// (cvtsi2sd/cvtsi2ss through Swift's initialisers); other modes and the float to
    /// integer direction are in IndependentVectorTests.
    func testIntegerToFloatMatchesTheHost() {
        var g = BitGen(state: 7)
        for _ in 0..<iterations {
            let v = Int64(bitPattern: g.next() >> (g.next() % 64))
            var f: UInt32 = 0
            XCTAssertEqual(F64.fromInt64(v, .rne, &f), Double(v).bitPattern, "seed 7: \(v)")
            XCTAssertEqual(F32.fromInt64(v, .rne, &f), Float(v).bitPattern, "seed 7: \(v)")
            XCTAssertEqual(F64.fromUInt64(UInt64(bitPattern: v), .rne, &f), Double(UInt64(bitPattern: v)).bitPattern, "seed 7: \(v)")
            XCTAssertEqual(F32.fromUInt64(UInt64(bitPattern: v), .rne, &f), Float(UInt64(bitPattern: v)).bitPattern, "seed 7: \(v)")
        }
    }
}
