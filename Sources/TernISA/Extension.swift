/// The ISA extensions Tern knows, in the canonical order of ISA strings: the
/// single letters (I, M, A, F, D, C), then the Z extensions grouped by the
/// letter after the Z (i, m, a, f, d, c, b, k), alphabetically within a group.
/// `system` stands for the base privileged instructions (ecall, ebreak, mret...)
/// and is always present.
public enum Extension: String, CaseIterable, Sendable, Equatable {
    case i, m, a, f, d, c, v
    case zicbom, zicbop, zicboz, zicntr, zicond, zicsr, zifencei, zihintntl, zihintpause, zihpm, zimop
    case zawrs
    case zfa, zfh, zfhmin
    case zcb, zcmop
    case zba, zbb, zbc, zbs
    case zkt
    case zvbb, zvfh, zvfhmin, zvkt
    case system

    /// The name in ISA strings and in `--cpu` properties (`zba`).
    public var name: String { rawValue }

    /// Whether this is a single-letter (misa) extension.
    public var isSingleLetter: Bool { rawValue.count == 1 }

    /// Extensions this one requires (enabling it enables them; disabling one of
    /// them disables it).
    public var requires: [Extension] {
        switch self {
        case .d: [.f]
        case .f: [.zicsr]
        case .zfa, .zfhmin: [.f]
        case .zfh: [.zfhmin]
        case .zcb, .zcmop: [.c]
        case .v: [.d]
        case .zvbb, .zvkt, .zvfhmin: [.v]
        case .zvfh: [.zvfhmin, .zfhmin]
        default: []
        }
    }
}

/// A set of extensions (one bit per `Extension` case).
public struct ExtensionSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The set holding exactly `extensions`.
    public init(_ extensions: [Extension]) {
        self.init(rawValue: extensions.reduce(0) { $0 | ExtensionSet.bit($1) })
    }

    /// The bit of each extension (case order).
    private static let bits: [Extension: UInt64] = Dictionary(
        uniqueKeysWithValues: Extension.allCases.enumerated().map { ($0.element, 1 << UInt64($0.offset)) })

    static func bit(_ e: Extension) -> UInt64 { bits[e]! }

    /// Whether `e` is in the set.
    public func contains(_ e: Extension) -> Bool { rawValue & ExtensionSet.bit(e) != 0 }

    public mutating func insert(_ e: Extension) { self.formUnion(ExtensionSet([e])) }
    public mutating func remove(_ e: Extension) { self.subtract(ExtensionSet([e])) }

    /// The members, in canonical order.
    public var members: [Extension] { Extension.allCases.filter { contains($0) } }

    /// The set with every requirement of its members added.
    public var closed: ExtensionSet {
        var out = self
        var changed = true
        while changed {
            changed = false
            for e in out.members { for r in e.requires where !out.contains(r) { out.insert(r); changed = true } }
        }
        return out
    }

    /// Every extension Tern implements.
    public static let all = ExtensionSet(Extension.allCases)

    /// The ISA string Linux prints in /proc/cpuinfo (`rv64imafdc_zicntr_...`):
    /// single letters, then the multi-letter extensions in canonical order.
    /// C implies Zca, and with D Zcd (Linux lists both).
    public var isaString: String {
        let letters = members.filter(\.isSingleLetter).map(\.name).joined()
        var multi = members.filter { !$0.isSingleLetter && $0 != .system }.map(\.name)
        if contains(.c) { multi.append("zca") }
        if contains(.c) && contains(.d) { multi.append("zcd") }
        let category = Array("imafdqcbkjtpvh")
        func key(_ name: String) -> (Int, String) {
            let c = Array(name)[1]
            return (category.firstIndex(of: c) ?? category.count, name)
        }
        multi.sort { key($0) < key($1) }
        return (["rv64" + letters] + multi).joined(separator: "_")
    }
}
