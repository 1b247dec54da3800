/// The symbols of an executable's `.symtab`: by name (HTIF `tohost`, test
/// labels) and by address as `symbol+0xoffset` (profiles, traces, disassembly).
///
/// Holds the named STT_NOTYPE/STT_OBJECT/STT_FUNC symbols defined in a section
/// or absolute (SHN_ABS, by name only), with a nonzero value, without `$x`/`$d`
/// mapping symbols. Parsing never traps: a
/// symbol table or string table outside the file is skipped.
public struct ELFSymbolTable: Sendable {
    /// Size of one ELF64 symbol.
    static let symbolSize = 24
    /// SHN_ABS: the symbol is a plain value, in no section.
    static let absoluteSection: UInt16 = 0xfff1

    /// Symbols sorted by address, then by lookup preference (functions, objects,
    /// labels; globals before locals).
    public let symbols: [ELFSymbol]
    /// SHN_ABS symbols (`.set tohost, 0x1000`): found by name only, they name no address.
    public let absoluteSymbols: [ELFSymbol]
    /// The largest symbol size: how far below an address a covering symbol can start.
    private let largestSize: UInt64

    /// A table of `symbols` (any order) and of `absoluteSymbols`.
    public init(symbols: [ELFSymbol], absoluteSymbols: [ELFSymbol] = []) {
        self.absoluteSymbols = absoluteSymbols
        self.symbols = symbols.sorted {
            ($0.address, $0.kind.rank, $0.isGlobal ? 0 : 1) < ($1.address, $1.kind.rank, $1.isGlobal ? 0 : 1)
        }
        largestSize = symbols.map(\.size).max() ?? 0
    }

    /// The symbols of `elf` given its `sections`, moved by `bias` (the load bias
    /// of a position-independent executable): `.symtab`, or `.dynsym` when the
    /// file was stripped (a shared library keeps its exported functions there).
    public init(_ elf: ELFFile, sections: [ELFSection], bias: UInt64 = 0) {
        let r = ByteReader(elf.bytes)
        var result: [ELFSymbol] = [], absolute: [ELFSymbol] = []
        let hasSymtab = sections.contains { $0.type == ELFSection.typeSymbolTable && $0.hasFileBytes }
        let tableType = hasSymtab ? ELFSection.typeSymbolTable : ELFSection.typeDynamicSymbols
        for table in sections where table.type == tableType && table.hasFileBytes {
            guard Int(table.link) < sections.count else { continue }
            let strings = sections[Int(table.link)]
            for k in 0..<Int(table.size) / Self.symbolSize {
                let o = Int(table.offset) + k * Self.symbolSize
                let info = elf.bytes[o + 4], section = r.u16(o + 6), value = r.u64(o + 8)
                guard let kind = ELFSymbol.Kind(rawValue: info & 0xf), section != 0,
                      Int(section) < sections.count || section == Self.absoluteSection, value != 0 else { continue }
                let name = elf.string(in: strings, at: UInt64(r.u32(o)))
                guard !name.isEmpty, !name.hasPrefix("$") else { continue }
                guard section != Self.absoluteSection else {
                    absolute.append(ELFSymbol(name: name, address: value, size: r.u64(o + 16), kind: kind,
                                              isGlobal: info >> 4 != 0, sectionEnd: value))
                    continue
                }
                let holder = sections[Int(section)]
                result.append(ELFSymbol(name: name, address: value &+ bias, size: r.u64(o + 16), kind: kind,
                                        isGlobal: info >> 4 != 0,
                                        sectionEnd: (holder.address &+ holder.size) &+ bias))
            }
        }
        self.init(symbols: result, absoluteSymbols: absolute)
    }

    /// Whether `elf` has a symbol `name` that `init` would keep (defined in a section
    /// or absolute, a nonzero value), found without building the table: tern reads
    /// every program's symbols at start to tell bare-metal images (`tohost`) apart,
    /// and a static Linux program has thousands of them.
    public static func defines(_ name: String, in elf: ELFFile) -> Bool {
        guard let sections = try? elf.sections() else { return false }
        let wanted = Array(name.utf8)
        let hasSymtab = sections.contains { $0.type == ELFSection.typeSymbolTable && $0.hasFileBytes }
        let tableType = hasSymtab ? ELFSection.typeSymbolTable : ELFSection.typeDynamicSymbols
        for table in sections where table.type == tableType && table.hasFileBytes {
            guard Int(table.link) < sections.count else { continue }
            let strings = sections[Int(table.link)]
            guard strings.hasFileBytes else { continue }
            if hasDefinition(wanted, entries: elf.bytes, at: Int(table.offset), count: Int(table.size) / symbolSize,
                             names: elf.bytes, at: Int(strings.offset), size: strings.size, sectionCount: sections.count) {
                return true
            }
        }
        return false
    }

    /// Whether the `count` symbol entries at `entries[base...]`, named in the string
    /// table `names[namesBase ..< namesBase + size]`, hold a definition of `wanted`
    /// that `init` would keep: a known kind, defined in one of `sectionCount`
    /// sections or absolute, with a nonzero value (`defines` and `mayDefine`).
    static func hasDefinition(_ wanted: [UInt8], entries: [UInt8], at base: Int, count: Int,
                              names: [UInt8], at namesBase: Int, size: UInt64, sectionCount: Int) -> Bool {
        let r = ByteReader(entries)
        for k in 0..<count {
            let o = base + k * symbolSize
            let nameOffset = UInt64(r.u32(o))
            guard nameOffset < size, size - nameOffset > UInt64(wanted.count) else { continue }
            let at = namesBase + Int(nameOffset)
            guard names[at + wanted.count] == 0, names[at ..< at + wanted.count].elementsEqual(wanted) else { continue }
            let section = r.u16(o + 6)
            if ELFSymbol.Kind(rawValue: entries[o + 4] & 0xf) != nil, section != 0,
               Int(section) < sectionCount || section == absoluteSection, r.u64(o + 8) != 0 {
                return true
            }
        }
        return false
    }

    /// The symbols of `elf`; throws when its section headers are malformed.
    public init(_ elf: ELFFile, bias: UInt64 = 0) throws(LoadError) {
        self.init(elf, sections: try elf.sections(), bias: bias)
    }

    /// The symbols of the ELF file at `path`; throws when the file cannot be
    /// read or is not a well-formed RISC-V executable.
    public init(path: String, bias: UInt64 = 0) throws(LoadError) {
        try self.init(ELFFile(contentsOf: path), bias: bias)
    }

    /// The preferred symbol named `name` (functions, objects, then labels; globals
    /// first; section symbols before absolute ones).
    public func symbol(named name: String) -> ELFSymbol? {
        let inSections = symbols.filter { $0.name == name }
        return (inSections.isEmpty ? absoluteSymbols.filter { $0.name == name } : inSections).min { ($0.kind.rank, $0.isGlobal ? 0 : 1) < ($1.kind.rank, $1.isGlobal ? 0 : 1) }
    }

    /// The symbol containing `address`: among the symbols at or below it that
    /// cover it (a sized symbol up to its end, a size-0 symbol only when it is
    /// the nearest one, i.e. up to the next symbol or the end of its section), functions win over objects
    /// over labels, then the nearest, then globals. Nil when none covers it.
    public func symbol(covering address: UInt64) -> ELFSymbol? {
        var low = 0, high = symbols.count
        while low < high {
            let mid = (low + high) / 2
            if symbols[mid].address <= address { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let nearest = symbols[low - 1].address
        var best: ELFSymbol?
        var i = low - 1
        while i >= 0, symbols[i].address == nearest || address - symbols[i].address < largestSize {
            let s = symbols[i]
            let covers = s.size == 0 ? s.address == nearest && address < s.sectionEnd : address - s.address < s.size
            // Same rank: the nearer one stays; at one address the earlier (sorted first) wins.
            if covers, best.map({ s.kind.rank < $0.kind.rank || (s.kind.rank == $0.kind.rank && s.address == $0.address) }) ?? true {
                best = s
            }
            i -= 1
        }
        return best
    }

    /// `name+0xoffset` (or `name` at offset 0) for the symbol covering `address`
    /// (see `symbol(covering:)`).
    public func name(for address: UInt64) -> String? {
        guard let s = symbol(covering: address) else { return nil }
        return address == s.address ? s.name : "\(s.name)+0x\(hex(address - s.address))"
    }

    /// The preferred symbol starting exactly at `address` (a disassembly label).
    public func label(at address: UInt64) -> String? {
        var low = 0, high = symbols.count
        while low < high {
            let mid = (low + high) / 2
            if symbols[mid].address < address { low = mid + 1 } else { high = mid }
        }
        return low < symbols.count && symbols[low].address == address ? symbols[low].name : nil
    }
}
