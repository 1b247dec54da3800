/// RISC-V `fflags` accrued-exception bits. Operations OR these into a flags word; they never clear it.
public struct FFlags {
    /// Inexact.
    public static let nx: UInt32 = 1
    /// Underflow (tiny after rounding and inexact).
    public static let uf: UInt32 = 2
    /// Overflow.
    public static let of: UInt32 = 4
    /// Divide by zero.
    public static let dz: UInt32 = 8
    /// Invalid operation.
    public static let nv: UInt32 = 16
}
