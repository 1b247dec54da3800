import CoreGlue
import CoreGlue.ThreadedGlue
import JITRuntime
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// One isolated guest machine: a guest address space, a translation cache and
/// its counters. Several machines can live in one process.
public final class Machine: @unchecked Sendable {
    /// The guest address space.
    public let memory: GuestMemory
    /// Translated blocks.
    public let cache = TranslationCache()
    /// Translation cache counters (engine-side counters are folded in by `run`).
    public private(set) var counters = CacheCounters()
    var translator: Translator
    /// The native x86-64 tier (nil: threaded engine only). See `Machine.engine`.
    var nativeTier: NativeTier?

    /// IR bytes the translation cache may hold before it is flushed (evicted).
    public var translationBudget: Int
    /// Blocks the translation cache may hold before it is flushed (evicted).
    public var translationBlockBudget = Int.max

    /// Sets both budgets from a `--tcache-size` value.
    public func setTranslationBudget(_ size: TranslationCacheSize) {
        switch size {
        case .bytes(let n): translationBudget = n; translationBlockBudget = .max
        case .blocks(let n): translationBudget = .max; translationBlockBudget = n
        }
    }

    /// Guest instructions between two counter samples (nil: no sampling). The
    /// sample points are the multiples of the interval of a hart's retired count.
    public var sampleInterval: UInt64?
    /// Counter samples taken so far (`sampleInterval`), oldest first.
    public private(set) var samples: [StatsSample] = []
    private let createdAt = DispatchClock.now()

    /// Whether blocks translated from now on count their entries (`cache.profiles`).
    public var profilesBlocks: Bool {
        get { translator.profiling }
        set { translator.profiling = newValue }
    }

    /// What to trace while running (see `TraceOptions`); off by default.
    public var trace = TraceOptions()
    /// Receives trace text (one or more lines, no trailing newline).
    public var traceOutput: (String) -> Void = TraceOutput.standardError
    /// Names a guest address for traces (e.g. `main+0x12`), when known.
    public var traceSymbolizer: ((UInt64) -> String?)?
    /// Debugger watchpoints (Machine+Debug.swift).
    var debugWatchpoints: [Watchpoint] = []
    /// Told of each block the native tier compiles: its host code (readable)
    /// and the guest pc it translates (perf maps, jitdump). Nil costs nothing.
    public var nativeCodeListener: ((UnsafeRawBufferPointer, UInt64) -> Void)? {
        didSet { nativeTier?.onCompile = nativeCodeListener }
    }

    /// Default `translationBudget`: 64 MiB of IR.
    public static let defaultTranslationBudget = 64 << 20

    /// Creates a machine with an empty address space.
    public init(translationBudget: Int = Machine.defaultTranslationBudget) throws(MemoryError) {
        memory = try GuestMemory()
        translator = Translator(memory: memory)
        self.translationBudget = translationBudget
        tern_guard_install()
        memory.codeObserver = self
    }

    /// Whether this build dispatches by guaranteed tail calls.
    public static var isDirectThreaded: Bool { tern_direct_threaded() != 0 }

    /// Discards every translation.
    public func flushTranslations() {
        cache.flush()
        nativeTier?.flush()
        counters.flushes += 1
    }

    /// Runs `hart` until it stops (syscall, fault, ...), or for at most
    /// `maxInstructions` more guest instructions (checked at block boundaries).
    public func run(_ hart: Hart, maxInstructions: UInt64? = nil) -> StopReason {
        run(hart, maxInstructions: maxInstructions, singleStep: false)
    }

    /// `run`, or with `singleStep` every block a single uncached instruction (`step`).
    func run(_ hart: Hart, maxInstructions: UInt64?, singleStep: Bool) -> StopReason {
        let h = hart.state
        if memory.hasWatchedPages { memory.rearmWatches() }  // lifted by syscalls' host accesses
        h.pointee.jumpCache = cache.jumpCache
        let limit = maxInstructions.map { h.pointee.retired &+ $0 } ?? .max
        let before = EngineCounters(h)
        defer {
            EngineCounters(h).fold(into: &counters, since: before)
            if let tier = nativeTier { counters.noteNative(tier.snapshot) }
        }
        let loop = RunLoop(machine: self, hart: h, limit: limit, before: before)
        loop.singleStep = singleStep
        while true {
            var fault = TernGuardFault()
            let context = Unmanaged.passRetained(loop).toOpaque()
            let faulted = tern_guard_run(runLoopEntry, context, memory.base,
                                         Int(GuestMemory.size + GuestMemory.guardSize), &fault)
            Unmanaged<RunLoop>.fromOpaque(context).release()
            if faulted == 0 { return loop.stopReason }
            if let reason = loop.reason(for: fault) { return reason }
        }
    }

    // MARK: - Dispatcher internals (used by RunLoop)

    fileprivate func block(at pc: UInt64) -> UnsafePointer<TernOp>? {
        if let ops = cache.lookup(pc, &counters) { return ops }
        let start = DispatchClock.now()
        let translated = translator.translate(at: pc)
        if memory.hasWatchedPages { memory.rearmWatches() }  // the fetches lifted watched code pages
        guard let block = translated else { return nil }
        if cache.count > 0, cache.count >= translationBlockBudget || cache.irBytes + block.irBytes > translationBudget {
            counters.evictions += 1
            counters.blocksEvicted += UInt64(cache.flush())
            nativeTier?.flush()
        }
        // Under translated fetch the pc is virtual: code is not tracked by page
        // (fence.i discards every translation instead, see noteFenceI).
        if !translatesFetch { memory.noteTranslatedCode(block.pc, block.pc + block.guestLength) }
        counters.translateNanoseconds &+= DispatchClock.now() &- start
        counters.translations += 1
        counters.instructionsTranslated += UInt64(block.instructionCount)
        counters.irBytes += UInt64(block.irBytes)
        cache.insert(block)
        if trace.contains(.inAsm) { traceTranslated(block) }
        return UnsafePointer(block.ops)
    }

    /// A one-instruction block that is neither cached nor linked and does not
    /// write-protect its page: it executes a store that hit its own code page,
    /// an access to a watched page, or a debugger's single step (a breakpoint
    /// at `pc` does not stop it: the step runs the instruction it stopped before).
    fileprivate func stepBlock(at pc: UInt64) -> TranslatedBlock? {
        let block = translator.translate(at: pc, limit: 1, linkable: false, overBreakpoint: true)
        if memory.hasWatchedPages { memory.rearmWatches() }
        return block
    }

    /// Fills `slot` of a link record (0, 1, or `inlineCacheSlot`: slot 0 as the
    /// inline cache of a `jalr`, remembering `pc` as its target).
    fileprivate func link(_ record: UInt64, slot: UInt32, to pc: UInt64) {
        guard let link = UnsafeMutablePointer<TernLinkRecord>(bitPattern: UInt(record)) else { return }
        let slots = UnsafeMutableRawPointer(link).assumingMemoryBound(to: UnsafePointer<TernOp>?.self)
        let isInline = slot == inlineCacheSlot
        if cache.link(slots.advanced(by: isInline ? 0 : Int(slot)), source: link.pointee.owner, target: pc) {
            if isInline { link.pointee.inlineTarget = pc }
            counters.linksCreated += 1
        }
    }

    /// Records a counter sample for a hart whose engine counters read `now`.
    fileprivate func takeSample(_ now: EngineCounters, since before: EngineCounters) {
        var c = counters
        now.fold(into: &c, since: before)
        samples.append(StatsSample(c, seconds: Double(DispatchClock.now() &- createdAt) / 1e9))
    }

    fileprivate func noteFenceI() {
        counters.fenceIs += 1
        if translatesFetch { flushTranslations() }
    }

    /// The instruction bits at `pc` as the translator fetches them (0 when unfetchable).
    fileprivate func instructionBits(at pc: UInt64) -> UInt32 { translator.instructionBits(at: pc) ?? 0 }
}

extension Machine: CodeChangeObserver {
    /// Drops the translations (threaded and native) of guest code in
    /// `[start, end)` and counts one event under `cause`. Every invalidation
    /// of translated code arrives here: guest stores into code pages, host
    /// writes, mmap/munmap/mprotect/mremap/madvise of code pages (through
    /// `GuestMemory`), and `invalidateCode`.
    public func codeChanged(start: UInt64, end: UInt64, cause: CodeChangeCause) {
        counters.invalidations[cause.rawValue] += 1
        let victims = cache.invalidate(start, end)
        counters.blocksInvalidated += UInt64(victims.count)
        nativeTier?.invalidate(victims)
    }

    /// Invalidates the translations of guest code in `[start, end)` (page
    /// granular: every translated page the range touches), counted under
    /// `cause`; pages holding no translated code are untouched. The entry point
    /// for code changes the page tracking cannot see, such as code written
    /// through another mapping of the same memory before `riscv_flush_icache`.
    /// Returns whether any translated code was there.
    @discardableResult
    public func invalidateCode(_ start: UInt64, _ end: UInt64, cause: CodeChangeCause = .icacheFlush) -> Bool {
        guard end > start else { return false }
        return memory.releaseCode(GuestMemory.pageDown(start), min(GuestMemory.pageUp(end), GuestMemory.size), cause: cause)
    }
}

/// The dispatcher loop of one `Machine.run` call. It runs inside the fault
/// guard; everything it touches while guest code runs is held in locals.
private final class RunLoop {
    let machine: Machine
    let h: UnsafeMutablePointer<TernHart>
    var stopReason = StopReason.budgetExhausted
    /// Link record left by the last unchained exit, its slot, and the cache
    /// generation it belongs to.
    var pendingLink: UInt64 = 0
    var pendingSlot: UInt32 = 0
    var pendingGeneration: UInt64 = 0
    /// Set after a store into translated code: the next instruction runs from an
    /// uncached single-instruction block (kept alive here while it runs).
    var stepNext = false
    var stepBlock: TranslatedBlock?
    /// `retired` value at which `run` returns, the next sample point, and the
    /// engine counters when the run started (for samples).
    let limit: UInt64
    var nextSample: UInt64 = .max
    let before: EngineCounters
    /// Exec tracing: every block exit returns to the dispatcher.
    let traceExec: Bool
    /// `Machine.step`: every block is a single-instruction step block.
    var singleStep = false
    /// An access that faulted on watched pages outside any watched range: its
    /// pages are lifted while the next step block runs it, then re-armed.
    var watchMiss: (address: UInt64, length: UInt64)?
    var liftedWatches: [UInt64] = []

    init(machine: Machine, hart: UnsafeMutablePointer<TernHart>, limit: UInt64, before: EngineCounters) {
        self.machine = machine
        self.h = hart
        self.limit = limit
        self.before = before
        traceExec = machine.trace.contains(.exec)
        if let interval = machine.sampleInterval, interval > 0 {
            nextSample = (hart.pointee.retired / interval + 1) &* interval
        }
        setBudget()
    }

    /// The hart's budget gates chaining: blocks stop chaining at the run's limit
    /// or the next sample point; 0 (exec tracing) sends every exit back here.
    func setBudget() {
        h.pointee.budget = traceExec ? 0 : min(limit, nextSample)
    }

    /// Takes a sample if one is due and moves the budget to the next sample point.
    func sampleIfDue() {
        guard h.pointee.retired >= nextSample, let interval = machine.sampleInterval else { return }
        machine.takeSample(EngineCounters(h), since: before)
        nextSample = (h.pointee.retired / interval + 1) &* interval
        setBudget()
    }

    func execute() {
        let memoryBase = machine.memory.base.assumingMemoryBound(to: UInt8.self)
        unowned(unsafe) let cache = machine.cache
        let hart = h
        let cacheIdentity = UnsafeRawPointer(Unmanaged.passUnretained(cache).toOpaque())
        let limit = self.limit
        let traceExec = self.traceExec
        while true {
            // A zero budget outside exec tracing is an interrupt request (Hart.interruptWord);
            // a single step runs its instruction regardless.
            if hart.pointee.budget == 0 && !traceExec && !singleStep { stopReason = .budgetExhausted; return }
            if hart.pointee.retired >= nextSample { sampleIfDue() }
            if hart.pointee.retired >= limit { stopReason = .budgetExhausted; return }
            let pc = hart.pointee.pc
            if traceExec { machine.traceEntered(pc) }
            let found: UnsafePointer<TernOp>?
            let stepping = stepNext || singleStep
            if stepping {
                stepNext = false
                stepBlock = machine.stepBlock(at: pc)
                found = stepBlock.map { UnsafePointer($0.ops) }
                if let miss = watchMiss {  // after translating: the translator re-arms what its fetches lifted
                    liftedWatches = machine.memory.liftWatches(miss.address, miss.length)
                    watchMiss = nil
                }
            } else {
                found = machine.block(at: pc)
            }
            guard var ops = found else { stopReason = .fetchFault(address: pc); return }
            // Native tier (Native/NativeTier.swift). No Swift reference is held
            // while native code runs: a guest fault unwinds through it.
            if !stepping, machine.nativeTier != nil {
                if let entry = machine.nativeTier?.entry(pc: pc, ops: ops, cache: cache),
                   let enter = machine.nativeTier?.enter {
                    pendingLink = 0
                    let exit = enter(entry, hart, memoryBase)
                    switch machine.nativeTier!.outcome(of: exit, hart: hart) {
                    case .dispatch: continue
                    case .resume(let op): ops = op
                    case .stop(let reason): stopReason = reason; return
                    }
                } else if machine.nativeTier?.allowsThreadedLink(to: pc) == false {
                    pendingLink = 0
                }
            }
            if pendingLink != 0 && pendingGeneration == cache.generation {
                machine.link(pendingLink, slot: pendingSlot, to: pc)
            }
            pendingLink = 0
            // Return-address stack entries point into cached blocks: drop them
            // when blocks were dropped, and after a step block (freed later).
            if stepping || hart.pointee.rasGeneration != cache.generation || hart.pointee.rasCache != cacheIdentity {
                hart.resetReturnStack(cache: stepping ? nil : cacheIdentity, generation: cache.generation)
            }
            hart.pointee.exitReason = TernExitBlockEnd.rawValue
            tern_threaded_enter(ops, hart, memoryBase)
            if !liftedWatches.isEmpty { rearmLiftedWatches() }
            switch TernExitReason(rawValue: hart.pointee.exitReason) {
            case TernExitBlockEnd:
                pendingLink = hart.pointee.exitValue
                pendingSlot = hart.pointee.exitDetail
                pendingGeneration = cache.generation
            case TernExitEcall: stopReason = .ecall; return
            case TernExitEbreak: stopReason = .ebreak; return
            case TernExitIllegal: stopReason = .illegalInstruction(bits: UInt32(truncatingIfNeeded: hart.pointee.exitValue)); return
            case TernExitFenceI: machine.noteFenceI()
            case TernExitSystem: stopReason = .system(bits: UInt32(truncatingIfNeeded: hart.pointee.exitValue)); return
            case TernExitBreakpoint: stopReason = .debug(.breakpoint); return
            default: stopReason = .budgetExhausted; return
            }
        }
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

    func rearmLiftedWatches() {
        machine.memory.rearmWatches(liftedWatches)
        liftedWatches = []
    }

    /// Converts a guard fault into a stop reason (nil: resume the loop).
    func reason(for fault: TernGuardFault) -> StopReason? {
        pendingLink = 0
        if !liftedWatches.isEmpty { rearmLiftedWatches() }
        machine.nativeTier?.recover(fault, hart: h)  // a fault in native code (Native/NativeTier.swift)
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
private let runLoopEntry: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
    // A guaranteed reference: a guest fault longjmps out of execute(), which
    // would skip the release of a retained one (leaking the loop and machine).
    Unmanaged<RunLoop>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.execute() }
}

/// Monotonic nanoseconds for translate-time accounting.
enum DispatchClock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
