import CoreGlue

// Indirect jump prediction inside the engine. A `jalr` first tries its own
// prediction (the per-site inline cache, or the return-address stack for a
// return), then the shared jump cache, and only then exits to the dispatcher.
// Every prediction is one pointer to a block's first op, validated against the
// computed target pc through the block's header (so another hart's concurrent
// update is seen whole or not at all), and every cached op pointer is one the
// translation cache clears or discards when the block it points at is dropped
// (see TranslationCache.link / RunLoop), which happens only while this hart is
// stopped (exclusive section).

/// Marker in `exitDetail` asking the dispatcher to (re)fill an inline cache.
let inlineCacheSlot: UInt32 = 2

/// The link record after the terminator `op`.
@inline(__always)
func linkRecord(_ op: OpPtr) -> UnsafeMutablePointer<TernLinkRecord> {
    linkRecord(at: op.advanced(by: 1))
}

/// The link record stored at `record`.
@inline(__always)
func linkRecord(at record: OpPtr) -> UnsafeMutablePointer<TernLinkRecord> {
    UnsafeMutableRawPointer(mutating: record).assumingMemoryBound(to: TernLinkRecord.self)
}

@inline(__always)
func rasEntry(_ h: HartPtr, _ index: UInt32) -> UnsafeMutablePointer<TernRASEntry> {
    tern_ras_entry(h, index)
}

/// Pushes a call's return address and its link record onto the return-address stack.
@inline(__always)
func pushReturn(_ returnPC: UInt64, _ op: OpPtr, _ h: HartPtr) {
    let top = (h.pointee.rasTop &+ 1) & UInt32(TERN_RAS_SIZE - 1)
    h.pointee.rasTop = top
    rasEntry(h, top).pointee = TernRASEntry(pc: returnPC, record: op.advanced(by: 1))
}

/// Leaves through the site's inline cache; on a miss, through the jump cache.
@inline(__always)
func leaveThroughInlineCache(to target: UInt64, _ op: OpPtr, _ h: HartPtr) -> OpPtr? {
    let retired = h.pointee.retired &+ UInt64(op.pointee.aux)
    h.pointee.retired = retired
    let link = linkRecord(op)
    if let next = link.pointee.slot.0, tern_block_header(next).pointee.pc == target, _fastPath(retired < h.pointee.budget) {
        h.pointee.inlineCacheHits &+= 1
        return next
    }
    h.pointee.inlineCacheMisses &+= 1
    return leaveThroughJumpCache(to: target, retired, h, refill: UInt64(UInt(bitPattern: link)), slot: inlineCacheSlot)
}

/// Leaves a return through the return-address stack; on a misprediction,
/// through the jump cache. A correct prediction whose return site is not linked
/// yet exits so the dispatcher links the call's return slot. `thenPush` (a
/// swap) pushes a new return address after the pop.
@inline(__always)
func leaveThroughReturnStack(to target: UInt64, _ op: OpPtr, _ h: HartPtr, thenPush: UInt64? = nil) -> OpPtr? {
    let retired = h.pointee.retired &+ UInt64(op.pointee.aux)
    h.pointee.retired = retired
    let top = h.pointee.rasTop
    let entry = rasEntry(h, top).pointee
    h.pointee.rasTop = (top &- 1) & UInt32(TERN_RAS_SIZE - 1)
    if let returnPC = thenPush { pushReturn(returnPC, op, h) }
    if entry.pc == target, let record = entry.record {
        let link = linkRecord(at: record)
        if let next = link.pointee.slot.1, _fastPath(retired < h.pointee.budget) {
            h.pointee.rasHits &+= 1
            return next
        }
        h.pointee.rasMisses &+= 1
        h.pointee.jumpCacheMisses &+= 1
        return exitToDispatcher(h, to: target, link: UInt64(UInt(bitPattern: link)), slot: 1)
    }
    h.pointee.rasMisses &+= 1
    return leaveThroughJumpCache(to: target, retired, h, refill: 0, slot: 0)
}

/// Probes the direct-mapped jump cache for `target`; on a miss exits to the
/// dispatcher, which fills `slot` of the link record `refill` (0: none).
@inline(__always)
func leaveThroughJumpCache(to target: UInt64, _ retired: UInt64, _ h: HartPtr, refill: UInt64, slot: UInt32) -> OpPtr? {
    let entry = h.pointee.jumpCache.advanced(by: Int((target >> 1) & UInt64(TERN_JUMP_CACHE_SIZE - 1)))
    if let next = entry.pointee, tern_block_header(next).pointee.pc == target, _fastPath(retired < h.pointee.budget) {
        h.pointee.jumpCacheHits &+= 1
        return next
    }
    h.pointee.jumpCacheMisses &+= 1
    return exitToDispatcher(h, to: target, link: refill, slot: slot)
}

@inline(__always)
private func exitToDispatcher(_ h: HartPtr, to target: UInt64, link: UInt64, slot: UInt32) -> OpPtr? {
    h.pointee.pc = target
    h.pointee.exitReason = TernExitBlockEnd.rawValue
    h.pointee.exitValue = link
    h.pointee.exitDetail = slot
    return nil
}

extension UnsafeMutablePointer where Pointee == TernHart {
    /// Empties the return-address stack and ties it to `cache` at `generation`.
    func resetReturnStack(cache: UnsafeRawPointer?, generation: UInt64) {
        for i in 0..<UInt32(TERN_RAS_SIZE) { rasEntry(self, i).pointee = TernRASEntry(pc: .max, record: nil) }
        withUnsafeMutableBytes(of: &pointee.nativeRas) {
            for i in 0..<Int(TERN_RAS_SIZE) {
                $0.storeBytes(of: TernNativeRASEntry(pc: .max, cell: nil), toByteOffset: i * MemoryLayout<TernNativeRASEntry>.stride,
                              as: TernNativeRASEntry.self)
            }
        }
        pointee.rasCache = cache
        pointee.rasGeneration = generation
    }

    /// Empties this hart's jump cache and return-address stack and ties them
    /// to `cache` at `generation` (blocks were dropped, or another cache).
    func resetPredictors(cache: UnsafeRawPointer?, generation: UInt64) {
        UnsafeMutableRawPointer(pointee.jumpCache).initializeMemory(as: UInt.self, repeating: 0, count: Int(TERN_JUMP_CACHE_SIZE))
        resetReturnStack(cache: cache, generation: generation)
    }

    /// This hart's jump cache entry for `pc`.
    @inline(__always) func jumpCacheSlot(_ pc: UInt64) -> UnsafeMutablePointer<UnsafePointer<TernOp>?> {
        pointee.jumpCache.advanced(by: Int((pc >> 1) & UInt64(TERN_JUMP_CACHE_SIZE - 1)))
    }
}
