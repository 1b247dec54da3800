import Foundation
import TernISA

/// Settings of one fuzz campaign.
public struct CampaignOptions: Sendable {
    /// First seed; sequence `k` of the campaign uses seed `firstSeed + k`.
    public var firstSeed: UInt64
    /// Number of seeds (sequences).
    public var count: Int
    /// Units per sequence (most units are one instruction).
    public var length: Int
    /// Sequences per harness binary.
    public var batchSize: Int
    /// Failing seeds analysed in depth (located and minimized); the rest are only listed.
    public var maxAnalysed: Int
    /// Only these instruction classes (nil: all of the CPU model's).
    public var classes: Set<FuzzClass>?
    /// Vector units draw only rows of these families (the mnemonic before its
    /// first dot, `vmseq`), nil: every vector row (`Generator.vectorFamilies`).
    public var vectorFamilies: Set<String>?

    public init(firstSeed: UInt64, count: Int, length: Int = 100, batchSize: Int = 500, maxAnalysed: Int = 5,
                classes: Set<FuzzClass>? = nil, vectorFamilies: Set<String>? = nil) {
        self.firstSeed = firstSeed; self.count = count; self.length = length
        self.batchSize = batchSize; self.maxAnalysed = maxAnalysed; self.classes = classes
        self.vectorFamilies = vectorFamilies
    }
}

/// Figures of a finished campaign.
public struct CampaignSummary: Sendable, Equatable {
    public var seeds = 0
    /// Instructions generated (static count).
    public var instructions = 0
    /// Fuzzed instructions tern retired (forward branches skip some), when tern reports it.
    public var executed: Int? = 0
    /// Seeds whose final state differed between tern and qemu.
    public var failingSeeds: [UInt64] = []
    /// Instructions generated per extension (`Decoder.owningExtension`; static count).
    public var byExtension: [Extension: Int] = [:]
    /// Of the V instructions, the floating-point ones (rows with `VectorInstruction.float`).
    public var vectorFloat = 0

    /// Adds the instructions of `seqs` to `byExtension` and `vectorFloat`.
    mutating func count(_ seqs: [FuzzSequence]) {
        for seq in seqs {
            for unit in seq.units {
                for case .word(let bits, _) in unit.items {
                    guard let ext = Decoder.owningExtension(of: bits) else { continue }
                    byExtension[ext, default: 0] += 1
                    if ext == .v, let insn = Decoder.decode(bits, extensions: Extension.implemented),
                       insn.opcode.rawValue >= Opcode.vsetvli.rawValue, Generator.vectorRow(insn.opcode).float != nil {
                        vectorFloat += 1
                    }
                }
            }
        }
    }
}

/// Runs fuzz campaigns: generates sequences by seed, runs them in batches under tern
/// and qemu, and analyses mismatches (first divergent instruction, minimized sequence).
public struct Campaign {
    public var runner: BatchRunner
    /// Receives every line of the report.
    public var log: (String) -> Void

    public init(runner: BatchRunner, log: @escaping (String) -> Void) { self.runner = runner; self.log = log }

    public func run(_ o: CampaignOptions) throws -> CampaignSummary {
        var summary = CampaignSummary()
        var analysed = 0
        var start = 0
        var batchNumber = 0
        let overhead = try harnessOverhead()
        if overhead == nil { summary.executed = nil }
        while start < o.count {
            let n = min(o.batchSize, o.count - start)
            let seqs = (0..<n).map { Generator.sequence(seed: o.firstSeed &+ UInt64(start + $0), length: o.length,
                                                               extensions: runner.tools.cpu.extensions, only: o.classes,
                                                               vlen: runner.tools.cpu.configuration.vlen,
                                                               vectorFamilies: o.vectorFamilies) }
            let (verdicts, retired) = try evaluateCounting(seqs, name: "batch\(batchNumber)")
            if let executed = summary.executed, let retired, let overhead {
                summary.executed = executed + retired - overhead.fixed - n * overhead.perSequence
            } else {
                summary.executed = nil
            }
            summary.seeds += n
            summary.instructions += seqs.reduce(0) { $0 + $1.instructionCount }
            summary.count(seqs)
            for i in verdicts.indices where verdicts[i].fails {
                summary.failingSeeds.append(seqs[i].seed)
                if analysed < o.maxAnalysed {
                    analysed += 1
                    try analyse(seqs[i])
                } else {
                    log("MISMATCH seed \(seqs[i].seed) (not analysed; rerun with --seed \(seqs[i].seed) --count 1)")
                }
            }
            start += n
            batchNumber += 1
        }
        return summary
    }

    /// Reports one failing sequence: its differences, the first divergent instruction and
    /// a minimized sequence that still fails.
    public func analyse(_ seq: FuzzSequence) throws {
        log("MISMATCH seed \(seq.seed) (\(seq.instructionCount) instructions)")
        let full = try evaluate([seq], name: "seed\(seq.seed)-full")[0]
        for d in full.differences { log("  \(d)") }
        if let note = full.note { log("  \(note)") }
        // The shortest failing prefix ends with the first divergent unit.
        let prefixes = (0...seq.units.count).map { seq.prefix($0) }
        let verdicts = try evaluate(prefixes, name: "seed\(seq.seed)-prefixes")
        if verdicts.first?.fails == true {
            log("  the start state alone already differs (no instruction needed)")
        } else if let k = verdicts.firstIndex(where: { $0.fails }) {
            let index = seq.units[..<(k - 1)].reduce(0) { $0 + $1.items.count }
            log("  first divergent unit: \(k - 1) (instructions #\(index)...#\(index + seq.units[k - 1].items.count - 1)):")
            for line in try Self.listing(prefixes[k], units: [k - 1]) { log("    " + line) }
            for d in verdicts[k].differences { log("    \(d)") }
        }
        // Shrink while the same failure remains: a stop if the run stopped, otherwise a
        // difference in one of the same places (so the minimizer cannot drift to another bug).
        let places = Set(full.differences.map(\.location))
        let kept = try Minimizer.minimize(count: seq.units.count) { candidates in
            try evaluate(candidates.map { seq.keeping($0) }, name: "seed\(seq.seed)-min").map { v in
                full.note != nil ? v.note != nil : !places.isDisjoint(with: v.differences.map(\.location))
            }
        }
        let minimal = seq.keeping(kept)
        log("  minimized to \(minimal.instructionCount) instructions (units \(kept.map(String.init).joined(separator: ","))):")
        for line in try Self.listing(minimal, units: nil) { log("    " + line) }
        if let v = try evaluate([minimal], name: "seed\(seq.seed)-minimal").first {
            for d in v.differences { log("    \(d)") }
        }
    }

    /// How one sequence fared.
    public struct Verdict: Sendable {
        public var fails: Bool
        public var differences: [Difference]
        public var note: String?
    }

    /// Instructions tern retires for the harness itself: once per program and per sequence
    /// (measured on empty sequences), or nil when the emulator under test reports no count.
    func harnessOverhead() throws -> (fixed: Int, perSequence: Int)? {
        let empty = FuzzSequence(seed: 0, initial: Generator.sequence(seed: 0, length: 0, extensions: runner.tools.cpu.extensions,
                                                                            vlen: runner.tools.cpu.configuration.vlen).initial, units: [])
        guard let one = try evaluateCounting([empty], name: "calibrate1").retired,
              let two = try evaluateCounting([empty, empty], name: "calibrate2").retired else { return nil }
        return (one - (two - one), two - one)
    }

    /// Runs sequences in one batch; when a run stops early, the rest are rerun after the
    /// sequence that stopped it, so every sequence gets its own verdict.
    func evaluate(_ seqs: [FuzzSequence], name: String) throws -> [Verdict] {
        try evaluateCounting(seqs, name: name).verdicts
    }

    /// `evaluate`, plus tern's retired-instruction count when the batch ran in one go.
    func evaluateCounting(_ seqs: [FuzzSequence], name: String) throws -> (verdicts: [Verdict], retired: Int?) {
        var verdicts = [Verdict]()
        var retired: Int?
        var rest = seqs[...]
        var round = 0
        while !rest.isEmpty {
            let outcome = try runner.run(Array(rest), name: "\(name)-\(round)")
            retired = round == 0 ? outcome.tern.retired : nil
            let t = Record.parse(outcome.tern.stdout).records, q = Record.parse(outcome.qemu.stdout).records
            let both = min(t.count, q.count, rest.count)
            for i in 0..<both {
                let d = Difference.between(tern: t[i].state, qemu: q[i].state)
                verdicts.append(Verdict(fails: !d.isEmpty, differences: d, note: nil))
            }
            if both < rest.count {
                // The run that stopped first stopped at this sequence.
                verdicts.append(Verdict(fails: true, differences: [], note: "run stopped: \(outcome.statusNote ?? "")"))
                rest = rest.dropFirst(both + 1)
            } else {
                rest = []
            }
            round += 1
        }
        return (verdicts, verdicts.contains { $0.note != nil } ? nil : retired)
    }

    /// Disassembly of a sequence (or of some of its units): sequence offset, encoding, text.
    public static func listing(_ seq: FuzzSequence, units: Set<Int>?) throws -> [String] {
        try seq.layout().filter { units?.contains($0.unit) ?? true }.map { p in
            let text = Decoder.decode(p.bits).map { Disassembler.text($0, pc: UInt64(p.offset)) } ?? "(undecodable)"
            let hex = String(p.bits, radix: 16)
            let word = p.length == 2 ? String(repeating: "0", count: 4 - hex.count) + hex + "    "
                                     : String(repeating: "0", count: 8 - hex.count) + hex
            return "+0x\(String(p.offset, radix: 16))\t\(word)\t\(text)"
        }
    }
}
