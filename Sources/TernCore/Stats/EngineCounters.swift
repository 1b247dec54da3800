import CoreGlue

/// The counters the engine bumps in the hart state while guest code runs,
/// read at one moment; differences between two readings are folded into
/// `CacheCounters`.
struct EngineCounters {
    var retired, chained, jumpCacheHits, jumpCacheMisses: UInt64
    var inlineCacheHits, inlineCacheMisses, rasHits, rasMisses: UInt64
    var nativeChainHits: UInt64

    init(_ h: UnsafeMutablePointer<TernHart>) {
        let s = h.pointee
        retired = s.retired; chained = s.chained
        jumpCacheHits = s.jumpCacheHits; jumpCacheMisses = s.jumpCacheMisses
        inlineCacheHits = s.inlineCacheHits; inlineCacheMisses = s.inlineCacheMisses
        rasHits = s.rasHits; rasMisses = s.rasMisses
        nativeChainHits = s.nativeChainHits
    }

    /// Adds what happened between `earlier` and this reading to `c`.
    func fold(into c: inout CacheCounters, since earlier: EngineCounters) {
        c.retired &+= retired &- earlier.retired
        c.chainedTransitions &+= chained &- earlier.chained
        c.indirectHits &+= jumpCacheHits &- earlier.jumpCacheHits
        c.indirectMisses &+= jumpCacheMisses &- earlier.jumpCacheMisses
        c.inlineCacheHits &+= inlineCacheHits &- earlier.inlineCacheHits
        c.inlineCacheMisses &+= inlineCacheMisses &- earlier.inlineCacheMisses
        c.rasHits &+= rasHits &- earlier.rasHits
        c.rasMisses &+= rasMisses &- earlier.rasMisses
        // Native chain hits are block entries without a lookup too.
        let native = nativeChainHits &- earlier.nativeChainHits
        c.native.chainHits &+= native
        c.chainedTransitions &+= native
    }
}
