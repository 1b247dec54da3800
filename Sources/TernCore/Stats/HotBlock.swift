import TernISA

/// One of the most executed blocks (`--profile-blocks K`).
public struct HotBlock: Sendable, Codable, Equatable {
    /// One disassembled guest instruction.
    public struct Line: Sendable, Codable, Equatable {
        public var pc: UInt64
        /// objdump-style text (mnemonic, a tab, operands).
        public var text: String
        /// `text` with the tab as a space.
        public var plainText: String { text.split(separator: "\t", omittingEmptySubsequences: false).joined(separator: " ") }
    }

    /// Guest pc of the block's first instruction.
    public var pc: UInt64
    /// `symbol+0xoffset` from the executable's symbol table, when known.
    public var symbol: String?
    /// Times the block was entered.
    public var executions: UInt64
    /// Guest instructions in the block.
    public var instructions: Int
    /// The block's instructions, from the guest memory at report time.
    public var disassembly: [Line]

    /// The `count` most entered blocks of `machine` (ties by pc), with
    /// `symbolize` naming a pc.
    public static func hottest(_ machine: Machine, count: Int, symbolize: (UInt64) -> String?) -> [HotBlock] {
        let ranked = machine.cache.profiles.values.sorted {
            $0.executions != $1.executions ? $0.executions > $1.executions : $0.pc < $1.pc
        }
        return ranked.prefix(count).map { p in
            HotBlock(pc: p.pc, symbol: symbolize(p.pc), executions: p.executions, instructions: p.instructionCount,
                     disassembly: p.segments.flatMap { disassemble(machine.memory, from: $0.lowerBound, count: p.instructionCount, end: $0.upperBound) }.prefix(p.instructionCount).map { $0 })
        }
    }

    /// Up to `count` instructions from `pc` and before `end`; stops at memory that cannot be fetched.
    static func disassemble(_ memory: GuestMemory, from pc: UInt64, count: Int, end: UInt64 = .max) -> [Line] {
        var lines: [Line] = []
        var at = pc
        while lines.count < count, at < end, let p = memory.pointer(at, length: 2, .execute) {
            var bits = UInt32(p.loadUnaligned(as: UInt16.self))
            if bits & 3 == 3 {
                guard let q = memory.pointer(at + 2, length: 2, .execute) else { break }
                bits |= UInt32(q.loadUnaligned(as: UInt16.self)) << 16
            }
            let length = UInt64(Decoder.length(ofFirstHalfword: UInt16(truncatingIfNeeded: bits)))
            let text = Decoder.decode(bits).map { Disassembler.text($0, pc: at) } ?? ".insn 0x" + String(bits, radix: 16)
            lines.append(Line(pc: at, text: text))
            at += length
        }
        return lines
    }
}
