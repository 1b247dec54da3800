import XCTest
import TernCore
@testable import TernBareMetal

/// Decoding of tohost values: exit, console output, syscall blocks, unknown devices.
final class HTIFTests: XCTestCase {
    static let page: UInt64 = 0x8000_1000

    private final class Console: @unchecked Sendable {
        var output: [(Int32, [UInt8])] = []
    }

    private func setUp(_ tohostValue: UInt64, block: [UInt64] = []) throws -> (HTIF, GuestMemory, Console) {
        let memory = try GuestMemory()
        try memory.map(Self.page, length: 0x2000, protection: [.read, .write])
        try memory.store(Self.page, tohostValue)
        for (i, w) in block.enumerated() { try memory.store(Self.page + 0x1000 + UInt64(8 * i), w) }
        try memory.write(Self.page + 0x1800, Array("hi\n".utf8))
        let console = Console()
        let htif = HTIF(tohost: Self.page, fromhost: Self.page + 64) { console.output.append(($0, $1)) }
        return (htif, memory, console)
    }

    func testOddPayloadOfDeviceZeroExits() throws {
        let (htif, memory, _) = try setUp(7 << 1 | 1)
        XCTAssertEqual(htif.serve(memory), .exit(7))
    }

    func testConsolePutcharIsNotAnExitEvenForOddBytes() throws {
        let (htif, memory, console) = try setUp(1 << 56 | 1 << 48 | 0x6f)
        XCTAssertEqual(htif.serve(memory), .none)
        XCTAssertEqual(console.output.map(\.1), [[0x6f]])
        XCTAssertEqual(try memory.load(Self.page, as: UInt64.self), 0, "tohost cleared")
        XCTAssertNotEqual(try memory.load(Self.page + 64, as: UInt64.self), 0, "fromhost answered")
    }

    func testSyscallBlockWriteAndExit() throws {
        let (htif, memory, console) = try setUp(Self.page + 0x1000, block: [64, 1, Self.page + 0x1800, 3])
        XCTAssertEqual(htif.serve(memory), .none)
        XCTAssertEqual(console.output.first?.0, 1)
        XCTAssertEqual(console.output.first?.1, Array("hi\n".utf8))
        XCTAssertEqual(try memory.load(Self.page + 0x1000, as: UInt64.self), 3, "result in word 0")
        XCTAssertEqual(try memory.load(Self.page + 64, as: UInt64.self), 1)
        let (htif2, memory2, _) = try setUp(Self.page + 0x1000, block: [93, 42])
        XCTAssertEqual(htif2.serve(memory2), .exitSyscall(42))
    }

    func testUnknownSyscallAndBadPointer() throws {
        let (htif, memory, console) = try setUp(Self.page + 0x1000, block: [1234])
        XCTAssertEqual(htif.serve(memory), .none)
        XCTAssertEqual(try memory.load(Self.page + 0x1000, as: UInt64.self), UInt64(bitPattern: -38))
        let (htif2, memory2, _) = try setUp(Self.page + 0x1000, block: [64, 1, 0x10, 4])
        XCTAssertEqual(htif2.serve(memory2), .none)
        XCTAssertEqual(try memory2.load(Self.page + 0x1000, as: UInt64.self), UInt64(bitPattern: -14))
        XCTAssertTrue(console.output.isEmpty)
    }

    func testUnknownDeviceIsConsumedWithoutAnswer() throws {
        let (htif, memory, _) = try setUp(5 << 56 | 3)
        XCTAssertEqual(htif.serve(memory), .none)
        XCTAssertEqual(try memory.load(Self.page, as: UInt64.self), 0)
        XCTAssertEqual(try memory.load(Self.page + 64, as: UInt64.self), 0)
    }
}
