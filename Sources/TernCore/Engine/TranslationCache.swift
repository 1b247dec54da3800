import CoreGlue

/// Translated blocks keyed by guest pc, with a direct-mapped jump cache in front
/// of the map (also probed by `jalr` handlers without leaving the engine).
public final class TranslationCache: @unchecked Sendable {
    private var blocks: [UInt64: TranslatedBlock] = [:]
    /// The direct-mapped pc → ops cache shared with the harts.
    let jumpCache: UnsafeMutablePointer<TernJumpCacheEntry>
    /// Bumped on every flush; link slots recorded before a flush are stale.
    private(set) var generation: UInt64 = 0

    init() {
        jumpCache = .allocate(capacity: Int(TERN_JUMP_CACHE_SIZE))
        jumpCache.initialize(repeating: TernJumpCacheEntry(pc: .max, ops: nil), count: Int(TERN_JUMP_CACHE_SIZE))
    }

    deinit { jumpCache.deallocate() }

    /// Number of blocks currently cached.
    public var count: Int { blocks.count }

    @inline(__always) func slot(_ pc: UInt64) -> UnsafeMutablePointer<TernJumpCacheEntry> {
        jumpCache.advanced(by: Int((pc >> 1) & UInt64(TERN_JUMP_CACHE_SIZE - 1)))
    }

    /// Finds the block at `pc`: jump cache first, then the map (refilling the jump cache).
    func lookup(_ pc: UInt64, _ stats: inout CacheCounters) -> UnsafePointer<TernOp>? {
        stats.lookups += 1
        let entry = slot(pc)
        if entry.pointee.pc == pc, let ops = entry.pointee.ops {
            stats.jumpCacheHits += 1
            return ops
        }
        guard let block = blocks[pc] else { return nil }
        stats.mapHits += 1
        entry.pointee = TernJumpCacheEntry(pc: pc, ops: UnsafePointer(block.ops))
        return UnsafePointer(block.ops)
    }

    /// Adds a freshly translated block.
    func insert(_ block: TranslatedBlock) {
        blocks[block.pc] = block
        slot(block.pc).pointee = TernJumpCacheEntry(pc: block.pc, ops: UnsafePointer(block.ops))
    }

    /// The block starting at `pc`, if cached.
    public func block(at pc: UInt64) -> TranslatedBlock? { blocks[pc] }

    /// Drops every block (and with them every chain link).
    func flush() {
        blocks.removeAll(keepingCapacity: true)
        jumpCache.update(repeating: TernJumpCacheEntry(pc: .max, ops: nil), count: Int(TERN_JUMP_CACHE_SIZE))
        generation &+= 1
    }
}
