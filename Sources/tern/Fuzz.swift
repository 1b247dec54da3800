import ArgumentParser
import TernCore
import Foundation
import TernFuzz
import TernISA

/// `tern fuzz`: differential fuzzing of tern against qemu-riscv64.
struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",  // explicit: the default name is derived by reflection at every start
        abstract: "Run random RV64GC instruction sequences under tern and qemu-riscv64 and compare the final state.",
        discussion: """
            Seeds SEED, SEED+1, ... SEED+COUNT-1 each give one deterministic sequence. Mismatches are \
            reported with the seed, the differing registers/bytes, the first divergent instruction and a \
            minimized sequence. Exit status 0 when there is no mismatch, 1 otherwise, 2 on a set-up error.
            """)

    @Option(help: "First seed (decimal or 0x hex).")
    var seed: String

    @Option(help: "Number of seeds (sequences).")
    var count: Int = 1000

    @Option(help: "Instruction units per sequence.")
    var length: Int = 100

    @Option(help: "Sequences per harness binary.")
    var batch: Int = 500

    @Option(help: ArgumentHelp("Keep harness sources, binaries in DIR.", valueName: "DIR"))
    var keep: String?

    @Option(help: "The qemu-riscv64 binary.")
    var qemu: String = "qemu-riscv64"

    @Option(help: "The riscv64 cross compiler.")
    var cc: String = "riscv64-linux-gnu-gcc"

    @Option(help: "The tern binary under test (default: this one).")
    var tern: String?

    @Option(help: ArgumentHelp("Engine of the tern runs (threaded, native, auto; default: tern's default).", valueName: "ENGINE"))
    var engine: Engine?

    @Option(help: "Failing seeds analysed in depth (located and minimized).")
    var analyse: Int = 5

    @Option(help: "Also probe this many random single encodings, legal and illegal (one process pair each).")
    var encodings: Int = 0

    @Option(help: ArgumentHelp("CPU model of both emulators, in tern run's --cpu syntax (default: max with a qemu 9 or newer, rv64gc with an older one).", valueName: "NAME[,EXT=BOOL...]"))
    var cpu: String?

    @Option(help: ArgumentHelp("Only these instruction classes, comma-separated (e.g. bitManip,compressed).", valueName: "LIST"))
    var classes: String?

    @Option(help: ArgumentHelp("Vector units draw only these instruction families (mnemonics before the first dot, e.g. vmseq,vmand), or 'native': those the native tier compiles.", valueName: "LIST"))
    var vectorFamilies: String?

    @Flag(help: "Fuzz system calls instead: COUNT random calls (BATCH per program) with boundary arguments and pointers into mapped, unmapped, read-only and half-mapped memory, run under tern, under qemu and natively as x86-64; each result is compared with Linux's (or qemu's), and tern must neither crash nor hang (docs/FUZZING.md).")
    var syscalls = false

    @Option(help: ArgumentHelp("--syscalls: the host C compiler for the native x86-64 run ('none': qemu is the only reference).", valueName: "CC"))
    var hostCc: String = "cc"

    @Option(help: ArgumentHelp("--syscalls: run only program N of the campaign (replays a reported finding).", valueName: "N"))
    var program: Int?

    @Flag(help: "--syscalls: print every call where qemu differs from Linux.")
    var verbose = false

    func validate() throws {
        guard parseSeed(seed) != nil else { throw ValidationError("--seed expects a 64-bit number, got '\(seed)'") }
        guard count > 0, length > 0, batch > 0 else { throw ValidationError("--count, --length and --batch must be positive") }
        guard program.map({ $0 >= 0 }) ?? true else { throw ValidationError("--program must not be negative") }
        guard analyse >= 0, encodings >= 0 else { throw ValidationError("--analyse and --encodings must not be negative") }
        _ = try classSet()
        _ = try familySet()
    }

    /// The parsed `--vector-families` list.
    func familySet() throws -> Set<String>? {
        guard let vectorFamilies else { return nil }
        var out = Set<String>()
        for name in vectorFamilies.split(separator: ",").map(String.init) {
            if name == "native" { out.formUnion(Generator.nativeVectorFamilies); continue }
            guard Generator.allVectorFamilies.contains(name) else {
                throw ValidationError("--vector-families: no vector instruction family '\(name)'")
            }
            out.insert(name)
        }
        return out
    }

    /// The parsed `--classes` list.
    func classSet() throws -> Set<FuzzClass>? {
        guard let classes else { return nil }
        var out = Set<FuzzClass>()
        for name in classes.split(separator: ",") {
            guard let c = FuzzClass(rawValue: String(name)) else {
                throw ValidationError("--classes: unknown class '\(name)' (classes: \(FuzzClass.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            out.insert(c)
        }
        return out
    }

    func parseSeed(_ s: String) -> UInt64? {
        s.hasPrefix("0x") ? UInt64(s.dropFirst(2), radix: 16) : UInt64(s)
    }

    func run() throws {
        let fm = FileManager.default
        let dir: URL
        if let keep {
            dir = URL(fileURLWithPath: keep)
        } else {
            dir = fm.temporaryDirectory.appendingPathComponent("tern-fuzz-\(getpid())")
        }
        do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            FileHandle.standardError.write(Data("tern: fuzz: cannot create \(dir.path)\n".utf8))
            throw ExitCode(2)
        }
        defer { if keep == nil { try? fm.removeItem(at: dir) } }
        let ternPath = tern ?? (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        if syscalls { return try runSyscalls(directory: dir, tern: ternPath) }
        let major = FuzzCPU.qemuMajorVersion(qemu)
        let model: FuzzCPU
        do { model = try FuzzCPU(cpu ?? (major >= 9 ? "max" : "rv64gc"), qemuMajor: major) } catch {
            FileHandle.standardError.write(Data("tern: fuzz: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let only = try classSet(), Generator.sequence(seed: 0, length: 64, extensions: model.extensions, only: only)
            .units.allSatisfy({ !only.contains($0.fuzzClass) }) {
            FileHandle.standardError.write(Data("tern: fuzz: --classes \(classes ?? ""): none has instructions in --cpu \(model.ternArgument)\n".utf8))
            throw ExitCode(2)
        }
        let runner = BatchRunner(tools: Toolchain(compiler: cc, tern: ternPath, qemu: qemu,
                                                     ternOptions: engine.map { ["--engine", $0.rawValue] } ?? [],
                                                     cpu: model), directory: dir)
        print("fuzz: cpu \(model.ternArgument): \(model.extensions.isaString) (qemu \(major))")
        let campaign = Campaign(runner: runner) { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
        let first = parseSeed(seed)!
        let started = Date()
        let summary: CampaignSummary
        do {
            summary = try campaign.run(CampaignOptions(firstSeed: first, count: count, length: length,
                                                       batchSize: batch, maxAnalysed: analyse, classes: try classSet(),
                                                       vectorFamilies: try familySet()))
        } catch {
            FileHandle.standardError.write(Data("tern: fuzz: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var probe = ProbeSummary()
        if encodings > 0 {
            do { probe = try campaign.probeEncodings(first: first, count: encodings) } catch {
                FileHandle.standardError.write(Data("tern: fuzz: \(error)\n".utf8))
                throw ExitCode(2)
            }
            print("fuzz: encodings: \(encodings) probed, \(probe.illegal) illegal, \(probe.run) run, "
                  + "\(probe.skipped) not run (control transfers, SC), \(probe.mismatches.count) mismatches")
        }
        let seconds = Date().timeIntervalSince(started)
        print("fuzz: seeds \(first)...\(first &+ UInt64(count - 1)): \(summary.seeds) seeds, "
              + "\(summary.instructions) instructions"
              + (summary.executed.map { " (\($0) executed)" } ?? "")
              + ", \(summary.failingSeeds.count) mismatches "
              + String(format: "(%.1f s)", seconds))
        print("fuzz: instructions by extension: "
              + Extension.allCases.compactMap { e in summary.byExtension[e].map { "\(e.name) \($0)" } }.joined(separator: ", ")
              + (summary.vectorFloat > 0 ? " (vector floating point \(summary.vectorFloat))" : ""))
        if !summary.failingSeeds.isEmpty || !probe.mismatches.isEmpty { throw ExitCode(1) }
    }
}
