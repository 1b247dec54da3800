import CoreGlue
import JITRuntime

/// What the dispatcher does after native code returned.
enum NativeOutcome {
    /// Native code ran to a block boundary; dispatch again at `pc`.
    case dispatch
    /// Native code ran a prefix; continue threaded from this op.
    case resume(UnsafePointer<TernOp>)
    /// Native code stopped for the runtime (system call).
    case stop(StopReason)
}

/// The native x86-64 tier of one machine: W^X code arena, trampolines,
/// compiled blocks keyed by guest pc, hotness counts, chain links between
/// native blocks and their unlinking on invalidation.
final class NativeTier {
    /// Dispatcher entries after which `auto` compiles a block.
    static let hotThreshold: UInt32 = 16

    let engine: Engine
    private let arena: OpaquePointer
    private var trampolines = TernTrampolines()
    private let compiler: NativeCompiler
    private let chainHits: UnsafeMutablePointer<UInt64>
    private let jumpTable = NativeJumpTable()
    private let blocks = PCMap<NativeBlock>()
    /// Dispatcher entries of blocks not (yet) native; `.max` marks blocks the tier does not compile.
    private let heat = PCMap<UInt32>()
    /// Chain sites pointing at each native block, by target pc.
    private let incoming = PCMap<[UnsafeMutablePointer<UInt8>]>()
    /// Chain sites of live native blocks → their guest target pc.
    private var siteTargets: [UnsafeMutablePointer<UInt8>: UInt64] = [:]
    /// The chain site of the last unchained native exit.
    private var pendingSite: UnsafeMutablePointer<UInt8>?
    private(set) var counters = NativeCounters()
    /// `Machine.nativeCodeListener`.
    var onCompile: ((UnsafeRawBufferPointer, UInt64) -> Void)?

    /// Creates the tier; nil on hosts without it or when code memory is unavailable.
    init?(engine: Engine, arenaSize: Int, codeMemory: NativeCodeMemory? = nil) {
        guard Engine.nativeAvailable, engine != .threaded, arenaSize > 0,
              let arena = tern_code_arena_create(arenaSize, codeMemory == .mprotect ? 1 : 0) else { return nil }
        self.arena = arena
        self.engine = engine
        guard tern_trampolines_create(arena, &trampolines) == 0 else {
            tern_code_arena_destroy(arena)
            jumpTable.deallocate()
            return nil
        }
        chainHits = .allocate(capacity: 1)
        chainHits.initialize(to: 0)
        let exits = withUnsafeBytes(of: trampolines.exits) { Array($0.bindMemory(to: UInt.self)) }
        compiler = NativeCompiler(exits: exits, chainCounter: UInt(bitPattern: chainHits), jumpTable: jumpTable.address)
    }

    deinit {
        tern_trampolines_destroy(arena, &trampolines)
        tern_code_arena_destroy(arena)
        chainHits.deallocate()
        jumpTable.deallocate()
    }

    /// The code arena's W^X mode.
    var codeMode: TernCodeMode { tern_code_arena_mode(arena) }

    /// Counters including the chain hits counted by generated code.
    var snapshot: NativeCounters {
        var c = counters
        c.chainHits = chainHits.pointee
        return c
    }

    /// The trampoline that runs native code (a C function pointer: calling it
    /// holds no Swift reference, so a guest fault may unwind through it).
    var enter: TernNativeEntry { trampolines.enter }

    /// The native entry for the block at `pc` when it is (or just became)
    /// native, after patching the chain jump that led here; nil: run threaded.
    func entry(pc: UInt64, ops: UnsafePointer<TernOp>, cache: TranslationCache) -> UnsafeRawPointer? {
        let site = pendingSite
        pendingSite = nil
        guard let block = nativeBlock(at: pc, ops: ops, cache: cache) else { return nil }
        if let site, siteTargets[site] == pc, tern_chain_target(site) != UnsafePointer(block.chainEntry) {
            if tern_chain_patch(arena, site, block.chainEntry) == 0 {
                incoming[pc, default: []].append(site)
                counters.chainsPatched += 1
            }
        }
        // Refill the jump table: another block sharing the entry may have
        // taken it since, and every jalr to this block would exit here again.
        jumpTable.insert(pc, code: block.chainEntry)
        counters.entries += 1
        return block.entry
    }

    /// Whether a threaded chain link may point at the block at `pc`: not while
    /// its entries are counted towards compiling it.
    func allowsThreadedLink(to pc: UInt64) -> Bool { heat[pc] == .max }

    /// What the dispatcher does after native code returned `reason`.
    func outcome(of reason: UInt32, hart: UnsafeMutablePointer<TernHart>) -> NativeOutcome {
        switch TernNativeExit(rawValue: reason) {
        case TernNativeExitLookupMiss:
            pendingSite = UnsafeMutablePointer(bitPattern: UInt(hart.pointee.exitValue))
            return .dispatch
        case TernNativeExitSyscall:
            return .stop(.ecall)
        case TernNativeExitFallback:
            counters.fallbacks += 1
            return .resume(UnsafePointer(bitPattern: UInt(hart.pointee.exitValue))!)
        default:  // budget (the dispatcher stops), signal
            return .dispatch
        }
    }

    /// The native block for `pc`, compiling it when it is hot enough.
    private func nativeBlock(at pc: UInt64, ops: UnsafePointer<TernOp>, cache: TranslationCache) -> NativeBlock? {
        if let b = blocks[pc] {
            if UnsafePointer(b.source.ops) == ops { return b }
            drop(b)  // the threaded block was retranslated
        }
        let count = heat[pc, default: 0]
        if count == .max { return nil }
        if count + 1 < (engine == .native ? 1 : Self.hotThreshold) {
            heat[pc] = count + 1
            return nil
        }
        guard let source = cache.block(at: pc), UnsafePointer(source.ops) == ops, let b = compile(source) else {
            heat[pc] = .max
            return nil
        }
        heat[pc] = nil
        return b
    }

    private func compile(_ source: TranslatedBlock) -> NativeBlock? {
        let start = DispatchClock.now()
        defer { counters.compileNanoseconds &+= DispatchClock.now() &- start }
        let ops = UnsafePointer(source.ops)
        let count = source.opCount - 1  // without the link record
        let coverage = NativeCompiler.coverage(ops, count: count)
        guard coverage.ops > 0, engine == .native || coverage.complete else { return nil }
        let compiled = compiler.compile(ops, count: count, pc: source.pc)
        let size = compiled.size
        var code = tern_code_alloc(arena, size)
        if code == nil {
            flush()  // arena full: start over
            code = tern_code_alloc(arena, size)
        }
        guard let code else { return nil }
        guard tern_code_write(arena, code, compiled.bytes(at: UInt(bitPattern: code)), size) == 0 else {
            tern_code_free(arena, code, size)
            return nil
        }
        let block = NativeBlock(source: source, code: code, compiled: compiled)
        blocks[block.pc] = block
        jumpTable.insert(block.pc, code: block.chainEntry)
        for (site, target) in block.sites { siteTargets[site] = target }
        counters.blocksCompiled += 1
        counters.codeBytes += UInt64(size)
        onCompile?(UnsafeRawBufferPointer(start: code, count: size), block.pc)
        return block
    }

    /// Restores what generated code kept in registers when a host fault hit
    /// it: the faulting op (no `curOp` store per access), guest registers not
    /// yet stored, the retired count (r13) and the pending chain hits (r14).
    func recover(_ fault: TernGuardFault, hart: UnsafeMutablePointer<TernHart>) {
        guard fault.inGeneratedCode != 0, let (op, access) = access(atHostPC: fault.hostPC) else { return }
        hart.pointee.curOp = op
        withUnsafeBytes(of: fault.generatedRegs) { regs in
            withUnsafeMutableBytes(of: &hart.pointee.x) { x in
                for (g, h) in access.dirty {
                    x.storeBytes(of: regs.load(fromByteOffset: Int(h) * 8, as: UInt64.self), toByteOffset: Int(g) * 8,
                                 as: UInt64.self)
                }
            }
        }
        hart.pointee.retired = fault.generatedR13
        chainHits.pointee &+= fault.generatedR14
    }

    /// The guest memory access (its op) that is the instruction at host `pc`.
    private func access(atHostPC pc: UInt) -> (UnsafePointer<TernOp>, NativeAccess)? {
        for b in blocks.values {
            let start = UInt(bitPattern: b.code)
            guard pc >= start, pc < start + UInt(b.size), let access = b.accesses[Int(pc - start)] else { continue }
            return (UnsafePointer(b.source.ops + access.op), access)
        }
        return nil
    }

    /// Drops the native blocks compiled from the threaded blocks at `pcs`
    /// (just dropped from the translation cache) and forgets their heat.
    /// Every native block has its threaded block cached at the same pc, so
    /// this drops exactly the native code of the changed guest code.
    func invalidate(_ pcs: Set<UInt64>) {
        for pc in pcs {
            if let b = blocks[pc] { drop(b) }
            heat[pc] = nil
        }
    }

    /// Drops every native block.
    func flush() {
        for b in Array(blocks.values) { drop(b) }
        heat.removeAll()
        pendingSite = nil
    }

    /// Unpatches chain jumps into `block`, forgets its own sites and frees its code.
    private func drop(_ block: NativeBlock) {
        // Patched sites into the block belong to live blocks (a dropped owner's
        // sites leave `incoming` with it): point them back at their exit path.
        for site in incoming.removeValue(forKey: block.pc) ?? [] { _ = tern_chain_unpatch(arena, site) }
        for (site, target) in block.sites {
            siteTargets[site] = nil
            incoming.modify(target) { $0.removeAll { $0 == site } }
        }
        if let p = pendingSite, siteTargets[p] == nil { pendingSite = nil }
        blocks[block.pc] = nil
        jumpTable.remove(block.pc)
        tern_code_free(arena, block.code, block.size)
        counters.blocksDropped += 1
    }
}
