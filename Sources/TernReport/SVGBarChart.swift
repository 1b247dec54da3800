/// A horizontal bar chart rendered as inline SVG: one labelled bar per value.
struct SVGBarChart {
    /// One bar.
    struct Bar {
        var label: String
        var value: UInt64
        var color: String
    }

    var title: String
    var bars: [Bar]
    var width = 640.0
    private let labelWidth = 220.0, barHeight = 22.0, gap = 8.0, top = 36.0

    init(title: String, bars: [Bar]) {
        self.title = title
        self.bars = bars
    }

    /// The chart as an `<svg>` element (bars scaled to the largest value).
    var svg: String {
        let height = top + Double(bars.count) * (barHeight + gap) + 8
        let maxValue = Double(bars.map(\.value).max() ?? 0)
        let plotW = width - labelWidth - 110
        var out = "<svg width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        out += "<text x=\"8\" y=\"20\" class=\"title\">\(HTMLText.escape(title))</text>"
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * (barHeight + gap)
            let w = maxValue == 0 ? 0 : max(Double(bar.value) / maxValue * plotW, bar.value > 0 ? 2 : 0)
            out += "<text x=\"\(n(labelWidth - 8))\" y=\"\(n(y + barHeight * 0.7))\" text-anchor=\"end\" class=\"tick\">\(HTMLText.escape(bar.label))</text>"
            out += "<rect x=\"\(n(labelWidth))\" y=\"\(n(y))\" width=\"\(n(plotW))\" height=\"\(n(barHeight))\" fill=\"#f1f3f5\"/>"
            out += "<rect x=\"\(n(labelWidth))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(barHeight))\" fill=\"\(bar.color)\"/>"
            out += "<text x=\"\(n(labelWidth + plotW + 8))\" y=\"\(n(y + barHeight * 0.7))\" class=\"tick\">\(HTMLText.grouped(bar.value))</text>"
        }
        return out + "</svg>"
    }

    private func n(_ v: Double) -> String { HTMLText.fixed(v, 1) }
}
