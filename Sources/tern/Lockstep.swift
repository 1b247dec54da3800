import ArgumentParser
import Foundation
import TernCore
import TernLinux
import TernISA
import TernLockstep
import TernReference
import TernSpec

/// `tern lockstep`: run a guest under the threaded engine and the reference
/// interpreter side by side and stop at the first difference.
struct Lockstep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lockstep",  // explicit: the default name is derived by reflection at every start
        abstract: "Run a program under an engine (threaded by default) and the reference interpreter, comparing state after every block.",
        discussion: """
            Without a divergence the guest's exit status is passed through and a summary goes to stderr. \
            On a divergence the report (pc, disassembly, differing registers and bytes) goes to stderr and \
            the exit status is \(Lockstep.divergenceStatus).
            """)

    /// Exit status reporting a divergence.
    static let divergenceStatus: Int32 = 3

    @Option(help: ArgumentHelp("Stop (status 0) after this many guest instructions.", valueName: "N"))
    var maxInstructions: UInt64?

    @Option(help: ArgumentHelp("Test the checker: perturb every result of one instruction in the reference interpreter (XOR with MASK, default 1).", valueName: "MNEMONIC[:MASK]"))
    var injectFault: String?

    @Option(help: ArgumentHelp("Engine checked against the reference: threaded, native or auto.", valueName: "ENGINE"))
    var engine: Engine = .threaded

    @Option(name: [.customLong("cpu"), .customLong("cpu", withSingleDash: true)],
            help: ArgumentHelp("CPU model and extensions as for `tern run --cpu` (default: $TERN_CPU, else max), e.g. rva23u64,vlen=256; the reference interpreter gets the same vector length and extensions.", valueName: "NAME[,EXT=BOOL...]"))
    var cpu: String?

    @Argument(help: "The riscv64 ELF program.")
    var program: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the guest.")
    var arguments: [String] = []

    func validate() throws {
        _ = try fault()
        _ = try cpuConfiguration()
    }

    /// The parsed `--cpu` (else $TERN_CPU, else max).
    private func cpuConfiguration() throws -> CPUConfiguration {
        let environment = ProcessInfo.processInfo.environment["TERN_CPU"].flatMap { $0.isEmpty ? nil : $0 }
        let (text, source) = cpu.map { ($0, "--cpu") } ?? environment.map { ($0, "TERN_CPU") } ?? ("max", "--cpu")
        do { return try CPUConfiguration.parse(text) } catch { throw ValidationError("\(source): \(error.description)") }
    }

    /// The parsed `--inject-fault`: a scalar mnemonic of the reference's table or a vector one.
    private func fault() throws -> (scalar: InjectedFault?, vector: InjectedVectorFault?) {
        guard let injectFault else { return (nil, nil) }
        let parts = injectFault.split(separator: ":", maxSplits: 1)
        let name = parts.first.map(String.init) ?? ""
        let opcode = ReferenceOpcode(rawValue: name)
        guard opcode != nil || vectorInstructions.contains(where: { $0.mnemonic == name }) else {
            throw ValidationError("--inject-fault: unknown mnemonic in '\(injectFault)' (e.g. add, mul, fadd.d, vadd.vv)")
        }
        var mask: UInt64 = 1
        if parts.count == 2 {
            let m = parts[1]
            guard let v = m.hasPrefix("0x") ? UInt64(m.dropFirst(2), radix: 16) : UInt64(m), v != 0 else {
                throw ValidationError("--inject-fault: MASK must be a non-zero number, got '\(m)'")
            }
            mask = v
        }
        if let opcode { return (InjectedFault(opcode: opcode, xorMask: mask), nil) }
        return (nil, InjectedVectorFault(mnemonic: name, xorMask: mask))
    }

    func run() throws {
        let machine: Machine
        do { machine = try Machine() } catch {
            FileHandle.standardError.write(Data("tern: cannot reserve guest memory\n".utf8))
            throw ExitCode(70)
        }
        let cpuModel = try cpuConfiguration()
        machine.extensions = cpuModel.extensions
        machine.vlenb = UInt32(cpuModel.vlen / 8)
        guard machine.setEngine(engine) else {
            FileHandle.standardError.write(Data("tern: the \(engine.rawValue) engine is not available on this host\n".utf8))
            throw ExitCode(1)
        }
        let process: LinuxProcess
        do {
            var options = LinuxOptions()
            options.environmentBytes = GuestEnvironment.host()
            process = try LinuxProcess(machine: machine, executablePath: program, arguments: [program] + arguments,
                                       options: options)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        let checker = LockstepChecker(process: process)
        (checker.reference.injectedFault, checker.reference.injectedVectorFault) = try fault()
        let outcome = checker.run(maxInstructions: maxInstructions ?? .max)
        let summary = "tern: lockstep: \(process.hart.retired) instructions in \(checker.blocks) blocks, "
            + "\(checker.syscalls) syscalls, \(checker.clockResyncs) clock resyncs"
        switch outcome {
        case .diverged(let d):
            FileHandle.standardError.write(Data((d.report + "\n").utf8))
            throw ExitCode(Self.divergenceStatus)
        case .budgetExhausted:
            FileHandle.standardError.write(Data((summary + ": no divergence (stopped at --max-instructions)\n").utf8))
        case .agreed(let end):
            FileHandle.standardError.write(Data((summary + ": no divergence\n").utf8))
            switch end {
            case .exited(let status): throw ExitCode(status)
            case .signaled(let signal, let message):
                if let message { FileHandle.standardError.write(Data((message + "\n").utf8)) }
                LinuxProcess.die(signal)
            }
        }
    }
}
