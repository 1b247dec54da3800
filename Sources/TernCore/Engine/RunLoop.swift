import CoreGlue
import CoreGlue.ThreadedGlue
import JITRuntime
import TernISA

/// The dispatcher loop of one `Machine.run` call on one hart. It runs inside
/// the fault guard; everything it touches while guest code runs is held in
/// locals. Its counters are this hart's own, folded into the machine's when
/// the run ends or the hart parks.
final class RunLoop {
    let machine: Machine
    let hart: Hart
    let h: UnsafeMutablePointer<TernHart>
    var stopReason = StopReason.budgetExhausted
    /// Link record left by the last unchained exit, its slot, and the cache
    /// generation it belongs to.
    var pendingLink: UInt64 = 0
    var pendingSlot: UInt32 = 0
    var pendingGeneration: UInt64 = 0
    /// The native chain site of the last unchained native exit (this hart's).
    var pendingSite: UnsafeMutablePointer<UInt8>?
    /// Set after a store into translated code: the next instruction runs from an
    /// uncached single-instruction block (kept alive here while it runs).
    var stepNext = false
    var stepBlock: TranslatedBlock?
    /// `retired` value at which `run` returns, and the next sample point.
    let limit: UInt64
    var nextSample: UInt64 = .max
    /// Exec tracing: every block exit returns to the dispatcher.
    let traceExec: Bool
    /// This hart's dispatcher counters and engine counters since they were
    /// last folded into the machine's.
    var counters = CacheCounters()
    var before: EngineCounters
    /// Consecutive stores retried because a racing hart released their page.
    private var storeRetries = 0
    /// The native tier's entry trampoline (nil: threaded engine only).
    let nativeEnter: TernNativeEntry?
    /// `Machine.step`: every block is a single-instruction step block.
    var singleStep = false
    /// An access that faulted on watched pages outside any watched range: its
    /// pages are lifted while the next step block runs it, then re-armed.
    var watchMiss: (address: UInt64, length: UInt64)?
    var liftedWatches: [UInt64] = []
    /// The exclusive section that keeps the other harts stopped while the
    /// watched pages are lifted for this hart's step (nil: none open).
    var watchSection: HartGate.Section?

    init(machine: Machine, hart: Hart, maxInstructions: UInt64?) {
        self.machine = machine
        self.hart = hart
        let state = hart.state
        h = state
        limit = maxInstructions.map { state.pointee.retired &+ $0 } ?? .max
        before = EngineCounters(state)
        traceExec = machine.trace.contains(.exec)
        nativeEnter = machine.nativeTier?.enter
        if let interval = machine.sampleInterval, interval > 0 {
            nextSample = (state.pointee.retired / interval + 1) &* interval
        }
    }

    /// The budget word's value while this run goes on: blocks stop chaining at
    /// the run's limit or the next sample point; 0 (exec tracing) sends every
    /// exit back here.
    var budget: UInt64 { traceExec ? 0 : min(limit, nextSample) }

    /// Folds this hart's counters into the machine's and starts counting anew.
    func fold() {
        let now = EngineCounters(h)
        machine.fold(counters, now, since: before)
        counters = CacheCounters()
        before = now
    }

    /// Takes a sample if one is due and moves the budget to the next sample point.
    func sampleIfDue() {
        guard h.pointee.retired >= nextSample, let interval = machine.sampleInterval else { return }
        fold()
        machine.takeSample()
        nextSample = (h.pointee.retired / interval + 1) &* interval
        h.pointee.budget = budget
        if h.stopRequests != 0 { h.pointee.budget = 0 }
    }

    /// Serves the hart's stop requests at a block boundary: parks it while
    /// another hart's exclusive section runs; nil to go on, or why `run`
    /// returns (an interrupt request, or a zero budget nobody explained).
    func serveStopRequests() -> StopReason? {
        if h.takeStopRequest(TernStopExclusive) {
            fold()  // the section (and the process's end) sees this hart's counts
            guard machine.gate.park(hart, budget: budget) else { return .budgetExhausted }  // the process ended
            if h.stopRequests != 0 { h.pointee.budget = 0 }
        }
        if h.takeStopRequest(TernStopInterrupt) { return .budgetExhausted }
        if h.pointee.budget == 0 && !traceExec {
            if h.stopRequests & TernStopExclusive.rawValue != 0 { return nil }  // asked again meanwhile
            return .budgetExhausted  // a bare zero store (Hart.interruptWord)
        }
        return nil
    }

    func execute() {
        let memoryBase = machine.memory.base.assumingMemoryBound(to: UInt8.self)
        unowned(unsafe) let cache = machine.cache
        let hart = h
        let cacheIdentity = UnsafeRawPointer(Unmanaged.passUnretained(cache).toOpaque())
        let limit = self.limit
        let traceExec = self.traceExec
        // No strong reference may live in this frame while guest code runs:
        // a guest fault longjmps out of it, skipping releases.
        while true {
            // A single step runs its instruction regardless of stop requests
            // (the debugger asked for it with every other hart held).
            if (hart.pointee.budget == 0 || traceExec) && !singleStep {
                if let reason = serveStopRequests() { stopReason = reason; return }
                if hart.pointee.budget == 0 && !traceExec { continue }
            }
            if hart.pointee.retired >= nextSample { sampleIfDue() }
            if hart.pointee.retired >= limit { stopReason = .budgetExhausted; return }
            let pc = hart.pointee.pc
            if traceExec { machine.traceEntered(pc) }
            // Jump cache and return-address stack entries point into cached
            // blocks: drop them when blocks were dropped (or another cache)
            // before the lookup probes the jump cache (a block dropped while
            // this hart was parked or outside `run` is freed memory), and again
            // after it (the lookup may itself have evicted).
            resetStalePredictors(cacheIdentity)
            let found: UnsafePointer<TernOp>?
            let stepping = stepNext || singleStep
            if stepping {
                stepNext = false
                stepBlock = machine.stepBlock(at: pc)
                found = stepBlock.map { UnsafePointer($0.ops) }
                if let miss = watchMiss {  // after translating: the translator re-arms what its fetches lifted
                    if found != nil { liftWatches(miss) }
                    watchMiss = nil
                }
            } else {
                found = machine.block(at: pc, hart, &counters)
            }
            guard var ops = found else { stopReason = .fetchFault(address: pc); return }
            var entryValue: UInt64 = 0  // the forwarded result `ops` expects (Fusion.entryValue)
            resetStalePredictors(cacheIdentity)
            // Native tier (Native/NativeTier.swift). No Swift reference is held
            // while native code runs: a guest fault unwinds through it.
            if !stepping, let enter = nativeEnter {
                if let entry = nativeEntry(pc: pc, ops: ops) {
                    pendingLink = 0
                    let exit = enter(entry, hart, memoryBase)  // a C function pointer: holds no reference
                    switch nativeOutcome(exit) {
                    case .dispatch(let site): pendingSite = site; continue
                    case .resume(let op): ops = op; entryValue = Fusion.entryValue(op, hart)
                    case .stop(let reason): stopReason = reason; return
                    }
                } else if tern_block_header(ops).pointee.nativeState != TernNativeNever.rawValue {
                    pendingLink = 0  // its entries are counted towards compiling it
                }
                if nativeWantsFlush() { machine.flushNative(); continue }
            }
            if pendingLink != 0 && pendingGeneration == cache.generation {
                machine.link(pendingLink, slot: pendingSlot, to: pc, &counters)
            }
            pendingLink = 0
            // The stack may hold entries into a step block (freed later).
            if stepping { hart.resetReturnStack(cache: nil, generation: cache.generation) }
            hart.pointee.exitReason = TernExitBlockEnd.rawValue
            tern_threaded_enter(ops, hart, memoryBase, entryValue)
            if !liftedWatches.isEmpty { rearmLiftedWatches() }
            storeRetries = 0
            switch TernExitReason(rawValue: hart.pointee.exitReason) {
            case TernExitBlockEnd:
                pendingLink = hart.pointee.exitValue
                pendingSlot = hart.pointee.exitDetail
                pendingGeneration = cache.generation
            case TernExitEcall: stopReason = .ecall; return
            case TernExitEbreak: stopReason = .ebreak; return
            case TernExitIllegal: stopReason = .illegalInstruction(bits: UInt32(truncatingIfNeeded: hart.pointee.exitValue)); return
            case TernExitFenceI: machine.noteFenceI(&counters)
            case TernExitSystem: stopReason = .system(bits: UInt32(truncatingIfNeeded: hart.pointee.exitValue)); return
            case TernExitBreakpoint: stopReason = .debug(.breakpoint); return
            default: stopReason = .budgetExhausted; return
            }
        }
    }

    /// Empties the hart's jump cache and return-address stacks and forgets
    /// the pending native chain site when blocks were dropped since they were
    /// filled (the cache generation moved) or they belong to another cache.
    @inline(__always) func resetStalePredictors(_ cacheIdentity: UnsafeRawPointer) {
        let generation = machine.cache.generation
        if h.pointee.rasGeneration != generation || h.pointee.rasCache != cacheIdentity {
            h.resetPredictors(cache: cacheIdentity, generation: generation)
            pendingSite = nil
        }
    }

    // Native tier steps, out of line so that `execute`'s frame holds no
    // reference to the tier while native code runs.

    /// The native entry of the block at `pc`, patching the chain site that
    /// led here (see `NativeTier.entry`).
    @inline(never) func nativeEntry(pc: UInt64, ops: UnsafePointer<TernOp>) -> UnsafeRawPointer? {
        let site = pendingSite
        pendingSite = nil
        return machine.nativeTier?.entry(pc: pc, ops: ops, pendingSite: site, cache: machine.cache, hart: h, &counters)
    }

    @inline(never) func nativeOutcome(_ exit: UInt32) -> NativeOutcome {
        machine.nativeTier!.outcome(of: exit, hart: h, &counters)
    }

    @inline(never) func nativeWantsFlush() -> Bool { machine.nativeTier?.wantsFlush == true }

    /// Lifts the watched pages of an access that touches no watched range
    /// for the step block about to run it. Other harts stay stopped meanwhile
    /// (an exclusive section), or they could pass the lifted pages unseen.
    @inline(never) func liftWatches(_ miss: (address: UInt64, length: UInt64)) {
        watchSection = machine.gate.beginExclusive()
        liftedWatches = machine.memory.liftWatches(miss.address, miss.length)
        if liftedWatches.isEmpty { endWatchSection() }
    }

    /// Narrows the pages `liftWatches` lifted again and lets the others go on.
    @inline(never) func rearmLiftedWatches() {
        machine.memory.rearmWatches(liftedWatches)
        liftedWatches = []
        endWatchSection()
    }

    private func endWatchSection() {
        if let section = watchSection { machine.gate.endExclusive(section) }
        watchSection = nil
    }

    /// Whether the instruction at `pc` faults as a store even where the host saw a
    /// read: an AMO or SC (the specification's store/AMO faults; an AMO's first
    /// host access is its load) and the cache-block operations (the CMO chapter
    /// raises store/AMO faults for them). LR stays a load.
    private func isStoreClass(at pc: UInt64) -> Bool {
        guard let insn = Decoder.decode(machine.instructionBits(at: pc), extensions: machine.extensions) else { return false }
        switch insn.opcode {
        case .lrW, .lrD: return false
        case .cboClean, .cboFlush, .cboInval, .cboZero: return true
        default: return insn.opcode.extension == .a
        }
    }

    /// Converts a guard fault into a stop reason (nil: resume the loop).
    func reason(for fault: TernGuardFault) -> StopReason? {
        pendingLink = 0
        pendingSite = nil
        if !liftedWatches.isEmpty { rearmLiftedWatches() }
        machine.nativeTier?.recover(fault, hart: h, cache: machine.cache)  // a fault in native code (Native/NativeTier.swift)
        if let op = h.pointee.curOp {
            // The faulting instruction did not retire; those before it in its block did.
            h.pointee.pc = op.pointee.pc
            h.pointee.retired &+= UInt64(op.pointee.instructionIndex)
        }
        if fault.signo != 0 {
            let address = UInt64(fault.hostAddr &- UInt(bitPattern: machine.memory.base))
            if machine.memory.hasWatchedPages,
               let watch = machine.watchFault(at: address, isWrite: fault.isWrite == 1, hart: h) {
                switch watch {
                case .report(let stop): return .debug(stop)
                case .step(let accessAddress, let length):
                    // No watched range is touched: run the instruction with its pages
                    // lifted (and any code page released), then narrow them again.
                    if fault.isWrite != 0, machine.memory.isWriteProtectedCode(address) {
                        machine.memory.releaseCode(address, address + 1, cause: .guestStore)
                    }
                    watchMiss = (accessAddress, length)
                    stepNext = true
                    return nil
                }
            }
            if fault.isWrite != 0, machine.memory.isWriteProtectedCode(address) {
                // A store into translated code: drop those translations, lift the
                // write protection and re-execute the store.
                machine.memory.releaseCode(address, address + 1, cause: .guestStore)
                stepNext = true
                return nil
            }
            if fault.isWrite != 0, storeRetries < 1000, machine.memory.region(containing: address)?.protection.contains(.write) == true {
                // Another hart released the code page between this store's
                // fault and the check above (or re-protected it): store again.
                storeRetries += 1
                stepNext = true
                return nil
            }
            if fault.isWrite == 1 || isStoreClass(at: h.pointee.pc) { return .storeFault(address: address) }
            return .loadFault(address: address)
        }
        switch TernExitReason(rawValue: UInt32(bitPattern: fault.kind)) {
        case TernExitLoadFault: return .loadFault(address: fault.value)
        case TernExitStoreFault: return .storeFault(address: fault.value)
        case TernExitMisaligned: return .misalignedAtomic(address: fault.value)
        case TernExitIllegal:
            return .illegalInstruction(bits: machine.instructionBits(at: h.pointee.pc))
        default: return .illegalInstruction(bits: 0)
        }
    }
}

/// Entry from the fault guard (C) into the dispatcher loop.
let runLoopEntry: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
    // A guaranteed reference: a guest fault longjmps out of execute(), which
    // would skip the release of a retained one (leaking the loop and machine).
    Unmanaged<RunLoop>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.execute() }
}
