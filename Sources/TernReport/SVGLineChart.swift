/// A line chart rendered as inline SVG: one or more series over a shared x axis.
struct SVGLineChart {
    /// One line: its legend label, colour and points (x ascending).
    struct Series {
        var label: String
        var color: String
        var points: [(x: Double, y: Double)]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var series: [Series]
    /// Fixed y range (e.g. 0...100 for percentages); nil scales to the data.
    var yRange: ClosedRange<Double>?
    var width = 640.0
    var height = 280.0

    private let left = 64.0, right = 16.0, top = 52.0, bottom = 44.0

    /// The chart as an `<svg>` element.
    var svg: String {
        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        let xMin = xs.min() ?? 0, xMax = max(xs.max() ?? 1, xMin + 1)
        let range = yRange ?? {
            let lo = min(ys.min() ?? 0, 0), hi = ys.max() ?? 1
            return lo...(hi > lo ? hi : lo + 1)
        }()
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - range.lowerBound) / (range.upperBound - range.lowerBound) * plotH }
        var out = "<svg width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        out += "<text x=\"\(n(left))\" y=\"20\" class=\"title\">\(HTMLText.escape(title))</text>"
        for i in 0...4 {
            let y = range.lowerBound + (range.upperBound - range.lowerBound) * Double(i) / 4
            out += "<line x1=\"\(n(left))\" x2=\"\(n(left + plotW))\" y1=\"\(n(py(y)))\" y2=\"\(n(py(y)))\" stroke=\"#e3e6ea\"/>"
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(py(y) + 4))\" text-anchor=\"end\" class=\"tick\">\(HTMLText.short(y))</text>"
            let x = xMin + (xMax - xMin) * Double(i) / 4
            out += "<text x=\"\(n(px(x)))\" y=\"\(n(top + plotH + 16))\" text-anchor=\"middle\" class=\"tick\">\(HTMLText.short(x))</text>"
        }
        out += "<line x1=\"\(n(left))\" x2=\"\(n(left))\" y1=\"\(n(top))\" y2=\"\(n(top + plotH))\" stroke=\"#6b7280\"/>"
        out += "<line x1=\"\(n(left))\" x2=\"\(n(left + plotW))\" y1=\"\(n(top + plotH))\" y2=\"\(n(top + plotH))\" stroke=\"#6b7280\"/>"
        out += "<text x=\"\(n(left + plotW / 2))\" y=\"\(n(height - 6))\" text-anchor=\"middle\" class=\"axis\">\(HTMLText.escape(xLabel))</text>"
        out += "<text transform=\"translate(14 \(n(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">\(HTMLText.escape(yLabel))</text>"
        for (i, s) in series.enumerated() {
            let path = s.points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\" points=\"\(path)\"/>"
            for p in s.points where s.points.count <= 60 {
                out += "<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"2.5\" fill=\"\(s.color)\"/>"
            }
            // Legend: one row above the plot.
            let lx = left + Double(i) * 160, ly = top - 12
            out += "<rect x=\"\(n(lx))\" y=\"\(n(ly - 4))\" width=\"12\" height=\"3\" fill=\"\(s.color)\"/>"
            out += "<text x=\"\(n(lx + 18))\" y=\"\(n(ly))\" class=\"tick\">\(HTMLText.escape(s.label))</text>"
        }
        return out + "</svg>"
    }

    private func n(_ v: Double) -> String { HTMLText.fixed(v, 1) }
}
