import Foundation

/// The command a guest execve of a riscv64 program re-runs: this tern binary
/// with the settings that must carry over (sysroot, --strace).
enum ExecCommand {
    static func build(sysroot: String?, strace: Bool, cpu: String) -> [String] {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var command = [me, "run"]
        if let sysroot { command += ["--sysroot", absolute(sysroot)] }
        if strace { command.append("--strace") }
        command += ["--cpu", cpu]
        return command
    }

    /// The sysroot must keep meaning the same directory after the guest's chdir.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
