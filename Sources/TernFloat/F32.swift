#if arch(x86_64)
import JITRuntime
#endif

/// RISC-V binary32 (F extension) arithmetic on raw IEEE bit patterns; the operations
/// are the generic ones of `HostFloatFormat` (host fast paths, exact fallbacks).
public enum F32: HostFloatFormat {
    public typealias Bits = UInt32
    @inlinable public static var fractionBits: Int { 23 }

    @inlinable @inline(__always) public static func host(_ a: UInt32) -> Float { Float(bitPattern: a) }
    @inlinable @inline(__always) public static func bits(_ x: Float) -> UInt32 { x.bitPattern }

    public static func hostExact(_ op: HostFPUOperation, _ a: UInt32, _ b: UInt32, _ c: UInt32, _ rm: RoundingMode,
                                 _ flags: inout UInt32) -> UInt32? {
        #if arch(x86_64)
        let mode = UInt32(rm.rawValue)
        switch op {
        case .add: return tern_fpu_add32(a, b, mode, &flags)
        case .sub: return tern_fpu_sub32(a, b, mode, &flags)
        case .mul: return tern_fpu_mul32(a, b, mode, &flags)
        case .div: return tern_fpu_div32(a, b, mode, &flags)
        case .sqrt: return tern_fpu_sqrt32(a, mode, &flags)
        case .fma:
            var r: UInt32 = 0
            return tern_fpu_fma32(a, b, c, mode, &r, &flags) != 0 ? r : nil
        }
        #else
        return nil
        #endif
    }
}
