import CoreGlue

/// Translated blocks keyed by guest pc, shared by every hart of a machine:
/// the chain links between blocks and the page → blocks index used to
/// invalidate.
///
/// Concurrency: lookups on the fast path never come here (each hart probes
/// its own jump cache; chain links, inline caches and the return-address
/// stack are single words pointing at a block's first op, whose header holds
/// its pc). Everything here runs under `lock` (insertion, linking, the native
/// tier). Dropping blocks (`invalidate`, `flush`) happens only inside an
/// exclusive section (`HartGate`), when no hart runs translated code.
public final class TranslationCache: @unchecked Sendable {
    /// Guards the maps, link slot writes, the translator's use and the native tier.
    let lock = Lock()
    private let blocks = PCMap<TranslatedBlock>()
    /// Blocks overlapping each guest page (page number → block pcs).
    private let pageBlocks = PCMap<Set<UInt64>>()
    /// Link slots pointing at each block (target pc → slot addresses).
    private let incoming = PCMap<[UnsafeMutablePointer<UnsafePointer<TernOp>?>]>()
    /// Link slots owned by each block, with their targets.
    private let outgoing = PCMap<[(slot: UnsafeMutablePointer<UnsafePointer<TernOp>?>, target: UInt64)]>()
    /// Bumped whenever blocks are dropped: link slots, jump cache entries and
    /// return-address stack entries recorded earlier are stale. Starts at a
    /// random value so that a hart's predictors tied to another (freed) cache
    /// never look current. Written only inside exclusive sections.
    private(set) var generation = UInt64.random(in: 0 ... .max / 2)
    /// Entry counts of dropped profiled blocks, by pc (`--profile-blocks`).
    private var droppedProfiles: [UInt64: BlockProfile] = [:]
    /// IR bytes held by cached blocks.
    private var bytes = 0

    init() {}

    /// Number of blocks currently cached.
    public var count: Int { lock.withLock { blocks.count } }

    /// IR bytes held by cached blocks.
    public var irBytes: Int { lock.withLock { bytes } }

    /// Block count and IR bytes (lock held).
    var usage: (blocks: Int, bytes: Int) { (blocks.count, bytes) }

    /// The cached block at `pc` (lock held).
    func cached(_ pc: UInt64) -> TranslatedBlock? { blocks[pc] }

    /// Adds a freshly translated block; there is none at its pc (lock held).
    func insert(_ block: TranslatedBlock) {
        precondition(blocks[block.pc] == nil, "a block is translated once per pc while it is cached")
        blocks[block.pc] = block
        bytes += block.irBytes
        for page in pages(of: block) { pageBlocks[page, default: []].insert(block.pc) }
    }

    /// Points the link slot `slot` (owned by the block at `source`) at the block
    /// at `target`, first undoing any earlier link of that slot (an inline cache
    /// being retargeted). Chains are cleared when their target block is dropped.
    /// Lock held; the slot is one word, so harts running the owner see the old
    /// or the new link.
    func link(_ slot: UnsafeMutablePointer<UnsafePointer<TernOp>?>, source: UInt64, target: UInt64) -> Bool {
        guard let block = blocks[target], blocks[source] != nil else { return false }
        let old = outgoing.modify(source) { links -> UInt64? in
            guard let i = links.firstIndex(where: { $0.slot == slot }) else { return nil }
            return links.remove(at: i).target
        }
        if let old = old ?? nil { incoming.modify(old) { $0.removeAll { $0 == slot } } }
        tern_store_release_ptr(UnsafeMutableRawPointer(slot).assumingMemoryBound(to: UnsafeRawPointer?.self),
                               UnsafeRawPointer(block.ops))
        incoming[target, default: []].append(slot)
        outgoing[source, default: []].append((slot, target))
        return true
    }

    /// Entry counts of every profiled block seen so far (cached or dropped), by pc.
    public var profiles: [UInt64: BlockProfile] {
        lock.withLock {
            var all = droppedProfiles
            for block in blocks.values {
                if let count = block.executionCount { all[block.pc, default: BlockProfile(block)].executions += count }
            }
            return all
        }
    }

    /// The block starting at `pc`, if cached.
    public func block(at pc: UInt64) -> TranslatedBlock? { lock.withLock { blocks[pc] } }

    /// Drops every block overlapping `[start, end)`; returns their pcs.
    /// Exclusive section, lock held.
    @discardableResult
    func invalidate(_ start: UInt64, _ end: UInt64) -> Set<UInt64> {
        guard end > start else { return [] }
        var victims = Set<UInt64>()
        for page in (start / GuestMemory.pageSize)...((end - 1) / GuestMemory.pageSize) {
            for pc in pageBlocks[page] ?? [] {
                if let b = blocks[pc], b.guestStart < end, b.guestEnd > start { victims.insert(pc) }
            }
        }
        for pc in victims { if let b = blocks[pc] { drop(b) } }
        if !victims.isEmpty { generation &+= 1 }
        return victims
    }

    /// Drops every block (and with them every chain link); returns how many.
    /// Exclusive section, lock held.
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
        bytes = 0
        generation &+= 1
        return n
    }

    /// Marks every block's predictors stale without dropping any (exclusive section).
    func bumpGeneration() { generation &+= 1 }

    private func pages(of block: TranslatedBlock) -> ClosedRange<UInt64> {
        block.guestStart / GuestMemory.pageSize...(block.guestEnd - 1) / GuestMemory.pageSize
    }

    /// Removes one block: unlinks chains into it and forgets its own links;
    /// its ops are freed with the object (no hart runs them: exclusive section).
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
        bytes -= block.irBytes
        blocks[pc] = nil
    }
}
