/// Symbol lookup in the static symbol table (`SHT_SYMTAB`), e.g. the HTIF
/// `tohost`/`fromhost` of bare-metal test programs. Every offset is
/// bounds-checked: a malformed or stripped table simply has no symbols.
extension ELFFile {
    static let shtSymtab: UInt32 = 2
    static let sectionHeaderSize = 64
    static let symbolSize = 24

    /// The value (address) of the first defined symbol named `name`, or nil when
    /// there is none or the file has no readable symbol table.
    public func symbolValue(named name: String) -> UInt64? {
        let r = ByteReader(bytes)
        let shoff = r.u64(40), shentsize = Int(r.u16(58)), shnum = Int(r.u16(60))
        guard shentsize == Self.sectionHeaderSize, shoff <= UInt64(bytes.count),
              UInt64(shnum * shentsize) <= UInt64(bytes.count) - shoff else { return nil }
        let wanted = Array(name.utf8)
        for i in 0 ..< shnum {
            let s = Int(shoff) + i * shentsize
            guard r.u32(s + 4) == Self.shtSymtab else { continue }
            let offset = r.u64(s + 24), size = r.u64(s + 32), link = Int(r.u32(s + 40))
            guard offset <= UInt64(bytes.count), size <= UInt64(bytes.count) - offset, link < shnum else { continue }
            let l = Int(shoff) + link * shentsize
            let strOffset = r.u64(l + 24), strSize = r.u64(l + 32)
            guard strOffset <= UInt64(bytes.count), strSize <= UInt64(bytes.count) - strOffset else { continue }
            for k in 0 ..< Int(size) / Self.symbolSize {
                let e = Int(offset) + k * Self.symbolSize
                let nameOffset = UInt64(r.u32(e)), sectionIndex = r.u16(e + 6)
                guard sectionIndex != 0, nameOffset < strSize,
                      matches(wanted, at: Int(strOffset + nameOffset), end: Int(strOffset + strSize)) else { continue }
                return r.u64(e + 8)
            }
        }
        return nil
    }

    /// Whether the NUL-terminated string at `start` (bounded by `end`) equals `wanted`.
    private func matches(_ wanted: [UInt8], at start: Int, end: Int) -> Bool {
        guard end - start > wanted.count else { return false }
        for (i, c) in wanted.enumerated() where bytes[start + i] != c { return false }
        return bytes[start + wanted.count] == 0
    }
}
