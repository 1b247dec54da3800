import ArgumentParser
import Foundation
import TernCore
import TernLinux

/// `tern restore`: resume a guest from a checkpoint image.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",  // explicit: the default name is derived by reflection at every start
        abstract: "Resume a guest saved by `tern run --checkpoint`.",
        discussion: """
            The guest carries on where it stopped: its memory, threads, signal state, descriptors (regular files \
            reopened by path; stdin, stdout and stderr are this process's; pipes and sockets come back closed, \
            with a warning each), working directory, limits and timers. The translation cache starts empty. \
            The exit status is the guest's. A corrupt, truncated or other-version image fails with one line \
            (status 1) before any guest code runs. See docs/CHECKPOINT.md.
            """)

    @Flag(help: "Print translation cache statistics to stderr at exit.")
    var stats = false

    @Option(help: ArgumentHelp("Write translation cache statistics as JSON to FILE at exit.", valueName: "FILE"))
    var statsJson: String?

    @Option(help: ArgumentHelp("Translation cache budget (as for `tern run`).", valueName: "SIZE"))
    var tcacheSize: String?

    @Flag(help: "Print each guest syscall (like qemu's -strace).")
    var strace = false

    @Option(name: [.customLong("sysroot"), .customShort("L")],
            help: ArgumentHelp("The guest root file system, when it moved since the checkpoint (default: the image's).", valueName: "DIR"))
    var sysroot: String?

    @Option(help: ArgumentHelp("Execution engine: threaded, native or auto.", valueName: "ENGINE"))
    var engine: Engine = .cliDefault

    @OptionGroup var checkpointOptions: CheckpointOptions

    @Argument(help: "The checkpoint image.")
    var image: String

    func validate() throws {
        try RunStatsOptions.validate(tcacheSize: tcacheSize, statsInterval: nil, profileBlocks: nil)
        _ = try checkpointOptions.request()
    }

    func run() throws {
        let started = DispatchTime.now().uptimeNanoseconds
        let machine: Machine
        do { machine = try Machine() } catch {
            FileHandle.standardError.write(Data("tern: cannot reserve guest memory\n".utf8))
            throw ExitCode(70)
        }
        RunStatsOptions.configure(machine, tcacheSize: tcacheSize, statsInterval: nil, profileBlocks: nil)
        if !machine.setEngine(engine), engine == .native {
            FileHandle.standardError.write(Data("tern: the native engine is not available on this host\n".utf8))
            throw ExitCode(1)
        }
        let process: LinuxProcess
        var cpu = "max"  // the image's CPU model (qemu's -cpu syntax)
        do {
            let options = LinuxOptions(strace: strace, sysroot: sysroot)
            let restored = try LinuxProcess.restore(from: image, machine: machine, options: options) { options, saved in
                cpu = saved.isEmpty ? "max" : saved
                options.execCommand = ExecCommand.build(sysroot: options.sysroot, strace: strace, unimplemented: false,
                                                        engine: engine, trace: nil, tcacheSize: tcacheSize, cpu: cpu)
            }
            process = restored.0
            for warning in restored.warnings { FileHandle.standardError.write(Data("tern: restore: \(warning)\n".utf8)) }
        } catch {
            FileHandle.standardError.write(Data("tern: \(error)\n".utf8))
            throw ExitCode(1)
        }
        process.checkpointRequest = try checkpointOptions.request(cpu: cpu)
        let symbols = GuestSymbols(memory: machine.memory)
        let finish = { (outcome: ProcessExit) -> Never in
            RunStatsOptions.finish(outcome, machine: machine, process: process, symbols: symbols, started: started,
                                   stats: stats, statsJson: statsJson, profileBlocks: nil)
        }
        process.exitFromThread = { finish($0) }
        finish(process.run())
    }
}
