import Foundation

/// Counts of one syscall fuzzing campaign.
public struct SyscallFuzzSummary: Sendable {
    public var programs = 0
    /// Calls issued (the set-up pool included) and calls tern returned from.
    public var calls = 0, returned = 0
    public var comparedWithLinux = 0, comparedWithQemu = 0
    public var ternCrashes = 0, ternHangs = 0, mismatches = 0
    /// qemu-riscv64 dying on an input (not tern failures), and its answers that differ from Linux's.
    public var qemuCrashes = 0, qemuDeviations = 0
    /// Native runs that stopped early (harness problems; their later calls are compared with qemu).
    public var nativeStops = 0

    /// Tern crashes, hangs and mismatches.
    public var failures: Int { ternCrashes + ternHangs + mismatches }
}

/// Runs programs of random calls three ways, one after the other, each in a
/// fresh scratch directory of its own — the riscv64 program under tern and
/// under qemu-riscv64, the x86-64 program natively — and judges each call
/// (`SyscallVerdict`).
public struct SyscallFuzzer {
    public var tools: Toolchain
    /// The host C compiler for the native x86-64 program (nil: no native run, qemu is the only reference).
    public var hostCompiler: String?
    /// Where sources, binaries and scratch directories go.
    public var directory: URL
    /// Receives one line per finding worth reading (every mismatch and qemu deviation when `verbose`).
    public var log: (String) -> Void
    public var verbose = false

    public init(tools: Toolchain, hostCompiler: String?, directory: URL, log: @escaping (String) -> Void) {
        self.tools = tools; self.hostCompiler = hostCompiler; self.directory = directory; self.log = log
    }

    /// The calls of program `index` of a campaign seeded `seed`.
    public static func program(seed: UInt64, index: Int, count: Int) -> [FuzzCall] {
        var g = SyscallCallGenerator(seed: seed &+ UInt64(index) &* 0x9e37_79b9_7f4a_7c15)
        return SyscallFuzzPool.calls + (0 ..< count).map { _ in g.next() }
    }

    /// A readable form of a call: `name(args)`.
    public static func describe(_ c: FuzzCall) -> String {
        let shown = c.args.prefix(SyscallFuzzTable.calls[c.syscall].args.count).map { v -> String in
            SymbolicValue.decode(v) ?? (Int64(bitPattern: v) < 0 && Int64(bitPattern: v) > -4096 ? String(Int64(bitPattern: v)) : "0x" + String(v, radix: 16))
        }
        return "\(c.name)(\(shown.joined(separator: ", ")))"
    }

    /// A return value as strace shows it: -ENAME for errors.
    public static func show(_ v: Int64) -> String {
        guard FuzzCompare.isError(v) else { return v >= 0 && v < 0x10000 ? String(v) : "0x" + String(UInt64(bitPattern: v), radix: 16) }
        return ErrnoNames.name(Int(-v)).map { "-" + $0 } ?? String(v)
    }

    /// Runs programs `indices` of the campaign seeded `seed`, `callsPerProgram` fuzzed calls each.
    public func run(seed: UInt64, indices: [Int], callsPerProgram: Int) throws -> SyscallFuzzSummary {
        var summary = SyscallFuzzSummary()
        var deviationsShown = 0
        for index in indices {
            let calls = Self.program(seed: seed, index: index, count: callsPerProgram)
            let (tern, qemu, native) = try runThreeWays(calls, name: "sys-\(index)")
            let verdict = SyscallVerdict.judge(calls, tern: tern, qemu: qemu, native: native)
            summary.programs += 1
            summary.calls += calls.count
            summary.returned += tern.results.count
            summary.comparedWithLinux += verdict.comparedWithLinux
            summary.comparedWithQemu += verdict.comparedWithQemu
            let at = "program \(index) (seed \(seed))"
            func value(_ run: SyscallRunEnd?, _ i: Int) -> String {
                guard let run, i < run.results.count else { return "none" }
                return Self.show(run.results[i])
            }
            func call(_ i: Int) -> String { i < calls.count ? Self.describe(calls[i]) : "(after the last call)" }
            for f in verdict.findings {
                switch f {
                case .ternCrash(let i, let status):
                    summary.ternCrashes += 1
                    log("fuzz: TERN CRASH: \(at) call \(i): \(call(i)): status \(status), native run status \(native?.status ?? -1); "
                        + "tern stderr: \(tern.stderr.prefix(600))")
                case .ternHang(let i):
                    summary.ternHangs += 1
                    log("fuzz: TERN HANG: \(at) call \(i): \(call(i)) did not return within \(tools.timeout) s")
                case .mismatch(let i, let t, let r, let against, _):
                    summary.mismatches += 1
                    if verbose || summary.mismatches <= 100 {
                        log("fuzz: MISMATCH: \(at) call \(i): \(call(i)) = tern \(Self.show(t)), \(against.rawValue) \(Self.show(r))"
                            + (against == .linux ? ", qemu \(value(qemu, i))" : ""))
                    }
                case .qemuCrash(let i, let status):
                    summary.qemuCrashes += 1
                    log("fuzz: qemu crash (not a tern failure): \(at) call \(i): \(call(i)): qemu status \(status); "
                        + "tern \(value(tern, i)), Linux \(value(native, i)); later calls compared with Linux only")
                case .qemuDeviation(let i, let q, let l):
                    summary.qemuDeviations += 1
                    if verbose || deviationsShown < 3 {
                        deviationsShown += 1
                        log("fuzz: qemu differs from Linux (tern agrees with Linux): \(at) call \(i): \(call(i)) = qemu \(Self.show(q)), Linux \(Self.show(l))")
                    }
                case .nativeStopped(let i, let status):
                    summary.nativeStops += 1
                    log("fuzz: native run stopped: \(at) call \(i): \(call(i)): status \(status) (harness problem; later calls compared with qemu)")
                }
            }
        }
        return summary
    }

    /// Builds `calls` for riscv64 (and x86-64) and runs them under tern, qemu and natively at once.
    func runThreeWays(_ calls: [FuzzCall], name: String) throws -> (SyscallRunEnd, SyscallRunEnd, SyscallRunEnd?) {
        let riscv = try build(calls, name: name, arch: .riscv64)
        let host = try hostCompiler.map { _ in try build(calls, name: name + "-x86_64", arch: .x86_64) }
        let fm = FileManager.default
        // Directory names of the same length, so getcwd-sized answers agree.
        let dirs = ["tern", "qemu", "host"].map { directory.appendingPathComponent("\(name)-\($0)") }
        for d in dirs {
            try? fm.removeItem(at: d)
            try fm.createDirectory(at: d, withIntermediateDirectories: true)
        }
        defer { for d in dirs { try? fm.removeItem(at: d) } }
        // One after the other: locks (flock, fcntl) on shared inodes (/dev/null, the
        // anonymous inode of eventfds and epoll sets) would make concurrent runs see each other.
        let tr = try Spawned(tools.tern, ["run"] + tools.ternOptions + [riscv], timeout: tools.timeout, workingDirectory: dirs[0].path).finish()
        let qr = try Spawned(tools.qemu, [riscv], timeout: tools.timeout, workingDirectory: dirs[1].path).finish()
        let hr = try host.map { try Spawned($0, [], timeout: tools.timeout, workingDirectory: dirs[2].path).finish() }
        for (program, r) in [(tools.tern, tr), (tools.qemu, qr)] + (hr.map { [(host!, $0)] } ?? [])
        where (r.status == 126 || r.status == 127) && r.stdout.isEmpty {
            throw FuzzSetupError(description: "cannot run \(program): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        func end(_ r: RunResult) -> SyscallRunEnd { SyscallRunEnd(output: r.stdout, status: r.status, stderr: r.stderr) }
        return (end(tr), end(qr), hr.map(end))
    }

    /// Writes and assembles the program for `arch`; returns the executable's path.
    func build(_ calls: [FuzzCall], name: String, arch: FuzzArchitecture) throws -> String {
        let source = directory.appendingPathComponent(name + ".S").path
        let elf = directory.appendingPathComponent(name).path
        try SyscallFuzzHarness.assembly(calls, for: arch).write(toFile: source, atomically: false, encoding: .utf8)
        let (compiler, flags) = arch == .riscv64
            ? (tools.compiler, ["-march=rv64gc", "-mabi=lp64d"]) : (hostCompiler ?? "cc", ["-no-pie"])
        let built = try BatchRunner.execute(compiler, ["-static", "-nostdlib"] + flags + ["-o", elf, source], timeout: tools.timeout)
        guard built.status == 0 else { throw FuzzSetupError(description: "\(compiler) failed on \(source):\n\(built.stderr)") }
        return elf
    }
}
