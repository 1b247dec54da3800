import Foundation
import XCTest
import TernTestSupport
@testable import TernISA

/// Runs the GNU RISC-V binutils (when installed) as a ground-truth oracle.
enum ObjdumpOracle {
    static let prefix = "riscv64-linux-gnu-"
    /// Address the raw binaries are disassembled at.
    static let base: UInt64 = 0x10000

    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = "\(dir)/\(prefix)\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Fails the calling test with the install hint when the toolchain is absent.
    static func requireTools(_ names: [String]) throws -> [String] {
        var found: [String] = []
        for n in names {
            guard let p = tool(n) else {
                throw MissingPrerequisite("\(prefix)\(n) on PATH", hint: "make setup (binutils-riscv64-linux-gnu)")
            }
            found.append(p)
        }
        return found
    }

    @discardableResult
    static func run(_ exe: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "ObjdumpOracle", code: Int(p.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "\(exe) failed: \(String(decoding: errData, as: UTF8.self))"])
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ternisa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// One disassembled unit: offset from `base`, raw bits, objdump text (nil = not an instruction).
    struct Line { let address: UInt64; let bits: UInt32; let text: String? }

    /// Disassembles a raw little-endian binary at `base`.
    static func disassemble(binary: URL, aliases: Bool, objdump: String) throws -> [Line] {
        var args = ["-D", "-b", "binary", "-m", "riscv:rv64", "--adjust-vma=0x\(String(base, radix: 16))"]
        if !aliases { args += ["-M", "no-aliases"] }
        return parse(try run(objdump, args + [binary.path]))
    }

    /// Parses objdump's `addr:\tbits\ttext` rows (labels and headers are skipped).
    static func parse(_ out: String) -> [Line] {
        var lines: [Line] = []
        for raw in out.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = raw.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].hasSuffix(":"),
                  let addr = UInt64(parts[0].dropLast().trimmingCharacters(in: .whitespaces), radix: 16),
                  let bits = UInt32(parts[1].trimmingCharacters(in: .whitespaces), radix: 16) else { continue }
            let text = parts.count > 2 ? normalize(String(parts[2])) : nil
            lines.append(Line(address: addr, bits: bits, text: text))
        }
        return lines
    }

    /// Canonicalises objdump text: drops `# …` comments, maps data directives to nil,
    /// and undoes the binutils 2.40 habit of printing immediate forms under the
    /// register mnemonic (`add a0,a0,-1` for addi, `sll a0,a0,0x3` for slli, ...).
    static func normalize(_ s: String) -> String? {
        var t = s
        if let r = t.range(of: " #") { t = String(t[..<r.lowerBound]) }
        t = t.trimmingCharacters(in: .whitespaces)
        t = withoutSymbolicTarget(t)
        if t.hasPrefix(".2byte") || t.hasPrefix(".4byte") || t.hasPrefix(".word") || t.hasPrefix(".short")
            || t.hasPrefix(".insn") || t == "unknown" { return nil }
        let fields = t.split(separator: "\t", maxSplits: 1)
        guard fields.count == 2 else { return t }
        let mn = String(fields[0]), ops = fields[1].split(separator: ",")
        let immediateForms = ["add": "addi", "addw": "addiw", "and": "andi", "or": "ori", "xor": "xori",
                              "sll": "slli", "srl": "srli", "sra": "srai", "sllw": "slliw", "srlw": "srliw",
                              "sraw": "sraiw", "slt": "slti", "sltu": "sltiu",
                              "csrrw": "csrrwi", "csrrs": "csrrsi", "csrrc": "csrrci"]
        if let imm = immediateForms[mn], ops.count == 3, let last = ops.last,
           last.first == "-" || last.first!.isNumber {
            return imm + "\t" + fields[1]
        }
        let csrImmediateForms = ["csrw": "csrwi", "csrs": "csrsi", "csrc": "csrci"]
        if let imm = csrImmediateForms[mn], ops.count == 2, let last = ops.last, last.first!.isNumber {
            return imm + "\t" + fields[1]
        }
        return t
    }

    /// With symbols, `objdump -d` prints a branch/jump target as `10464 <abort+0x44>`;
    /// the canonical form (what it prints without symbols) is `0x10464`.
    static func withoutSymbolicTarget(_ t: String) -> String {
        guard t.hasSuffix(">"), let r = t.range(of: " <", options: .backwards) else { return t }
        let head = t[..<r.lowerBound]
        let cut = head.lastIndex { $0 == "," || $0 == "\t" }.map { head.index(after: $0) } ?? head.startIndex
        let target = head[cut...]
        guard !target.hasPrefix("0x"), UInt64(target, radix: 16) != nil else { return String(head) }
        return head[..<cut] + "0x" + target
    }

    /// Writes `units` (halfwords for compressed, words otherwise) as a raw binary.
    static func writeBinary(_ units: [UInt32], to url: URL) throws {
        var bytes: [UInt8] = []
        for u in units {
            let n = u & 3 == 3 ? 4 : 2
            for k in 0..<n { bytes.append(UInt8(truncatingIfNeeded: u >> (8 * UInt32(k)))) }
        }
        try Data(bytes).write(to: url)
    }

    /// Compares our decoder/disassembler against objdump for every unit; returns mismatch descriptions.
    static func compare(_ lines: [Line], aliases: Bool, limit: Int = 60) -> [String] {
        var problems: [String] = []
        var perKind: [String: Int] = [:]
        // Binutils 2.40 disassembles raw binaries as RV64GC: compare that model.
        let rv64gc = try! CPUConfiguration.parse("rv64gc").extensions
        for line in lines {
            let insn = Decoder.decode(line.bits, extensions: rv64gc)
            let ours = insn.map { Disassembler.text($0, pc: line.address, aliases: aliases) }
            if ours != line.text {
                let kind = "\(line.text?.split(separator: "\t").first ?? "-")/\(ours?.split(separator: "\t").first ?? "-")"
                perKind[kind, default: 0] += 1
                if perKind[kind]! > 3 { continue }
                problems.append(String(format: "%08x", line.bits) + " objdump=\(line.text ?? "<illegal>") ours=\(ours ?? "<nil>")")
                if problems.count >= limit { break }
            }
        }
        return problems
    }
}
