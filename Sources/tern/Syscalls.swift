import ArgumentParser
import TernLinux

/// `tern syscalls`: the riscv64 syscall table with how Tern serves each call
/// (the source of docs/SYSCALLS.md).
struct Syscalls: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "syscalls",  // explicit: the default name is derived by reflection at every start
        abstract: "Print the riscv64 Linux syscall table with each call's status in Tern (Markdown; docs/SYSCALLS.md).")

    func run() throws {
        print(SyscallHandler.tableDocument(), terminator: "")
    }
}
