/// Decodes RV64GC machine code (32-bit and compressed) into `Instruction`s.
public enum Decoder {
    /// Decodes the instruction whose low bits are `bits`. When `bits & 3 != 3` the
    /// instruction is compressed and only the low 16 bits are used (and expanded to
    /// the equivalent 32-bit instruction with `length == 2`).
    /// Only instructions of `extensions` decode (the CPU model's gate: anything
    /// else is an illegal instruction, as on a core without them).
    /// - Returns: nil for an illegal or reserved encoding (including 48-bit and longer forms).
    public static func decode(_ bits: UInt32, extensions: ExtensionSet = Extension.implemented) -> Instruction? {
        if bits & 3 != 3 { return CompressedSpec.decode(UInt16(truncatingIfNeeded: bits), extensions: extensions) }
        return decode32(bits, extensions: extensions)
    }

    /// Length in bytes (2 or 4) of the instruction starting with halfword `h`.
    @inlinable
    public static func length(ofFirstHalfword h: UInt16) -> Int { h & 3 == 3 ? 4 : 2 }

    /// Decodes a full 32-bit word (low two bits 11).
    static func decode32(_ w: UInt32, extensions: ExtensionSet = Extension.implemented) -> Instruction? {
        guard w & 3 == 3, (w >> 2) & 7 != 7 else { return nil }
        for spec in InstructionSpec.buckets[Int((w >> 2) & 0x1f)] where w & spec.mask == spec.match {
            return extensions.isSuperset(of: spec.required) ? spec.format.extract(spec.opcode, w) : nil
        }
        return nil
    }
}
