import TernISA

/// An objdump-like listing of an ELF file's code.
public struct ELFDisassembly: Sendable {
    /// One listed instruction (or undecodable unit).
    public struct Line: Sendable, Equatable {
        public var address: UInt64
        /// Raw bits (16 significant bits when `length` is 2).
        public var bits: UInt32
        public var length: Int
        /// objdump-style text (`mnemonic\toperands`, branch targets followed by
        /// ` <symbol+0xoff>`), or nil when the bits do not decode.
        public var text: String?
        /// Symbol starting at this address.
        public var label: String?
        /// Section holding the instruction.
        public var section: String
    }

    public let symbols: ELFSymbols

    public init(_ symbols: ELFSymbols) { self.symbols = symbols }

    /// Every executable section, in file order.
    public func all() -> [Line] {
        symbols.sections.filter(\.isExecutable).flatMap { lines($0, from: $0.address, count: .max) }
    }

    /// `count` units starting at `address`; nil when `address` is not in an executable section.
    public func lines(from address: UInt64, count: Int) -> [Line]? {
        guard let s = symbols.sections.first(where: { $0.isExecutable && address >= $0.address && address - $0.address < $0.size })
        else { return nil }
        return lines(s, from: address, count: count)
    }

    private func lines(_ s: ELFSymbols.Section, from start: UInt64, count: Int) -> [Line] {
        var out: [Line] = []
        var a = start
        let end = s.address + s.size
        func half(_ at: UInt64) -> UInt32 {
            let o = Int(s.offset + (at - s.address))
            return UInt32(symbols.bytes[o]) | UInt32(symbols.bytes[o + 1]) << 8
        }
        while a + 2 <= end, out.count < count {
            var bits = half(a)
            var length = 2
            if bits & 3 == 3, a + 4 <= end {
                bits |= half(a + 2) << 16
                length = 4
            }
            let text = Decoder.decode(bits).map { insn in
                var t = Disassembler.text(insn, pc: a)
                if insn.opcode.format == .branch || insn.opcode.format == .jump,
                   let name = symbols.describe(a &+ UInt64(bitPattern: insn.imm)) {
                    t += " <\(name)>"
                }
                return t
            }
            out.append(Line(address: a, bits: bits, length: length, text: text, label: symbols.label(at: a), section: s.name))
            a += UInt64(length)
        }
        return out
    }

    /// objdump's text layout: section headers, `<label>:` lines, and
    /// `   addr:\tbits\ttext` rows (`.2byte`/`.4byte` for undecodable units).
    public static func render(_ lines: [Line]) -> String {
        var out = ""
        var section = ""
        for l in lines {
            if l.section != section {
                section = l.section
                out += "\nDisassembly of section \(section):\n"
            }
            if let label = l.label {
                out += "\n" + pad(String(l.address, radix: 16), 16, "0") + " <\(label)>:\n"
            }
            let digits = pad(String(l.bits, radix: 16), l.length * 2, "0")
            let text = l.text ?? (l.length == 2 ? ".2byte\t0x" : ".4byte\t0x") + String(l.bits, radix: 16)
            out += pad(String(l.address, radix: 16), 8, " ") + ":\t" + digits
                + String(repeating: " ", count: l.length == 2 ? 16 : 10) + "\t" + text + "\n"
        }
        return out
    }

    private static func pad(_ s: String, _ width: Int, _ fill: Character) -> String {
        s.count >= width ? s : String(repeating: fill, count: width - s.count) + s
    }
}
