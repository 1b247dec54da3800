import ArgumentParser

/// The `tern` command: run RISC-V Linux programs on this host.
@main
struct Tern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tern",
        abstract: "Run RISC-V (rv64gc) Linux programs through a translation cache and a threaded-code engine.",
        subcommands: [Run.self, Report.self, Lockstep.self, Disasm.self, Fuzz.self, Syscalls.self],
        defaultSubcommand: nil)
}
