import XCTest
import JITRuntime
import TernCore
import TernReference

/// The native x86-64 tier: differential runs against the threaded engine,
/// guest faults inside native code, chaining and unchaining on code changes,
/// and W^X while native code runs.
final class NativeTierTests: XCTestCase {
    /// `superblocks` false: every `jal` ends its block (tests counting per-block events).
    private func runner(_ words: [UInt32], engine: Engine, superblocks: Bool = true) throws -> GuestRunner {
        let r = try GuestRunner(words)
        r.machine.superblocks = superblocks
        XCTAssertTrue(r.machine.setEngine(engine))
        XCTAssertEqual(r.machine.engine, engine)
        let mprotect = getenv("TERN_CODE_MPROTECT").map { String(cString: $0) == "1" } ?? false
        XCTAssertEqual(r.machine.nativeCodeMemory, engine == .threaded ? nil : mprotect ? .mprotect : .dualMapped)
        return r
    }

    // MARK: Differential: random integer programs give identical states

    /// A deterministic generator for the program fuzzer (Knuth's MMIX LCG, high bits mixed down).
    private struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// A random loop body of covered ops (ALU, loads/stores on x20's page,
    /// forward branches), run 20 times: x22 counts the iterations.
    private func randomProgram(seed: UInt64) -> [UInt32] {
        var rng = Rng(state: seed)
        func reg() -> UInt32 { UInt32(rng.below(16)) }  // x0..x15
        let rr: [(UInt32, UInt32, UInt32)] = [(0, 0, 0x33), (0x20, 0, 0x33), (0, 1, 0x33), (0, 2, 0x33), (0, 3, 0x33),
                                              (0, 4, 0x33), (0, 5, 0x33), (0x20, 5, 0x33), (0, 6, 0x33), (0, 7, 0x33),
                                              (1, 0, 0x33), (0, 0, 0x3b), (0x20, 0, 0x3b), (0, 1, 0x3b), (0, 5, 0x3b),
                                              (0x20, 5, 0x3b), (1, 0, 0x3b),
                                              // Ops run through body calls (M extension rest).
                                              (1, 1, 0x33), (1, 2, 0x33), (1, 3, 0x33), (1, 4, 0x33), (1, 5, 0x33),
                                              (1, 6, 0x33), (1, 7, 0x33), (1, 4, 0x3b), (1, 5, 0x3b), (1, 6, 0x3b),
                                              (1, 7, 0x3b)]
        var body: [UInt32] = []
        for _ in 0..<(20 + rng.below(40)) {
            let imm = Int32(rng.below(4096)) - 2048
            switch rng.below(11) {
            case 0...2:
                let (f7, f3, op) = rr[rng.below(rr.count)]
                body.append(Enc.r(f7, reg(), reg(), f3, reg(), op))
            case 3...4:
                let f3 = [0, 2, 3, 4, 6, 7][rng.below(6)]
                body.append(Enc.i(imm, reg(), UInt32(f3), reg(), 0x13))
            case 5:
                let sh = Int32(rng.below(64)), shw = Int32(rng.below(32))
                body.append([Enc.i(sh, reg(), 1, reg(), 0x13), Enc.i(sh, reg(), 5, reg(), 0x13),
                             Enc.i(0x400 | sh, reg(), 5, reg(), 0x13), Enc.i(imm, reg(), 0, reg(), 0x1b),
                             Enc.i(shw, reg(), 1, reg(), 0x1b), Enc.i(shw, reg(), 5, reg(), 0x1b),
                             Enc.i(0x400 | shw, reg(), 5, reg(), 0x1b)][rng.below(7)])
            case 6:
                body.append(Enc.u(UInt32(rng.below(1 << 20)), reg(), [0x37, 0x17][rng.below(2)]))
            case 7:
                let off = Int32(rng.below(2040))
                body.append(Enc.i(off, 20, UInt32([0, 1, 2, 3, 4, 5, 6][rng.below(7)]), reg(), 0x03))
            case 8:
                let off = Int32(rng.below(2040))
                body.append(Enc.s(off, reg(), 20, UInt32(rng.below(4)), 0x23))
            case 9:  // FP loads and stores (fld/flw, fsd/fsw) on f0..f7
                let off = Int32(rng.below(2040)), f = UInt32(rng.below(8))
                body.append(rng.below(2) == 0 ? Enc.i(off, 20, UInt32(2 + rng.below(2)), f, 0x07)
                                              : Enc.s(off, f, 20, UInt32(2 + rng.below(2)), 0x27))
            default:
                let skip = Int32(4 * (1 + rng.below(3)))
                body.append(Enc.b(skip + 4, reg(), reg(), UInt32([0, 1, 4, 5, 6, 7][rng.below(6)])))
            }
        }
        // Forward branches may skip past the end of the body: pad with nops.
        body += [Enc.addi(0, 0, 0), Enc.addi(0, 0, 0), Enc.addi(0, 0, 0)]
        let loop = [Enc.addi(22, 22, -1), Enc.bne(22, 0, -Int32(4 * (body.count + 1)))]
        return [Enc.lui(20, 0x20), Enc.addi(22, 0, 20)] + body + loop
    }

    private struct Outcome: Equatable {
        var stop: StopReason, pc: UInt64, x: [UInt64], f: [UInt64], data: [UInt8], retired: UInt64
    }

    private func outcome(_ words: [UInt32], engine: Engine, seed: UInt64) throws -> (Outcome, CacheCounters) {
        let r = try runner(words, engine: engine)
        var rng = Rng(state: ~seed)
        for i in 1..<16 { r.hart[x: i] = rng.next() >> UInt64(rng.below(64)) }
        for i in 0..<8 { r.hart[f: i] = rng.next() }
        let stop = r.run(maxInstructions: 1_000_000)
        let data = try r.machine.memory.read(GuestRunner.dataBase, count: 4096)
        let o = Outcome(stop: stop, pc: r.hart.pc, x: (0..<32).map { r.hart[x: $0] }, f: (0..<32).map { r.hart[f: $0] }, data: data,
                        retired: r.machine.counters.retired)
        return (o, r.machine.counters)
    }

    /// The same program and initial registers under the reference interpreter (its
    /// own decoder and semantics): the independent answer for ops that the native
    /// tier runs through the threaded engine's own bodies (div, rem, mulh...).
    private func referenceOutcome(_ words: [UInt32], seed: UInt64) -> (pc: UInt64, x: [UInt64], f: [UInt64], data: [UInt8]) {
        let memory = ReferenceMemory()
        let code = (words + [Enc.ecall]).flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
        for page in 0..<16 {
            let chunk = [UInt8](code.dropFirst(page * 4096).prefix(4096)) + [UInt8](repeating: 0, count: 4096)
            chunk.withUnsafeBytes { memory.mapPage(GuestRunner.codeBase / 4096 + UInt64(page), access: [.read, .execute], contents: $0.baseAddress) }
            memory.mapPage(GuestRunner.dataBase / 4096 + UInt64(page), access: [.read, .write], contents: nil)
        }
        let cpu = ReferenceInterpreter(memory: memory)
        cpu.pc = GuestRunner.codeBase
        var rng = Rng(state: ~seed)
        for i in 1..<16 { cpu.x[i] = rng.next() >> UInt64(rng.below(64)) }
        for i in 0..<8 { cpu.f[i] = rng.next() }
        var steps = 0
        while cpu.step() == nil && steps < 1_000_000 { steps += 1 }
        let data = (0..<4096).map { memory.peek(GuestRunner.dataBase + UInt64($0)) ?? 0xee }
        return (cpu.pc, cpu.x, cpu.f, data)
    }

    func testRandomProgramsMatchThreadedEngine() throws {
        var compiled: UInt64 = 0
        for seed in UInt64(1)...60 {
            let words = randomProgram(seed: seed)
            let (reference, _) = try outcome(words, engine: .threaded, seed: seed)
            XCTAssertEqual(reference.stop, .ecall)
            // The threaded engine itself against the independent reference interpreter.
            let oracle = referenceOutcome(words, seed: seed)
            XCTAssertEqual(reference.pc, oracle.pc, "seed \(seed): threaded vs reference interpreter")
            XCTAssertEqual(reference.x, oracle.x, "seed \(seed): threaded vs reference interpreter")
            XCTAssertEqual(reference.f, oracle.f, "seed \(seed): threaded vs reference interpreter")
            XCTAssertTrue(reference.data == oracle.data, "seed \(seed): data page differs from the reference interpreter")
            for engine in [Engine.native, .auto] {
                let (o, counters) = try outcome(words, engine: engine, seed: seed)
                let context = "seed \(seed), engine \(engine)"
                XCTAssertEqual(o.stop, reference.stop, context)
                XCTAssertEqual(o.pc, reference.pc, context)
                XCTAssertEqual(o.x, reference.x, context)
                XCTAssertEqual(o.f, reference.f, context)
                XCTAssertEqual(o.retired, reference.retired, context)
                XCTAssertTrue(o.data == reference.data, "data page differs: " + context)
                compiled += counters.native.blocksCompiled
            }
        }
        XCTAssertGreaterThan(compiled, 120, "both native engines compiled blocks")
    }

    /// The same programs with code memory in the mprotect fallback mode
    /// (TERN_CODE_MPROTECT=1: no memfd dual mapping).
    func testRandomProgramsInMprotectMode() throws {
        setenv("TERN_CODE_MPROTECT", "1", 1)
        defer { unsetenv("TERN_CODE_MPROTECT") }
        for seed in UInt64(100)...110 {
            let words = randomProgram(seed: seed)
            let (reference, _) = try outcome(words, engine: .threaded, seed: seed)
            let (o, counters) = try outcome(words, engine: .native, seed: seed)
            XCTAssertEqual(o.x, reference.x, "seed \(seed)")
            XCTAssertEqual(o.retired, reference.retired, "seed \(seed)")
            XCTAssertTrue(o.data == reference.data, "data page differs: seed \(seed)")
            XCTAssertGreaterThan(counters.native.chainsPatched, 0)
            XCTAssertEqual(tern_code_count_wx_mappings(), 0)
        }
    }

    /// A forked child (mprotect mode, where each code write costs two
    /// mprotect calls) writes no native code for its first
    /// `forkedChildQuietEntries` dispatcher entries, then compiles as usual;
    /// results and counts stay exact. `fork { 0 }` takes the child's path here.
    func testForkedChildWritesNoNativeCodeDuringItsQuietPeriod() throws {
        setenv("TERN_CODE_MPROTECT", "1", 1)
        defer { unsetenv("TERN_CODE_MPROTECT") }
        // x22 = 40960 iterations of a loop block that starts mid-block (at +4).
        let words = [Enc.lui(22, 10), Enc.addi(5, 5, 1), Enc.addi(22, 22, -1), Enc.bne(22, 0, -8)]
        let threaded = try runner(words, engine: .threaded)
        XCTAssertEqual(threaded.run(maxInstructions: nil), .ecall)
        let r = try runner(words, engine: .auto)
        XCTAssertEqual(r.machine.fork { 0 }, 0)
        XCTAssertEqual(r.machine.run(r.hart, maxInstructions: 3 * 1000), .budgetExhausted)
        XCTAssertEqual(r.machine.counters.native.blocksCompiled, 0, "hot, but quiet")
        XCTAssertEqual(r.machine.counters.native.chainsPatched, 0)
        XCTAssertGreaterThan(r.machine.counters.native.childQuietEntries, 990)
        XCTAssertEqual(r.run(maxInstructions: nil), .ecall)
        XCTAssertEqual(r.hart[x: 5], 40960)
        XCTAssertEqual(r.machine.counters.retired, threaded.machine.counters.retired)
        XCTAssertEqual(r.machine.counters.native.childQuietEntries, 1 << 15, "NativeTier.forkedChildQuietEntries")
        XCTAssertGreaterThan(r.machine.counters.native.blocksCompiled, 0, "compiled after the quiet period")
        XCTAssertGreaterThan(r.machine.counters.native.entries, 0)
        // Without the fork there is no quiet period.
        let parent = try runner(words, engine: .auto)
        XCTAssertEqual(parent.run(maxInstructions: nil), .ecall)
        XCTAssertEqual(parent.machine.counters.native.childQuietEntries, 0)
        XCTAssertGreaterThan(parent.machine.counters.native.blocksCompiled, 0)
    }

    /// A code arena (one page) too small for a loop over 40 blocks: when it is
    /// full, all native code is dropped (chains with it) and compiling starts
    /// over; results and counts stay exact.
    func testFullCodeArenaDropsAndRecompiles() throws {
        let chain = (0..<40).flatMap { k in [Enc.addi(5, 5, Int32(k)), Enc.jal(0, 4)] }
        let words = [Enc.addi(22, 0, 20)] + chain + [Enc.addi(22, 22, -1), Enc.bne(22, 0, -Int32(4 * (chain.count + 1)))]
        let threaded = try runner(words, engine: .threaded, superblocks: false)
        XCTAssertEqual(threaded.run(), .ecall)
        XCTAssertEqual(threaded.hart[x: 5], 20 * (0..<40).reduce(0, +))
        let r = try GuestRunner(words)
        r.machine.superblocks = false  // 40 blocks, not one superblock
        XCTAssertTrue(r.machine.setEngine(.native, codeMemoryBytes: 4096))
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 5], threaded.hart[x: 5])
        XCTAssertEqual(r.machine.counters.retired, threaded.machine.counters.retired)
        XCTAssertGreaterThan(r.machine.counters.native.blocksDropped, 40)
        XCTAssertGreaterThan(r.machine.counters.native.blocksCompiled, 80)
    }

    // MARK: Faults inside native code

    func testUnmappedLoadInNativeCodeFaultsAtItsPC() throws {
        let r = try runner([Enc.addi(5, 0, 1), Enc.addi(6, 0, 2), Enc.lui(7, 0x50), Enc.ld(8, 7, 8)], engine: .native)
        XCTAssertEqual(r.run(), .loadFault(address: 0x50008))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 12)
        XCTAssertEqual(r.machine.counters.retired, 3)
        XCTAssertEqual(r.hart[x: 6], 2)
        XCTAssertEqual(r.machine.counters.native.blocksCompiled, 1)
        XCTAssertEqual(r.machine.counters.native.entries, 1)
    }

    /// A fault after many chained iterations: the retired count the native code
    /// kept in a register is recovered from the fault context.
    func testFaultAfterChainedIterationsKeepsExactCounts() throws {
        // x7 = 0x2ffb0; loop: x6 += [x7]; x7 += 8; j loop  -> faults at 0x30000
        let words = [Enc.lui(7, 0x30), Enc.addi(7, 7, -80), Enc.ld(8, 7, 0), Enc.add(6, 6, 8), Enc.addi(7, 7, 8),
                     Enc.jal(0, -12)]
        // Without superblocks: the loop is one block per iteration (with them, unrolled).
        let threaded = try runner(words, engine: .threaded, superblocks: false)
        XCTAssertEqual(threaded.run(), .loadFault(address: 0x30000))
        let r = try runner(words, engine: .native, superblocks: false)
        XCTAssertEqual(r.run(), .loadFault(address: 0x30000))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 8)
        XCTAssertEqual(r.machine.counters.retired, threaded.machine.counters.retired)
        XCTAssertEqual(r.machine.counters.retired, 2 + 10 * 4)
        XCTAssertEqual(r.hart[x: 7], 0x30000)
        // Iterations 2...10 entered through the loop's own back edge.
        XCTAssertEqual(r.machine.counters.native.chainHits, 9)
    }

    func testStoreToReadOnlyPageInNativeCodeIsStoreFault() throws {
        let r = try runner([Enc.addi(6, 0, 7), Enc.lui(5, 0x10), Enc.sw(6, 5, 0)], engine: .native)
        XCTAssertEqual(r.run(), .storeFault(address: 0x10000))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 8)
        XCTAssertEqual(r.machine.counters.retired, 2)
    }

    func testAddressOutsideGuestSpaceTrapsFromNativeCode() throws {
        let r = try runner([Enc.addi(5, 0, -1), Enc.addi(6, 0, 1), Enc.sd(6, 5, 0)], engine: .native)
        XCTAssertEqual(r.run(), .storeFault(address: .max))
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 8)
        XCTAssertEqual(r.machine.counters.retired, 2)
        let l = try runner([Enc.lui(5, 0x4000), Enc.slli(5, 5, 12), Enc.lw(6, 5, 0)], engine: .native)  // 2^38
        XCTAssertEqual(l.run(), .loadFault(address: 1 << 38))
    }

    /// An op without its own x86-64 form (div) runs its threaded body through
    /// a System V call from the native code.
    func testBodyCallForOpWithoutOwnForm() throws {
        let r = try runner([Enc.addi(5, 0, 84), Enc.addi(6, 0, 2), Enc.div(7, 5, 6), Enc.addi(8, 7, 1)], engine: .native)
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 8], 43)
        XCTAssertEqual(r.machine.counters.retired, 5)  // the ecall's block counts it, as in the threaded engine
        XCTAssertEqual(r.machine.counters.native.fallbacks, 0)
        XCTAssertEqual(r.machine.counters.native.blocksCompiled, 1)
    }

    /// A terminator the tier does not compile (ebreak) hands the rest of the
    /// block to the threaded engine with the same state and counts.
    func testFallbackToThreadedAtUnhandledTerminator() throws {
        let words = [Enc.addi(5, 0, 1), Enc.addi(6, 0, 2), Enc.ebreak]
        let threaded = try runner(words, engine: .threaded)
        XCTAssertEqual(threaded.run(), .ebreak)
        let r = try runner(words, engine: .native)
        XCTAssertEqual(r.run(), .ebreak)
        XCTAssertEqual(r.hart.pc, GuestRunner.codeBase + 8)
        XCTAssertEqual(r.hart[x: 6], 2)
        XCTAssertEqual(r.machine.counters.retired, threaded.machine.counters.retired)
        XCTAssertEqual(r.machine.counters.native.fallbacks, 1)
    }

    // MARK: Chaining, unchaining, code changes

    /// A self-loop jumps back to its own loop head natively; a host write to its
    /// code drops the block (unpatching the chains into it), so the new
    /// instruction runs.
    func testChainedLoopIsUnchainedWhenItsCodeChanges() throws {
        let words = [Enc.addi(5, 0, 100), Enc.addi(6, 6, 1), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8)]
        let r = try runner(words, engine: .native)
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 6], 100)
        let first = r.machine.counters.native
        // Patched: entry block -> loop, loop -> exit block (loop -> loop needs no patch).
        XCTAssertEqual(first.chainsPatched, 2)
        // Every self-transition of the loop block (iterations 2...100) stays native.
        XCTAssertEqual(first.chainHits, 98)
        let add2 = Enc.addi(6, 6, 2)
        try r.machine.memory.protect(GuestRunner.codeBase, length: 0x1000, protection: [.read, .write, .execute])
        try r.machine.memory.write(GuestRunner.codeBase + 4, (0..<4).map { UInt8(truncatingIfNeeded: add2 >> ($0 * 8)) })
        r.hart.pc = GuestRunner.codeBase
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 6], 300)
        XCTAssertGreaterThanOrEqual(r.machine.counters.native.blocksDropped, 1)
        XCTAssertEqual(r.machine.counters.native.chainHits, 98 * 2)
        XCTAssertEqual(r.machine.counters.retired, 2 * (1 + 300 + 1))
    }

    /// A block on another page stays compiled when the block it chains into is
    /// dropped (its code changed): the patched jump into the dropped block must be
    /// pointed back at its exit path, or the kept block jumps into freed code and
    /// runs the old instructions.
    func testChainIntoADroppedBlockFromAKeptBlockIsUnpatched() throws {
        let machine = try Machine()
        XCTAssertTrue(machine.setEngine(.native))
        try machine.memory.map(0x10000, length: 0x1000, protection: [.read, .execute])
        try machine.memory.map(0x11000, length: 0x1000, protection: [.read, .write, .execute])
        func bytes(_ words: [UInt32]) -> [UInt8] { words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } } }
        func put(_ address: UInt64, _ words: [UInt32]) throws { try machine.memory.write(address, bytes(words)) }
        try bytes([Enc.addi(5, 0, 100), Enc.jal(0, 0xffc)]).withUnsafeBytes { try machine.memory.writeInitial(0x10000, $0) }             // A: to the loop on the next page
        try put(0x11000, [Enc.addi(6, 6, 1), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8), Enc.ecall])   // B: the loop
        let hart = Hart()
        hart.pc = 0x10000
        XCTAssertEqual(machine.run(hart), .ecall)
        XCTAssertEqual(hart[x: 6], 100)
        XCTAssertGreaterThanOrEqual(machine.counters.native.chainsPatched, 2, "A -> B and B -> its exit were patched")
        // A second pass runs A -> B through the patched jump.
        hart.pc = 0x10000
        XCTAssertEqual(machine.run(hart), .ecall)
        XCTAssertEqual(hart[x: 6], 200)
        let dropped = machine.counters.native.blocksDropped
        try put(0x11000, [Enc.addi(6, 6, 2)])                                     // B now adds 2
        hart.pc = 0x10000
        XCTAssertEqual(machine.run(hart), .ecall)
        XCTAssertGreaterThan(machine.counters.native.blocksDropped, dropped, "B was dropped")
        XCTAssertEqual(hart[x: 6], 400, "A's jump reached the new B")
    }

    /// Calls and returns: `jalr` finds the native return block through the
    /// tier's jump table, so only the first pass through each edge dispatches.
    func testReturnsJumpThroughTheNativeJumpTable() throws {
        let words = [Enc.addi(5, 0, 50), Enc.jal(1, 16), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8), Enc.jal(0, 12),
                     Enc.addi(6, 6, 3), Enc.jalr(0, 1, 0)]
        // Block shapes as listed below: the exit `j` ends its block.
        let threaded = try runner(words, engine: .threaded, superblocks: false)
        XCTAssertEqual(threaded.run(), .ecall)
        let r = try runner(words, engine: .native, superblocks: false)
        XCTAssertEqual(r.run(), .ecall)
        XCTAssertEqual(r.hart[x: 6], 150)
        XCTAssertEqual(r.hart.pc, threaded.hart.pc)
        XCTAssertEqual(r.machine.counters.retired, threaded.machine.counters.retired)
        // Entries: start, f, return block, loop head (each on its first, unpatched
        // arrival), then the exit jump and the ecall block.
        XCTAssertEqual(r.machine.counters.native.entries, 7)
        XCTAssertEqual(r.machine.counters.native.blocksCompiled, 6)
    }

    /// Two functions whose entries share a slot of the direct-mapped native
    /// jump table (2 MiB apart): calling the second evicts the first, and the
    /// first takes its slot back on its next dispatcher entry, so a loop of
    /// calls to it afterwards stays native however long it runs.
    func testJumpTableEntryIsRefilledAfterAConflict() throws {
        func nativeEntries(loopB: Int32) throws -> (entries: UInt64, calls: UInt64) {
            let machine = try Machine()
            XCTAssertTrue(machine.setEngine(.native))
            let main: UInt64 = 0x10_0000, f: UInt64 = 0x10_1000, g: UInt64 = 0x30_1000
            for page in [main, f, g] { try machine.memory.map(page, length: 0x1000, protection: [.read, .execute]) }
            func put(_ at: UInt64, _ words: [UInt32]) throws {
                let bytes = words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
                try bytes.withUnsafeBytes { try machine.memory.writeInitial(at, $0) }
            }
            try put(main, [Enc.lui(6, 0x101), Enc.lui(8, 0x301), Enc.addi(5, 0, 10),
                           Enc.jalr(1, 6, 0), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8),   // 10 calls of f
                           Enc.jalr(1, 8, 0),                                           // g takes f's slot
                           Enc.addi(5, 0, loopB),
                           Enc.jalr(1, 6, 0), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8),   // loopB calls of f
                           Enc.ecall])
            try put(f, [Enc.addi(7, 7, 1), Enc.jalr(0, 1, 0)])
            try put(g, [Enc.addi(9, 9, 1), Enc.jalr(0, 1, 0)])
            let hart = Hart()
            hart.pc = main
            XCTAssertEqual(machine.run(hart), .ecall)
            XCTAssertEqual(hart[x: 9], 1)
            return (machine.counters.native.entries, hart[x: 7])
        }
        let short = try nativeEntries(loopB: 10), long = try nativeEntries(loopB: 40)
        XCTAssertEqual(short.calls, 20)
        XCTAssertEqual(long.calls, 50)
        XCTAssertEqual(long.entries, short.entries, "30 more calls of f and returns, none through the dispatcher")
    }

    /// A guest store into its own (writable) code from native code: the page
    /// fault invalidates the native block and the new instruction runs.
    func testSelfModifyingStoreFromNativeCode() throws {
        let machine = try Machine()
        XCTAssertTrue(machine.setEngine(.native))
        try machine.memory.map(0x10000, length: 0x1000, protection: [.read, .write, .execute])
        let newWord = Enc.addi(10, 0, 2)
        let code = [Enc.lui(7, 0x10), Enc.lw(8, 7, 0x20), Enc.sw(8, 7, 0x14), Enc.jal(0, 4),
                    Enc.addi(11, 0, 5), Enc.addi(10, 0, 1), Enc.ecall, 0, newWord]
        try machine.memory.write(0x10000, code.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } })
        let hart = Hart()
        // First pass translates and compiles the block at 0x10010, second pass patches it.
        hart.pc = 0x10010
        XCTAssertEqual(machine.run(hart), .ecall)
        XCTAssertEqual(hart[x: 10], 1)
        hart.pc = 0x10000
        XCTAssertEqual(machine.run(hart), .ecall)
        XCTAssertEqual(hart[x: 10], 2)
        XCTAssertEqual(hart[x: 11], 5)
    }

    /// No mapping is writable and executable while native code is live
    /// (checked between budget slices of a running guest).
    func testWXHoldsDuringANativeRun() throws {
        let words = [Enc.addi(5, 0, 1000), Enc.addi(6, 6, 1), Enc.addi(5, 5, -1), Enc.bne(5, 0, -8)]
        let r = try runner(words, engine: .native)
        var slices = 0
        while r.run(maxInstructions: 500) == .budgetExhausted {
            XCTAssertEqual(tern_code_count_wx_mappings(), 0)
            slices += 1
        }
        XCTAssertEqual(slices, 5)  // 3002 instructions in slices of >= 500 (block granularity)
        XCTAssertEqual(r.hart[x: 6], 1000)
        XCTAssertGreaterThan(r.machine.counters.native.blocksCompiled, 0)
    }

    /// Machines free their native tier (code arena) when they go away, also
    /// after guest faults unwound native code (at most 64 arenas can be live).
    func testManyFaultingMachinesInSequence() throws {
        for _ in 0..<100 {
            let r = try runner([Enc.lui(7, 0x50), Enc.ld(8, 7, 0)], engine: .native)
            XCTAssertEqual(r.run(), .loadFault(address: 0x50000))
        }
    }

    /// A machine is freed after a guest fault unwound its engine (both engines).
    func testMachineIsFreedAfterAFault() throws {
        for engine in [Engine.threaded, .native] {
            weak var weakMachine: Machine?
            try {
                let r = try runner([Enc.lui(7, 0x50), Enc.ld(8, 7, 0)], engine: engine)
                XCTAssertEqual(r.run(), .loadFault(address: 0x50000))
                weakMachine = r.machine
            }()
            XCTAssertNil(weakMachine, "\(engine)")
        }
    }

    func testEngineSwitchAndThreadedDefault() throws {
        let machine = try Machine()
        XCTAssertEqual(machine.engine, .threaded)
        XCTAssertEqual(machine.setEngine(.auto), Engine.nativeAvailable)
        XCTAssertTrue(machine.setEngine(.threaded))
        XCTAssertEqual(machine.engine, .threaded)
    }
}
