import ArgumentParser
import Foundation
import TernCore

/// Writes statistics files.
enum StatsOutput {
    /// Writes `report` as pretty-printed JSON to `path`.
    static func writeJSON(_ report: StatsReport, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(report).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
