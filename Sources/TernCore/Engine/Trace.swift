import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// What a `Machine` reports while it runs (in the spirit of qemu's `-d`).
public struct TraceOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Each block's guest instructions, when it is translated.
    public static let inAsm = TraceOptions(rawValue: 1)
    /// The pc of each block entered. Chaining and in-handler jump-cache
    /// transfers are disabled while this is on, so every entry is observed.
    public static let exec = TraceOptions(rawValue: 2)

    /// Names accepted by `parse`, in display order.
    public static let names: [(String, TraceOptions)] = [("in_asm", .inAsm), ("exec", .exec)]

    /// Parses a comma-separated list such as `in_asm,exec`; the failure names the first unknown item.
    public static func parse(_ list: String) -> Result<TraceOptions, TraceParseError> {
        var options = TraceOptions()
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            guard let match = names.first(where: { $0.0 == item }) else { return .failure(TraceParseError(item: String(item))) }
            options.insert(match.1)
        }
        return .success(options)
    }
}

/// An unknown `--trace` item.
public struct TraceParseError: Error, Equatable, Sendable {
    /// The offending item.
    public let item: String
}

/// Where trace lines go by default.
public enum TraceOutput {
    /// Writes `text` and a newline to the host's stderr in one call.
    public static func standardError(_ text: String) { write(text + "\n") }

    /// Writes `text` whole to descriptor 2, retrying interrupted writes. The
    /// guest owns that descriptor and may have closed or replaced it (xz closes
    /// stderr before exiting): a failed write is dropped, never a trap.
    public static func write(_ text: String) {
        var s = text
        s.withUTF8 { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(2, buf.baseAddress! + off, buf.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                off += n
            }
        }
    }
}

extension Machine {
    /// Prints the guest instructions of a freshly translated block (`in_asm`).
    func traceTranslated(_ block: TranslatedBlock) {
        var lines = ["----------------", "IN:" + (traceSymbolizer?(block.pc).map { " " + $0 } ?? "")]
        for segment in block.segments {
            var pc = segment.lowerBound
            while pc < max(segment.upperBound, segment.lowerBound + 1), let p = memory.pointer(pc, length: 2, .execute) {
                var bits = UInt32(p.loadUnaligned(as: UInt16.self))
                let length: UInt64 = bits & 3 == 3 ? 4 : 2
                if length == 4 {
                    guard let q = memory.pointer(pc + 2, length: 2, .execute) else { break }
                    bits |= UInt32(q.loadUnaligned(as: UInt16.self)) << 16
                }
                lines.append(Self.traceLine(pc: pc, bits: bits, length: Int(length)))
                pc += length
            }
        }
        lines.append("")
        traceOutput(lines.joined(separator: "\n"))
    }

    /// `0x<pc>:  <bits>  <mnemonic operands>` for one instruction.
    static func traceLine(pc: UInt64, bits: UInt32, length: Int) -> String {
        let hexBits = String(bits, radix: 16)
        let padded = String(repeating: "0", count: max(0, length * 2 - hexBits.count)) + hexBits
        let text: String
        if let insn = Decoder.decode(bits) {
            let parts = Disassembler.text(insn, pc: pc).split(separator: "\t", maxSplits: 1)
            let mnemonic = String(parts[0])
            text = parts.count > 1 ? mnemonic.padding(to: 8) + " " + parts[1] : mnemonic
        } else {
            text = (length == 2 ? ".2byte 0x" : ".4byte 0x") + String(bits, radix: 16)
        }
        return "0x" + hex16(pc) + ":  " + padded.padding(to: 8) + "  " + text
    }

    /// Prints the pc of a block about to run (`exec`).
    func traceEntered(_ pc: UInt64) {
        let name = traceSymbolizer?(pc).map { " <\($0)>" } ?? ""
        traceOutput("Trace 0x" + hex16(pc) + name)
    }

    private static func hex16(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 16 - s.count)) + s
    }
    private func hex16(_ v: UInt64) -> String { Self.hex16(v) }
}

private extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
