import CoreGlue
import CoreGlue.ThreadedGlue
import JITRuntime
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// One isolated guest machine: a guest address space, a translation cache and
/// its counters. Several machines can live in one process.
///
/// Several harts may `run` on one machine at the same time, each on its own
/// host thread (guest threads). They share guest memory, the translation
/// cache and the native tier; each has its own registers, jump cache,
/// return-address stack and counters. See `HartGate` and `TranslationCache`
/// for the rules that make this safe.
public final class Machine: @unchecked Sendable {
    /// The guest address space.
    public let memory: GuestMemory
    /// Translated blocks.
    public let cache = TranslationCache()
    /// Counters folded in from harts (at the end of each `run` and when one
    /// parks) and from machine-wide events; guarded by `statsLock`.
    private var folded = CacheCounters()
    private let statsLock = Lock()
    var translator: Translator
    /// The native x86-64 tier (nil: threaded engine only). See `Machine.engine`.
    var nativeTier: NativeTier?
    /// The harts running guest code and the exclusive sections that stop them.
    let gate = HartGate()

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
    private var sampleList: [StatsSample] = []
    /// Counter samples taken so far (`sampleInterval`), oldest first.
    public var samples: [StatsSample] { statsLock.withLock { sampleList } }
    private let createdAt = DispatchClock.now()

    /// Whether blocks translated from now on count their entries (`cache.profiles`).
    public var profilesBlocks: Bool {
        get { translator.profiling }
        set { translator.profiling = newValue }
    }

    /// Whether blocks translated from now on continue through unconditional
    /// direct jumps within their first page (superblocks, see `Translator`);
    /// on by default. Off, every `jal` ends its block (tests of block shapes).
    public var superblocks: Bool {
        get { translator.followsJumps }
        set { translator.followsJumps = newValue }
    }

    /// What to trace while running (see `TraceOptions`); off by default.
    public var trace = TraceOptions()
    /// VLEN / 8 of the guest CPU (`--cpu ...,vlen=`): every hart this machine runs reports it.
    public var vlenb: UInt32 = 16
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
    public convenience init(translationBudget: Int = Machine.defaultTranslationBudget) throws(MemoryError) {
        self.init(memory: try GuestMemory(), translationBudget: translationBudget)
    }

    /// Creates a machine over `memory`, which no other machine uses and
    /// holds no translated code (new, or a snapshot's copy put back by
    /// `GuestMemory.revert()`); its translation cache starts empty.
    public init(memory: GuestMemory, translationBudget: Int = Machine.defaultTranslationBudget) {
        self.memory = memory
        translator = Translator(memory: memory)
        self.translationBudget = translationBudget
        tern_guard_install()
        memory.codeObserver = self
    }

    /// Whether this build dispatches by guaranteed tail calls.
    public static var isDirectThreaded: Bool { tern_direct_threaded() != 0 }

    /// Translation cache counters: everything the harts counted up to their
    /// last return from `run` (or their last park), plus machine-wide events.
    public var counters: CacheCounters {
        let tier = cache.lock.withLock { nativeTier?.counters }
        var c = statsLock.withLock { folded }
        if let tier { c.native.addTierCounters(tier) }
        return c
    }

    /// Adds `change` to the machine's counters.
    func count(_ change: (inout CacheCounters) -> Void) { statsLock.withLock { change(&folded) } }

    /// Discards every translation (an exclusive section: other harts stop first).
    public func flushTranslations() {
        gate.exclusive {
            cache.lock.withLock {
                cache.flush()
                nativeTier?.flush()
            }
        }
        count { $0.flushes += 1 }
    }

    /// Runs `body` while no other hart runs guest code (see `HartGate`).
    /// The caller must hold no lock another hart may wait for.
    public func exclusive<T>(_ body: () -> T) -> T { gate.exclusive(body) }

    /// Stops every other hart for good, as the process ends (exit_group, a
    /// fatal signal): they never run guest code again, so the counters are
    /// final and nothing runs while the host process exits.
    public func stopOtherHarts() { gate.stopForever() }

    /// After `stopOtherHarts`, in a host process that goes on (an embedded
    /// guest): the stopped harts return from `run` (`.budgetExhausted`) so
    /// their host threads can end, and `run` returns at once from now on.
    public func releaseStoppedHarts() { gate.end() }

    /// Asks every hart to stop at its next block boundary, now and whenever
    /// one enters `run` from now on (`.budgetExhausted` at once): for a
    /// process that is being ended from outside (a limit, an embedder).
    public func interruptAllHarts() { gate.interruptAll() }

    /// Whether `releaseStoppedHarts` ended this machine's runs.
    public var hartsReleased: Bool { gate.ended }

    /// An exclusive section begun by `beginExclusive` (see `exclusive`).
    public struct ExclusiveSection {
        let section: HartGate.Section
    }

    /// Begins an exclusive section that the caller ends with `endExclusive`
    /// (or never, when the process ends meanwhile): every other hart is then
    /// stopped at a block boundary or outside guest code (`exclusive`).
    public func beginExclusive() -> ExclusiveSection { ExclusiveSection(section: gate.beginExclusive()) }

    /// Ends a section begun by `beginExclusive`: the other harts go on.
    public func endExclusive(_ section: ExclusiveSection) { gate.endExclusive(section.section) }

    /// Forks the host process (`fork` calls fork(2)) while no other hart runs
    /// guest code or holds any of the machine's locks, so the child, where
    /// only the calling thread exists, finds them all free. The child
    /// continues with copy-on-write copies of guest memory and translations.
    /// A child writes no native code for a while (`NativeTier.enterForkedChild`).
    public func fork(_ fork: () -> Int32) -> Int32 {
        let pid = gate.exclusive { gate.fork(fork) }
        if pid == 0 { nativeTier?.enterForkedChild() }  // the only thread in the child
        return pid
    }

    /// Runs `hart` until it stops (syscall, fault, ...), or for at most
    /// `maxInstructions` more guest instructions (checked at block boundaries).
    /// Harts may run in parallel on different host threads; one hart runs on
    /// one thread at a time.
    public func run(_ hart: Hart, maxInstructions: UInt64? = nil) -> StopReason {
        run(hart, maxInstructions: maxInstructions, singleStep: false)
    }

    /// `run`, or with `singleStep` every block a single uncached instruction (`step`).
    func run(_ hart: Hart, maxInstructions: UInt64?, singleStep: Bool) -> StopReason {
        // Pages this thread's syscalls lifted are narrowed again (WatchedPages.swift).
        if memory.hasWatchedPages { memory.rearmWatches() }
        hart.state.pointee.vlenb = vlenb
        let loop = RunLoop(machine: self, hart: hart, maxInstructions: maxInstructions)
        loop.singleStep = singleStep
        guard gate.enter(hart, budget: loop.budget) else { return .budgetExhausted }  // the process ended
        // A request that arrived before the budget was set (a signal handler
        // on this thread) must still stop the hart before its first block.
        if hart.state.stopRequests != 0 { hart.state.pointee.budget = 0 }
        defer {
            loop.fold()
            gate.leave(hart)
        }
        while true {
            var fault = TernGuardFault()
            let context = Unmanaged.passRetained(loop).toOpaque()
            let faulted = tern_guard_run(runLoopEntry, context, memory.reservation,
                                         GuestMemory.reservedSize, &fault)
            Unmanaged<RunLoop>.fromOpaque(context).release()
            if faulted == 0 { return loop.stopReason }
            if let reason = loop.reason(for: fault) { return reason }
        }
    }

    // MARK: - Dispatcher internals (used by RunLoop)

    /// The block at `pc` for `hart`: its jump cache first (no lock), then the
    /// shared map, translating on a miss (under the cache lock).
    func block(at pc: UInt64, _ hart: UnsafeMutablePointer<TernHart>, _ c: inout CacheCounters) -> UnsafePointer<TernOp>? {
        c.lookups += 1
        let slot = hart.jumpCacheSlot(pc)
        if let ops = slot.pointee, tern_block_header(ops).pointee.pc == pc {
            c.jumpCacheHits += 1
            return ops
        }
        var translated: TranslatedBlock?
        while true {
            let (found, evict) = cache.lock.withLock { () -> (UnsafePointer<TernOp>?, Bool) in
                if let block = cache.cached(pc) {
                    c.mapHits += 1
                    return (UnsafePointer(block.ops), false)
                }
                if translated == nil {
                    let start = DispatchClock.now()
                    guard let block = translate(at: pc) else { return (nil, false) }
                    c.translateNanoseconds &+= DispatchClock.now() &- start
                    translated = block
                }
                let block = translated!
                let usage = cache.usage
                if usage.blocks > 0, usage.blocks >= translationBlockBudget || usage.bytes + block.irBytes > translationBudget {
                    return (nil, true)
                }
                c.translations += 1
                c.instructionsTranslated += UInt64(block.instructionCount)
                c.irBytes += UInt64(block.irBytes)
                cache.insert(block)
                if trace.contains(.inAsm) { traceTranslated(block) }
                return (UnsafePointer(block.ops), false)
            }
            if evict {
                evictAll()
                c.evictions += 1
                continue
            }
            if let found { slot.pointee = found }
            return found
        }
    }

    /// Translates the block at `pc` (cache lock held). The pages it comes from
    /// are write-protected before their bytes are read, so a store racing
    /// with the translation either lands first or faults and invalidates it.
    private func translate(at pc: UInt64) -> TranslatedBlock? {
        let block = translateProtectingCode(at: pc)
        if memory.hasWatchedPages { memory.rearmWatches() }  // the fetches lifted watched code pages
        return block
    }

    /// `translate(at:)` without the watch re-arming.
    private func translateProtectingCode(at pc: UInt64) -> TranslatedBlock? {
        // Under translated fetch the pc is virtual: code is not tracked by page
        // (fence.i discards every translation instead, see `noteFenceI`).
        if translatesFetch { return translator.translate(at: pc) }
        guard memory.isAccessible(pc, length: 2, .execute) else { return nil }
        memory.noteTranslatedCode(pc, pc + 1)
        guard var block = translator.translate(at: pc) else { return nil }
        // A superblock's jump targets stay in the page of `pc` (Translator).
        let end = block.guestEnd
        if GuestMemory.pageDown(end - 1) != GuestMemory.pageDown(pc) {
            // It reaches into another page: protect that one too and read again.
            memory.noteTranslatedCode(pc, end)
            guard let again = translator.translate(at: pc) else { return nil }
            block = again
            memory.noteTranslatedCode(block.guestStart, block.guestEnd)
        }
        return block
    }

    /// Flushes the translation cache because it is over budget (exclusive section).
    private func evictAll() {
        let dropped = gate.exclusive {
            cache.lock.withLock { () -> Int in
                let n = cache.flush()
                nativeTier?.flush()
                return n
            }
        }
        count { $0.blocksEvicted += UInt64(dropped) }
    }

    /// Drops every native block (the code arena is full): an exclusive section.
    func flushNative() {
        gate.exclusive {
            cache.lock.withLock {
                nativeTier?.flush()
                cache.bumpGeneration()
            }
        }
    }

    /// A one-instruction block that is neither cached nor linked and does not
    /// write-protect its page: it executes a store that hit its own code page,
    /// an access to a watched page, or a debugger's single step (a breakpoint
    /// at `pc` does not stop it: the step runs the instruction it stopped before).
    func stepBlock(at pc: UInt64) -> TranslatedBlock? {
        let block = translator.translate(at: pc, limit: 1, linkable: false, overBreakpoint: true)
        if memory.hasWatchedPages { memory.rearmWatches() }
        return block
    }

    /// Fills `slot` of a link record (0, 1, or `inlineCacheSlot`: slot 0 as the
    /// inline cache of a `jalr`) with the block at `pc`.
    func link(_ record: UInt64, slot: UInt32, to pc: UInt64, _ c: inout CacheCounters) {
        guard let link = UnsafeMutablePointer<TernLinkRecord>(bitPattern: UInt(record)) else { return }
        let slots = UnsafeMutableRawPointer(link).assumingMemoryBound(to: UnsafePointer<TernOp>?.self)
        let index = slot == inlineCacheSlot ? 0 : Int(slot)
        if cache.lock.withLock({ cache.link(slots.advanced(by: index), source: link.pointee.owner, target: pc) }) {
            c.linksCreated += 1
        }
    }

    /// Folds a hart's counters into the machine's.
    func fold(_ dispatcher: CacheCounters, _ now: EngineCounters, since before: EngineCounters) {
        statsLock.withLock {
            folded.add(dispatcher)
            now.fold(into: &folded, since: before)
        }
    }

    /// A `fence.i` retired: counted; under translated fetch (code not tracked
    /// by page) every translation goes.
    func noteFenceI(_ c: inout CacheCounters) {
        c.fenceIs += 1
        if translatesFetch { flushTranslations() }
    }

    /// The instruction bits at `pc` as the translator fetches them (0 when unfetchable).
    func instructionBits(at pc: UInt64) -> UInt32 { translator.instructionBits(at: pc) ?? 0 }

    /// Records a counter sample (after the sampling hart folded its counters).
    func takeSample() {
        let c = counters
        statsLock.withLock { sampleList.append(StatsSample(c, seconds: Double(DispatchClock.now() &- createdAt) / 1e9)) }
    }
}

extension Machine: CodeChangeObserver {
    /// Runs the memory's bookkeeping `change` and drops the translations
    /// (threaded and native) of the ranges it reports, in one exclusive
    /// section; counts one code change per range under `cause`. Every
    /// invalidation of translated code arrives here: guest stores into code
    /// pages, host writes, mmap/munmap/mprotect/mremap/madvise of code pages
    /// (through `GuestMemory`), and `invalidateCode`.
    public func codeChanged(cause: CodeChangeCause, _ change: () -> [Range<UInt64>]) {
        let (ranges, dropped) = gate.exclusive { () -> ([Range<UInt64>], Int) in
            let ranges = change()
            let dropped = cache.lock.withLock { () -> Int in
                var n = 0
                for r in ranges {
                    let victims = cache.invalidate(r.lowerBound, r.upperBound)
                    nativeTier?.invalidate(victims)
                    n += victims.count
                }
                return n
            }
            return (ranges, dropped)
        }
        guard !ranges.isEmpty else { return }
        count {
            $0.invalidations[cause.rawValue] += UInt64(ranges.count)
            $0.blocksInvalidated += UInt64(dropped)
        }
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

/// Monotonic nanoseconds for translate-time accounting.
enum DispatchClock {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
