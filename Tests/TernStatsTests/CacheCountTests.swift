import XCTest
import TernCore

/// Exact translation cache counts of the assembly samples (Samples/*.S) under
/// the release tern. Each expected value is derived in the comments from the
/// sample's block structure (see the header of each sample).
final class CacheCountTests: XCTestCase {
    /// loop.S, N = 1,000,000 iterations of: call add3; jalr s2 (add1); addi; bnez.
    /// Blocks: S (_start, 6 insns, ends at the first call), F1 (add3, 2), B1 (jalr, 1),
    /// F2 (add1, 2), B2 (addi+bnez, 2), B3 (loop: call, 1, iterations 2..N), then the
    /// tail: B4 (mv+call, 2), P0 (print_u64 up to its digit loop, 10), P1 (digit loop,
    /// 6, run 6 more times for 7 digits), P2 (write, 6), P3 (addi+ret, 2), E (exit, 3).
    /// Counted under the threaded engine: the native tier (`--engine auto`, the
    /// default) chains and dispatches differently.
    func testLoopCountsAreExact() throws {
        let (run, s) = try ReleaseTern.stats("loop", ["--engine", "threaded"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "4000000\n")
        let n: UInt64 = 1_000_000
        // S 6, iteration 1: 2+1+2+2, iterations 2..N: 1+2+1+2+2; tail 2+10+36+6+2+3.
        XCTAssertEqual(s.retired, 6 + 7 + 8 * (n - 1) + 59)
        XCTAssertEqual(s.translations, 12)
        XCTAssertEqual(s.misses, 12)
        // Lookups: the 12 misses, F1 and B1 in iteration 2 (jump cache: their call
        // site B3 is new), P1's first loop-back (its link is made then).
        XCTAssertEqual(s.lookups, 15)
        XCTAssertEqual(s.jumpCacheHits, 3)
        XCTAssertEqual(s.mapHits, 0)
        // B2 -> B3 and B3 -> F1 in iterations 3..N, P1 -> P1 four times.
        XCTAssertEqual(s.chainedTransitions, 2 * (n - 2) + 4)
        // add1's return in iterations 2..N, add3's return in iterations 3..N.
        XCTAssertEqual(s.rasHits, (n - 1) + (n - 2))
        // Returns whose return site was not linked yet: add3 and add1 in iteration 1,
        // add3 in iteration 2 (new call site B3), print_u64's return.
        XCTAssertEqual(s.rasMisses, 4)
        XCTAssertEqual(s.inlineCacheHits, n - 1)
        XCTAssertEqual(s.inlineCacheMisses, 1)
        XCTAssertEqual(s.indirectHits, 0)
        XCTAssertEqual(s.indirectMisses, s.inlineCacheMisses + s.rasMisses)
        XCTAssertEqual(s.blockEntries, 5 * n + 1 + 6 + 3 + 1) // loop blocks, B4 P0 P1x7 P2 P3 E
        XCTAssertEqual(s.linksCreated, 13)
        XCTAssertEqual(s.evictions, 0)
        XCTAssertEqual(s.invalidations.values.reduce(0, +), 0)
    }

    /// smc.S: call patched (prints 1), store `li a0, 2` over it, fence.i, call again (prints 2).
    func testSelfModifyingCodeRunsTheNewCode() throws {
        let (run, s) = try ReleaseTern.stats("smc")
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "1\n2\n")
        XCTAssertEqual(s.invalidations, ["guestStore": 1, "hostWrite": 0, "mmap": 0, "munmap": 0, "mprotect": 0,
                                          "mremap": 0, "madvise": 0, "icacheFlush": 0])
        XCTAssertEqual(s.blocksInvalidated, 1, "only `patched` lives on the written page")
        XCTAssertEqual(s.fenceIs, 1)
        // 1 + 2 + 1 + 10 + 6 + 2 (first call and print), 6 (la, li, sw, fence.i),
        // 1 + 2 + 1 + 10 + 6 + 2 (second), 3 (exit).
        XCTAssertEqual(s.retired, 53)
        // 11 blocks plus `patched` again plus the fence.i block after the stepped store.
        XCTAssertEqual(s.translations, 12)
    }

    /// jit.S: 500 rounds of writing `li a0, i; ret` to an RWX page, fence.i, call.
    func testJITLikeGuestStaysCorrect() throws {
        let (run, s) = try ReleaseTern.stats("jit")
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "125250\n")
        // Round 1 writes before anything was translated there; rounds 2..500 each
        // hit the write-protected page once.
        XCTAssertEqual(s.invalidations["guestStore"], 499)
        XCTAssertEqual(s.blocksInvalidated, 499)
        XCTAssertEqual(s.fenceIs, 500)
        // mmap 8, setup 7, 500 rounds of 11, tail 2 + 10 + 5 * 6 + 6 + 2 + 3.
        XCTAssertEqual(s.retired, 8 + 7 + 500 * 11 + 53)
    }

    /// evict.S with a four-block cache: every one of the 8N + 2 block entries misses.
    func testTinyCacheEvictsExactly() throws {
        let (run, s) = try ReleaseTern.stats("evict", ["--tcache-size", "4blocks"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "evicted ok\n")
        XCTAssertEqual(s.translations, 802)
        XCTAssertEqual(s.misses, 802)
        XCTAssertEqual(s.lookups, 802)
        XCTAssertEqual(s.chainedTransitions, 0)
        XCTAssertEqual(s.evictions, 200, "translations 5, 9, ..., 801 find the cache full")
        XCTAssertEqual(s.blocksEvicted, 800)
        XCTAssertEqual(s.retired, 1610)
    }

    /// The same program with the default budget translates each block once.
    func testDefaultCacheDoesNotEvict() throws {
        let (_, s) = try ReleaseTern.stats("evict")
        XCTAssertEqual(s.translations, 11)
        XCTAssertEqual(s.evictions, 0)
        XCTAssertEqual(s.retired, 1610)
    }

    /// --stats-interval 1 on loop.S: one sample per million instructions. Every
    /// block boundary of an iteration k >= 2 falls on 8k-3, 8k-1, 8k, 8k+2 or 8k+5,
    /// so each multiple of 1,000,000 (a multiple of 8) is hit exactly.
    func testIntervalSamplesAreExact() throws {
        let (_, s) = try ReleaseTern.stats("loop", ["--stats-interval", "1"])
        XCTAssertEqual(s.sampleInterval, 1_000_000)
        XCTAssertEqual(s.samples.map(\.counters.retired), (1...8).map { UInt64($0) * 1_000_000 })
        XCTAssertEqual(s.samples.map(\.counters.translations), Array(repeating: 6, count: 8))
        XCTAssertEqual(s.retired, 8_000_064)
        XCTAssertEqual(s.schemaVersion, 6)
    }

    /// --profile-blocks on loop.S: the five loop blocks, named from the symbol table.
    func testProfileNamesTheHottestBlocks() throws {
        let (run, s) = try ReleaseTern.stats("loop", ["--profile-blocks", "5", "--stats"])
        let top = s.hottestBlocks
        XCTAssertEqual(top.map(\.executions), [1_000_000, 1_000_000, 1_000_000, 1_000_000, 999_999])
        XCTAssertEqual(top.map(\.symbol), ["_start+0x16", "_start+0x18", "add3", "add1", "_start+0x12"])
        XCTAssertEqual(top.map(\.instructions), [1, 2, 2, 2, 1])
        XCTAssertEqual(top[2].disassembly.map(\.plainText), ["addi s1,s1,3", "ret"])
        XCTAssertTrue(run.stderr.contains("tern: hottest blocks (of 5)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("<add3>  executions 1000000  instructions 2"), run.stderr)
    }

    /// Entry counts survive evictions: with a four-block cache every block of
    /// evict.S is translated 100 times, and its counts add up.
    func testProfileCountsAddUpAcrossEvictions() throws {
        let (_, s) = try ReleaseTern.stats("evict", ["--tcache-size", "4blocks", "--profile-blocks", "3"])
        XCTAssertEqual(s.evictions, 200)
        XCTAssertEqual(s.hottestBlocks.map(\.executions), [100, 100, 100], "b1, b2, b3 (b0 runs 99 times)")
        XCTAssertEqual(s.hottestBlocks.map(\.instructions), [2, 2, 2])
    }

    /// ... and invalidations: jit.S's generated function is translated 500 times
    /// at one pc; the profile shows 500 entries and the code as it is at exit.
    func testProfileCountsAddUpAcrossInvalidations() throws {
        let (_, s) = try ReleaseTern.stats("jit", ["--profile-blocks", "12"])
        let generated = s.hottestBlocks.filter { $0.symbol == nil }
        XCTAssertEqual(generated.count, 1, "only the mmap'ed page has no symbol")
        XCTAssertEqual(generated.first?.executions, 500)
        XCTAssertEqual(generated.first?.disassembly.map(\.plainText), ["li a0,500", "ret"])
    }
}
