import Foundation
import TernISA

/// Probes single random encodings, legal and illegal, one process pair each: the word
/// is read from stdin into a writable code slot, run once with fixed register values,
/// and the registers dumped. Tern's decoder says which words are illegal (both
/// emulators must then die with SIGILL); legal words that do not transfer control run, and their results must match (for CSRs other than fflags, frm
/// and fcsr only the exit status, since counters differ from run to run).
///
/// Both run the campaign's CPU model (`FuzzCPU`: tern's `--cpu`, qemu's `-cpu`
/// with every other extension switched off), so "illegal" means the same thing
/// on both sides.
public struct EncodingProbe {

    /// How a probed word is treated.
    public enum Kind: Equatable, Sendable {
        /// Tern's decoder rejects it: both must raise SIGILL.
        case illegal
        /// Decodes and is safe to run alone: results must match.
        case run
        /// A CSR access outside the FP CSRs: only the exit status must match (counters
        /// such as cycle and time differ between runs).
        case runStatusOnly
        /// Decodes but transfers control, writes x3 (the dump base) or is an SC: not run.
        case skipped
    }

    /// The probed word for `seed`: bits 15:0 and, for a compressed instruction, a c.nop above.
    public static func word(seed: UInt64) -> UInt32 {
        var r = Xoshiro(seed: seed ^ 0x656e_636f_6465_7273)
        let majors: [UInt32] = [0x03, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33, 0x37, 0x3b,
                                0x43, 0x47, 0x4b, 0x4f, 0x53, 0x63, 0x67, 0x6f, 0x73, 0x73, 0x73]
        let bits = UInt32(truncatingIfNeeded: r.next())
        switch r.below(100) {
        case 0..<40: return bits & ~0x7f | r.pick(majors)
        case 40..<60:
            let op = r.pick(Opcode.allCases)
            var w = Encoder.encode(Instruction(opcode: op, rd: UInt8(r.below(32)), rs1: UInt8(r.below(32)),
                                               rs2: UInt8(r.below(32)), rs3: UInt8(r.below(32)),
                                               imm: Int64(r.below(4096)) - 2048, rm: UInt8(r.below(8))))
            for _ in 0..<(1 + r.below(2)) { w ^= 1 << UInt32(7 + r.below(25)) }
            return w
        case 60..<85:
            let h = UInt32(UInt16(truncatingIfNeeded: bits)) | 0x0001_0000
            return h & 3 == 3 ? (h & ~3) | UInt32(r.below(3)) : h
        default: return bits | 3
        }
    }

    public static func kind(_ word: UInt32, extensions: ExtensionSet = Extension.implemented) -> Kind {
        guard let i = Decoder.decode(word, extensions: extensions) else {
            // A vector instruction on a model without V: qemu 7.2 runs vector loads and
            // stores even with v=false (docs/FUZZING.md), so these words are not compared;
            // Tests/e2e/rvv.sh checks SIGILL without V on both sides.
            if !extensions.contains(.v), let any = Decoder.decode(word), any.opcode.rawValue >= Opcode.vsetvli.rawValue {
                return .skipped
            }
            return .illegal
        }
        switch i.opcode.format {
        case .reg, .imm, .shift64, .shift32, .upper, .fpR4, .fpR, .fpRNoRM, .fpR1, .fpCompare, .fpToX,
             .fpToXNoRM, .xToFP, .xToFPNoRM, .unary:
            return Generator.writesX(i) && i.rd == 3 ? .skipped : .run
        case .fence: return .run
        case .amo where i.opcode == .scW || i.opcode == .scD:
            // Excluded for qemu's sake: without a reservation qemu 7.2 fails an SC before
            // checking its address, where the specification requires the misaligned
            // exception (docs/FUZZING.md, qemu deviations); here no reservation exists.
            return .skipped
        case .cbo where i.opcode == .cboClean || i.opcode == .cboFlush:
            // A qemu-user deviation: Linux 6.15+ enables cbo.clean/flush in user mode
            // (senvcfg.CBCFE), qemu-user raises SIGILL (docs/FUZZING.md).
            return .skipped
        case .load, .store, .fpLoad, .fpStore, .amo, .lr, .cbo:
            // Addresses come from the fixed register values: unmapped in both (SIGSEGV),
            // or inside the probe program, which both load at the same address.
            return Generator.writesX(i) && i.rd == 3 ? .skipped : .run
        case .csr, .csrImm:
            if i.rd == 3 { return .skipped }
            return (1...3).contains(i.imm) ? .run : .runStatusOnly
        default: return .skipped
        }
    }

    /// The probe program: reads 4 bytes into `slot`, loads fixed registers, runs the slot,
    /// writes x0…x31, f0…f31 and fcsr (520 bytes) through gp, exits 0.
    static var source: String {
        var s = """
        \t.option norelax
        \t.option norvc
        \t.section .fuzzcode, "awx", @progbits
        \t.globl _start
        _start:
        \tli a0, 0
        \tlla a1, slot
        \tli a2, 4
        \tli a7, 63
        \tecall
        \tfence.i
        \tlla t0, regs

        """
        for i in 0..<32 { s += "\tfld f\(i), \(256 + 8 * i)(t0)\n" }
        s += "\tfscsr x0\n"
        for i in 1..<32 where i != 3 && i != 5 { s += "\tld x\(i), \(8 * i)(t0)\n" }
        s += "\tlla gp, out\n\tld t0, 40(t0)\nslot:\n\t.4byte 0x00000013\n"
        for i in 0..<32 { s += "\tsd x\(i), \(8 * i)(gp)\n" }
        for i in 0..<32 { s += "\tfsd f\(i), \(256 + 8 * i)(gp)\n" }
        s += "\tfrcsr t0\n\tsd t0, 512(gp)\n\tli a0, 1\n\tmv a1, gp\n\tli a2, 520\n\tli a7, 64\n\tecall\n"
        s += "\tli a0, 0\n\tli a7, 93\n\tecall\n\n\t.section .rodata\n\t.balign 8\nregs:\n"
        var r = Xoshiro(seed: 7)
        let values = (0..<32).map { _ in EdgeValues.integer(&r) } + (0..<32).map { _ in EdgeValues.fpRegister(&r) }
        for chunk in values.chunked(8) {
            s += "\t.8byte " + chunk.map { "0x" + String($0, radix: 16) }.joined(separator: ",") + "\n"
        }
        s += "\n\t.bss\n\t.balign 8\nout:\n\t.zero 520\n"
        return s
    }
}

/// Figures of an encoding probe.
public struct ProbeSummary: Sendable, Equatable {
    public var illegal = 0, run = 0, skipped = 0
    public var mismatches: [UInt32] = []
    public init() {}
}

extension Campaign {
    /// Probes the words of seeds `first ..< first + count` (see `EncodingProbe`).
    public func probeEncodings(first: UInt64, count: Int) throws -> ProbeSummary {
        let elf = runner.directory.appendingPathComponent("encoding-probe").path
        let source = elf + ".S"
        try EncodingProbe.source.write(toFile: source, atomically: false, encoding: .utf8)
        let tools = runner.tools
        let b = try BatchRunner.execute(tools.compiler, ["-static", "-nostdlib", "-march=rv64gc", "-mabi=lp64d",
                                                          "-Wl,--no-relax", "-o", elf, source], timeout: tools.timeout)
        guard b.status == 0 else { throw FuzzSetupError(description: "\(tools.compiler) failed on \(source):\n\(b.stderr)") }
        var summary = ProbeSummary()
        let input = elf + ".in"
        for k in 0..<count {
            let seed = first &+ UInt64(k)
            let word = EncodingProbe.word(seed: seed)
            let kind = EncodingProbe.kind(word, extensions: tools.cpu.extensions)
            switch kind {
            case .skipped: summary.skipped += 1; continue
            case .illegal: summary.illegal += 1
            case .run, .runStatusOnly: summary.run += 1
            }
            try Data((0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) }).write(to: URL(fileURLWithPath: input))
            let t = try Spawned(tools.tern, ["run"] + tools.ternRunOptions + [elf], timeout: tools.timeout, input: input).finish()
            let q = try Spawned(tools.qemu, tools.qemuOptions + [elf], timeout: tools.timeout, input: input).finish()
            let expectedStatus: Int32? = kind == .illegal ? 132 : nil
            let sameOutput = kind == .runStatusOnly || t.stdout == q.stdout
            guard t.status != q.status || !sameOutput || (expectedStatus.map { $0 != q.status } ?? false) else { continue }
            summary.mismatches.append(word)
            let hex = String(word, radix: 16)
            let text = Decoder.decode(word, extensions: tools.cpu.extensions).map { Disassembler.text($0, pc: 0) } ?? "illegal for tern"
            log("ENCODING MISMATCH seed \(seed) word 0x\(hex) (\(text)): tern exit \(t.status), qemu exit \(q.status)")
            if t.stdout.count == 520, q.stdout.count == 520 {
                for i in 0..<65 {
                    func u64(_ b: [UInt8]) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[8 * i + $1]) << (8 * UInt64($1)) } }
                    let tv = u64(t.stdout), qv = u64(q.stdout)
                    let name = i < 32 ? "x\(i)" : i < 64 ? "f\(i - 32)" : "fcsr"
                    if tv != qv { log("  \(name): tern 0x\(String(tv, radix: 16)) qemu 0x\(String(qv, radix: 16))") }
                }
            }
        }
        return summary
    }
}
