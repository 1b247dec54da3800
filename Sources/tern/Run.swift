import ArgumentParser
import Foundation
import TernCore
import TernLinux

/// `tern run`: execute a riscv64 Linux ELF.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a riscv64 Linux program.",
        discussion: "The guest's exit status is passed through; a guest killed by a signal kills tern with the same signal.")

    @Option(name: .customShort("E"), help: ArgumentHelp("Set an environment variable for the guest.", valueName: "VAR=VALUE"))
    var setEnvironment: [String] = []

    @Option(name: .customShort("U"), help: ArgumentHelp("Remove an environment variable for the guest.", valueName: "VAR"))
    var unsetEnvironment: [String] = []

    @Flag(help: "Print translation cache statistics to stderr at exit.")
    var stats = false

    @Option(help: ArgumentHelp("Write translation cache statistics as JSON to FILE at exit.", valueName: "FILE"))
    var statsJson: String?

    @Flag(help: "Print each guest syscall (like qemu's -strace).")
    var strace = false

    @Option(name: [.customLong("sysroot"), .customShort("L")],
            help: ArgumentHelp("Guest root file system: the dynamic loader and absolute guest paths are looked up there first (default: $TERN_SYSROOT).", valueName: "DIR"))
    var sysroot: String?

    @Option(help: ArgumentHelp("argv[0] for the guest (default: PROGRAM), like qemu's -0.", valueName: "NAME"))
    var argv0: String?

    @Argument(help: "The riscv64 ELF program.")
    var program: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the guest.")
    var arguments: [String] = []

    func validate() throws {
        for e in setEnvironment where !e.contains("=") {
            throw ValidationError("-E expects VAR=VALUE, got '\(e)'")
        }
    }

    func run() throws {
        let environment = GuestEnvironment.build(
            host: ProcessInfo.processInfo.environment, set: setEnvironment, unset: unsetEnvironment)
        let started = DispatchTime.now().uptimeNanoseconds
        let machine: Machine
        do { machine = try Machine() } catch {
            FileHandle.standardError.write(Data("tern: cannot reserve guest memory\n".utf8))
            throw ExitCode(70)
        }
        let process: LinuxProcess
        do {
            let root = sysroot ?? ProcessInfo.processInfo.environment["TERN_SYSROOT"]
            process = try LinuxProcess(machine: machine, executablePath: program, arguments: [argv0 ?? program] + arguments,
                                       options: LinuxOptions(environment: environment, strace: strace, sysroot: root,
                                                             execCommand: ExecCommand.build(sysroot: root, strace: strace)))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        let outcome = process.run()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let report = StatsReport(machine.counters, totalSeconds: seconds)
        if stats { FileHandle.standardError.write(Data((report.text + "\n").utf8)) }
        if let statsJson { try StatsOutput.writeJSON(report, to: statsJson) }
        switch outcome {
        case .exited(let status):
            throw ExitCode(status)
        case .signaled(let signal, let message):
            FileHandle.standardError.write(Data((message + "\n").utf8))
            GuestSignalExit.die(signal)
        }
    }
}
