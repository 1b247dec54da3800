import Foundation

/// Tools the fuzzer drives: the cross compiler, the Tern binary and qemu.
public struct Toolchain: Sendable {
    public var compiler: String
    public var tern: String
    public var qemu: String
    /// Extra `tern run` options, e.g. `["--engine", "native"]`.
    public var ternOptions: [String]
    /// Seconds a single run may take before it counts as hung.
    public var timeout: Int
    /// The CPU model both emulators run: sequences use only its instructions,
    /// tern gets `--cpu`, qemu the matching `-cpu`.
    public var cpu: FuzzCPU

    public init(compiler: String = "riscv64-linux-gnu-gcc", tern: String, qemu: String = "qemu-riscv64",
                ternOptions: [String] = [], timeout: Int = 300, cpu: FuzzCPU = .legacy) {
        self.compiler = compiler; self.tern = tern; self.qemu = qemu; self.ternOptions = ternOptions
        self.timeout = timeout; self.cpu = cpu
    }

    /// `tern run` options: the caller's and the CPU model.
    var ternRunOptions: [String] { ternOptions + ["--cpu", cpu.ternArgument] }
    /// qemu options selecting the CPU model.
    var qemuOptions: [String] { ["-cpu", cpu.qemuArgument] + cpu.qemuExtraOptions }
}

/// How one emulator run ended, with everything it printed.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: String
    /// Guest instructions retired (from tern's `--stats-json`), when known.
    public var retired: Int? = nil
}

/// A failure of the fuzzing set-up itself (not a mismatch).
public struct FuzzSetupError: Error, CustomStringConvertible {
    public var description: String
}

/// Builds a batch binary and runs it under both emulators.
public struct BatchRunner: Sendable {
    public var tools: Toolchain
    /// Where batch sources, binaries and outputs go.
    public var directory: URL

    public init(tools: Toolchain, directory: URL) { self.tools = tools; self.directory = directory }

    /// Assembles and links `sequences` into `name` (in `directory`) and returns the ELF path.
    public func build(_ sequences: [FuzzSequence], name: String) throws -> String {
        let source = directory.appendingPathComponent(name + ".S").path
        let elf = directory.appendingPathComponent(name).path
        try Harness.assembly(sequences).write(toFile: source, atomically: false, encoding: .utf8)
        let r = try Self.execute(tools.compiler, ["-static", "-nostdlib", "-O0", "-march=rv64gc", "-mabi=lp64d",
                                                   "-Wl,--no-relax", "-o", elf, source], timeout: tools.timeout)
        guard r.status == 0 else { throw FuzzSetupError(description: "\(tools.compiler) failed on \(source):\n\(r.stderr)") }
        return elf
    }

    /// Runs `elf` under tern and qemu at the same time.
    public func runBoth(_ elf: String) throws -> (tern: RunResult, qemu: RunResult) {
        let stats = elf + ".stats.json"
        try? FileManager.default.removeItem(atPath: stats)
        let t = try Spawned(tools.tern, ["run"] + tools.ternRunOptions + ["--stats-json", stats, elf], timeout: tools.timeout)
        let q = try Spawned(tools.qemu, tools.qemuOptions + [elf], timeout: tools.timeout)
        var ternResult = try t.finish()
        ternResult.retired = Self.retired(statsFile: stats)
        try? FileManager.default.removeItem(atPath: stats)
        let qemuResult = try q.finish()
        // `timeout` exits 126/127 when it cannot run the program at all.
        for (name, r) in [(tools.tern, ternResult), (tools.qemu, qemuResult)]
        where (r.status == 126 || r.status == 127) && r.stdout.isEmpty {
            throw FuzzSetupError(description: "cannot run \(name): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return (ternResult, qemuResult)
    }

    /// Runs `elf` under tern and qemu at the same time, each in a fresh empty
    /// working directory of its own (removed afterwards).
    public func runBothInScratch(_ elf: String, tag: String) throws -> (tern: RunResult, qemu: RunResult) {
        let fm = FileManager.default
        let dirs = ["tern", "qemu"].map { directory.appendingPathComponent("\(tag)-\($0)-cwd") }
        for d in dirs {
            try? fm.removeItem(at: d)
            try fm.createDirectory(at: d, withIntermediateDirectories: true)
        }
        defer { for d in dirs { try? fm.removeItem(at: d) } }
        let t = try Spawned(tools.tern, ["run"] + tools.ternOptions + [elf], timeout: tools.timeout, workingDirectory: dirs[0].path)
        let q = try Spawned(tools.qemu, [elf], timeout: tools.timeout, workingDirectory: dirs[1].path)
        return (try t.finish(), try q.finish())
    }

    /// The `retired` count of a tern statistics JSON file.
    static func retired(statsFile: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: statsFile),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (object["retired"] as? NSNumber)?.intValue
    }

    /// Builds and runs a batch; records parsed per emulator.
    public func run(_ sequences: [FuzzSequence], name: String) throws -> BatchOutcome {
        let elf = try build(sequences, name: name)
        let (t, q) = try runBoth(elf)
        return BatchOutcome(tern: t, qemu: q)
    }

    /// Runs a program to completion.
    static func execute(_ program: String, _ args: [String], timeout: Int) throws -> RunResult {
        try Spawned(program, args, timeout: timeout).finish()
    }
}

/// A started child process (run through `timeout`) with stdout and stderr going to files.
struct Spawned {
    let process = Process()
    let out: URL, err: URL
    let program: String

    init(_ program: String, _ args: [String], timeout: Int, input: String? = nil, workingDirectory: String? = nil) throws {
        self.program = program
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["timeout", "-s", "KILL", String(timeout), program] + args
        out = FileManager.default.temporaryDirectory.appendingPathComponent("tern-fuzz-\(UUID().uuidString)")
        err = out.appendingPathExtension("err")
        // Close-on-exec descriptors only: a child started meanwhile (runs are
        // concurrent) must not inherit another run's files, so every program
        // starts with the same descriptors (0, 1, 2).
        func handle(_ path: String, _ flags: Int32) throws -> FileHandle {
            let fd = open(path, flags | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FuzzSetupError(description: "cannot open \(path): errno \(errno)") }
            return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        }
        process.standardOutput = try handle(out.path, O_WRONLY | O_CREAT | O_TRUNC)
        process.standardError = try handle(err.path, O_WRONLY | O_CREAT | O_TRUNC)
        process.standardInput = try handle(input ?? "/dev/null", O_RDONLY)
        do { try process.run() } catch {
            cleanUp()
            throw FuzzSetupError(description: "cannot start \(program): \(error)")
        }
    }

    func cleanUp() { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }

    /// Waits for the process and collects what it printed.
    func finish() throws -> RunResult {
        defer { cleanUp() }
        process.waitUntilExit()
        let stdout = [UInt8](try Data(contentsOf: out))
        let stderr = String(decoding: try Data(contentsOf: err), as: UTF8.self)
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return RunResult(status: status, stdout: stdout, stderr: stderr)
    }
}

/// Both runs of one batch.
public struct BatchOutcome: Sendable {
    public var tern: RunResult
    public var qemu: RunResult

    /// A one-line description of how each side ended when they differ in status.
    public var statusNote: String? {
        guard tern.status != qemu.status || tern.status != 0 else { return nil }
        var s = "tern exit \(tern.status), qemu exit \(qemu.status)"
        let te = tern.stderr.split(separator: "\n").prefix(3).joined(separator: " | ")
        if !te.isEmpty { s += "; tern stderr: \(te)" }
        let qe = qemu.stderr.split(separator: "\n").prefix(3).joined(separator: " | ")
        if !qe.isEmpty { s += "; qemu stderr: \(qe)" }
        return s
    }
}
