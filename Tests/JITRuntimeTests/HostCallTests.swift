import XCTest
import JITRuntime

/// libffi host calls: every argument and result kind is marshalled exactly.
final class HostCallTests: XCTestCase {
    private func call(_ fn: UnsafeRawPointer, _ result: Character, _ args: String, _ values: [UInt64]) throws -> UInt64 {
        let prepared = try XCTUnwrap(tern_hostcall_prepare(UnsafeMutableRawPointer(mutating: fn),
                                                           CChar(result.asciiValue!), args))
        defer { tern_hostcall_destroy(prepared) }
        XCTAssertEqual(Int(tern_hostcall_arity(prepared)), args.count)
        var out: UInt64 = 0xdead
        tern_hostcall_invoke(prepared, values, &out)
        return out
    }

    func testMixedArguments() throws {
        // int32, int64, pointer, float, double -> double
        let fn: @convention(c) (Int32, Int64, UnsafeMutablePointer<Int64>, Float, Double) -> Double = { i, l, p, f, d in
            p.pointee = Int64(i) * 1000 + l
            return Double(f) * 2 + d
        }
        var target: Int64 = 0
        let r = try withUnsafeMutablePointer(to: &target) { p in
            try call(unsafeBitCast(fn, to: UnsafeRawPointer.self), "d", "ilpfd",
                     [UInt64(bitPattern: -7) & 0xffff_ffff | 0x1234_5678_0000_0000, // high garbage ignored
                      UInt64(bitPattern: -5), UInt64(UInt(bitPattern: p)),
                      UInt64(Float(1.5).bitPattern), Double(0.25).bitPattern])
        }
        XCTAssertEqual(target, -7005)
        XCTAssertEqual(Double(bitPattern: r), 3.25)
    }

    func testResultKinds() throws {
        let neg: @convention(c) (Int32) -> Int32 = { -$0 }
        XCTAssertEqual(try call(unsafeBitCast(neg, to: UnsafeRawPointer.self), "i", "i", [5]), UInt64(bitPattern: -5))
        let wide: @convention(c) (Int64, Int64) -> Int64 = { $0 << 32 | $1 }
        XCTAssertEqual(try call(unsafeBitCast(wide, to: UnsafeRawPointer.self), "l", "ll", [3, 4]), 0x3_0000_0004)
        let half: @convention(c) (Float) -> Float = { $0 / 2 }
        XCTAssertEqual(try call(unsafeBitCast(half, to: UnsafeRawPointer.self), "f", "f", [UInt64(Float(-3).bitPattern)]),
                       UInt64(Float(-1.5).bitPattern))
        var hit: Int32 = 0
        let void: @convention(c) (UnsafeMutablePointer<Int32>) -> Void = { $0.pointee = 42 }
        let r = try withUnsafeMutablePointer(to: &hit) {
            try call(unsafeBitCast(void, to: UnsafeRawPointer.self), "v", "p", [UInt64(UInt(bitPattern: $0))])
        }
        XCTAssertEqual(r, 0)
        XCTAssertEqual(hit, 42)
    }

    func testEightDoubleArguments() throws {
        let sum: @convention(c) (Double, Double, Double, Double, Double, Double, Double, Double) -> Double = {
            $0 + 2 * $1 + 3 * $2 + 4 * $3 + 5 * $4 + 6 * $5 + 7 * $6 + 8 * $7
        }
        let r = try call(unsafeBitCast(sum, to: UnsafeRawPointer.self), "d", "dddddddd", (1...8).map { Double($0).bitPattern })
        XCTAssertEqual(Double(bitPattern: r), 204)
    }

    func testLibmThroughResolve() throws {
        let hypot = try XCTUnwrap(tern_hostcall_resolve("libm.so.6", "hypot"))
        XCTAssertEqual(Double(bitPattern: try call(hypot, "d", "dd", [Double(3).bitPattern, Double(4).bitPattern])), 5)
        XCTAssertNil(tern_hostcall_resolve("libm.so.6", "no_such_function_tern"))
        XCTAssertNil(tern_hostcall_resolve("libtern-does-not-exist.so", "sin"))
    }

    func testInvalidSignaturesAreRefused() throws {
        let fn = try XCTUnwrap(tern_hostcall_resolve("libm.so.6", "sin"))
        XCTAssertNil(tern_hostcall_prepare(fn, CChar(UInt8(ascii: "p")), "d"), "pointer results are refused")
        XCTAssertNil(tern_hostcall_prepare(fn, CChar(UInt8(ascii: "d")), "v"), "void is not an argument")
        XCTAssertNil(tern_hostcall_prepare(fn, CChar(UInt8(ascii: "d")), "x"))
        XCTAssertNil(tern_hostcall_prepare(fn, CChar(UInt8(ascii: "d")), "ddddddddd"), "more than 8 arguments")
        XCTAssertNil(tern_hostcall_prepare(nil, CChar(UInt8(ascii: "d")), "d"))
    }
}
