/// The cumulative counters at one point of a run (`--stats-interval`): one
/// element of the JSON time series. Encoded flat: every `CacheCounters` key
/// (`invalidations` as an array indexed by cause) plus `seconds`, `misses` and
/// `hitRate`. Definitions as in docs/STATS.md.
public struct StatsSample: Sendable, Codable, Equatable {
    /// The counters at the sample point.
    public var counters: CacheCounters
    /// Wall time since the machine was created.
    public var seconds: Double

    private enum Keys: String, CodingKey { case seconds, misses, hitRate }

    /// A sample of `counters` taken `seconds` after the machine was created.
    public init(_ counters: CacheCounters, seconds: Double) {
        self.counters = counters
        self.seconds = seconds
    }

    public init(from decoder: any Decoder) throws {
        counters = try CacheCounters(from: decoder)
        seconds = try decoder.container(keyedBy: Keys.self).decode(Double.self, forKey: .seconds)
    }

    public func encode(to encoder: any Encoder) throws {
        try counters.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(counters.misses, forKey: .misses)
        try c.encode(counters.hitRate, forKey: .hitRate)
    }
}
