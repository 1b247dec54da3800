import ArgumentParser
import Foundation
import TernCore
import TernLinux

/// The translation cache options of `tern run`: validation, machine setup and
/// the final report.
enum RunStatsOptions {
    /// Rejects malformed values with one clear message (exit 64).
    static func validate(tcacheSize: String?, statsInterval: UInt64?, profileBlocks: Int?) throws {
        if let tcacheSize, TranslationCacheSize(parsing: tcacheSize) == nil {
            throw ValidationError("--tcache-size expects a positive size such as 65536, 512K, 64M, 1G or 256blocks, got '\(tcacheSize)'")
        }
        if let statsInterval, statsInterval == 0 || statsInterval > UInt64.max / 1_000_000 {
            throw ValidationError("--stats-interval expects a positive number of million instructions, got \(statsInterval)")
        }
        if let profileBlocks, profileBlocks <= 0 {
            throw ValidationError("--profile-blocks expects a positive block count, got \(profileBlocks)")
        }
    }

    /// Applies the options to a fresh machine.
    static func configure(_ machine: Machine, tcacheSize: String?, statsInterval: UInt64?, profileBlocks: Int?) {
        if let size = tcacheSize.flatMap(TranslationCacheSize.init(parsing:)) { machine.setTranslationBudget(size) }
        machine.sampleInterval = statsInterval.map { $0 * 1_000_000 }
        machine.profilesBlocks = profileBlocks != nil
    }

    /// The statistics of the finished run, with samples and hottest blocks when asked for.
    static func report(_ machine: Machine, process: LinuxProcess, symbols: GuestSymbols?, totalSeconds: Double,
                       profileBlocks: Int?) -> StatsReport {
        var hottest: [HotBlock] = []
        if let profileBlocks {
            hottest = HotBlock.hottest(machine, count: profileBlocks) { symbols?.name(for: $0) }
        }
        var report = StatsReport(machine.counters, totalSeconds: totalSeconds, sampleInterval: machine.sampleInterval,
                                 samples: machine.samples, hottestBlocks: hottest)
        report.unimplementedSyscalls = process.syscalls.unimplementedSummary
        return report
    }

    /// Prints the statistics (--stats, --stats-json) and ends tern as the
    /// guest ended: its exit status, or its fatal signal's message and death.
    static func finish(_ outcome: ProcessExit, machine: Machine, process: LinuxProcess, symbols: GuestSymbols?, started: UInt64,
                       stats: Bool, statsJson: String?, profileBlocks: Int?) -> Never {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // Built only when asked for (a process without --stats exits sooner).
        let report = stats || statsJson != nil
            ? RunStatsOptions.report(machine, process: process, symbols: symbols, totalSeconds: seconds,
                                     profileBlocks: profileBlocks) : nil
        if stats, let report { TraceOutput.write(report.text + "\n") }
        if let statsJson, let report {
            do { try StatsOutput.writeJSON(report, to: statsJson) } catch {
                TraceOutput.write("tern: \(error)\n")
                Foundation.exit(73)
            }
        }
        switch outcome {
        case .exited(let status):
            Foundation.exit(status)
        case .signaled(let signal, let message):
            if let message { TraceOutput.write(message + "\n") }
            LinuxProcess.die(signal)
        }
    }
}
