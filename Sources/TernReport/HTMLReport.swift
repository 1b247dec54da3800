import TernCore

/// Renders `tern run --stats-json` output as one self-contained HTML page:
/// inline CSS and SVG only, no scripts, no network access.
public enum HTMLReport {
    /// The page for `report`; `title` names the run (e.g. the JSON file).
    public static func render(_ report: StatsReport, title: String) -> String {
        var body = "<h1>Tern translation cache report</h1><p class=\"sub\">\(HTMLText.escape(title))</p>"
        body += summary(report)
        body += "<section><h2>Over time</h2>" + timeSeries(report) + "</section>"
        body += "<section><h2>Where block entries came from</h2>" + entryPaths(report).svg + "</section>"
        body += "<section><h2>Code changes and evictions</h2>" + causes(report).svg + "</section>"
        body += "<section><h2>Hottest blocks</h2>" + hottestBlocks(report) + "</section>"
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>Tern report: \(HTMLText.escape(title))</title>
        <style>\(style)</style></head>
        <body>\(body)</body></html>

        """
    }

    static let style = """
    body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#1f2933;background:#f7f8fa}
    h1{margin:0 0 4px;font-size:24px}h2{font-size:18px;margin:0 0 10px}.sub{margin:0 0 16px;color:#52606d}
    section{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:16px;margin:0 0 16px}
    .cards{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 16px}
    .card{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:12px 16px;min-width:150px}
    .card b{display:block;font-size:22px;color:#0b6bcb}.card span{color:#52606d;font-size:13px}
    table{border-collapse:collapse;font-size:13px;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}
    td.n{text-align:right;font-variant-numeric:tabular-nums}pre{margin:0;font-size:12px}
    svg .title{font-size:14px;font-weight:600;fill:#1f2933}svg .tick{font-size:11px;fill:#52606d}svg .axis{font-size:12px;fill:#1f2933}
    .note{color:#52606d}
    """

    /// Headline numbers.
    static func summary(_ r: StatsReport) -> String {
        let cards: [(String, String)] = [
            (HTMLText.fixed(r.hitRate * 100, 2) + "%", "hit rate"),
            (HTMLText.grouped(r.retired), "guest instructions retired"),
            (HTMLText.grouped(r.blockEntries), "block entries"),
            (HTMLText.grouped(r.translations), "blocks translated"),
            (HTMLText.fixed(r.meanBlockLength, 2), "mean block length"),
            (HTMLText.grouped(r.invalidations.values.reduce(0, +)), "code changes"),
            (HTMLText.grouped(r.evictions), "evictions"),
            (HTMLText.fixed(r.totalSeconds * 1000, 1) + " ms", "wall time"),
        ]
        return "<div class=\"cards\">" + cards.map { "<div class=\"card\"><b>\($0.0)</b><span>\($0.1)</span></div>" }.joined() + "</div>"
    }

    /// Hit rate per interval and cumulative translations against retired instructions.
    static func timeSeries(_ r: StatsReport) -> String {
        guard !r.samples.isEmpty else {
            return "<p class=\"note\">No time series in this file: run with <code>--stats-interval N</code>.</p>"
        }
        var interval: [(x: Double, y: Double)] = []
        var cumulative: [(x: Double, y: Double)] = []
        var previous: CacheCounters?
        for s in r.samples {
            let c = s.counters
            let entries = c.blockEntries - (previous?.blockEntries ?? 0)
            let misses = c.misses - (previous?.misses ?? 0)
            let x = Double(c.retired)
            if entries > 0 { interval.append((x, Double(entries - misses) / Double(entries) * 100)) }
            cumulative.append((x, c.hitRate * 100))
            previous = c
        }
        let low = min(interval.map(\.y).min() ?? 100, cumulative.map(\.y).min() ?? 100)
        let hit = SVGLineChart(title: "Hit rate (%)", xLabel: "guest instructions retired", yLabel: "hit rate %",
                               series: [.init(label: "per interval", color: "#0b6bcb", points: interval),
                                        .init(label: "cumulative", color: "#e8590c", points: cumulative)],
                               yRange: (low >= 90 ? 90 : (low / 10).rounded(.down) * 10)...100)
        let translations = SVGLineChart(
            title: "Translations and code changes (cumulative)", xLabel: "guest instructions retired", yLabel: "count",
            series: [.init(label: "blocks translated", color: "#2f9e44", points: r.samples.map { (Double($0.counters.retired), Double($0.counters.translations)) }),
                     .init(label: "blocks invalidated", color: "#c92a2a", points: r.samples.map { (Double($0.counters.retired), Double($0.counters.blocksInvalidated)) }),
                     .init(label: "blocks evicted", color: "#7048e8", points: r.samples.map { (Double($0.counters.retired), Double($0.counters.blocksEvicted)) })])
        return hit.svg + translations.svg
    }

    /// How each block entry was reached, split by tier: the threaded engine's
    /// chain links and predictions, then native code's chain jumps, inline
    /// caches, return-address stack and jump table, then the dispatcher.
    static func entryPaths(_ r: StatsReport) -> SVGBarChart {
        SVGBarChart(title: "Block entries by path", bars: [
            .init(label: "threaded: chained (direct link)",
                  value: r.chainedTransitions - r.nativeChainHits - r.nativeFusedEntries, color: "#2f9e44"),
            .init(label: "threaded: inline cache hit (jalr)", value: r.inlineCacheHits - r.nativeInlineCacheHits, color: "#0b6bcb"),
            .init(label: "threaded: return-address stack hit", value: r.rasHits - r.nativeRasHits, color: "#1098ad"),
            .init(label: "threaded: jump cache in engine", value: r.indirectHits - r.nativeJumpTableHits, color: "#f59f00"),
            .init(label: "native: chain jump", value: r.nativeChainHits, color: "#37b24d"),
            .init(label: "native: fused block (region)", value: r.nativeFusedEntries, color: "#8ce99a"),
            .init(label: "native: inline cache hit (jalr)", value: r.nativeInlineCacheHits, color: "#4dabf7"),
            .init(label: "native: return-address stack hit", value: r.nativeRasHits, color: "#3bc9db"),
            .init(label: "native: jump table", value: r.nativeJumpTableHits, color: "#fcc419"),
            .init(label: "dispatcher: jump cache", value: r.jumpCacheHits, color: "#e8590c"),
            .init(label: "dispatcher: block map", value: r.mapHits, color: "#d6336c"),
            .init(label: "dispatcher: miss (translate)", value: r.misses, color: "#c92a2a"),
        ])
    }

    /// Code-change events by cause, then the other ways blocks were dropped.
    static func causes(_ r: StatsReport) -> SVGBarChart {
        var bars = CodeChangeCause.allCases.map {
            SVGBarChart.Bar(label: $0.label, value: r.invalidations["\($0)"] ?? 0, color: "#c92a2a")
        }
        bars.append(.init(label: "fence.i executed", value: r.fenceIs, color: "#7048e8"))
        bars.append(.init(label: "evictions (cache full)", value: r.evictions, color: "#f59f00"))
        bars.append(.init(label: "blocks invalidated", value: r.blocksInvalidated, color: "#e8590c"))
        bars.append(.init(label: "blocks evicted", value: r.blocksEvicted, color: "#f08c00"))
        return SVGBarChart(title: "Invalidations by cause", bars: bars)
    }

    /// The hottest-blocks table with disassembly.
    static func hottestBlocks(_ r: StatsReport) -> String {
        guard !r.hottestBlocks.isEmpty else {
            return "<p class=\"note\">No block profile in this file: run with <code>--profile-blocks K</code>.</p>"
        }
        let total = r.retired == 0 ? 1 : Double(r.retired)
        var rows = "<table><tr><th>#</th><th>guest pc</th><th>symbol</th><th>executions</th><th>instructions</th><th>share of retired</th><th>disassembly</th></tr>"
        for (i, b) in r.hottestBlocks.enumerated() {
            let share = Double(b.executions) * Double(b.instructions) / total * 100
            let code = b.disassembly.map { String($0.pc, radix: 16) + ":  " + $0.plainText }.joined(separator: "\n")
            rows += "<tr><td>\(i + 1)</td><td><code>\(HTMLText.hex(b.pc))</code></td><td>\(HTMLText.escape(b.symbol ?? "-"))</td>"
                + "<td class=\"n\">\(HTMLText.grouped(b.executions))</td><td class=\"n\">\(b.instructions)</td>"
                + "<td class=\"n\">\(HTMLText.fixed(share, 1))%</td><td><pre>\(HTMLText.escape(code))</pre></td></tr>"
        }
        return rows + "</table>"
    }
}
