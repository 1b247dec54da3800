/// NaN-boxing of binary32 values in 64-bit FP registers (RISC-V D extension).
public enum NaNBox {
    /// Boxes a binary32 bit pattern: the upper 32 bits become all ones.
    @inlinable @inline(__always)
    public static func box(_ v: UInt32) -> UInt64 { 0xffff_ffff_0000_0000 | UInt64(v) }

    /// Unboxes a register: its low 32 bits when the upper 32 are all ones, otherwise the canonical NaN.
    @inlinable @inline(__always)
    public static func unbox(_ r: UInt64) -> UInt32 {
        r >> 32 == 0xffff_ffff ? UInt32(truncatingIfNeeded: r) : 0x7fc0_0000
    }
}
