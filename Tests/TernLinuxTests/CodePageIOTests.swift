import XCTest
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Syscalls that write guest memory holding translated code (found by `tern fuzz
/// --encodings`: a read() into a writable, executable page failed with EFAULT).
final class CodePageIOTests: XCTestCase {
    func testReadIntoTranslatedWritableCodeSucceedsAndInvalidates() throws {
        let machine = try Machine()
        let sys = SyscallHandler(machine: machine, options: LinuxOptions(warnUnsupported: false),
                                 executablePath: "/bin/guest", breakStart: 0x100_0000)
        let code: UInt64 = 0x50_0000
        try machine.memory.map(code, length: 0x1000, protection: [.read, .write, .execute])
        // addi a0, zero, 7; ecall
        try machine.memory.store(code, UInt32(0x0070_0513))
        try machine.memory.store(code + 4, UInt32(0x0000_0073))
        let hart = Hart()
        hart.pc = code
        _ = machine.run(hart, maxInstructions: 100)
        XCTAssertEqual(hart[x: 10], 7)

        // The page now holds translated code; read() a new first instruction into it.
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        defer { close(fds[0]); close(fds[1]) }
        let patch: [UInt8] = [0x13, 0x05, 0xa0, 0x02]   // addi a0, zero, 42
        XCTAssertEqual(write(fds[1], patch, 4), 4)
        XCTAssertEqual(sys.handle(number: SyscallNames.number("read")!, args: SyscallArgs([UInt64(fds[0]), code, 4])), 4)
        XCTAssertEqual(try machine.memory.load(code, as: UInt32.self), 0x02a0_0513)

        hart.pc = code
        _ = machine.run(hart, maxInstructions: 100)
        XCTAssertEqual(hart[x: 10], 42)
    }
}
