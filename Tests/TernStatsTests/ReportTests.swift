import Foundation
import XCTest
import TernCore
import TernReport

/// `tern report`: the HTML page, its error handling, and a headless Chromium
/// rendering of it (Debian's `chromium`, installed by `make setup`).
final class ReportTests: XCTestCase {
    /// Statistics of loop.S with a time series and a block profile.
    private func loopStats() throws -> (json: String, report: StatsReport) {
        let json = ReleaseTern.temporaryPath("loop.json")
        let run = try ReleaseTern.run(["run", "--engine", "threaded", "--stats-json", json, "--stats-interval", "1", "--profile-blocks", "5",
                                       try ReleaseTern.sample("loop")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let report = try JSONDecoder().decode(StatsReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        return (json, report)
    }

    func testPageHasChartsTableAndNoExternalResources() throws {
        let (_, report) = try loopStats()
        let html = HTMLReport.render(report, title: "loop <1>.json")
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 4, "hit rate, translations, entry paths, causes")
        XCTAssertTrue(html.contains("loop &lt;1&gt;.json"))
        XCTAssertTrue(html.contains("aria-label=\"Hit rate (%)\""))
        XCTAssertTrue(html.contains("<td>add3</td><td class=\"n\">1,000,000</td>"))
        XCTAssertTrue(html.contains("8,000,064"))
        for external in ["http:", "https:", "<script", "<link", "@import", "src="] {
            XCTAssertFalse(html.contains(external), "page must be self-contained: found \(external)")
        }
    }

    func testPageWithoutSeriesOrProfileSaysHowToGetThem() throws {
        let html = HTMLReport.render(StatsReport(CacheCounters(), totalSeconds: 0), title: "empty")
        XCTAssertTrue(html.contains("run with <code>--stats-interval N</code>"))
        XCTAssertTrue(html.contains("run with <code>--profile-blocks K</code>"))
        XCTAssertEqual(html.components(separatedBy: "<svg ").count - 1, 2)
    }

    func testReportCommandErrors() throws {
        let missing = try ReleaseTern.run(["report", "/nonexistent/stats.json", "-o", ReleaseTern.temporaryPath("r.html")])
        XCTAssertEqual(missing.status, 66)
        XCTAssertEqual(missing.stderr, "tern: cannot read /nonexistent/stats.json\n")
        let old = ReleaseTern.temporaryPath("old.json")
        try Data("{\"schemaVersion\": 1, \"lookups\": 3}".utf8).write(to: URL(fileURLWithPath: old))
        let v1 = try ReleaseTern.run(["report", old, "-o", ReleaseTern.temporaryPath("r.html")])
        XCTAssertEqual(v1.status, 65)
        XCTAssertEqual(v1.stderr, "tern: \(old): statistics schema version 1 is not supported (expected 6)\n")
        let bad = ReleaseTern.temporaryPath("bad.json")
        try Data("not json".utf8).write(to: URL(fileURLWithPath: bad))
        let garbage = try ReleaseTern.run(["report", bad, "-o", ReleaseTern.temporaryPath("r.html")])
        XCTAssertEqual(garbage.status, 65)
        XCTAssertEqual(garbage.stderr, "tern: \(bad) is not a tern statistics file (invalid JSON)\n")
        let noOutput = try ReleaseTern.run(["report", bad])
        XCTAssertEqual(noOutput.status, 64)
    }

    /// Renders the page in headless Chromium and checks the screenshot shows the
    /// charts: the PNG has many colours, including the exact fills of the bars.
    func testChromiumRendersTheReport() throws {
        let (json, _) = try loopStats()
        let html = ReleaseTern.temporaryPath("report.html")
        let made = try ReleaseTern.run(["report", json, "-o", html])
        XCTAssertEqual(made.status, 0, made.stderr)
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let chromium else { throw TestFailure("chromium is missing: run `make setup` (Debian package chromium)") }
        let png = ReleaseTern.temporaryPath("report.png")
        let shot = try Tool.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                           "--screenshot=\(png)", "--window-size=1100,1900", "file://\(html)"])
        XCTAssertEqual(shot.status, 0, shot.stderr)
        // Chart fills: chained (green), inline cache (blue), return-address stack (teal).
        let colours = ["#2f9e44", "#0b6bcb", "#1098ad"]
        let decoded = try Tool.run("/usr/bin/env", ["python3", ReleaseTern.root + "/Tests/tools/png_colors.py", png] + colours)
        XCTAssertEqual(decoded.status, 0, decoded.stderr)
        let lines = decoded.stdout.split(separator: "\n").map(String.init)
        let size = lines.first?.split(separator: " ").compactMap { Int($0) } ?? []
        XCTAssertEqual(Array(size.prefix(2)), [1100, 1900])
        XCTAssertGreaterThan(size.count == 3 ? size[2] : 0, 100, "a blank page has a handful of colours")
        XCTAssertEqual(Array(lines.dropFirst()), colours.map { "\($0) yes" })
    }
}
