import ArgumentParser
import TernLinux

/// `--checkpoint FILE` with `--checkpoint-after N` or `--checkpoint-on SIGNAL`
/// (`tern run` and `tern restore`).
struct CheckpointOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write a checkpoint image of the guest to FILE and exit 0 instead of running on (with --checkpoint-after or --checkpoint-on); `tern restore FILE` resumes it.", valueName: "FILE"))
    var checkpoint: String?

    @Option(help: ArgumentHelp("Checkpoint once exactly N guest instructions have retired (counted from the start of this run).", valueName: "N"))
    var checkpointAfter: UInt64?

    @Option(help: ArgumentHelp("Checkpoint at the next block boundary after tern receives this signal (e.g. SIGUSR2); the guest cannot catch that signal.", valueName: "SIGNAL"))
    var checkpointOn: String?

    /// The checkpoint to take (nil: none), recording CPU model `cpu` (qemu's
    /// -cpu syntax); throws on inconsistent options.
    func request(cpu: String = "") throws -> CheckpointRequest? {
        let signal = try checkpointOn.map { text -> Int32 in
            guard let n = Signal.number(text), ![9, 19].contains(n) else {
                throw ValidationError("--checkpoint-on expects a catchable signal name or number (e.g. SIGUSR2), got '\(text)'")
            }
            guard ![4, 5, 7, 8, 11].contains(n) else {
                throw ValidationError("--checkpoint-on cannot use \(Signal.name(n)): tern needs it for guest faults")
            }
            return n
        }
        guard let checkpoint else {
            if checkpointAfter != nil || signal != nil { throw ValidationError("--checkpoint-after and --checkpoint-on need --checkpoint FILE") }
            return nil
        }
        guard checkpointAfter != nil || signal != nil else {
            throw ValidationError("--checkpoint FILE needs --checkpoint-after N or --checkpoint-on SIGNAL")
        }
        return CheckpointRequest(path: checkpoint, afterInstructions: checkpointAfter, signal: signal, cpu: cpu)
    }
}
