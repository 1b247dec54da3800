/// A static RISC-V rounding mode (the `rm` field values 0–4; DYN is resolved by the engine).
public enum RoundingMode: UInt8, Sendable {
    /// Round to nearest, ties to even.
    case rne = 0
    /// Round towards zero.
    case rtz = 1
    /// Round down (towards −∞).
    case rdn = 2
    /// Round up (towards +∞).
    case rup = 3
    /// Round to nearest, ties away from zero (maximum magnitude).
    case rmm = 4
}
