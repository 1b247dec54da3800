/// A translation cache budget (`tern run --tcache-size`): IR bytes or blocks.
/// Exceeding it flushes the whole cache (an eviction, counted).
public enum TranslationCacheSize: Sendable, Equatable {
    /// At most this many bytes of IR op records.
    case bytes(Int)
    /// At most this many translated blocks.
    case blocks(Int)

    /// The default: `Machine.defaultTranslationBudget` (64 MiB) of IR.
    public static let `default` = TranslationCacheSize.bytes(Machine.defaultTranslationBudget)

    /// Parses `SIZE`: a positive byte count with an optional `K`, `M` or `G`
    /// suffix (powers of 1024, optionally followed by `B` or `iB`), or a block
    /// count written `Nblocks` (`1block` also accepted). Nil when malformed,
    /// zero, or too large.
    public init?(parsing text: String) {
        let lower = text.lowercased()
        let digits = lower.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits), n > 0 else { return nil }
        let unit = lower.dropFirst(digits.count)
        if unit == "blocks" || unit == "block" { self = .blocks(n); return }
        let shifts: [Substring: Int] = ["": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20,
                                        "g": 30, "gb": 30, "gib": 30]
        guard let shift = shifts[unit], n <= Int.max >> shift else { return nil }
        self = .bytes(n << shift)
    }
}
