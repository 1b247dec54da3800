import XCTest
@testable import TernLinux
@testable import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// mmap, munmap, mprotect, mremap and madvise drop exactly the translations of
/// the guest pages they change (threaded blocks and native code), count each
/// event under its cause, and leave every other translation alone.
final class CodeMappingTests: XCTestCase {
    /// Two code pages, each `addi a0, zero, value; ecall`.
    let pageA: UInt64 = 0x50_0000, pageB: UInt64 = 0x50_1000
    let prot = (r: UInt64(1), w: UInt64(2), x: UInt64(4))
    let privateAnonymous: UInt64 = 0x22, fixed: UInt64 = 0x10

    struct Guest {
        let machine: Machine
        let sys: SyscallHandler
        let hart = Hart()

        func call(_ name: String, _ args: UInt64...) -> Int64 {
            sys.handle(number: SyscallNames.number(name)!, args: SyscallArgs(args))
        }

        /// Runs from `pc` to the next stop; a0 at an ecall, nil on any other stop.
        func run(_ pc: UInt64) -> UInt64? {
            hart.pc = pc
            return machine.run(hart, maxInstructions: 100) == .ecall ? hart[x: 10] : nil
        }

        func invalidations(_ cause: CodeChangeCause) -> UInt64 { machine.counters.invalidations[cause.rawValue] }
        var totalInvalidations: UInt64 { machine.counters.invalidations.reduce(0, +) }
    }

    static func code(_ value: UInt32) -> [UInt8] {
        [value << 20 | 0x513, 0x73].flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> ($0 * 8)) } }
    }

    /// A machine under `engine` with pages A (returns 1) and B (returns 2)
    /// mapped read+execute, each run `runs` times (enough to compile natively).
    func guest(_ engine: Engine, runs: Int = Int(NativeTier.hotThreshold) + 4) throws -> Guest {
        let machine = try Machine()
        if engine != .threaded { XCTAssertTrue(machine.setEngine(engine)) }
        let sys = SyscallHandler(machine: machine, options: LinuxOptions(warnUnsupported: false),
                                 executablePath: "/bin/guest", breakStart: 0x100_0000)
        let g = Guest(machine: machine, sys: sys)
        for (page, value) in [(pageA, UInt32(1)), (pageB, 2)] {
            XCTAssertEqual(g.call("mmap", page, 0x1000, prot.r | prot.w, privateAnonymous | fixed, 0, 0), Int64(page))
            try machine.memory.write(page, Self.code(value))
            XCTAssertEqual(g.call("mprotect", page, 0x1000, prot.r | prot.x), 0)
        }
        for _ in 0..<runs {
            XCTAssertEqual(g.run(pageA), 1)
            XCTAssertEqual(g.run(pageB), 2)
        }
        if runs > 0 {
            XCTAssertEqual(machine.counters.translations, 2)
            if engine != .threaded { XCTAssertEqual(machine.counters.native.blocksCompiled, 2) }
        }
        return g
    }

    let engines: [Engine] = [.threaded, .auto, .native]

    /// Mapping, unmapping and reprotecting memory that holds no translated code
    /// (executable or not) drops nothing: no flush, no event, no retranslation.
    func testChangesAwayFromTranslatedCodeKeepEveryTranslation() throws {
        for engine in engines {
            let g = try guest(engine)
            let other = UInt64(g.call("mmap", 0, 0x4000, prot.r | prot.x, privateAnonymous, 0, 0))
            XCTAssertGreaterThan(other, 0)
            XCTAssertEqual(g.call("mprotect", other, 0x2000, prot.r | prot.w | prot.x), 0)
            XCTAssertEqual(g.call("mprotect", other, 0x1000, prot.r), 0)
            XCTAssertEqual(g.call("mmap", other, 0x1000, prot.r | prot.x, privateAnonymous | fixed, 0, 0), Int64(other))
            XCTAssertGreaterThan(g.call("mremap", other + 0x2000, 0x2000, 0x8000, 1), 0)
            XCTAssertEqual(g.call("madvise", other, 0x1000, 4), 0)
            XCTAssertEqual(g.call("munmap", other, 0x2000), 0)
            // A code page's protection changes but it stays executable: same contents, same translations.
            XCTAssertEqual(g.call("mprotect", pageA, 0x1000, prot.r | prot.w | prot.x), 0)
            XCTAssertEqual(g.call("mprotect", pageA, 0x1000, prot.r | prot.x), 0)
            XCTAssertEqual(g.run(pageA), 1)
            XCTAssertEqual(g.run(pageB), 2)
            let c = g.machine.counters
            XCTAssertEqual(g.totalInvalidations, 0, "\(engine)")
            XCTAssertEqual(c.flushes, 0, "\(engine)")
            XCTAssertEqual(c.blocksInvalidated, 0, "\(engine)")
            XCTAssertEqual(c.translations, 2, "\(engine)")
            XCTAssertEqual(c.native.blocksDropped, 0, "\(engine)")
        }
    }

    /// A code page made writable again stays write-protected in the host: a host
    /// write into it is still seen and drops its translation (and only its).
    func testCodePageMadeWritableStillDetectsWrites() throws {
        for engine in engines {
            let g = try guest(engine)
            XCTAssertEqual(g.call("mprotect", pageA, 0x1000, prot.r | prot.w | prot.x), 0)
            try g.machine.memory.write(pageA, Self.code(7))
            XCTAssertEqual(g.run(pageA), 7, "\(engine)")
            XCTAssertEqual(g.invalidations(.hostWrite), 1, "\(engine)")
            XCTAssertEqual(g.totalInvalidations, 1, "\(engine)")
            XCTAssertEqual(g.machine.counters.blocksInvalidated, 1, "\(engine)")
            XCTAssertEqual(g.run(pageB), 2)
            XCTAssertEqual(g.machine.counters.translations, 3, "page B kept its translation (\(engine))")
        }
    }

    /// munmap of one code page drops its translations only; running there faults.
    func testMunmapDropsOnlyTheUnmappedPage() throws {
        for engine in engines {
            let g = try guest(engine)
            XCTAssertEqual(g.call("munmap", pageB, 0x1000), 0)
            XCTAssertEqual(g.invalidations(.munmap), 1, "\(engine)")
            XCTAssertEqual(g.totalInvalidations, 1, "\(engine)")
            XCTAssertEqual(g.machine.counters.blocksInvalidated, 1, "\(engine)")
            XCTAssertEqual(g.run(pageA), 1)
            XCTAssertNil(g.run(pageB))
            // (native counters are folded into the machine's at the end of a run)
            if engine != .threaded { XCTAssertEqual(g.machine.counters.native.blocksDropped, 1, "\(engine)") }
            XCTAssertEqual(g.hart.pc, pageB)
            XCTAssertEqual(g.machine.counters.translations, 2, "\(engine)")
        }
    }

    /// mprotect without PROT_EXEC drops the page's translations; executing faults.
    func testMprotectWithoutExecDropsTheTranslations() throws {
        for engine in engines {
            let g = try guest(engine)
            XCTAssertEqual(g.call("mprotect", pageA, 0x1000, prot.r), 0)
            XCTAssertEqual(g.invalidations(.mprotect), 1, "\(engine)")
            XCTAssertEqual(g.totalInvalidations, 1)
            XCTAssertNil(g.run(pageA), "\(engine)")
            XCTAssertEqual(g.run(pageB), 2)
            XCTAssertEqual(g.call("mprotect", pageA, 0x1000, prot.r | prot.x), 0)
            XCTAssertEqual(g.run(pageA), 1, "\(engine)")
            XCTAssertEqual(g.machine.counters.translations, 3, "\(engine)")
        }
    }

    /// mmap over code (MAP_FIXED) and madvise(MADV_DONTNEED) of code each count
    /// under their own cause and run the new contents.
    func testMmapOverCodeAndMadviseCountUnderTheirCauses() throws {
        for engine in engines {
            let g = try guest(engine)
            XCTAssertEqual(g.call("mmap", pageA, 0x1000, prot.r | prot.w | prot.x, privateAnonymous | fixed, 0, 0), Int64(pageA))
            XCTAssertEqual(g.invalidations(.mmap), 1, "\(engine)")
            try g.machine.memory.write(pageA, Self.code(5))
            XCTAssertEqual(g.run(pageA), 5, "\(engine)")
            XCTAssertEqual(g.call("madvise", pageA, 0x1000, 4), 0)
            XCTAssertEqual(g.invalidations(.madvise), 1, "\(engine)")
            // The page reads back as zeros: an illegal instruction, not the stale block.
            XCTAssertNil(g.run(pageA), "\(engine)")
            XCTAssertEqual(g.totalInvalidations, 2, "\(engine)")
            XCTAssertEqual(g.run(pageB), 2)
        }
    }

    /// mremap moving a code page drops the old translations (cause mremap); the
    /// moved code runs at its new address.
    func testMremapMovesCode() throws {
        for engine in engines {
            let g = try guest(engine)
            let target: UInt64 = 0x60_0000
            XCTAssertEqual(g.call("mremap", pageA, 0x1000, 0x1000, 3, target), Int64(target))  // MAYMOVE|FIXED
            XCTAssertEqual(g.invalidations(.mremap), 1, "\(engine)")
            XCTAssertEqual(g.totalInvalidations, 1, "\(engine)")
            XCTAssertEqual(g.run(target), 1, "\(engine)")
            XCTAssertNil(g.run(pageA))
            XCTAssertEqual(g.run(pageB), 2)
        }
    }

    /// Code written through a second mapping of the same memory is invisible to
    /// the page tracking; `Machine.invalidateCode` (riscv_flush_icache) drops the
    /// stale translation, counted as an explicit flush, and nothing else.
    func testInvalidateCodeDropsTranslationsOfCodeWrittenThroughAnAlias() throws {
        for engine in engines {
            let g = try guest(engine, runs: 0)
            var template = Array("/tmp/tern-alias-XXXXXX".utf8CString)
            let fd = mkstemp(&template)
            XCTAssertGreaterThanOrEqual(fd, 0)
            unlink(template)
            defer { close(fd) }
            XCTAssertEqual(ftruncate(fd, 0x1000), 0)
            let exec: UInt64 = 0x70_0000, alias: UInt64 = 0x71_0000
            XCTAssertEqual(g.call("mmap", exec, 0x1000, prot.r | prot.x, 1 | fixed, UInt64(fd), 0), Int64(exec))
            XCTAssertEqual(g.call("mmap", alias, 0x1000, prot.r | prot.w, 1 | fixed, UInt64(fd), 0), Int64(alias))
            try g.machine.memory.write(alias, Self.code(3))
            for _ in 0..<20 { XCTAssertEqual(g.run(exec), 3) }
            try g.machine.memory.write(alias, Self.code(4))
            XCTAssertEqual(try g.machine.memory.load(exec, as: UInt32.self), 4 << 20 | 0x513)
            XCTAssertFalse(g.machine.invalidateCode(alias, alias + 0x1000), "no code was translated from the alias")
            XCTAssertTrue(g.machine.invalidateCode(exec + 4, exec + 6))
            XCTAssertEqual(g.invalidations(.icacheFlush), 1, "\(engine)")
            XCTAssertEqual(g.totalInvalidations, 1, "\(engine)")
            XCTAssertEqual(g.run(exec), 4, "\(engine)")
            XCTAssertEqual(g.run(pageA), 1)
        }
    }
}
