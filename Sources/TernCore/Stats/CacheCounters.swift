/// Exact translation cache counters. See docs/STATS.md for definitions.
public struct CacheCounters: Sendable, Equatable, Codable {
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
    /// Non-return `jalr`s whose per-site inline cache held the target's block.
    public var inlineCacheHits: UInt64 = 0
    /// Non-return `jalr`s whose inline cache did not (they go on to the jump cache).
    public var inlineCacheMisses: UInt64 = 0
    /// Returns chained through a correct return-address stack prediction.
    public var rasHits: UInt64 = 0
    /// Returns the return-address stack could not chain (mispredicted, or the
    /// return site not linked yet); they go on to the jump cache or the dispatcher.
    public var rasMisses: UInt64 = 0
    /// Indirect jumps whose own prediction missed but the jump cache resolved
    /// inside the engine.
    public var indirectHits: UInt64 = 0
    /// Indirect jumps whose own prediction missed and that returned to the
    /// dispatcher (`inlineCacheMisses + rasMisses = indirectHits + indirectMisses`).
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

    /// Block entries: every transfer into a block, each reached by exactly one
    /// of a chain link, an inline cache hit, a return-address stack hit, an
    /// in-engine jump cache hit, or a dispatcher lookup.
    public var blockEntries: UInt64 {
        chainedTransitions + inlineCacheHits + rasHits + indirectHits + lookups
    }

    /// Fraction of block entries that needed no translation: (entries - misses) / entries.
    public var hitRate: Double {
        let entries = blockEntries
        return entries == 0 ? 0 : Double(entries - misses) / Double(entries)
    }

    /// Mean guest instructions per translated block.
    public var meanBlockLength: Double {
        translations == 0 ? 0 : Double(instructionsTranslated) / Double(translations)
    }

    public init() {}

    /// Adds every counter of `other` (one hart's counts into the machine's).
    mutating func add(_ other: CacheCounters) {
        lookups &+= other.lookups
        jumpCacheHits &+= other.jumpCacheHits
        mapHits &+= other.mapHits
        translations &+= other.translations
        instructionsTranslated &+= other.instructionsTranslated
        irBytes &+= other.irBytes
        linksCreated &+= other.linksCreated
        chainedTransitions &+= other.chainedTransitions
        inlineCacheHits &+= other.inlineCacheHits
        inlineCacheMisses &+= other.inlineCacheMisses
        rasHits &+= other.rasHits
        rasMisses &+= other.rasMisses
        indirectHits &+= other.indirectHits
        indirectMisses &+= other.indirectMisses
        flushes &+= other.flushes
        fenceIs &+= other.fenceIs
        for i in invalidations.indices where i < other.invalidations.count { invalidations[i] &+= other.invalidations[i] }
        blocksInvalidated &+= other.blocksInvalidated
        evictions &+= other.evictions
        blocksEvicted &+= other.blocksEvicted
        retired &+= other.retired
        translateNanoseconds &+= other.translateNanoseconds
        native.add(other.native)
    }
}
