/// Text escaping and number formatting for the HTML report (no Foundation).
enum HTMLText {
    /// `s` with the five HTML special characters escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// `v` with `digits` decimals (rounded), e.g. 3.14159, 2 -> "3.14".
    static func fixed(_ v: Double, _ digits: Int) -> String {
        guard v.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        let whole = Int(scaled / scale), frac = Int(scaled.truncatingRemainder(dividingBy: scale))
        let sign = v < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else { return sign + "\(whole)" }
        let f = String(frac)
        return sign + "\(whole)." + String(repeating: "0", count: digits - f.count) + f
    }

    /// 1234567 -> "1,234,567".
    static func grouped(_ n: UInt64) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// A short count for axis labels: 950, 12.5K, 3.2M, 1.1G.
    static func short(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return fixed(v / 1e9, a >= 1e10 ? 0 : 1) + "G" }
        if a >= 1e6 { return fixed(v / 1e6, a >= 1e7 ? 0 : 1) + "M" }
        if a >= 1e3 { return fixed(v / 1e3, a >= 1e4 ? 0 : 1) + "K" }
        return fixed(v, a == a.rounded() ? 0 : 2)
    }

    /// `0x` + lower-case hexadecimal.
    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
}
