/// A compressed (16-bit) instruction form of the RVC table (C, Zcb, Zcmop), as
/// the decoder knows it: for coverage tests and tools that enumerate forms.
public struct CompressedForm: Sendable, Equatable {
    /// The mnemonic objdump prints with `-M no-aliases` (`c.lbu`).
    public let name: String
    /// The fixed bits of the form and their values.
    public let mask: UInt16
    public let match: UInt16
    /// The extensions that must be enabled (C, and D, Zcb or Zcmop).
    public let required: ExtensionSet
}

extension Decoder {
    /// Every compressed form, in table order: halfword `h` is a form when
    /// `h & mask == match` and no earlier form matched (test generators that
    /// want every form, not only the frequent ones).
    public static let compressedForms: [CompressedForm] = compressedTable.map {
        CompressedForm(name: $0.name, mask: $0.mask, match: $0.match, required: $0.required)
    }

    /// The form halfword `h` belongs to (the table row the decoder picks), if any.
    public static func compressedForm(of h: UInt16) -> CompressedForm? {
        CompressedSpec.row(for: h).map { CompressedForm(name: $0.name, mask: $0.mask, match: $0.match, required: $0.required) }
    }
}
