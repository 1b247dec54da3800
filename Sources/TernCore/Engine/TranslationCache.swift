import CoreGlue

/// Translated blocks keyed by guest pc, with a direct-mapped jump cache in front
/// of the map (also probed by `jalr` handlers without leaving the engine), the
/// chain links between blocks, and the page → blocks index used to invalidate.
public final class TranslationCache: @unchecked Sendable {
    private let blocks = PCMap<TranslatedBlock>()
    /// Blocks overlapping each guest page (page number → block pcs).
    private let pageBlocks = PCMap<Set<UInt64>>()
    /// Link slots pointing at each block (target pc → slot addresses).
    private let incoming = PCMap<[UnsafeMutablePointer<UnsafePointer<TernOp>?>]>()
    /// Link slots owned by each block, with their targets.
    private let outgoing = PCMap<[(slot: UnsafeMutablePointer<UnsafePointer<TernOp>?>, target: UInt64)]>()
    /// The direct-mapped pc → ops cache shared with the harts.
    let jumpCache: UnsafeMutablePointer<TernJumpCacheEntry>
    /// Bumped whenever blocks are dropped; link slots and return-address stack
    /// entries recorded earlier are stale. Starts at a random value so that a
    /// hart's stack tied to another (freed) cache never looks current.
    private(set) var generation = UInt64.random(in: 0 ... .max / 2)
    /// Entry counts of dropped profiled blocks, by pc (`--profile-blocks`).
    private(set) var droppedProfiles: [UInt64: BlockProfile] = [:]
    /// IR bytes held by cached blocks.
    public private(set) var irBytes = 0

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
        if let old = blocks[block.pc] { drop(old) }
        blocks[block.pc] = block
        irBytes += block.irBytes
        for page in pages(of: block) { pageBlocks[page, default: []].insert(block.pc) }
        slot(block.pc).pointee = TernJumpCacheEntry(pc: block.pc, ops: UnsafePointer(block.ops))
    }

    /// Points the link slot `slot` (owned by the block at `source`) at the block
    /// at `target`, first undoing any earlier link of that slot (an inline cache
    /// being retargeted). Chains are cleared when their target block is dropped.
    func link(_ slot: UnsafeMutablePointer<UnsafePointer<TernOp>?>, source: UInt64, target: UInt64) -> Bool {
        guard let block = blocks[target], blocks[source] != nil else { return false }
        let old = outgoing.modify(source) { links -> UInt64? in
            guard let i = links.firstIndex(where: { $0.slot == slot }) else { return nil }
            return links.remove(at: i).target
        }
        if let old = old ?? nil { incoming.modify(old) { $0.removeAll { $0 == slot } } }
        slot.pointee = UnsafePointer(block.ops)
        incoming[target, default: []].append(slot)
        outgoing[source, default: []].append((slot, target))
        return true
    }

    /// Entry counts of every profiled block seen so far (cached or dropped), by pc.
    public var profiles: [UInt64: BlockProfile] {
        var all = droppedProfiles
        for block in blocks.values {
            if let count = block.executionCount { all[block.pc, default: BlockProfile(block)].executions += count }
        }
        return all
    }

    /// The block starting at `pc`, if cached.
    public func block(at pc: UInt64) -> TranslatedBlock? { blocks[pc] }

    /// Drops every block overlapping `[start, end)`; returns their pcs.
    @discardableResult
    func invalidate(_ start: UInt64, _ end: UInt64) -> Set<UInt64> {
        guard end > start else { return [] }
        var victims = Set<UInt64>()
        for page in (start / GuestMemory.pageSize)...((end - 1) / GuestMemory.pageSize) {
            for pc in pageBlocks[page] ?? [] {
                if let b = blocks[pc], b.pc < end, b.pc + max(b.guestLength, 1) > start { victims.insert(pc) }
            }
        }
        for pc in victims { if let b = blocks[pc] { drop(b) } }
        if !victims.isEmpty { generation &+= 1 }
        return victims
    }

    /// Drops every block (and with them every chain link); returns how many.
    @discardableResult
    func flush() -> Int {
        let n = blocks.count
        for block in blocks.values {
            if let count = block.executionCount { droppedProfiles[block.pc, default: BlockProfile(block)].executions += count }
        }
        blocks.removeAll(keepingCapacity: true)
        pageBlocks.removeAll(keepingCapacity: true)
        incoming.removeAll(keepingCapacity: true)
        outgoing.removeAll(keepingCapacity: true)
        irBytes = 0
        jumpCache.update(repeating: TernJumpCacheEntry(pc: .max, ops: nil), count: Int(TERN_JUMP_CACHE_SIZE))
        generation &+= 1
        return n
    }

    private func pages(of block: TranslatedBlock) -> ClosedRange<UInt64> {
        let first = block.pc / GuestMemory.pageSize
        return first...((block.pc + max(block.guestLength, 1) - 1) / GuestMemory.pageSize)
    }

    /// Removes one block: unlinks chains into it, forgets its own links, clears
    /// its jump cache entry; its ops are freed with the object.
    private func drop(_ block: TranslatedBlock) {
        let pc = block.pc
        generation &+= 1
        if let count = block.executionCount { droppedProfiles[pc, default: BlockProfile(block)].executions += count }
        for s in incoming.removeValue(forKey: pc) ?? [] { s.pointee = nil }
        for (s, target) in outgoing.removeValue(forKey: pc) ?? [] {
            incoming.modify(target) { $0.removeAll { $0 == s } }
        }
        for page in pages(of: block) {
            if pageBlocks.modify(page, { $0.remove(pc); return $0.isEmpty }) == true { pageBlocks[page] = nil }
        }
        let entry = slot(pc)
        if entry.pointee.pc == pc { entry.pointee = TernJumpCacheEntry(pc: .max, ops: nil) }
        irBytes -= block.irBytes
        blocks[pc] = nil
    }
}
