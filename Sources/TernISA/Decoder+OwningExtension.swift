extension Decoder {
    /// The extension an encoding is counted under (fuzz campaign figures): a
    /// compressed form's own extension (Zcb, Zcmop, else C), a 32-bit
    /// instruction's `Opcode.extension`. nil when `bits` does not decode.
    public static func owningExtension(of bits: UInt32) -> Extension? {
        guard let insn = decode(bits) else { return nil }
        guard bits & 3 != 3 else { return insn.opcode.extension }
        guard let form = compressedForm(of: UInt16(truncatingIfNeeded: bits)) else { return .c }
        return [Extension.zcb, .zcmop].first(where: form.required.contains) ?? .c
    }
}
