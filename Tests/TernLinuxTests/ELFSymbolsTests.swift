import XCTest
@testable import TernLinux

/// Section and symbol parsing for `tern disasm` on hand-built ELF images.
final class ELFSymbolsTests: XCTestCase {
    func testWithoutSectionHeadersTheExecutableSegmentIsListed() throws {
        let path = temporaryFile(ELFBuilder.valid(code: [0x73, 0x00, 0x10, 0x00, 0x82, 0x80]).bytes())
        let symbols = try ELFSymbols(path: path)
        XCTAssertEqual(symbols.sections.map(\.name), ["LOAD"])
        XCTAssertEqual(symbols.symbols, [])
        let code: UInt64 = 0x10000 + 64 + 2 * 56
        let lines = try XCTUnwrap(ELFDisassembly(symbols).lines(from: code, count: 5))
        XCTAssertEqual(lines.map(\.text), ["ebreak", "ret"])
        XCTAssertEqual(lines.map(\.length), [4, 2])
        XCTAssertNil(ELFDisassembly(symbols).lines(from: 0x20000, count: 1))
        XCTAssertEqual(ELFDisassembly.render(Array(lines.prefix(1))),
                       "\nDisassembly of section LOAD:\n   100b0:\t00100073          \tebreak\n")
    }

    func testSectionHeadersPastTheEndAreATruncationError() {
        var bytes = ELFBuilder.valid().bytes()
        for (i, b) in [0x00, 0x10, 0, 0, 0, 0, 0, 0].enumerated() { bytes[0x28 + i] = UInt8(b) }  // e_shoff = 0x1000
        bytes[0x3a] = 64; bytes[0x3c] = 3                                                         // shentsize, shnum
        let path = temporaryFile(bytes)
        XCTAssertThrowsError(try ELFSymbols(path: path)) { error in
            XCTAssertEqual((error as? LoadError)?.kind, .truncated)
        }
    }

    func testSamplesHaveSymbolsAndLabels() throws {
        let path = repositoryRoot + "/Samples/out/hello"
        guard FileManager.default.fileExists(atPath: path) else { throw XCTSkip("\(path) not built") }
        let symbols = try ELFSymbols(path: path)
        let main = try XCTUnwrap(symbols.symbols.first { $0.name == "main" })
        XCTAssertEqual(symbols.describe(main.address), "main")
        XCTAssertEqual(symbols.describe(main.address + 6), "main+0x6")
        XCTAssertEqual(symbols.label(at: main.address), "main")
        XCTAssertTrue(symbols.sections.contains { $0.name == ".text" && $0.isExecutable })
        XCTAssertFalse(symbols.symbols.contains { $0.name.hasPrefix("$") })
    }
}
