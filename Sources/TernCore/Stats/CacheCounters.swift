/// Exact translation cache counters. See docs/STATS.md for definitions.
public struct CacheCounters: Sendable, Equatable {
    /// Dispatcher lookups of a guest pc (one per return to the dispatcher).
    public var lookups: UInt64 = 0
    /// Lookups answered by the direct-mapped jump cache.
    public var jumpCacheHits: UInt64 = 0
    /// Lookups answered by the block map after a jump cache miss.
    public var mapHits: UInt64 = 0
    /// Lookups that found nothing and caused a translation.
    public var misses: UInt64 { lookups - jumpCacheHits - mapHits }
    /// Blocks translated.
    public var translations: UInt64 = 0
    /// Guest instructions translated.
    public var instructionsTranslated: UInt64 = 0
    /// IR bytes allocated for translated blocks.
    public var irBytes: UInt64 = 0
    /// Chain links created between blocks.
    public var linksCreated: UInt64 = 0
    /// Block transitions taken through chain links (no lookup).
    public var chainedTransitions: UInt64 = 0
    /// Indirect jumps resolved inside the engine by the jump cache.
    public var indirectHits: UInt64 = 0
    /// Indirect jumps that returned to the dispatcher.
    public var indirectMisses: UInt64 = 0
    /// Whole-cache flushes requested through `Machine.flushTranslations`.
    public var flushes: UInt64 = 0
    /// `fence.i` instructions executed (invalidation itself is driven by page tracking).
    public var fenceIs: UInt64 = 0
    /// Code-change events by cause (indexed by `CodeChangeCause.rawValue`).
    public var invalidations: [UInt64] = Array(repeating: 0, count: CodeChangeCause.allCases.count)
    /// Blocks dropped because their code changed.
    public var blocksInvalidated: UInt64 = 0
    /// Whole-cache evictions because the IR budget was exceeded.
    public var evictions: UInt64 = 0
    /// Blocks dropped by evictions.
    public var blocksEvicted: UInt64 = 0
    /// Guest instructions retired.
    public var retired: UInt64 = 0
    /// Nanoseconds spent translating.
    public var translateNanoseconds: UInt64 = 0
    /// Native-tier counters (zero with the threaded engine).
    public var native = NativeCounters()

    /// Fraction of block entries that needed no translation:
    /// (chained + indirect hits + lookup hits) / (chained + indirect hits + lookups).
    public var hitRate: Double {
        let entries = chainedTransitions + indirectHits + lookups
        return entries == 0 ? 0 : Double(entries - misses) / Double(entries)
    }

    /// Mean guest instructions per translated block.
    public var meanBlockLength: Double {
        translations == 0 ? 0 : Double(instructionsTranslated) / Double(translations)
    }

    public init() {}
}
