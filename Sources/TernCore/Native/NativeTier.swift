import CoreGlue
import JITRuntime

/// What the dispatcher does after native code returned.
enum NativeOutcome {
    /// Native code ran to a block boundary; dispatch again at `pc`, patching
    /// the chain site it left through (if any) once the successor is native.
    case dispatch(UnsafeMutablePointer<UInt8>?)
    /// Native code ran a prefix; continue threaded from this op.
    case resume(UnsafePointer<TernOp>)
    /// Native code stopped for the runtime (system call).
    case stop(StopReason)
}

/// The native x86-64 tier of one machine: W^X code arena, trampolines,
/// compiled blocks keyed by guest pc, chain links between native blocks and
/// their unlinking on invalidation.
///
/// Concurrency (see `HartGate`): a block's native code is published through
/// its threaded block's header (`nativeEntry`, release store) and the jump
/// table (one word per entry), both read by running harts without a lock;
/// compiling, patching a chain jump (one atomic 4-byte store) and the maps
/// here are under the translation cache's lock; unpatching and freeing code
/// happen only in exclusive sections (`invalidate`, `flush`).
final class NativeTier {
    /// Dispatcher entries after which `auto` compiles a block. A block costs
    /// several microseconds to compile and about 500 bytes of code, paid back
    /// only over many entries: at 16, gcc's cc1 (190,000 blocks, most entered
    /// a few dozen times) compiled 90,000 of them into 48 MB (peak RSS 1.6x
    /// qemu's) and ran slower than the threaded engine alone; at 32 it
    /// compiles 70,000 (CPU -7%, peak RSS -21 MB), while python3's hot
    /// interpreter loop pays 3% more for its longer counting (every counted
    /// entry is a dispatcher entry: counting blocks are not chained).
    static let hotThreshold: UInt32 = 32
    /// Dispatcher entries a forked child makes (under `auto`) before it
    /// writes native code. A child runs the parent's native code at once (it
    /// shares the arena's pages until one of the two writes), but its first
    /// write of its own (a compile, a chain patch) copies the whole arena
    /// (CodeMemory.c; in mprotect mode each write costs two mprotect calls
    /// instead), and most children (a shell's subshells and command
    /// substitutions) run a few thousand blocks and exit: they never amortise
    /// it. Until this many entries the child runs the inherited native code
    /// and threaded code for the rest; a long-lived child then compiles as
    /// usual (its blocks kept counting meanwhile).
    static let forkedChildQuietEntries = 1 << 15

    let engine: Engine
    private let arena: OpaquePointer
    private var trampolines = TernTrampolines()
    private let compiler: NativeCompiler
    private let jumpTable = NativeJumpTable()
    /// Inline caches and return cells of indirect jumps.
    private let cells: NativeLinkCells
    private let blocks = PCMap<NativeBlock>()
    /// Chain sites pointing at each native block, by target pc.
    private let incoming = PCMap<[UnsafeMutablePointer<UInt8>]>()
    /// Chain sites of live native blocks → their guest target pc.
    private var siteTargets: [UnsafeMutablePointer<UInt8>: UInt64] = [:]
    /// Head pcs of the native blocks each guest block (by pc) was fused into
    /// (`NativeRegion`): dropping that guest block drops them too.
    private let fusedInto = PCMap<[UInt64]>()
    /// Whether blocks are fused with their unconditional successors
    /// (`NativeRegion`; `TERN_NATIVE_REGIONS=0` turns it off).
    static let formsRegions: Bool = {
        if let v = getenv("TERN_NATIVE_REGIONS"), String(cString: v) == "0" { return false }
        return true
    }()
    /// Tier-wide counters (compiled, patched, dropped); the per-hart ones
    /// (entries, chain hits, fallbacks) are counted by each hart.
    private(set) var counters = NativeCounters()
    /// Set when the code arena is full: the dispatcher flushes the tier
    /// (an exclusive section) before going on.
    private(set) var wantsFlush = false
    /// Dispatcher entries left before this forked child writes code (0: it
    /// may; see `forkedChildQuietEntries`). Harts may lose a decrement: a heuristic.
    private var quietEntriesLeft = 0
    /// Runs its argument only while no other hart runs guest code, else
    /// returns false (`HartGate.ifAlone`); set by the machine.
    var whenAlone: (() -> Void) -> Bool = { body in body(); return true }

    /// Runs a code write when it is safe; false when it was not run. In
    /// mprotect mode a write makes whole pages non-executable for a moment,
    /// so it waits for a moment when the writing hart runs alone. The mode
    /// is checked at each write (an arena may be created in either mode).
    func writeCode(_ body: () -> Void) -> Bool {
        if codeMode == TernCodeMprotect { return whenAlone(body) }
        body()
        return true
    }
    /// `Machine.nativeCodeListener`.
    var onCompile: ((UnsafeRawBufferPointer, UInt64) -> Void)?

    /// Creates the tier; nil on hosts without it or when code memory is unavailable.
    init?(engine: Engine, arenaSize: Int, codeMemory: NativeCodeMemory? = nil) {
        guard Engine.nativeAvailable, engine != .threaded, arenaSize > 0,
              let arena = tern_code_arena_create(arenaSize, codeMemory == .mprotect ? 1 : 0) else { return nil }
        self.arena = arena
        self.engine = engine
        cells = NativeLinkCells(empty: jumpTable.emptyEntry)
        guard tern_trampolines_create(arena, &trampolines) == 0 else {
            tern_code_arena_destroy(arena)
            jumpTable.deallocate()
            return nil
        }
        let exits = withUnsafeBytes(of: trampolines.exits) { Array($0.bindMemory(to: UInt.self)) }
        compiler = NativeCompiler(exits: exits, jumpTable: jumpTable.address, emptyCell: jumpTable.emptyEntry,
                                  megamorphicCell: jumpTable.megamorphicEntry)
    }

    deinit {
        tern_trampolines_destroy(arena, &trampolines)
        tern_code_arena_destroy(arena)
        jumpTable.deallocate()
    }

    /// The code arena's W^X mode.
    var codeMode: TernCodeMode { tern_code_arena_mode(arena) }

    /// The trampoline that runs native code (a C function pointer: calling it
    /// holds no Swift reference, so a guest fault may unwind through it).
    var enter: TernNativeEntry { trampolines.enter }

    /// Called in a forked child (the only thread there): under `auto` it
    /// writes no code for its first `forkedChildQuietEntries` dispatcher
    /// entries.
    func enterForkedChild() {
        if engine == .auto { quietEntriesLeft = Self.forkedChildQuietEntries }
    }

    /// The native entry for the block at `pc` (first op `ops`) when it is (or
    /// just became) native, after patching the chain jump `pendingSite` that
    /// led here; nil: run it threaded. Lock-free unless it compiles or patches.
    /// `hart` is the hart about to run it (its vector state specialises the code).
    func entry(pc: UInt64, ops: UnsafePointer<TernOp>, pendingSite: UnsafeMutablePointer<UInt8>?,
               cache: TranslationCache, hart: UnsafeMutablePointer<TernHart>? = nil,
               _ c: inout CacheCounters) -> UnsafeRawPointer? {
        let header = UnsafeMutablePointer(mutating: tern_block_header(ops)!)
        var entry = tern_block_native_entry(header)
        let quiet = quietEntriesLeft > 0
        if quiet {
            quietEntriesLeft -= 1
            c.native.childQuietEntries += 1
        }
        if entry == nil {
            guard header.pointee.nativeState == TernNativeCounting.rawValue else { return nil }
            // Harts counting the same block at once may lose a count: a heuristic.
            let heat = header.pointee.heat &+ 1
            header.pointee.heat = heat
            guard heat >= (engine == .native ? 1 : Self.hotThreshold), !quiet else { return nil }
            let vector = hart.map { (vtype: $0.pointee.vtype, vlenb: Int($0.pointee.vlenb)) } ?? (VectorState.vill, 16)
            entry = cache.lock.withLock { compile(pc: pc, ops: ops, header: header, cache: cache, vector: vector) }
            guard entry != nil else { return nil }
        }
        if let site = pendingSite, !quiet { cache.lock.withLock { patch(site, to: pc) } }
        // Refill the jump table: another block sharing the entry may have taken
        // it since, and every jalr to this block would exit here again.
        if !jumpTable.holds(pc) {
            cache.lock.withLock { if let block = blocks[pc] { jumpTable.insert(pc, code: block.chainEntry) } }
        }
        c.native.entries += 1
        return entry
    }

    /// What the dispatcher does after native code returned `reason`.
    func outcome(of reason: UInt32, hart: UnsafeMutablePointer<TernHart>, _ c: inout CacheCounters) -> NativeOutcome {
        switch TernNativeExit(rawValue: reason) {
        case TernNativeExitLookupMiss:
            return .dispatch(UnsafeMutablePointer(bitPattern: UInt(hart.pointee.exitValue)))
        case TernNativeExitSyscall:
            return .stop(.ecall)
        case TernNativeExitFallback:
            c.native.fallbacks += 1
            return .resume(UnsafePointer(bitPattern: UInt(hart.pointee.exitValue))!)
        default:  // budget (the dispatcher stops), signal
            return .dispatch(nil)
        }
    }

    /// Points the chain jump `site` at the native block for `pc` if the site
    /// still leads there (lock held).
    private func patch(_ site: UnsafeMutablePointer<UInt8>, to pc: UInt64) {
        guard siteTargets[site] == pc, let block = blocks[pc], tern_chain_target(site) != UnsafePointer(block.chainEntry)
        else { return }
        var patched = false
        _ = writeCode { patched = tern_chain_patch(self.arena, site, block.chainEntry) == 0 }
        if patched {
            incoming[pc, default: []].append(site)
            counters.chainsPatched += 1
        }
    }

    /// Compiles the block at `pc` unless another hart did (lock held); its
    /// dispatcher entry, or nil when it stays threaded (for now or for good).
    private func compile(pc: UInt64, ops: UnsafePointer<TernOp>, header: UnsafeMutablePointer<TernBlockHeader>,
                         cache: TranslationCache, vector: (vtype: UInt64, vlenb: Int)) -> UnsafeRawPointer? {
        if let entry = tern_block_native_entry(header) { return entry }
        guard header.pointee.nativeState == TernNativeCounting.rawValue else { return nil }
        guard let source = cache.cached(pc), UnsafePointer(source.ops) == ops else { return nil }
        let count = source.opCount - 1  // without the link record
        let coverage = NativeCompiler.coverage(ops, count: count)
        guard coverage.ops > 0, engine == .native || coverage.complete else {
            header.pointee.nativeState = TernNativeNever.rawValue
            return nil
        }
        let start = DispatchClock.now()
        defer { counters.compileNanoseconds &+= DispatchClock.now() &- start }
        // The block and the successors it jumps to unconditionally (cached and
        // completely covered ones), compiled as one region.
        let region = NativeRegion(head: source, fuse: Self.formsRegions && coverage.complete) { cache.cached($0) }
        // Compiled once, then placed: its relocations are applied for the address it gets.
        let compiled = compiler.compile(region.ops, junctions: region.junctions, pc: source.pc, vector: vector,
                                        cell: { cells.allocate() })
        let size = compiled.size
        func releaseCells() { for c in compiled.cells { cells.release(c) } }
        guard let code = tern_code_alloc(arena, size) else {
            releaseCells()
            wantsFlush = true  // arena full: start over (the dispatcher flushes)
            header.pointee.heat = 0
            return nil
        }
        let bytes = compiled.bytes(at: UInt(bitPattern: code))
        var written = false
        _ = writeCode { written = bytes.count == size && tern_code_write(self.arena, code, bytes, size) == 0 }
        guard written else {
            releaseCells()
            tern_code_free(arena, code, size)
            header.pointee.heat = 0  // try again later (another hart runs native code now)
            return nil
        }
        let block = NativeBlock(source: source, fused: Array(region.fusedBlocks), code: code, compiled: compiled)
        blocks[block.pc] = block
        for b in block.fused { fusedInto[b.pc, default: []].append(block.pc) }
        counters.blocksFused += UInt64(block.fused.count)
        for (site, target) in block.sites { siteTargets[site] = target }
        jumpTable.insert(block.pc, code: block.chainEntry)
        tern_block_publish_native(header, block.entry)
        counters.blocksCompiled += 1
        counters.codeBytes += UInt64(size)
        onCompile?(UnsafeRawBufferPointer(start: code, count: size), block.pc)
        return block.entry
    }

    /// Restores what generated code kept in registers when a host fault hit
    /// it: the faulting op (no `curOp` store per access), guest registers not
    /// yet stored, the retired count (r13) and the pending chain hits (r14).
    func recover(_ fault: TernGuardFault, hart: UnsafeMutablePointer<TernHart>, cache: TranslationCache) {
        guard fault.inGeneratedCode != 0,
              let (op, dirty) = cache.lock.withLock({ access(atHostPC: fault.hostPC) }) else { return }
        hart.pointee.curOp = op
        withUnsafeBytes(of: fault.generatedRegs) { regs in
            withUnsafeMutableBytes(of: &hart.pointee.x) { x in
                for (g, h) in dirty {
                    x.storeBytes(of: regs.load(fromByteOffset: Int(h) * 8, as: UInt64.self), toByteOffset: Int(g) * 8,
                                 as: UInt64.self)
                }
            }
        }
        hart.pointee.retired = fault.generatedR13
        hart.pointee.nativeChainHits &+= fault.generatedR14
    }

    /// The guest memory access (its op, and the guest registers only host
    /// registers held there) that is the instruction at host `pc` (lock held).
    private func access(atHostPC pc: UInt) -> (op: UnsafePointer<TernOp>, dirty: [(guest: UInt8, host: UInt8)])? {
        for b in blocks.values {
            let start = UInt(bitPattern: b.code)
            guard pc >= start, pc < start + UInt(b.size), let access = b.accesses.access(at: Int(pc - start)) else { continue }
            return (access.op, b.accesses.dirty(access))
        }
        return nil
    }

    /// Drops the native blocks compiled from the threaded blocks at `pcs`
    /// (just dropped from the translation cache): the one headed by each, and
    /// every region it was fused into. Every guest block a native block was
    /// compiled from is cached (a region is dropped with any of its members),
    /// so this drops exactly the native code of the changed guest code
    /// (exclusive section, lock held).
    func invalidate(_ pcs: Set<UInt64>) {
        var dropped = Set<UInt>()
        for pc in pcs {
            for head in [pc] + (fusedInto[pc] ?? []) {
                if let b = blocks[head] {
                    dropped.insert(UInt(bitPattern: b.chainEntry))
                    drop(b)
                }
            }
        }
        cells.forget(dropped)
    }

    /// Drops every native block; their threaded blocks count their entries
    /// again (exclusive section, lock held).
    func flush() {
        let all = Array(blocks.values)
        for b in all { drop(b) }
        cells.forget(Set(all.map { UInt(bitPattern: $0.chainEntry) }))
        wantsFlush = false
    }

    /// Unpatches chain jumps into `block`, forgets its own sites and frees its code.
    private func drop(_ block: NativeBlock) {
        // Patched sites into the block belong to live blocks (a dropped owner's
        // sites leave `incoming` with it): point them back at their exit path.
        let sites = incoming.removeValue(forKey: block.pc) ?? []
        _ = writeCode { for site in sites { _ = tern_chain_unpatch(self.arena, site) } }
        for (site, target) in block.sites {
            siteTargets[site] = nil
            incoming.modify(target) { $0.removeAll { $0 == site } }
        }
        for b in block.fused {
            if fusedInto.modify(b.pc, { $0.removeAll { $0 == block.pc }; return $0.isEmpty }) == true { fusedInto[b.pc] = nil }
        }
        blocks[block.pc] = nil
        jumpTable.remove(block.pc)
        block.source.header.pointee = TernBlockHeader(pc: block.pc, nativeEntry: nil, heat: 0,
                                                      nativeState: TernNativeCounting.rawValue, reserved: 0)
        for c in block.cells { cells.release(c) }
        tern_code_free(arena, block.code, block.size)
        counters.blocksDropped += 1
    }
}
