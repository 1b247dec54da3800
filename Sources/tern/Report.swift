import ArgumentParser
import Foundation
import TernCore
import TernReport

/// `tern report`: turn `tern run --stats-json` output into an HTML page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",  // explicit: the default name is derived by reflection at every start
        abstract: "Render translation cache statistics (from run --stats-json) as a self-contained HTML page.",
        discussion: """
        The page has inline SVG charts (hit rate and translations over time when the run used \
        --stats-interval, block entries by path, invalidations by cause) and the hottest blocks \
        (with --profile-blocks). It loads nothing from the network.
        Exit status: 0 on success, 64 on bad usage, 65 when the JSON is not a Tern statistics \
        file of schema 3, 66 when it cannot be read, 73 when the output cannot be written.
        """)

    @Argument(help: ArgumentHelp("Statistics written by tern run --stats-json.", valueName: "STATS.json"))
    var statsFile: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTML file to write.", valueName: "FILE"))
    var output: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: statsFile) else {
            throw Self.fail("cannot read \(statsFile)", status: 66)
        }
        let report: StatsReport
        do {
            let version = try JSONDecoder().decode(SchemaVersion.self, from: data).schemaVersion
            guard version == StatsReport.currentSchemaVersion else {
                throw Self.fail("\(statsFile): statistics schema version \(version) is not supported (expected \(StatsReport.currentSchemaVersion))", status: 65)
            }
            report = try JSONDecoder().decode(StatsReport.self, from: data)
        } catch let e as ExitCode { throw e } catch {
            throw Self.fail("\(statsFile) is not a tern statistics file (\(Self.describe(error)))", status: 65)
        }
        let title = URL(fileURLWithPath: statsFile).lastPathComponent
        do {
            try Data(HTMLReport.render(report, title: title).utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw Self.fail("cannot write \(output): \(error.localizedDescription)", status: 73)
        }
    }

    /// Only the version key, to reject other schemas with a clear message.
    private struct SchemaVersion: Decodable { var schemaVersion: Int }

    private static func fail(_ message: String, status: Int32) -> ExitCode {
        FileHandle.standardError.write(Data("tern: \(message)\n".utf8))
        return ExitCode(status)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "bad value at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: "invalid JSON"
        default: "\(error)"
        }
    }
}
