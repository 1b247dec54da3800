import TernCore

/// Function and object symbols of an executable (its `.symtab`), for naming
/// guest addresses as `symbol+0xoffset` in reports.
public struct ELFSymbolTable: Sendable {
    /// One symbol: `[address, address + size)`.
    public struct Symbol: Sendable, Equatable {
        public var name: String
        public var address: UInt64
        public var size: UInt64
        /// STT_FUNC (true) or STT_OBJECT (false).
        public var isFunction: Bool

        public init(name: String, address: UInt64, size: UInt64, isFunction: Bool) {
            self.name = name
            self.address = address
            self.size = size
            self.isFunction = isFunction
        }
    }

    /// Symbols sorted by address (functions before objects at the same address).
    public let symbols: [Symbol]

    static let shtSymtab: UInt32 = 2
    static let sttObject: UInt8 = 1
    static let sttFunc: UInt8 = 2
    static let sectionHeaderSize = 64
    static let symbolSize = 24

    /// The symbols of the ELF file at `path`, moved by `bias` (the load bias of
    /// a position-independent executable). Empty when the file has no `.symtab`
    /// (stripped); throws when the file cannot be read or is not a RISC-V ELF.
    public init(path: String, bias: UInt64 = 0) throws(LoadError) {
        let bytes = try ELFLoader.readFile(path)
        let elf = try ELFFile(path: path, bytes: bytes)
        self.init(symbols: Self.parse(elf.bytes).map {
            Symbol(name: $0.name, address: $0.address &+ bias, size: $0.size, isFunction: $0.isFunction)
        })
    }

    /// A table of `symbols` (any order).
    public init(symbols: [Symbol]) {
        self.symbols = symbols.sorted {
            $0.address != $1.address ? $0.address < $1.address : ($0.isFunction && !$1.isFunction)
        }
    }

    /// `name+0xoffset` (or `name` at offset 0) for the symbol containing
    /// `address`: the nearest symbol at or below it whose size covers it (a
    /// size-0 symbol covers up to the next symbol's address). Nil when none does.
    public func name(for address: UInt64) -> String? {
        var low = 0, high = symbols.count
        while low < high {
            let mid = (low + high) / 2
            if symbols[mid].address <= address { low = mid + 1 } else { high = mid }
        }
        let next = low < symbols.count ? symbols[low].address : .max
        var i = low - 1
        while i >= 0 {
            // The first symbol of a run at one address is preferred (functions sort first).
            if i > 0 && symbols[i - 1].address == symbols[i].address { i -= 1; continue }
            var j = i
            while j < low {
                let s = symbols[j]
                if s.address != symbols[i].address { break }
                let nearest = s.address == symbols[low - 1].address
                if s.size == 0 ? nearest && address < next : address < s.address &+ s.size {
                    return Self.format(s, address)
                }
                j += 1
            }
            i -= 1
        }
        return nil
    }

    private static func format(_ s: Symbol, _ address: UInt64) -> String {
        address == s.address ? s.name : "\(s.name)+0x\(String(address - s.address, radix: 16))"
    }

    /// Named STT_FUNC/STT_OBJECT symbols with a nonzero address from every
    /// SHT_SYMTAB section; malformed tables are skipped, never trapped on.
    static func parse(_ bytes: [UInt8]) -> [Symbol] {
        let r = ByteReader(bytes)
        let count = UInt64(bytes.count)
        let shoff = r.u64(40), shentsize = Int(r.u16(58)), shnum = Int(r.u16(60))
        guard shoff > 0, shentsize == sectionHeaderSize, shnum > 0,
              shoff <= count, UInt64(shnum * sectionHeaderSize) <= count - shoff else { return [] }
        func section(_ i: Int) -> (type: UInt32, offset: UInt64, size: UInt64, link: Int) {
            let o = Int(shoff) + i * sectionHeaderSize
            return (r.u32(o + 4), r.u64(o + 24), r.u64(o + 32), Int(r.u32(o + 40)))
        }
        var result: [Symbol] = []
        for i in 0..<shnum where section(i).type == shtSymtab {
            let table = section(i)
            guard table.link < shnum else { continue }
            let strings = section(table.link)
            guard table.offset <= count, table.size <= count - table.offset,
                  strings.offset <= count, strings.size <= count - strings.offset else { continue }
            for k in 0..<Int(table.size) / symbolSize {
                let o = Int(table.offset) + k * symbolSize
                let kind = bytes[o + 4] & 0xf
                let nameOffset = UInt64(r.u32(o)), value = r.u64(o + 8)
                guard kind == sttFunc || kind == sttObject, value != 0, nameOffset < strings.size else { continue }
                let start = Int(strings.offset + nameOffset), limit = Int(strings.offset + strings.size)
                let end = bytes[start..<limit].firstIndex(of: 0) ?? limit
                guard end > start else { continue }
                result.append(Symbol(name: String(decoding: bytes[start..<end], as: UTF8.self), address: value,
                                     size: r.u64(o + 16), isFunction: kind == sttFunc))
            }
        }
        return result
    }
}

extension LinuxProcess {
    /// How far the executable was moved from its link addresses (0 unless PIE).
    public var loadBias: UInt64 { image.bias }
}
