#if canImport(Glibc)
import Glibc
#endif

extension ELFSymbolTable {
    /// Whether the ELF file at `path` may define `name` as `defines(_:in:)` finds
    /// it, reading only its header, section headers, symbol tables and their string
    /// tables: every start asks whether the program defines `tohost` (a bare-metal
    /// image), and reading a whole static Linux program for that (busybox: 1.6 MB)
    /// cost more than the rest of its start. False only when `defines` over the whole
    /// file answers false; nil when the file cannot be probed so (read it whole).
    public static func mayDefine(_ name: String, inFileAt path: String) -> Bool? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size >= 64 else { return nil }
        let fileSize = UInt64(st.st_size)
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return nil }
                done += n
            }
            return bytes
        }
        guard let header = read(0, 64) else { return nil }
        let h = ByteReader(header)
        let shoff = h.u64(0x28), shentsize = Int(h.u16(0x3a)), shnum = Int(h.u16(0x3c))
        guard shoff != 0, shnum != 0 else { return false }  // no sections: `defines` finds nothing
        guard shentsize == ELFSection.headerSize, shoff <= fileSize,
              UInt64(shnum * ELFSection.headerSize) <= fileSize - shoff,
              let table = read(shoff, shnum * ELFSection.headerSize) else { return nil }
        let r = ByteReader(table)
        var sections: [ELFSection] = []
        for i in 0..<shnum {
            let o = i * ELFSection.headerSize
            let s = ELFSection(name: "", type: r.u32(o + 4), flags: r.u64(o + 8), address: r.u64(o + 16),
                               offset: r.u64(o + 24), size: r.u64(o + 32), link: r.u32(o + 40))
            guard !s.hasFileBytes || (s.offset <= fileSize && s.size <= fileSize - s.offset) else { return nil }
            sections.append(s)
        }
        let wanted = Array(name.utf8)
        let hasSymtab = sections.contains { $0.type == ELFSection.typeSymbolTable && $0.hasFileBytes }
        let tableType = hasSymtab ? ELFSection.typeSymbolTable : ELFSection.typeDynamicSymbols
        for symbols in sections where symbols.type == tableType && symbols.hasFileBytes {
            guard Int(symbols.link) < sections.count else { continue }
            let strings = sections[Int(symbols.link)]
            guard strings.hasFileBytes else { continue }
            let count = Int(symbols.size) / symbolSize
            guard let entries = read(symbols.offset, count * symbolSize),
                  let names = read(strings.offset, Int(strings.size)) else { return nil }
            if hasDefinition(wanted, entries: entries, at: 0, count: count,
                             names: names, at: 0, size: strings.size, sectionCount: sections.count) {
                return true
            }
        }
        return false
    }
}
