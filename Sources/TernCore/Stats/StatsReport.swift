/// Human and JSON renderings of the translation cache counters.
public struct StatsReport: Sendable, Codable, Equatable {
    /// Version of the JSON schema (docs/STATS.md).
    public var schemaVersion = StatsReport.currentSchemaVersion
    /// The schema version this build writes and reads.
    public static let currentSchemaVersion = 6
    public var lookups: UInt64
    public var jumpCacheHits: UInt64
    public var mapHits: UInt64
    public var misses: UInt64
    public var translations: UInt64
    public var instructionsTranslated: UInt64
    public var meanBlockLength: Double
    public var irBytes: UInt64
    public var linksCreated: UInt64
    public var chainedTransitions: UInt64
    public var inlineCacheHits: UInt64
    public var inlineCacheMisses: UInt64
    public var rasHits: UInt64
    public var rasMisses: UInt64
    public var indirectHits: UInt64
    public var indirectMisses: UInt64
    public var blockEntries: UInt64
    public var flushes: UInt64
    public var fenceIs: UInt64
    /// Code-change events by cause name (`CodeChangeCause`: guestStore, hostWrite,
    /// mmap, munmap, mprotect, mremap, madvise, icacheFlush).
    public var invalidations: [String: UInt64]
    public var blocksInvalidated: UInt64
    public var evictions: UInt64
    public var blocksEvicted: UInt64
    public var retired: UInt64
    public var hitRate: Double
    public var translateSeconds: Double
    /// `totalSeconds - translateSeconds`: running guest code, dispatching and syscalls.
    public var executeSeconds: Double
    public var totalSeconds: Double
    /// Guest instructions between samples (`--stats-interval`), nil without sampling.
    public var sampleInterval: UInt64?
    /// The time series (`--stats-interval`), oldest first.
    public var samples: [StatsSample]
    /// The most executed blocks (`--profile-blocks`), most executed first.
    public var hottestBlocks: [HotBlock]
    /// Native tier: blocks compiled, code bytes, dispatcher entries, chain hits,
    /// chain jumps patched, threaded fallbacks, blocks dropped (0 when threaded).
    public var nativeBlocksCompiled: UInt64
    public var nativeCodeBytes: UInt64
    public var nativeEntries: UInt64
    public var nativeChainHits: UInt64
    /// Native entries into blocks fused into a predecessor's region (also in
    /// `chainedTransitions`), and the blocks compiled that way.
    public var nativeFusedEntries: UInt64
    public var nativeBlocksFused: UInt64
    /// Native indirect jumps by the way they entered their block: inline cache,
    /// return-address stack, jump table (hits are block entries, also counted in
    /// `inlineCacheHits`, `rasHits`, `indirectHits`), and their misses.
    public var nativeInlineCacheHits: UInt64
    public var nativeInlineCacheMisses: UInt64
    public var nativeRasHits: UInt64
    public var nativeRasMisses: UInt64
    public var nativeJumpTableHits: UInt64
    public var nativeJumpTableMisses: UInt64
    public var nativeChainsPatched: UInt64
    public var nativeFallbacks: UInt64
    /// Dispatcher entries a forked child made before it began writing native code.
    public var nativeChildQuietEntries: UInt64
    public var nativeBlocksDropped: UInt64
    /// Wall time spent compiling blocks to x86-64 (part of `executeSeconds`).
    public var nativeCompileSeconds: Double
    /// Calls the guest made that the OS personality does not implement (they
    /// returned ENOSYS), by `name (number)`, and unsupported requests by message;
    /// nil or empty when there were none (bare-metal runs have none).
    public var unimplementedSyscalls: [String: UInt64]?

    /// Snapshot of `counters` for a run that took `totalSeconds` of wall time,
    /// with an optional time series and hottest-blocks profile.
    public init(_ c: CacheCounters, totalSeconds: Double, sampleInterval: UInt64? = nil,
                samples: [StatsSample] = [], hottestBlocks: [HotBlock] = []) {
        inlineCacheHits = c.inlineCacheHits; inlineCacheMisses = c.inlineCacheMisses
        rasHits = c.rasHits; rasMisses = c.rasMisses; blockEntries = c.blockEntries
        self.sampleInterval = sampleInterval; self.samples = samples; self.hottestBlocks = hottestBlocks
        lookups = c.lookups; jumpCacheHits = c.jumpCacheHits; mapHits = c.mapHits; misses = c.misses
        translations = c.translations; instructionsTranslated = c.instructionsTranslated
        meanBlockLength = c.meanBlockLength; irBytes = c.irBytes; linksCreated = c.linksCreated
        chainedTransitions = c.chainedTransitions; indirectHits = c.indirectHits
        indirectMisses = c.indirectMisses; flushes = c.flushes; retired = c.retired; hitRate = c.hitRate
        fenceIs = c.fenceIs
        invalidations = Dictionary(uniqueKeysWithValues: CodeChangeCause.allCases.map { ("\($0)", c.invalidations[$0.rawValue]) })
        blocksInvalidated = c.blocksInvalidated; evictions = c.evictions; blocksEvicted = c.blocksEvicted
        translateSeconds = Double(c.translateNanoseconds) / 1e9
        self.totalSeconds = totalSeconds
        executeSeconds = max(totalSeconds - translateSeconds, 0)
        nativeBlocksCompiled = c.native.blocksCompiled; nativeCodeBytes = c.native.codeBytes
        nativeEntries = c.native.entries; nativeChainHits = c.native.chainHits
        nativeFusedEntries = c.native.fusedEntries; nativeBlocksFused = c.native.blocksFused
        nativeInlineCacheHits = c.native.inlineCacheHits; nativeInlineCacheMisses = c.native.inlineCacheMisses
        nativeRasHits = c.native.rasHits; nativeRasMisses = c.native.rasMisses
        nativeJumpTableHits = c.native.jumpTableHits; nativeJumpTableMisses = c.native.jumpTableMisses
        nativeChainsPatched = c.native.chainsPatched; nativeFallbacks = c.native.fallbacks
        nativeChildQuietEntries = c.native.childQuietEntries
        nativeBlocksDropped = c.native.blocksDropped
        nativeCompileSeconds = Double(c.native.compileNanoseconds) / 1e9
    }

    /// The multi-line summary printed by `tern run --stats`.
    public var text: String {
        func pct(_ n: UInt64, _ d: UInt64) -> String {
            d == 0 ? "-" : String(Int((Double(n) / Double(d) * 1000).rounded())) .withDecimal
        }
        let entries = blockEntries
        var rows: [(String, String)] = [
            ("guest instructions retired", "\(retired)"),
            ("block entries", "\(entries)"),
            ("  chained (no lookup)", "\(chainedTransitions)  (\(pct(chainedTransitions, entries))%)"),
            ("    native chain jumps", "\(nativeChainHits)"),
            ("    native fused blocks (regions)", "\(nativeFusedEntries)"),
            ("  inline cache hits (jalr)", "\(inlineCacheHits)  (\(pct(inlineCacheHits, entries))%)"),
            ("    native inline caches", "\(nativeInlineCacheHits)"),
            ("  return-address stack hits", "\(rasHits)  (\(pct(rasHits, entries))%)"),
            ("    native return-address stack", "\(nativeRasHits)"),
            ("  indirect, jump cache in engine", "\(indirectHits)  (\(pct(indirectHits, entries))%)"),
            ("    native jump table", "\(nativeJumpTableHits)"),
            ("  dispatcher lookups", "\(lookups)  (\(pct(lookups, entries))%)"),
            ("    jump cache hits", "\(jumpCacheHits)"),
            ("    map hits", "\(mapHits)"),
            ("    misses (translations)", "\(misses)"),
            ("hit rate", "\(pct(entries - misses, entries))%"),
            ("blocks translated", "\(translations)"),
            ("guest instructions translated", "\(instructionsTranslated)"),
            ("mean block length", String(format2: meanBlockLength)),
            ("IR bytes", "\(irBytes)"),
            ("chain links created", "\(linksCreated)"),
            ("inline cache misses", "\(inlineCacheMisses)"),
            ("return-address stack misses", "\(rasMisses)"),
            ("indirect jumps to the dispatcher", "\(indirectMisses)"),
            ("code changes", "\(invalidations.values.reduce(0, +))"),
        ]
        rows += CodeChangeCause.allCases.map { ("  " + $0.label, "\(invalidations["\($0)"] ?? 0)") }
        rows += [
            ("blocks invalidated", "\(blocksInvalidated)"),
            ("evictions (blocks evicted)", "\(evictions) (\(blocksEvicted))"),
            ("fence.i executed", "\(fenceIs)"),
            ("cache flushes", "\(flushes)"),
            ("time translating", String(format2: translateSeconds * 1000) + " ms"),
            ("time executing", String(format2: executeSeconds * 1000) + " ms"),
            ("time total", String(format2: totalSeconds * 1000) + " ms"),
            ("native blocks compiled (code bytes)", "\(nativeBlocksCompiled) (\(nativeCodeBytes))"),
            ("native blocks fused into regions", "\(nativeBlocksFused)"),
            ("time compiling native code", String(format2: nativeCompileSeconds * 1000) + " ms"),
            ("native entries / chain hits", "\(nativeEntries) / \(nativeChainHits)"),
            ("native inline cache hits / misses", "\(nativeInlineCacheHits) / \(nativeInlineCacheMisses)"),
            ("native return stack hits / misses", "\(nativeRasHits) / \(nativeRasMisses)"),
            ("native jump table hits / misses", "\(nativeJumpTableHits) / \(nativeJumpTableMisses)"),
            ("native chains patched / fallbacks / dropped", "\(nativeChainsPatched) / \(nativeFallbacks) / \(nativeBlocksDropped)"),
        ]
        if nativeChildQuietEntries > 0 { rows.append(("native quiet entries (forked child)", "\(nativeChildQuietEntries)")) }
        if let sampleInterval { rows.append(("samples (every \(sampleInterval) instructions)", "\(samples.count)")) }
        let width = rows.map(\.0.count).max() ?? 0
        var lines = ["tern: translation cache statistics"] + rows.map {
            "  " + $0.0 + String(repeating: " ", count: width - $0.0.count) + "  " + $0.1
        }
        if !hottestBlocks.isEmpty { lines += hottestBlocksText }
        if let unimplementedSyscalls, !unimplementedSyscalls.isEmpty {
            lines.append("tern: unimplemented syscalls and unsupported requests (calls)")
            let width = unimplementedSyscalls.keys.map(\.count).max() ?? 0
            for (name, count) in unimplementedSyscalls.sorted(by: { $0.key < $1.key }) {
                lines.append("  " + name + String(repeating: " ", count: width - name.count) + "  \(count)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The hottest-blocks section of `text`.
    private var hottestBlocksText: [String] {
        var lines = ["tern: hottest blocks (of \(hottestBlocks.count))"]
        for (rank, b) in hottestBlocks.enumerated() {
            let name = b.symbol.map { " <\($0)>" } ?? ""
            lines.append("  #\(rank + 1) 0x\(String(b.pc, radix: 16))\(name)  executions \(b.executions)  instructions \(b.instructions)")
            for line in b.disassembly {
                lines.append("      \(String(line.pc, radix: 16)):  " + line.plainText)
            }
        }
        return lines
    }
}

extension String {
    /// "123" (tenths) → "12.3".
    fileprivate var withDecimal: String {
        let v = Int(self) ?? 0
        return "\(v / 10).\(v % 10)"
    }
    /// A value with two decimals, without Foundation.
    fileprivate init(format2 v: Double) {
        let scaled = Int((v * 100).rounded())
        let frac = abs(scaled % 100)
        self = "\(scaled / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
