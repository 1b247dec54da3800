import CoreGlue

/// The counters the engine bumps in the hart state while guest code runs,
/// read at one moment; differences between two readings are folded into
/// `CacheCounters`.
struct EngineCounters {
    var retired, chained, jumpCacheHits, jumpCacheMisses: UInt64
    var inlineCacheHits, inlineCacheMisses, rasHits, rasMisses: UInt64
    var nativeChainHits: UInt64
    var nativeInlineCacheHits, nativeRasHits, nativeRasMisses: UInt64
    var nativeJumpTableHits, nativeJumpTableMisses: UInt64
    var nativeFusedEntries: UInt64

    init(_ h: UnsafeMutablePointer<TernHart>) {
        let s = h.pointee
        retired = s.retired; chained = s.chained
        jumpCacheHits = s.jumpCacheHits; jumpCacheMisses = s.jumpCacheMisses
        inlineCacheHits = s.inlineCacheHits; inlineCacheMisses = s.inlineCacheMisses
        rasHits = s.rasHits; rasMisses = s.rasMisses
        nativeChainHits = s.nativeChainHits
        nativeInlineCacheHits = s.nativeInlineCacheHits
        nativeRasHits = s.nativeRasHits; nativeRasMisses = s.nativeRasMisses
        nativeJumpTableHits = s.nativeJumpTableHits; nativeJumpTableMisses = s.nativeJumpTableMisses
        nativeFusedEntries = s.nativeFusedEntries
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
        // Entries into fused blocks (a region's junctions) are direct transitions too.
        let fused = nativeFusedEntries &- earlier.nativeFusedEntries
        c.native.fusedEntries &+= fused
        c.chainedTransitions &+= fused
        // So are native indirect jumps, each entered through one prediction
        // (counted in both tiers' totals and in the native ones).
        let icHits = nativeInlineCacheHits &- earlier.nativeInlineCacheHits
        let rasHits = nativeRasHits &- earlier.nativeRasHits
        let rasMisses = nativeRasMisses &- earlier.nativeRasMisses
        let tableHits = nativeJumpTableHits &- earlier.nativeJumpTableHits
        let tableMisses = nativeJumpTableMisses &- earlier.nativeJumpTableMisses
        // Every table probe follows one missed prediction: an inline cache's
        // or the return stack's (generated code counts only the latter).
        let icMisses = tableHits &+ tableMisses &- rasMisses
        c.native.inlineCacheHits &+= icHits; c.inlineCacheHits &+= icHits
        c.native.inlineCacheMisses &+= icMisses; c.inlineCacheMisses &+= icMisses
        c.native.rasHits &+= rasHits; c.rasHits &+= rasHits
        c.native.rasMisses &+= rasMisses; c.rasMisses &+= rasMisses
        c.native.jumpTableHits &+= tableHits; c.indirectHits &+= tableHits
        c.native.jumpTableMisses &+= tableMisses; c.indirectMisses &+= tableMisses
    }
}
