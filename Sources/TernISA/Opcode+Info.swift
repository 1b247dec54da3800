extension Opcode {
    /// The assembler mnemonic, e.g. `"fcvt.wu.s"` for `.fcvtWuS`.
    public var mnemonic: String { Opcode.mnemonics[Int(rawValue)] }

    /// The format (operand layout and syntax) of this instruction.
    public var format: Format { InstructionSpec.byOpcode[Int(rawValue)].format }

    /// The extension this instruction belongs to.
    public var `extension`: Extension { InstructionSpec.byOpcode[Int(rawValue)].ext }
}
