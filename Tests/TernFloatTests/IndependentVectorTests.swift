import Foundation
import XCTest
import TernFloat
import TernTestSupport

/// TernFloat against testfloat-style vectors computed by an independent method:
/// Tests/tools/fpvectors.py derives every result from exact rational arithmetic
/// (Python's fractions), rounds it under each of the five RISC-V rounding modes
/// (RMM included, which the host FPU lacks) and sets the flags by the IEEE 754 /
/// RISC-V rules. It shares no code with TernFloat. Every F and D arithmetic
/// operation and conversion is covered.
final class IndependentVectorTests: XCTestCase {
    /// Seed and vector count (`FP_VECTOR_SEED`, `FP_VECTOR_COUNT` for longer runs).
    static let seed = ProcessInfo.processInfo.environment["FP_VECTOR_SEED"] ?? "0x17f10a7"
    static let count = ProcessInfo.processInfo.environment["FP_VECTOR_COUNT"] ?? "60000"

    static func vectors() throws -> [Substring] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/fpvectors.py").path
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { throw MissingPrerequisite("python3", hint: "make setup") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script, seed, count]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw MissingPrerequisite("a working \(script)", hint: "python3 \(script) 1 10") }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
    }

    /// TernFloat's answer to one vector: (result bits, flags); nil for an unknown operation.
    static func tern(_ op: Substring, _ rm: RoundingMode, _ a: UInt64, _ b: UInt64, _ c: UInt64,
                     flags initial: UInt32) -> (UInt64, UInt32)? {
        var f = initial
        let a32 = UInt32(truncatingIfNeeded: a), b32 = UInt32(truncatingIfNeeded: b), c32 = UInt32(truncatingIfNeeded: c)
        let a16 = UInt16(truncatingIfNeeded: a)
        let n32: UInt32 = 1 << 31, n64: UInt64 = 1 << 63
        let r: UInt64
        switch op {
        case "add.s": r = UInt64(F32.add(a32, b32, rm, &f))
        case "sub.s": r = UInt64(F32.sub(a32, b32, rm, &f))
        case "mul.s": r = UInt64(F32.mul(a32, b32, rm, &f))
        case "div.s": r = UInt64(F32.div(a32, b32, rm, &f))
        case "sqrt.s": r = UInt64(F32.sqrt(a32, rm, &f))
        case "fma.s": r = UInt64(F32.fma(a32, b32, c32, rm, &f))
        case "fmsub.s": r = UInt64(F32.fma(a32, b32, c32 ^ n32, rm, &f))
        case "fnmsub.s": r = UInt64(F32.fma(a32 ^ n32, b32, c32, rm, &f))
        case "fnmadd.s": r = UInt64(F32.fma(a32 ^ n32, b32, c32 ^ n32, rm, &f))
        case "add.d": r = F64.add(a, b, rm, &f)
        case "sub.d": r = F64.sub(a, b, rm, &f)
        case "mul.d": r = F64.mul(a, b, rm, &f)
        case "div.d": r = F64.div(a, b, rm, &f)
        case "sqrt.d": r = F64.sqrt(a, rm, &f)
        case "fma.d": r = F64.fma(a, b, c, rm, &f)
        case "fmsub.d": r = F64.fma(a, b, c ^ n64, rm, &f)
        case "fnmsub.d": r = F64.fma(a ^ n64, b, c, rm, &f)
        case "fnmadd.d": r = F64.fma(a ^ n64, b, c ^ n64, rm, &f)
        case "fcvt.w.s": r = UInt64(bitPattern: Int64(F32.toInt32(a32, rm, &f)))
        case "fcvt.wu.s": r = UInt64(F32.toUInt32(a32, rm, &f))
        case "fcvt.l.s": r = UInt64(bitPattern: F32.toInt64(a32, rm, &f))
        case "fcvt.lu.s": r = F32.toUInt64(a32, rm, &f)
        case "fcvt.w.d": r = UInt64(bitPattern: Int64(F64.toInt32(a, rm, &f)))
        case "fcvt.wu.d": r = UInt64(F64.toUInt32(a, rm, &f))
        case "fcvt.l.d": r = UInt64(bitPattern: F64.toInt64(a, rm, &f))
        case "fcvt.lu.d": r = F64.toUInt64(a, rm, &f)
        case "fcvt.s.w": r = UInt64(F32.fromInt32(Int32(truncatingIfNeeded: a), rm, &f))
        case "fcvt.s.wu": r = UInt64(F32.fromUInt32(a32, rm, &f))
        case "fcvt.s.l": r = UInt64(F32.fromInt64(Int64(bitPattern: a), rm, &f))
        case "fcvt.s.lu": r = UInt64(F32.fromUInt64(a, rm, &f))
        case "fcvt.d.w": r = F64.fromInt32(Int32(truncatingIfNeeded: a), rm, &f)
        case "fcvt.d.wu": r = F64.fromUInt32(a32, rm, &f)
        case "fcvt.d.l": r = F64.fromInt64(Int64(bitPattern: a), rm, &f)
        case "fcvt.d.lu": r = F64.fromUInt64(a, rm, &f)
        case "fcvt.s.d": r = UInt64(F64.toF32(a, rm, &f))
        case "fcvt.d.s": r = F32.toF64(a32, &f)
        case "fcvt.h.s": r = UInt64(F16.fromF32(a32, rm, &f))
        case "fcvt.s.h": r = UInt64(F16.toF32(a16, &f))
        case "fcvt.h.d": r = UInt64(F16.fromF64(a, rm, &f))
        case "fcvt.d.h": r = F16.toF64(a16, &f)
        case "fcvtmod.w.d": r = F64.toInt32Modular(a, &f)
        default:
            guard let v = half(op, rm, a, b, c, &f) ?? zfa(op, rm, a, b, &f) else { return nil }
            r = v
        }
        return (r, f)
    }

    /// The half-precision operations (Zfh).
    static func half(_ op: Substring, _ rm: RoundingMode, _ a: UInt64, _ b: UInt64, _ c: UInt64,
                     _ f: inout UInt32) -> UInt64? {
        let a16 = UInt16(truncatingIfNeeded: a), b16 = UInt16(truncatingIfNeeded: b), c16 = UInt16(truncatingIfNeeded: c)
        let n16: UInt16 = 0x8000
        let r: UInt16
        switch op {
        case "add.h": r = F16.add(a16, b16, rm, &f)
        case "sub.h": r = F16.sub(a16, b16, rm, &f)
        case "mul.h": r = F16.mul(a16, b16, rm, &f)
        case "div.h": r = F16.div(a16, b16, rm, &f)
        case "sqrt.h": r = F16.sqrt(a16, rm, &f)
        case "fma.h": r = F16.fma(a16, b16, c16, rm, &f)
        case "fmsub.h": r = F16.fma(a16, b16, c16 ^ n16, rm, &f)
        case "fnmsub.h": r = F16.fma(a16 ^ n16, b16, c16, rm, &f)
        case "fnmadd.h": r = F16.fma(a16 ^ n16, b16, c16 ^ n16, rm, &f)
        case "fcvt.w.h": return UInt64(bitPattern: Int64(F16.toInt32(a16, rm, &f)))
        case "fcvt.wu.h": return UInt64(F16.toUInt32(a16, rm, &f))
        case "fcvt.l.h": return UInt64(bitPattern: F16.toInt64(a16, rm, &f))
        case "fcvt.lu.h": return F16.toUInt64(a16, rm, &f)
        case "fcvt.h.w": r = F16.fromInt32(Int32(truncatingIfNeeded: a), rm, &f)
        case "fcvt.h.wu": r = F16.fromUInt32(UInt32(truncatingIfNeeded: a), rm, &f)
        case "fcvt.h.l": r = F16.fromInt64(Int64(bitPattern: a), rm, &f)
        case "fcvt.h.lu": r = F16.fromUInt64(a, rm, &f)
        case "fmin.h": r = F16.min(a16, b16, &f)
        case "fmax.h": r = F16.max(a16, b16, &f)
        case "feq.h": return F16.eq(a16, b16, &f) ? 1 : 0
        case "flt.h": return F16.lt(a16, b16, &f) ? 1 : 0
        case "fle.h": return F16.le(a16, b16, &f) ? 1 : 0
        default: return nil
        }
        return UInt64(r)
    }

    /// The Zfa operations of every format.
    static func zfa(_ op: Substring, _ rm: RoundingMode, _ a: UInt64, _ b: UInt64, _ f: inout UInt32) -> UInt64? {
        let a16 = UInt16(truncatingIfNeeded: a), b16 = UInt16(truncatingIfNeeded: b)
        let a32 = UInt32(truncatingIfNeeded: a), b32 = UInt32(truncatingIfNeeded: b)
        switch op {
        case "fround.s": return UInt64(F32.roundToIntegral(a32, rm, exact: false, &f))
        case "froundnx.s": return UInt64(F32.roundToIntegral(a32, rm, exact: true, &f))
        case "fround.d": return F64.roundToIntegral(a, rm, exact: false, &f)
        case "froundnx.d": return F64.roundToIntegral(a, rm, exact: true, &f)
        case "fround.h": return UInt64(F16.roundToIntegral(a16, rm, exact: false, &f))
        case "froundnx.h": return UInt64(F16.roundToIntegral(a16, rm, exact: true, &f))
        case "fminm.s": return UInt64(F32.minimum(a32, b32, &f))
        case "fmaxm.s": return UInt64(F32.maximum(a32, b32, &f))
        case "fminm.d": return F64.minimum(a, b, &f)
        case "fmaxm.d": return F64.maximum(a, b, &f)
        case "fminm.h": return UInt64(F16.minimum(a16, b16, &f))
        case "fmaxm.h": return UInt64(F16.maximum(a16, b16, &f))
        case "fleq.s": return F32.leQuiet(a32, b32, &f) ? 1 : 0
        case "fltq.s": return F32.ltQuiet(a32, b32, &f) ? 1 : 0
        case "fleq.d": return F64.leQuiet(a, b, &f) ? 1 : 0
        case "fltq.d": return F64.ltQuiet(a, b, &f) ? 1 : 0
        case "fleq.h": return F16.leQuiet(a16, b16, &f) ? 1 : 0
        case "fltq.h": return F16.ltQuiet(a16, b16, &f) ? 1 : 0
        default: return nil
        }
    }

    func testEveryOperationAndRoundingModeAgainstExactArithmetic() throws {
        let lines = try Self.vectors()
        XCTAssertEqual(lines.count, Int(Self.count), "fpvectors.py printed \(lines.count) vectors")
        var failures = 0, checked: [Substring: Int] = [:]
        for line in lines {
            let w = line.split(separator: " ")
            guard w.count == 7, let rmRaw = UInt8(w[1]), let rm = RoundingMode(rawValue: rmRaw),
                  let a = UInt64(w[2], radix: 16), let b = UInt64(w[3], radix: 16), let c = UInt64(w[4], radix: 16),
                  let want = UInt64(w[5], radix: 16), let wantFlags = UInt32(w[6], radix: 16) else {
                XCTFail("unparsable vector: \(line)"); continue
            }
            // Once with no flags accrued (the exact paths), once with NX already set (the
            // inline fast paths, taken only then).
            guard let (got, flags) = Self.tern(w[0], rm, a, b, c, flags: 0),
                  let (got2, flags2) = Self.tern(w[0], rm, a, b, c, flags: FFlags.nx) else {
                XCTFail("unknown operation in \(line)"); continue
            }
            checked[w[0], default: 0] += 1
            if got != want || flags != wantFlags || got2 != want || flags2 != wantFlags | FFlags.nx {
                failures += 1
                if failures <= 12 {
                    XCTFail("\(line): TernFloat gives \(String(got, radix: 16)) flags \(String(flags, radix: 16)), "
                            + "with NX set \(String(got2, radix: 16)) flags \(String(flags2, radix: 16)) "
                            + "(seed \(Self.seed); replay: python3 Tests/tools/fpvectors.py \(Self.seed) \(Self.count))")
                }
            }
        }
        if failures > 12 { XCTFail("\(failures) of \(lines.count) vectors differ (seed \(Self.seed))") }
        XCTAssertEqual(checked.count, 81, "every operation was exercised: \(checked.keys.sorted())")
    }
}
