import XCTest
import JITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The executable-memory arena: both W^X modes, allocation and freeing.
final class CodeMemoryTests: XCTestCase {
    private func withArena(mprotect: Bool, capacity: Int = 1 << 20, _ body: (OpaquePointer) throws -> Void) throws {
        let arena = try XCTUnwrap(tern_code_arena_create(capacity, mprotect ? 1 : 0))
        defer { tern_code_arena_destroy(arena) }
        try body(arena)
    }

    func testModes() throws {
        try withArena(mprotect: false) { XCTAssertEqual(tern_code_arena_mode($0), TernCodeDualMapped) }
        try withArena(mprotect: true) { XCTAssertEqual(tern_code_arena_mode($0), TernCodeMprotect) }
    }

    func testAllocFreeCoalesces() throws {
        for mprotect in [false, true] {
            try withArena(mprotect: mprotect) { arena in
                let start = tern_code_arena_start(arena)!
                let a = try XCTUnwrap(tern_code_alloc(arena, 100))
                let b = try XCTUnwrap(tern_code_alloc(arena, 17))
                let c = try XCTUnwrap(tern_code_alloc(arena, 16))
                XCTAssertEqual(UnsafePointer(a), start)
                XCTAssertEqual(UnsafePointer(b), start + 112)   // 100 rounded up to 16
                XCTAssertEqual(UnsafePointer(c), start + 144)   // 17 rounded up to 32
                XCTAssertEqual(tern_code_arena_used(arena), 160)
                tern_code_free(arena, b, 17)
                XCTAssertEqual(tern_code_alloc(arena, 32), b)    // first fit reuses the hole
                tern_code_free(arena, b, 32)
                tern_code_free(arena, a, 100)
                tern_code_free(arena, c, 16)
                XCTAssertEqual(tern_code_arena_used(arena), 0)
                // Fully coalesced: the whole arena is one range again.
                let all = tern_code_arena_capacity(arena)
                XCTAssertEqual(UnsafePointer(tern_code_alloc(arena, all)), start)
                XCTAssertNil(tern_code_alloc(arena, 16))
            }
        }
    }

    func testWriteIsVisibleInExecutableView() throws {
        for mprotect in [false, true] {
            try withArena(mprotect: mprotect) { arena in
                let p = try XCTUnwrap(tern_code_alloc(arena, 64))
                let bytes: [UInt8] = [0xc3, 0x90, 0x90, 0xcc]
                XCTAssertEqual(tern_code_write(arena, p, bytes, 4), 0)
                XCTAssertEqual(Array(UnsafeBufferPointer(start: p, count: 4)), bytes)
                XCTAssertEqual(tern_code_write32(arena, p + 4, 0xdead_beef), 0)
                XCTAssertEqual(UnsafeRawPointer(p + 4).load(as: UInt32.self), 0xdead_beef)
                XCTAssertEqual(tern_code_write32(arena, p + 5, 1), -1, "misaligned patch refused")
                XCTAssertEqual(tern_code_write(arena, p, bytes, tern_code_arena_capacity(arena) + 1), -1)
                XCTAssertEqual(tern_code_contains(p), 1)
            }
        }
        XCTAssertEqual(tern_code_contains(UnsafeRawPointer(bitPattern: 0x1000)), 0)
    }

    /// At most 64 arenas live at once (the fault guard must know each one);
    /// creation fails cleanly beyond that and works again after a destroy.
    func testLiveArenaLimit() throws {
        var arenas: [OpaquePointer] = []
        defer { arenas.forEach { tern_code_arena_destroy($0) } }
        while arenas.count < 100, let a = tern_code_arena_create(4096, 1) { arenas.append(a) }
        XCTAssertLessThanOrEqual(arenas.count, 64)  // fewer when other arenas are alive
        XCTAssertGreaterThan(arenas.count, 0)
        XCTAssertNil(tern_code_arena_create(4096, 1), "the 65th live arena is refused")
        tern_code_arena_destroy(arenas.removeLast())
        arenas.append(try XCTUnwrap(tern_code_arena_create(4096, 1)))
        XCTAssertEqual(tern_code_contains(tern_code_arena_start(arenas.last!)), 1)
    }

    /// A forked child shares a dual-mapped arena's pages until it writes:
    /// same address and contents, still dual-mapped, and its writes (the
    /// first one moves it to a private copy) stay its own and keep W^X.
    func testForkedChildGetsPrivateCode() throws {
        try withArena(mprotect: false) { arena in
            let p = try XCTUnwrap(tern_code_alloc(arena, 8192))
            let original: [UInt8] = [0xc3, 0x90, 0x90, 0x90]
            XCTAssertEqual(tern_code_write(arena, p, original, 4), 0)
            XCTAssertEqual(tern_code_write(arena, p + 5000, original, 4), 0)
            let pid = fork()
            if pid == 0 {
                let same = Array(UnsafeBufferPointer(start: p, count: 4)) == original
                let mode = tern_code_arena_mode(arena) == TernCodeDualMapped
                let changed: [UInt8] = [0xcc, 0xcc, 0xcc, 0xcc]
                let wrote = tern_code_write(arena, p, changed, 4) == 0 && p.pointee == 0xcc
                let kept = p[5000] == 0xc3  // the copy holds the rest of the code
                _exit(same && mode && wrote && kept && tern_code_count_wx_mappings() == 0 ? 0 : 1)
            }
            XCTAssertGreaterThan(pid, 0)
            var status: Int32 = 0
            XCTAssertEqual(waitpid(pid, &status, 0), pid)
            XCTAssertEqual(status, 0, "child checks failed")
            XCTAssertEqual(Array(UnsafeBufferPointer(start: p, count: 4)), original, "child write leaked into the parent")
            XCTAssertEqual(tern_code_arena_mode(arena), TernCodeDualMapped)
            // The parent's own first write after the fork copies too, and later ones go on in place.
            XCTAssertEqual(tern_code_write32(arena, p + 4, 0x9090_90c3), 0)
            XCTAssertEqual(p[4], 0xc3)
            XCTAssertEqual(p[5000], 0xc3)
            XCTAssertEqual(tern_code_write(arena, p + 8, original, 4), 0)
            XCTAssertEqual(Array(UnsafeBufferPointer(start: p + 8, count: 4)), original)
            XCTAssertEqual(tern_code_count_wx_mappings(), 0)
        }
    }

    /// The child's code is the code as it was at the fork, even while the
    /// parent goes on rewriting its code right after fork(): the parent's
    /// first write moves it to a copy of its own, the child keeps the pages.
    func testForkedChildCodeIsFrozenAtFork() throws {
        try withArena(mprotect: false, capacity: 4 << 20) { arena in
            let size = 2 << 20
            let p = try XCTUnwrap(tern_code_alloc(arena, size))
            let original = [UInt8](repeating: 0x90, count: size)
            XCTAssertEqual(tern_code_write(arena, p, original, size), 0)
            var fds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&fds), 0)
            let pid = fork()
            if pid == 0 {
                var byte: UInt8 = 0
                _ = read(fds[0], &byte, 1)  // the parent has rewritten everything
                let frozen = UnsafeBufferPointer(start: p, count: size).allSatisfy { $0 == 0x90 }
                _exit(frozen ? 0 : 1)
            }
            XCTAssertGreaterThan(pid, 0)
            let changed = [UInt8](repeating: 0xcc, count: 4096)
            for page in stride(from: 0, to: size, by: 4096) {
                XCTAssertEqual(tern_code_write(arena, p + page, changed, changed.count), 0)
            }
            var byte: UInt8 = 1
            XCTAssertEqual(write(fds[1], &byte, 1), 1)
            var status: Int32 = 0
            XCTAssertEqual(waitpid(pid, &status, 0), pid)
            XCTAssertEqual(status, 0, "the parent's writes after fork reached the child's code")
            close(fds[0]); close(fds[1])
        }
    }

    /// The audit sees a writable+executable mapping when one exists.
    func testAuditDetectsWritableExecutableMapping() throws {
        XCTAssertEqual(tern_code_count_wx_mappings(), 0)
        let p = mmap(nil, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        XCTAssertNotEqual(p, MAP_FAILED)
        XCTAssertEqual(tern_code_count_wx_mappings(), 1)
        munmap(p, 4096)
        XCTAssertEqual(tern_code_count_wx_mappings(), 0)
    }

    /// No mapping of the process is ever writable and executable at once, in
    /// either mode, after code was written and patched.
    func testNoWritableExecutableMapping() throws {
        for mprotect in [false, true] {
            try withArena(mprotect: mprotect) { arena in
                let p = try XCTUnwrap(tern_code_alloc(arena, 4096 * 3))
                let code = [UInt8](repeating: 0xc3, count: 4096 * 3)
                XCTAssertEqual(tern_code_write(arena, p, code, code.count), 0)
                XCTAssertEqual(tern_code_write32(arena, p + 4096, 0x9090_9090), 0)
                XCTAssertEqual(tern_code_count_wx_mappings(), 0)
            }
        }
    }
}
