import Foundation
import TernCore

/// The command a guest execve of a riscv64 program re-runs: this tern binary
/// with the settings that must carry over (sysroot, --strace, -d unimp,
/// --engine, --trace, --tcache-size). The syscall layer appends the inherited
/// kernel state (`--exec-state`), argv[0] and the program.
enum ExecCommand {
    static func build(sysroot: String?, strace: Bool, unimplemented: Bool = false, engine: Engine, trace: String?,
                      tcacheSize: String?, cpu: String) -> [String] {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var command = [me, "run", "--engine", engine.rawValue]
        if let sysroot { command += ["--sysroot", absolute(sysroot)] }
        if strace { command.append("--strace") }
        if let trace { command += ["--trace", trace] }
        if let tcacheSize { command += ["--tcache-size", tcacheSize] }
        if unimplemented { command += ["-d", "unimp"] }
        command += ["--cpu", cpu]
        return command
    }

    /// The sysroot must keep meaning the same directory after the guest's chdir.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
