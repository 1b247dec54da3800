import XCTest
import JITRuntime

/// Entry/exit trampolines, helper calls and chain jumps, on hand-written code.
final class TrampolineTests: XCTestCase {
    private var arena: OpaquePointer!
    private var trampolines = TernTrampolines()
    /// A fake state block (reached through rbx) and a fake memory base (r12).
    private let state = UnsafeMutablePointer<UInt64>.allocate(capacity: 8)
    private let memory = UnsafeMutablePointer<UInt64>.allocate(capacity: 8)

    override func setUpWithError() throws {
        arena = try XCTUnwrap(tern_code_arena_create(1 << 16, 0))
        XCTAssertEqual(tern_trampolines_create(arena, &trampolines), 0)
        state.initialize(repeating: 0, count: 8)
        memory.initialize(repeating: 0, count: 8)
    }

    override func tearDown() {
        tern_trampolines_destroy(arena, &trampolines)
        tern_code_arena_destroy(arena)
        state.deallocate()
        memory.deallocate()
    }

    private func exit(_ reason: TernNativeExit) -> UnsafePointer<UInt8> {
        withUnsafeBytes(of: trampolines.exits) { $0.load(fromByteOffset: Int(reason.rawValue) * 8, as: UnsafePointer<UInt8>.self) }
    }

    private func newCode(_ size: Int = 256) throws -> CodeBytes {
        CodeBytes(at: UnsafePointer(try XCTUnwrap(tern_code_alloc(arena, size))))
    }

    private func enter(_ code: CodeBytes) -> UInt32 {
        trampolines.enter(code.origin, state, memory)
    }

    /// The entry trampoline pins state and memory base; the exit restores every
    /// callee-saved register the generated code clobbered and returns the reason.
    func testRoundTripPreservesRegisters() throws {
        var c = try newCode()
        c.raw([0x4c, 0x89, 0x23])                    // mov [rbx], r12       (memory base)
        c.raw([0x48, 0x89, 0x5b, 0x08])              // mov [rbx+8], rbx     (state)
        c.raw([0x48, 0x89, 0xe0])                    // mov rax, rsp
        c.raw([0x48, 0x89, 0x43, 0x10])              // mov [rbx+16], rax    (stack pointer)
        for clobber: [UInt8] in [[0x48, 0xc7, 0xc5], [0x49, 0xc7, 0xc5], [0x49, 0xc7, 0xc6], [0x49, 0xc7, 0xc7]] {
            c.raw(clobber); c.imm32(-1)              // mov rbp/r13/r14/r15, -1
        }
        c.raw([0x48, 0xc7, 0xc3]); c.imm32(-1)       // mov rbx, -1
        c.raw([0x49, 0xc7, 0xc4]); c.imm32(-1)       // mov r12, -1
        c.jmp(exit(TernNativeExitSyscall))
        XCTAssertTrue(c.install(in: arena))
        var preserved = [UInt64](repeating: 0, count: 6)
        let reason = tern_native_enter_probe(trampolines.enter, c.origin, state, memory, &preserved)
        XCTAssertEqual(reason, TernNativeExitSyscall.rawValue)
        let expected = withUnsafeBytes(of: tern_native_probe_values) { Array($0.bindMemory(to: UInt64.self)) }
        XCTAssertEqual(preserved, expected)
        XCTAssertEqual(state[0], UInt64(UInt(bitPattern: memory)))
        XCTAssertEqual(state[1], UInt64(UInt(bitPattern: state)))
        XCTAssertEqual(state[2] % 16, 0, "generated code runs with a 16-byte aligned stack")
    }

    func testEveryExitReasonReturnsItsValue() throws {
        for r in 0..<TernNativeExitCount.rawValue {
            var c = try newCode(16)
            c.jmp(exit(TernNativeExit(rawValue: r)))
            XCTAssertTrue(c.install(in: arena))
            XCTAssertEqual(enter(c), r)
        }
    }

    /// A System V helper called from generated code (stack aligned, state in
    /// rdi) sees the state and returns a value; inside it, the process has no
    /// writable+executable mapping.
    func testHelperCall() throws {
        let helper: @convention(c) (UnsafeMutablePointer<UInt64>, UInt64) -> UInt64 = { state, x in
            state[3] = UInt64(bitPattern: Int64(tern_code_count_wx_mappings()))
            return state[4] &* 3 &+ x
        }
        state[4] = 14
        var c = try newCode()
        c.raw([0x48, 0x89, 0xdf])                    // mov rdi, rbx
        c.raw([0x48, 0xc7, 0xc6]); c.imm32(7)        // mov rsi, 7
        c.movRAX(UInt64(UInt(bitPattern: unsafeBitCast(helper, to: UnsafeRawPointer.self))))
        c.raw([0xff, 0xd0])                          // call rax
        c.raw([0x48, 0x89, 0x43, 0x28])              // mov [rbx+40], rax
        c.jmp(exit(TernNativeExitBudget))
        XCTAssertTrue(c.install(in: arena))
        XCTAssertEqual(enter(c), TernNativeExitBudget.rawValue)
        XCTAssertEqual(state[5], 49)
        XCTAssertEqual(state[3], 0)
    }

    /// Block A adds 1 and leaves through a chain jump; B adds 100. Unchained, A
    /// exits with a lookup miss; chained, A runs into B; unchained again, A exits.
    func testChainPatchAndUnpatch() throws {
        for mprotect in [false, true] {
            let chainArena = try XCTUnwrap(tern_code_arena_create(1 << 16, mprotect ? 1 : 0))
            defer { tern_code_arena_destroy(chainArena) }
            var t = TernTrampolines()
            XCTAssertEqual(tern_trampolines_create(chainArena, &t), 0)
            let exits = withUnsafeBytes(of: t.exits) { Array($0.bindMemory(to: UnsafePointer<UInt8>.self)) }
            var a = CodeBytes(at: UnsafePointer(try XCTUnwrap(tern_code_alloc(chainArena, 64))))
            a.raw([0x48, 0x83, 0x03, 0x01])          // add qword [rbx], 1
            let site = a.chainJump()
            a.jmp(exits[Int(TernNativeExitLookupMiss.rawValue)])
            var b = CodeBytes(at: UnsafePointer(try XCTUnwrap(tern_code_alloc(chainArena, 64))))
            b.raw([0x48, 0x83, 0x03, 0x64])          // add qword [rbx], 100
            b.jmp(exits[Int(TernNativeExitBudget.rawValue)])
            XCTAssertTrue(a.install(in: chainArena))
            XCTAssertTrue(b.install(in: chainArena))
            let sitePtr = UnsafeMutablePointer(mutating: a.origin + site)
            state[0] = 0

            XCTAssertEqual(t.enter(a.origin, state, memory), TernNativeExitLookupMiss.rawValue)
            XCTAssertEqual(state[0], 1)
            XCTAssertEqual(tern_chain_patch(chainArena, sitePtr, b.origin), 0)
            XCTAssertEqual(tern_chain_target(sitePtr), b.origin)
            XCTAssertEqual(t.enter(a.origin, state, memory), TernNativeExitBudget.rawValue)
            XCTAssertEqual(state[0], 102)
            XCTAssertEqual(tern_chain_unpatch(chainArena, sitePtr), 0)
            XCTAssertEqual(tern_chain_target(sitePtr), a.origin + site + Int(TERN_CHAIN_JUMP_SIZE))
            XCTAssertEqual(t.enter(a.origin, state, memory), TernNativeExitLookupMiss.rawValue)
            XCTAssertEqual(state[0], 103)
            XCTAssertEqual(tern_chain_patch(chainArena, sitePtr + 1, b.origin), -1, "not a chain jump")
            XCTAssertEqual(tern_code_count_wx_mappings(), 0)
            tern_trampolines_destroy(chainArena, &t)
        }
    }
}
