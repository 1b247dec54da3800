/// Which execution engine runs guest code.
public enum Engine: String, CaseIterable, Sendable {
    /// The direct-threaded IR engine alone.
    case threaded
    /// Every block whose first op the native tier covers is compiled to
    /// x86-64 on its first dispatcher entry; the rest runs threaded.
    case native
    /// Threaded first; blocks entered `NativeTier.hotThreshold` times through
    /// the dispatcher and covered completely are compiled to x86-64.
    case auto

    /// Whether this host can run the native tier (x86-64).
    public static var nativeAvailable: Bool {
        #if arch(x86_64)
        true
        #else
        false
        #endif
    }
}

/// Native-tier counters (see docs/STATS.md).
public struct NativeCounters: Sendable, Equatable, Codable {
    /// Blocks compiled to x86-64.
    public var blocksCompiled: UInt64 = 0
    /// Bytes of x86-64 code generated (cumulative).
    public var codeBytes: UInt64 = 0
    /// Dispatcher entries into native code.
    public var entries: UInt64 = 0
    /// Native block-to-block transitions through a patched chain jump.
    public var chainHits: UInt64 = 0
    /// Native `jalr`s (not returns) entered through their inline cache.
    public var inlineCacheHits: UInt64 = 0
    /// Native `jalr`s (not returns) whose inline cache missed (on to the jump table).
    public var inlineCacheMisses: UInt64 = 0
    /// Native returns entered through the native return-address stack.
    public var rasHits: UInt64 = 0
    /// Native returns the stack mispredicted or whose return cell was stale (on to the jump table).
    public var rasMisses: UInt64 = 0
    /// Native indirect jumps whose own prediction missed, entered through the native jump table.
    public var jumpTableHits: UInt64 = 0
    /// Native indirect jumps the jump table missed too (to the dispatcher).
    public var jumpTableMisses: UInt64 = 0
    /// Entries into blocks fused into a predecessor's native region (a
    /// junction passed; also chained transitions).
    public var fusedEntries: UInt64 = 0
    /// Guest blocks compiled into a predecessor's native region (`NativeRegion`).
    public var blocksFused: UInt64 = 0
    /// Chain jumps patched.
    public var chainsPatched: UInt64 = 0
    /// Native blocks that handed the rest of the block to the threaded engine.
    public var fallbacks: UInt64 = 0
    /// Dispatcher entries of a forked child's quiet period, in which it
    /// writes no native code (`NativeTier.forkedChildQuietEntries`).
    public var childQuietEntries: UInt64 = 0
    /// Native blocks dropped (code changed, cache flushed or code arena full).
    public var blocksDropped: UInt64 = 0
    /// Nanoseconds spent compiling blocks to x86-64.
    public var compileNanoseconds: UInt64 = 0

    public init() {}
}

extension NativeCounters {
    /// Adds the tier-wide counters (compiled, patched, dropped) of `tier`.
    mutating func addTierCounters(_ tier: NativeCounters) {
        blocksCompiled &+= tier.blocksCompiled
        codeBytes &+= tier.codeBytes
        chainsPatched &+= tier.chainsPatched
        blocksFused &+= tier.blocksFused
        blocksDropped &+= tier.blocksDropped
        compileNanoseconds &+= tier.compileNanoseconds
    }

    /// Adds every counter of `other`.
    mutating func add(_ other: NativeCounters) {
        addTierCounters(other)
        entries &+= other.entries
        chainHits &+= other.chainHits
        fusedEntries &+= other.fusedEntries
        inlineCacheHits &+= other.inlineCacheHits
        inlineCacheMisses &+= other.inlineCacheMisses
        rasHits &+= other.rasHits
        rasMisses &+= other.rasMisses
        jumpTableHits &+= other.jumpTableHits
        jumpTableMisses &+= other.jumpTableMisses
        fallbacks &+= other.fallbacks
        childQuietEntries &+= other.childQuietEntries
    }
}
