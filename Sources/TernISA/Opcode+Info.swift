extension Opcode {
    /// The assembler mnemonic, e.g. `"fcvt.wu.s"` for `.fcvtWuS`.
    public var mnemonic: String { Opcode.mnemonics[Int(rawValue)] }

    /// The format (operand layout and syntax) of this instruction.
    public var format: Format { InstructionSpec.byOpcode[Int(rawValue)].format }

    /// The extension this instruction belongs to.
    public var `extension`: Extension { InstructionSpec.byOpcode[Int(rawValue)].ext }

    /// Every extension that must be enabled for it to decode (`extension` and, for
    /// rows such as fli.h or fcvt.d.h, a second one).
    public var requiredExtensions: ExtensionSet { InstructionSpec.byOpcode[Int(rawValue)].required }
}
