/// One ELF section header, with its name resolved through `.shstrtab`.
public struct ELFSection: Sendable, Equatable {
    /// SHT_SYMTAB and SHT_NOBITS.
    public static let typeSymbolTable: UInt32 = 2
    /// SHT_DYNSYM: the dynamic symbols (what a stripped shared library keeps).
    public static let typeDynamicSymbols: UInt32 = 11
    public static let typeNoBits: UInt32 = 8
    /// SHF_EXECINSTR.
    public static let flagExecutable: UInt64 = 4
    /// Size of one ELF64 section header.
    public static let headerSize = 64

    /// sh_name (resolved), sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link.
    public var name: String
    public var type: UInt32
    public var flags: UInt64
    public var address: UInt64
    public var offset: UInt64
    public var size: UInt64
    public var link: UInt32

    public init(name: String, type: UInt32, flags: UInt64, address: UInt64, offset: UInt64, size: UInt64, link: UInt32 = 0) {
        self.name = name
        self.type = type
        self.flags = flags
        self.address = address
        self.offset = offset
        self.size = size
        self.link = link
    }

    /// Whether the section occupies file bytes (not SHT_NOBITS).
    public var hasFileBytes: Bool { type != Self.typeNoBits }
    /// SHF_EXECINSTR set and file bytes present.
    public var isExecutable: Bool { flags & Self.flagExecutable != 0 && hasFileBytes }
}

extension ELFFile {
    /// The section headers in file order; empty when the file has none
    /// (e_shoff or e_shnum is 0). Every header and every section's file bytes
    /// are bounds-checked: a table or section past the end of the file is a
    /// `.truncated` `LoadError`.
    public func sections() throws(LoadError) -> [ELFSection] {
        let r = ByteReader(bytes)
        let count = UInt64(bytes.count)
        func fail(_ m: String) -> LoadError { LoadError(path: path, kind: .truncated, message: m) }
        let shoff = r.u64(0x28), shentsize = Int(r.u16(0x3a)), shnum = Int(r.u16(0x3c)), shstrndx = Int(r.u16(0x3e))
        guard shoff != 0, shnum != 0 else { return [] }
        guard shentsize == ELFSection.headerSize, shoff <= count,
              UInt64(shnum * ELFSection.headerSize) <= count - shoff else {
            throw fail("truncated ELF (section headers past end of file)")
        }
        var sections: [ELFSection] = []
        var nameOffsets: [UInt32] = []
        for i in 0..<shnum {
            let o = Int(shoff) + i * ELFSection.headerSize
            let s = ELFSection(name: "", type: r.u32(o + 4), flags: r.u64(o + 8), address: r.u64(o + 16),
                               offset: r.u64(o + 24), size: r.u64(o + 32), link: r.u32(o + 40))
            guard !s.hasFileBytes || (s.offset <= count && s.size <= count - s.offset) else {
                throw fail("truncated ELF (section \(i) data past end of file)")
            }
            sections.append(s)
            nameOffsets.append(r.u32(o))
        }
        if shstrndx < sections.count {
            let names = sections[shstrndx]
            for i in sections.indices { sections[i].name = string(in: names, at: UInt64(nameOffsets[i])) }
        }
        return sections
    }

    /// The NUL-terminated string at `offset` in string table `table` ("" when
    /// outside it). `table` must come from `sections()` (its bytes are in the file).
    func string(in table: ELFSection, at offset: UInt64) -> String {
        guard table.hasFileBytes, offset < table.size else { return "" }
        let start = Int(table.offset + offset), end = Int(table.offset + table.size)
        let nul = bytes[start..<end].firstIndex(of: 0) ?? end
        return String(decoding: bytes[start..<nul], as: UTF8.self)
    }
}
