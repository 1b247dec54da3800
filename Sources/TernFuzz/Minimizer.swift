/// Delta debugging (Zeller's ddmin) over the indices of a failing input.
public enum Minimizer {
    /// A 1-minimal subset of `0..<count` that still fails: removing any single element
    /// of the result makes the failure go away (or the input was already empty-failing).
    ///
    /// `fails` is asked about several candidate subsets at once (one batch per round, so
    /// a caller can build and run them together) and answers one Bool per candidate.
    /// The full input is assumed to fail.
    public static func minimize(count: Int, fails: ([[Int]]) throws -> [Bool]) rethrows -> [Int] {
        if try fails([[]]).first == true { return [] }
        var current = Array(0..<count)
        var granularity = 2
        while current.count >= 2 {
            let n = min(granularity, current.count)
            let chunks = (0..<n).map { k in Array(current[(k * current.count / n)..<((k + 1) * current.count / n)]) }
            let complements = chunks.indices.map { k in chunks.enumerated().filter { $0.offset != k }.flatMap { $0.element } }
            let candidates = chunks + (n == 2 ? [] : complements)
            let results = try fails(candidates)
            if let k = chunks.indices.first(where: { results[$0] }) {
                current = chunks[k]; granularity = 2
            } else if n > 2, let k = complements.indices.first(where: { results[chunks.count + $0] }) {
                current = complements[k]; granularity = max(n - 1, 2)
            } else if n >= current.count {
                break
            } else {
                granularity = min(current.count, n * 2)
            }
        }
        return current
    }
}
