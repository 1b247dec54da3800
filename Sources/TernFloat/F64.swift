#if arch(x86_64)
import JITRuntime
#endif

/// RISC-V binary64 (D extension) arithmetic on raw IEEE bit patterns; the operations
/// are the generic ones of `HostFloatFormat` (host fast paths, exact fallbacks).
public enum F64: HostFloatFormat {
    public typealias Bits = UInt64
    @inlinable public static var fractionBits: Int { 52 }

    @inlinable @inline(__always) public static func host(_ a: UInt64) -> Double { Double(bitPattern: a) }
    @inlinable @inline(__always) public static func bits(_ x: Double) -> UInt64 { x.bitPattern }

    public static func hostExact(_ op: HostFPUOperation, _ a: UInt64, _ b: UInt64, _ c: UInt64, _ rm: RoundingMode,
                                 _ flags: inout UInt32) -> UInt64? {
        #if arch(x86_64)
        let mode = UInt32(rm.rawValue)
        switch op {
        case .add: return tern_fpu_add64(a, b, mode, &flags)
        case .sub: return tern_fpu_sub64(a, b, mode, &flags)
        case .mul: return tern_fpu_mul64(a, b, mode, &flags)
        case .div: return tern_fpu_div64(a, b, mode, &flags)
        case .sqrt: return tern_fpu_sqrt64(a, mode, &flags)
        case .fma:
            var r: UInt64 = 0
            return tern_fpu_fma64(a, b, c, mode, &r, &flags) != 0 ? r : nil
        }
        #else
        return nil
        #endif
    }
}
