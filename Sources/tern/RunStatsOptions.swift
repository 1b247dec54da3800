import ArgumentParser
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
    static func report(_ machine: Machine, process: LinuxProcess, symbols: GuestSymbols, totalSeconds: Double,
                       profileBlocks: Int?) -> StatsReport {
        var hottest: [HotBlock] = []
        if let profileBlocks {
            hottest = HotBlock.hottest(machine, count: profileBlocks) { symbols.name(for: $0) }
        }
        var report = StatsReport(machine.counters, totalSeconds: totalSeconds, sampleInterval: machine.sampleInterval,
                                 samples: machine.samples, hottestBlocks: hottest)
        report.unimplementedSyscalls = process.syscalls.unimplementedSummary
        return report
    }
}
