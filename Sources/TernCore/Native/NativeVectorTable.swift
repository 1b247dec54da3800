import CoreGlue
import TernSpec

#if canImport(Glibc)
import Glibc
#endif

/// The vector rows the native tier compiles itself (`nativeVectorForms` in
/// TernSpec, by row index): only on hosts with AVX2 (and an OS that saves
/// ymm state), unless `TERN_NATIVE_VECTOR=0` turns them off; the other
/// vector ops, and all of them without AVX2, call their threaded driver.
enum NativeVectorTable {
    /// Whether native vector code is on for this process.
    static let enabled: Bool = {
        guard HostFeature.avx2.available else { return false }
        if let v = getenv("TERN_NATIVE_VECTOR"), String(cString: v) == "0" { return false }
        return true
    }()

    /// The shape of each vector row (by index in `vectorInstructions`), nil
    /// when the row has none or the kind does not fit the shape.
    static let shapes: [NativeVectorShape?] = {
        var byFamily: [String: NativeVectorShape] = [:]
        for f in nativeVectorForms { byFamily[f.family] = f.shape }
        return vectorInstructions.map { row in
            let family = String(row.mnemonic.prefix { $0 != "." })
            guard let shape = byFamily[row.mnemonic] ?? byFamily[family] else { return nil }
            switch (shape, row.kind) {
            case (.lanewise, .binary), (.multiply, .binary), (.narrowShift, .narrow), (.shift, .binary), (.floatLanewise, .binary), (.floatMultiplyAdd, .binary),
                 (.floatReduce, .reduce), (.floatToScalar, .moveToFloat), (.floatWidenFromInteger, .widen(.unsigned, .unsigned)), (.multiplyAdd, .binary), (.move, .merge), (.extend, .extend), (.reduce, .reduce),
                 (.widenShift, .widen(.unsigned, .unsigned)),
                 (.elementIndex, .elementIndex), (.compare, .compare), (.maskLogical, .maskLogical),
                 (.maskCount(first: false), .maskPopCount), (.maskCount(first: true), .maskFirst), (.configuration, .config(.vsetvli)),
                 (.configuration, .config(.vsetivli)):
                return shape
            case (.transfer, .memory(let m)) where m.mode == .whole || m.mode == .unit:
                return shape
            default:
                return nil
            }
        }
    }()

    /// The native shape of a vector op (`vconfig`, `vmemory`, `varith`), if any.
    static func shape(of op: TernOp) -> NativeVectorShape? {
        guard enabled else { return nil }
        let row = Int(op.aux & 0xffff)
        return row < shapes.count ? shapes[row] : nil
    }

    /// Constants that expand v0's bits to element masks (`NativeVectorEmitter`'s
    /// masked ops), at these byte offsets: a vpshufb pattern sending byte k of a
    /// broadcast dword to lanes 8k...8k+7, then each lane's bit for SEW 8 (32
    /// bytes), 16 (16 words), 32 (8 dwords) and 64 (8 qwords).
    static let shuffle8 = 0, bits8 = 32, bits16 = 64, bits32 = 96, bits64 = 128
    nonisolated(unsafe) static let maskConstants: UnsafeMutableRawPointer = {
        let p = UnsafeMutableRawPointer.allocate(byteCount: 192, alignment: 64)
        for i in 0..<32 {
            // vpshufb works in 16-byte lanes: the upper lane's bytes 8...15 of the dword come from bytes 2 and 3.
            p.storeBytes(of: UInt8(i / 8), toByteOffset: shuffle8 + i, as: UInt8.self)
            p.storeBytes(of: UInt8(1 << (i % 8)), toByteOffset: bits8 + i, as: UInt8.self)
        }
        for i in 0..<16 { p.storeBytes(of: UInt16(1 << i), toByteOffset: bits16 + 2 * i, as: UInt16.self) }
        for i in 0..<8 {
            p.storeBytes(of: UInt32(1 << i), toByteOffset: bits32 + 4 * i, as: UInt32.self)
            p.storeBytes(of: UInt64(1 << i), toByteOffset: bits64 + 8 * i, as: UInt64.self)
        }
        return p
    }()

    /// Constants of the floating-point fast path's check (`NativeVectorEmitter+Float.swift`):
    /// for binary32 at `float32`, binary64 at `float64`, 32 bytes each of the
    /// magnitude mask, zero, and the range test's bias and limit (`rangeTest`)
    /// at these offsets from the format's; then 2^52 as binary64 (`twoTo52`).
    static let float32 = 0, float64 = 128, absolute = 0, zero = 32, rangeBias = 64, rangeLimit = 96, twoTo52 = 256
    nonisolated(unsafe) static let floatConstants: UnsafeMutableRawPointer = {
        let p = UnsafeMutableRawPointer.allocate(byteCount: 288, alignment: 64)
        /// 32 bytes of `value` (of `bytes` bytes) at `at`.
        func fill(_ at: Int, _ value: UInt64, bytes: Int) {
            for i in 0..<(32 / bytes) {
                if bytes == 4 { p.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: at + 4 * i, as: UInt32.self) }
                else { p.storeBytes(of: value, toByteOffset: at + 8 * i, as: UInt64.self) }
            }
        }
        // (magnitude mask, smallest normal, infinity) of binary32 and binary64.
        for (base, bytes, abs, normal, inf) in [(float32, 4, 0x7fff_ffff, 0x0080_0000, 0x7f80_0000) as (Int, Int, UInt64, UInt64, UInt64),
                                                (float64, 8, 0x7fff_ffff_ffff_ffff, 0x0010_0000_0000_0000, 0x7ff0_0000_0000_0000)] {
            fill(base + absolute, abs, bytes: bytes)
            fill(base + zero, 0, bytes: bytes)
            let (bias, limit) = rangeTest(bits: 8 * bytes, smallestNormal: normal, infinity: inf)
            fill(base + rangeBias, bias, bytes: bytes)
            fill(base + rangeLimit, limit, bytes: bytes)
        }
        fill(twoTo52, 0x4330_0000_0000_0000, bytes: 8)
        return p
    }()

    /// The bias and limit of the one-compare range test of a `bits`-wide
    /// magnitude m (sign bit clear): smallestNormal < m < infinity exactly when
    /// m + bias (wrapping) is not greater than limit as signed integers. With
    /// t = m − (smallestNormal + 1), the range is t < infinity − smallestNormal − 1
    /// unsigned; adding the sign bit turns that into a signed compare.
    static func rangeTest(bits: Int, smallestNormal: UInt64, infinity: UInt64) -> (bias: UInt64, limit: UInt64) {
        let ones: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1, sign: UInt64 = 1 << UInt64(bits - 1)
        let bias = (sign &- smallestNormal &- 1) & ones
        let limit = (((infinity &- smallestNormal &- 1) ^ sign) &- 1) & ones
        return (bias, limit)
    }

    /// Element indices for vid.v: 512 bytes per SEW (8, 16, 32, 64 bits), the
    /// largest register group (8 registers at VLEN 512); index i truncated to SEW.
    nonisolated(unsafe) static let indices: UnsafeMutableRawPointer = {
        let p = UnsafeMutableRawPointer.allocate(byteCount: 4 * 512, alignment: 64)
        for s in 0..<4 {
            let bytes = 1 << s
            for i in 0..<(512 / bytes) {
                let at = s * 512 + i * bytes
                switch bytes {
                case 1: p.storeBytes(of: UInt8(truncatingIfNeeded: i), toByteOffset: at, as: UInt8.self)
                case 2: p.storeBytes(of: UInt16(i), toByteOffset: at, as: UInt16.self)
                case 4: p.storeBytes(of: UInt32(i), toByteOffset: at, as: UInt32.self)
                default: p.storeBytes(of: UInt64(i), toByteOffset: at, as: UInt64.self)
                }
            }
        }
        return p
    }()
}
