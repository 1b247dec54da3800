/// Section headers and the `.symtab` symbols of a RISC-V ELF file (for
/// `tern disasm` and trace labels). Parsing is bounds-checked: a malformed
/// section table is a `LoadError`, a missing one gives no sections.
public struct ELFSymbols: Sendable {
    /// One section header.
    public struct Section: Sendable, Equatable {
        public var name: String
        public var type: UInt32
        public var flags: UInt64
        public var address: UInt64
        public var offset: UInt64
        public var size: UInt64
        /// SHF_EXECINSTR set and file bytes present (not SHT_NOBITS).
        public var isExecutable: Bool { flags & 4 != 0 && type != 8 }
    }

    /// One named symbol (no section, file or `$x`/`$d` mapping symbols).
    public struct Symbol: Sendable, Equatable {
        public var name: String
        public var address: UInt64
        public var isGlobal: Bool
    }

    /// The executable's path, file bytes and entry point.
    public let path: String
    public let bytes: [UInt8]
    public let entry: UInt64
    /// Section headers in file order.
    public let sections: [Section]
    /// Symbols sorted by address (globals first among equals).
    public let symbols: [Symbol]

    /// Reads and validates `path` as a RISC-V executable, then its sections and symbols.
    public init(path: String) throws(LoadError) {
        let bytes = try ELFLoader.readFile(path)
        let elf = try ELFFile(path: path, bytes: bytes)
        self.path = path
        self.bytes = bytes
        entry = elf.entry
        let r = ByteReader(bytes)
        func fail(_ m: String) -> LoadError { LoadError(path: path, kind: .truncated, message: m) }
        let shoff = r.u64(0x28), shentsize = Int(r.u16(0x3a)), shnum = Int(r.u16(0x3c)), shstrndx = Int(r.u16(0x3e))
        // Without section headers, the executable PT_LOAD segments stand in for code sections.
        let segments = elf.loadSegments.filter { $0.flags & 1 != 0 }.map {
            Section(name: "LOAD", type: 1, flags: 6, address: $0.vaddr, offset: $0.offset, size: $0.filesz)
        }
        guard shoff != 0, shnum != 0 else { sections = segments; symbols = []; return }
        guard shentsize == 64, shoff <= UInt64(bytes.count), UInt64(shnum * 64) <= UInt64(bytes.count) - shoff else {
            throw fail("truncated ELF (section headers past end of file)")
        }
        var raw: [(nameOffset: UInt32, section: Section, link: UInt32)] = []
        for i in 0..<shnum {
            let o = Int(shoff) + i * 64
            let s = Section(name: "", type: r.u32(o + 4), flags: r.u64(o + 8), address: r.u64(o + 16),
                            offset: r.u64(o + 24), size: r.u64(o + 32))
            if s.type != 8 {
                guard s.offset <= UInt64(bytes.count), s.size <= UInt64(bytes.count) - s.offset else {
                    throw fail("truncated ELF (section \(i) data past end of file)")
                }
            }
            raw.append((r.u32(o), s, r.u32(o + 40)))
        }
        func string(_ table: Section, _ offset: UInt32) -> String {
            guard table.type != 8, UInt64(offset) < table.size else { return "" }
            let start = Int(table.offset) + Int(offset), end = Int(table.offset + table.size)
            let nul = bytes[start..<end].firstIndex(of: 0) ?? end
            return String(decoding: bytes[start..<nul], as: UTF8.self)
        }
        let names = shstrndx < raw.count ? raw[shstrndx].section : nil
        let named = raw.map { entry in
            var s = entry.section
            if let names { s.name = string(names, entry.nameOffset) }
            return s
        }
        sections = named.contains(where: \.isExecutable) ? named : named + segments
        var symbols: [Symbol] = []
        if let tab = raw.firstIndex(where: { $0.section.type == 2 }), Int(raw[tab].link) < raw.count {
            let table = raw[tab].section, strings = raw[Int(raw[tab].link)].section
            for k in 0..<Int(table.size / 24) {
                let o = Int(table.offset) + k * 24
                let info = bytes[o + 4], shndx = r.u16(o + 6), type = info & 0xf
                guard type <= 2, shndx != 0, shndx < 0xff00 else { continue }  // NOTYPE, OBJECT, FUNC; defined
                let name = string(strings, r.u32(o))
                guard !name.isEmpty, !name.hasPrefix("$") else { continue }
                symbols.append(Symbol(name: name, address: r.u64(o + 8), isGlobal: info >> 4 != 0))
            }
        }
        self.symbols = symbols.sorted { ($0.address, $0.isGlobal ? 0 : 1) < ($1.address, $1.isGlobal ? 0 : 1) }
    }

    /// `name` or `name+0xoff` for the closest symbol at or below `address`.
    public func describe(_ address: UInt64) -> String? {
        var lo = 0, hi = symbols.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if symbols[mid].address <= address { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        var i = lo - 1
        while i > 0 && symbols[i - 1].address == symbols[i].address { i -= 1 }
        let s = symbols[i]
        return address == s.address ? s.name : s.name + "+0x" + String(address - s.address, radix: 16)
    }

    /// The symbol name starting exactly at `address`, if any.
    public func label(at address: UInt64) -> String? {
        guard let d = describe(address), !d.contains("+0x") else { return nil }
        return d
    }
}
