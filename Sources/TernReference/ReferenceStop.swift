/// Why the reference interpreter did not simply retire an instruction (the same
/// cases as TernCore's `StopReason`, kept separate so this module depends on the
/// ISA layer only). The
/// interpreter's `pc` then points at the instruction concerned.
public enum ReferenceStop: Equatable, Sendable {
    /// `ecall` (retired; pc stays at the ecall, as in the engine).
    case ecall
    /// `ebreak` (retired; pc stays at the ebreak).
    case ebreak
    /// An illegal instruction (not retired); `bits` is its encoding (16 bits when compressed).
    case illegalInstruction(bits: UInt32)
    /// ReferenceInstruction fetch from an unmapped or non-executable address.
    case fetchFault(address: UInt64)
    /// A load from an unreadable address.
    case loadFault(address: UInt64)
    /// A store or AMO to an unwritable address.
    case storeFault(address: UInt64)
    /// A misaligned atomic access.
    case misalignedAtomic(address: UInt64)
}
