import ArgumentParser

/// The `tern` command: run RISC-V Linux programs on this host.
struct Tern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Run RISC-V (rv64gc) Linux programs through a translation cache and a threaded-code engine.",
        version: "tern \(TernVersion.number)",
        subcommands: [Run.self, Restore.self, Report.self, Lockstep.self, Disasm.self, Fuzz.self, Syscalls.self, Binfmt.self],
        defaultSubcommand: nil)
}

/// The entry point: started by binfmt_misc for a riscv64 program, tern runs
/// it directly (Binfmt.swift); otherwise it parses its command line.
@main
enum Entry {
    static func main() {
        if let arguments = BinfmtEntry.launchArguments() { return Run.main(arguments) }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "run", RunFastPath.main(Array(arguments.dropFirst()), root: Tern.self) { return }
        Tern.main()
    }
}
