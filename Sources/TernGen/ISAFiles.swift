import TernSpec

extension SpecGenerator {
    /// Sources/TernISA/Opcode.swift: the `Opcode` enum and its mnemonics.
    static func opcodeFile() -> GeneratedFile {
        var out = header("One `Opcode` case per instruction row, and the mnemonics objdump prints.")
        out += """
        /// One case per instruction (compressed forms decode to their 32-bit equivalents).
        ///
        /// Case names are the mnemonic split on '.' and lowerCamelCased (`fcvt.wu.s` → `fcvtWuS`).
        public enum Opcode: UInt16, CaseIterable, Sendable {

        """
        for line in wrap(rows.map(\.caseName), indent: "    case ") { out += line + "\n" }
        out += """
        }

        extension Opcode {
            /// Mnemonics in case order.
            static let mnemonics: [String] = [

        """
        out += wrap(rows.map { literal($0.mnemonic) }, indent: "        ").joined(separator: "\n") + ",\n"
        out += "    ]\n}\n"
        return GeneratedFile(path: "Sources/TernISA/Opcode.swift", contents: fixCaseLines(out))
    }

    /// `wrap` repeats the prefix per line; a `case` line must not end with a comma.
    private static func fixCaseLines(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("    case "), line.hasSuffix(",") { return String(line.dropLast()) }
            return String(line)
        }.joined(separator: "\n")
    }

    /// Sources/TernISA/InstructionTable.swift: mask/match rows in `Opcode` order.
    static func instructionTableFile() -> GeneratedFile {
        var out = header("The decoder's table: a word `w` is an instruction exactly when `w & mask == match`.")
        out += """
        /// One row per `Opcode`, in case order (no two rows match the same word).
        let instructionTable: [InstructionSpec] = [

        """
        let width = rows.map(\.caseName.count).max() ?? 0
        for row in rows {
            let (mask, match) = row.maskAndMatch!
            let name = "." + row.caseName + ","
            out += "    .init(\(pad(name, width + 2)) "
                + "\(hex32(mask)), \(hex32(match)), .\(row.format), \(extensionArguments(row.ext))),\n"
        }
        out += "]\n"
        return GeneratedFile(path: "Sources/TernISA/InstructionTable.swift", contents: out)
    }

    /// `zfa+zfh` → `.zfa, also: [.zfh]`.
    static func extensionArguments(_ ext: String) -> String {
        let parts = ext.split(separator: "+")
        let first = "." + parts[0]
        return parts.count == 1 ? first : first + ", also: [" + parts.dropFirst().map { "." + $0 }.joined(separator: ", ") + "]"
    }

    static func hex32(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        let padded = String(repeating: "0", count: 8 - s.count) + s
        return "0x" + padded.prefix(4) + "_" + padded.suffix(4)
    }
}
