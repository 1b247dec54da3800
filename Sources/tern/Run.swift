import ArgumentParser
import Foundation
import TernCore
import TernGDB
import TernISA
import TernLinux
import TernProfiling

/// `tern run`: execute a riscv64 Linux ELF.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",  // explicit: the default name is derived by reflection at every start
        abstract: "Run a riscv64 Linux program.",
        discussion: "The guest's exit status is passed through; a guest killed by a signal kills tern with the same signal.")

    @Option(name: .customShort("E"), help: ArgumentHelp("Set environment variables for the guest (comma-separated, like qemu's -E).", valueName: "VAR=VALUE"))
    var setEnvironment: [String] = []

    @Option(name: .customShort("U"), help: ArgumentHelp("Remove environment variables for the guest (comma-separated, like qemu's -U).", valueName: "VAR"))
    var unsetEnvironment: [String] = []

    @Flag(help: "Print translation cache statistics to stderr at exit.")
    var stats = false

    @Option(help: ArgumentHelp("Write translation cache statistics as JSON to FILE at exit.", valueName: "FILE"))
    var statsJson: String?

    @Option(help: ArgumentHelp("Translation cache budget: bytes of IR with an optional K/M/G suffix (e.g. 64M, the default), or a block count (e.g. 512blocks). Exceeding it flushes the cache.", valueName: "SIZE"))
    var tcacheSize: String?

    @Option(help: ArgumentHelp("Sample the counters every N million guest instructions into the JSON time series.", valueName: "N"))
    var statsInterval: UInt64?

    @Option(help: ArgumentHelp("Report the K most executed blocks with --stats/--stats-json.", valueName: "K"))
    var profileBlocks: Int?

    @Flag(name: [.customLong("strace"), .customLong("strace", withSingleDash: true)],
          help: "Print each guest syscall (like qemu's -strace).")
    var strace = false

    @Option(name: [.customLong("sysroot"), .customShort("L")],
            help: ArgumentHelp("Guest root file system: the dynamic loader and absolute guest paths are looked up there first (default: $TERN_SYSROOT).", valueName: "DIR"))
    var sysroot: String?

    @Option(name: [.customLong("argv0"), .customShort("0")],
            help: ArgumentHelp("argv[0] for the guest (default: PROGRAM), like qemu's -0.", valueName: "NAME"))
    var argv0: String?

    @Option(help: ArgumentHelp("Trace to stderr: in_asm (each block's instructions when translated), exec (each block entered); comma-separated.", valueName: "LIST"))
    var trace: String?

    @Option(name: .customShort("d"), help: ArgumentHelp("Log items to stderr, comma-separated, as qemu's -d: unimp (unimplemented syscalls, once each), strace, in_asm, exec.", valueName: "LIST"))
    var debugLog: String?

    @Flag(help: "Run a bare-metal ELF in machine mode (HTIF tohost); automatic when the ELF defines 'tohost'.")
    var bare = false

    @Option(help: ArgumentHelp("Bare-metal mode: stop after about N instructions without a tohost write (exit status 124).", valueName: "N"))
    var maxInstructions: UInt64?

    @Option(help: ArgumentHelp("Execution engine: threaded, native (compile blocks to x86-64 at once) or auto (threaded first, hot blocks native).", valueName: "ENGINE"))
    var engine: Engine = .cliDefault

    @OptionGroup var checkpointOptions: CheckpointOptions

    @Option(name: [.customLong("cpu"), .customLong("cpu", withSingleDash: true)],
            help: ArgumentHelp("CPU model and extensions, in qemu's -cpu syntax: rv64gc, rva22u64, rva23u64 or max, then optional ext=true|false properties, e.g. rva23u64,zbb=false (default: $TERN_CPU, else max). Instructions of other extensions raise SIGILL; hwprobe, AT_HWCAP and /proc/cpuinfo describe the model.", valueName: "NAME[,EXT=BOOL...]"))
    var cpu: String?

    @OptionGroup var qemu: QemuStyleOptions

    @Option(help: .hidden)
    var execState: String?

    /// Set by a guest execve: the last N arguments are the guest's environment
    /// (raw bytes), not the host tern's, which stays Tern's own.
    @Option(help: .hidden)
    var execEnv: Int?

    /// fexecve: the program is the file open on this descriptor (PROGRAM is
    /// /proc/self/fd/N); closed once the program is loaded.
    @Option(help: .hidden)
    var execFd: Int32?

    /// Set when binfmt_misc started tern (Binfmt.swift): the program's open file.
    @Option(help: .hidden)
    var binfmtFd: Int32?

    @Argument(help: "The riscv64 ELF program (not with -cpu help).")
    var program: String?

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the guest.")
    var arguments: [String] = []

    /// `-E a=1,b=2` sets both, as qemu splits its -E and -U values at commas.
    private var environmentSettings: [String] { setEnvironment.flatMap { $0.split(separator: ",").map(String.init) } }
    private var environmentRemovals: [String] { unsetEnvironment.flatMap { $0.split(separator: ",").map(String.init) } }

    func validate() throws {
        for e in environmentSettings where !e.contains("=") {
            throw ValidationError("-E expects VAR=VALUE, got '\(e)'")
        }
        if let execEnv, execEnv < 0 || execEnv > arguments.count { throw ValidationError("bad --exec-env") }
        try RunStatsOptions.validate(tcacheSize: tcacheSize, statsInterval: statsInterval, profileBlocks: profileBlocks)
        _ = try traceOptions()
        _ = try debugItems()
        if cpuHelp { return }
        _ = try checkpointOptions.request()
        _ = try cpuConfiguration()
        guard program != nil else { throw ValidationError("Missing expected argument '<program>'") }
    }

    /// `-cpu help` (or `?`, as qemu takes both): list the models and properties.
    private var cpuHelp: Bool { cpu == "help" || cpu == "?" }

    /// The CPU model's text and where it came from: `--cpu`/`-cpu`, else a
    /// non-empty $TERN_CPU (as qemu-user reads QEMU_CPU, the command line
    /// winning), else `max`.
    private var cpuSetting: (text: String, source: String) {
        if let cpu { return (cpu, "--cpu") }
        if let text = HostEnvironment.value("TERN_CPU"), !text.isEmpty { return (text, "TERN_CPU") }
        return ("max", "--cpu")
    }

    /// The parsed CPU model (`cpuSetting`).
    private func cpuConfiguration() throws -> CPUConfiguration {
        let (text, source) = cpuSetting
        do { return try CPUConfiguration.parse(text) } catch { throw ValidationError("\(source): \(error.description)") }
    }

    func run() throws {
        if cpuHelp { return print(CPUProfile.helpText) }
        guard let program else { throw ValidationError("Missing expected argument '<program>'") }
        let cpuModel = try cpuConfiguration()
        if bare || BareMetalRun.definesToHost(program) {
            guard arguments.isEmpty else { throw ValidationError("bare-metal programs take no arguments") }
            throw ExitCode(BareMetalRun.run(program, maxInstructions: maxInstructions, stats: stats, statsJson: statsJson,
                                            extensions: cpuModel.extensions, vlen: cpuModel.vlen))
        }
        if maxInstructions != nil {
            throw ValidationError("--max-instructions applies to bare-metal programs (--bare)")
        }
        let gdbEndpoint = try qemu.gdbEndpoint(environment: HostEnvironment.value("TERN_GDB").map { ["TERN_GDB": $0] } ?? [:])
        if gdbEndpoint != nil, checkpointOptions.checkpoint != nil {  // a debugger's breakpoints and watches are no guest state
            throw ValidationError("--checkpoint cannot be combined with a gdb session (-g, TERN_GDB)")
        }
        let environmentCount = execEnv ?? 0
        let inheritedEnvironment = execEnv.map { _ in Array(RawCommandLine.arguments.suffix(environmentCount)) }
        // TERN_GDB configures this tern only: a guest's execve must not wait for gdb again.
        let environment = GuestEnvironment.build(host: inheritedEnvironment ?? GuestEnvironment.host(), set: environmentSettings,
                                                 unset: environmentRemovals + ["TERN_GDB"])
        let started = DispatchTime.now().uptimeNanoseconds
        let machine: Machine
        do { machine = try Machine() } catch {
            FileHandle.standardError.write(Data("tern: cannot reserve guest memory\n".utf8))
            throw ExitCode(70)
        }
        RunStatsOptions.configure(machine, tcacheSize: tcacheSize, statsInterval: statsInterval, profileBlocks: profileBlocks)
        machine.extensions = cpuModel.extensions
        machine.vlenb = UInt32(cpuModel.vlen / 8)
        let debug = try debugItems()
        machine.trace = try traceOptions().union(debug.trace)
        let straceOn = strace || debug.strace
        // perf reads perf-PID.map for anonymous executable memory only, not for the memfd views of dual-mapped code.
        if !machine.setEngine(engine, codeMemory: qemu.perfmap ? .mprotect : nil), engine == .native {
            FileHandle.standardError.write(Data("tern: the native engine is not available on this host\n".utf8))
            throw ExitCode(1)
        }
        let process: LinuxProcess
        do {
            let root = sysroot ?? HostEnvironment.value("TERN_SYSROOT")
            var options = LinuxOptions(warnUnsupported: debug.unimplemented, strace: straceOn, sysroot: root,
                                       execCommand: ExecCommand.build(sysroot: root, strace: straceOn, unimplemented: debug.unimplemented,
                                                                      engine: engine, trace: trace, tcacheSize: tcacheSize, cpu: cpuSetting.text))
            options.environmentBytes = environment
            if let stack = qemu.stackBytes { options.stackSize = stack }
            if let execState {
                guard let state = InheritedState(encoded: execState) else { throw ValidationError("bad --exec-state") }
                options.inherited = state
            }
            if let binfmtFd {  // the kernel opened the program; its execve of riscv64 programs goes back through binfmt_misc
                options.executableHostPath = "/proc/self/fd/\(binfmtFd)"
                options.execThroughKernel = true
            }
            process = try LinuxProcess(machine: machine, executablePath: program,
                                       argumentBytes: RawCommandLine.guestArguments(program: program, argv0: argv0,
                                                                                    count: arguments.count - environmentCount,
                                                                                    after: environmentCount),
                                       options: options)
            if let binfmtFd { close(binfmtFd) }  // the guest's descriptors start free, as under Linux
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        if let execFd { close(execFd) }  // loaded: the guest must not see the descriptor
        // Read only when something names guest addresses (parsing the mapped ELF files costs startup).
        let symbols: GuestSymbols? = !machine.trace.isEmpty || qemu.perfmap || qemu.jitdump || profileBlocks != nil
            ? GuestSymbols(memory: machine.memory) : nil
        if !machine.trace.isEmpty, let symbols { machine.traceSymbolizer = symbols.name(for:) }
        if qemu.perfmap || qemu.jitdump {
            let perfMap = qemu.perfmap ? PerfMap() : nil
            let dump = qemu.jitdump ? JITDump(directory: ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") : nil
            machine.nativeCodeListener = { code, pc in
                let name = symbols?.name(for: pc) ?? "guest-0x" + String(pc, radix: 16)
                perfMap?.record(code: code, name: name)
                dump?.record(code: code, name: name)
            }
        }
        /// Prints the statistics and ends tern as the guest ended (from any guest thread).
        let finish = { (outcome: ProcessExit) -> Never in
            RunStatsOptions.finish(outcome, machine: machine, process: process, symbols: symbols, started: started,
                                   stats: stats, statsJson: statsJson, profileBlocks: profileBlocks)
        }
        process.checkpointRequest = try checkpointOptions.request(cpu: cpuSetting.text)
        if let gdbEndpoint {
            do { process.debugger = try GDBStub(process: process, endpoint: gdbEndpoint) } catch {
                FileHandle.standardError.write(Data("tern: gdb: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        process.exitFromThread = { finish($0) }
        finish(process.run())
    }

    /// The parsed `-d` list.
    private func debugItems() throws -> DebugLog {
        guard let debugLog else { return DebugLog() }
        return try DebugLog(parsing: debugLog)
    }

    /// The parsed `--trace` list.
    private func traceOptions() throws -> TraceOptions {
        guard let trace else { return [] }
        switch TraceOptions.parse(trace) {
        case .success(let options): return options
        case .failure(let e):
            let known = TraceOptions.names.map(\.0).joined(separator: ", ")
            throw ValidationError("unknown --trace item '\(e.item)' (expected a comma-separated list of: \(known))")
        }
    }
}
