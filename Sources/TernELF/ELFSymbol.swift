/// One named, defined symbol of an ELF symbol table (`.symtab`).
public struct ELFSymbol: Sendable, Equatable {
    /// STT_NOTYPE (assembly labels), STT_OBJECT and STT_FUNC (raw values: the st_info type).
    public enum Kind: UInt8, Sendable {
        case function = 2
        case object = 1
        case untyped = 0

        /// Lookup preference: functions, then objects, then untyped labels.
        var rank: Int { self == .function ? 0 : self == .object ? 1 : 2 }
    }

    public var name: String
    /// st_value (plus the load bias of a position-independent executable).
    public var address: UInt64
    /// st_size; 0 for labels, which then reach up to the next symbol.
    public var size: UInt64
    public var kind: Kind
    /// STB_GLOBAL or STB_WEAK (not STB_LOCAL).
    public var isGlobal: Bool
    /// End of the section holding the symbol: a size-0 symbol reaches no further.
    public var sectionEnd: UInt64

    public init(name: String, address: UInt64, size: UInt64, kind: Kind, isGlobal: Bool = true,
                sectionEnd: UInt64 = .max) {
        self.name = name
        self.address = address
        self.size = size
        self.kind = kind
        self.isGlobal = isGlobal
        self.sectionEnd = sectionEnd
    }

    /// STT_FUNC.
    public var isFunction: Bool { kind == .function }
}
