/// One row of the 32-bit instruction table: a word `w` is this instruction
/// exactly when `w & mask == match`.
struct InstructionSpec: Sendable {
    let opcode: Opcode
    let mask: UInt32
    let match: UInt32
    let format: Format
    let ext: Extension
    /// `ext` and any further extension the row needs (the Zfa half forms need Zfh
    /// too) as an extension set: the decoder's gate.
    let required: ExtensionSet
    init(_ opcode: Opcode, _ mask: UInt32, _ match: UInt32, _ format: Format, _ ext: Extension, also: [Extension] = []) {
        self.opcode = opcode; self.mask = mask; self.match = match; self.format = format; self.ext = ext
        self.required = ExtensionSet([ext] + also)
    }
}

extension InstructionSpec {
    /// The table bucketed by major opcode (bits 6:2), built once on first use.
    static let buckets: [[InstructionSpec]] = {
        var b = [[InstructionSpec]](repeating: [], count: 32)
        for spec in instructionTable {
            precondition(spec.mask & 0x7f == 0x7f, "table rows must fix the major opcode")
            b[Int((spec.match >> 2) & 0x1f)].append(spec)
        }
        return b
    }()

    /// Table row for each opcode, indexed by `Opcode.rawValue` (the generated
    /// table is in case order).
    static let byOpcode: [InstructionSpec] = {
        precondition(instructionTable.count == Opcode.allCases.count, "every opcode needs exactly one table row")
        for (i, r) in instructionTable.enumerated() { precondition(Int(r.opcode.rawValue) == i) }
        return instructionTable
    }()
}
