/// The ISA extension an instruction belongs to.
public enum Extension: Sendable, Equatable {
    /// Base integer ISA (RV64I).
    case i
    /// Integer multiply/divide.
    case m
    /// Atomics (LR/SC and AMOs).
    case a
    /// Single-precision floating point.
    case f
    /// Double-precision floating point.
    case d
    /// Compressed instructions.
    case c
    /// Control and status register instructions.
    case zicsr
    /// Instruction-fetch fence.
    case zifencei
    /// Environment calls/breakpoints and privileged instructions.
    case system
}
