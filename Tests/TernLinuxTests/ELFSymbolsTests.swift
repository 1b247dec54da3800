import XCTest
import TernTestSupport
@testable import TernLinux

/// Section and symbol parsing (TernELF) for `tern disasm` on hand-built ELF images and samples.
final class ELFSymbolsTests: XCTestCase {
    func testWithoutSectionHeadersTheExecutableSegmentIsListed() throws {
        let path = temporaryFile(ELFBuilder.valid(code: [0x73, 0x00, 0x10, 0x00, 0x82, 0x80]).bytes())
        let listing = try ELFDisassembly(ELFFile(contentsOf: path))
        XCTAssertEqual(listing.sections.map(\.name), ["LOAD"])
        XCTAssertEqual(listing.symbols.symbols, [])
        let code: UInt64 = 0x10000 + 64 + 2 * 56
        let lines = try XCTUnwrap(listing.lines(from: code, count: 5))
        XCTAssertEqual(lines.map(\.text), ["ebreak", "ret"])
        XCTAssertEqual(lines.map(\.length), [4, 2])
        XCTAssertNil(listing.lines(from: 0x20000, count: 1))
        XCTAssertEqual(ELFDisassembly.render(Array(lines.prefix(1))),
                       "\nDisassembly of section LOAD:\n   100b0:\t00100073          \tebreak\n")
    }

    func testSectionHeadersPastTheEndAreATruncationError() {
        var bytes = ELFBuilder.valid().bytes()
        for (i, b) in [0x00, 0x10, 0, 0, 0, 0, 0, 0].enumerated() { bytes[0x28 + i] = UInt8(b) }  // e_shoff = 0x1000
        bytes[0x3a] = 64; bytes[0x3c] = 3                                                         // shentsize, shnum
        let path = temporaryFile(bytes)
        XCTAssertThrowsError(try ELFDisassembly(ELFFile(contentsOf: path))) { error in
            XCTAssertEqual((error as? LoadError)?.kind, .truncated)
        }
        XCTAssertThrowsError(try ELFSymbolTable(path: path)) { error in
            XCTAssertEqual((error as? LoadError)?.kind, .truncated)
        }
    }

    func testSamplesHaveSymbolsAndLabels() throws {
        let path = repositoryRoot + "/Samples/out/hello"
        guard FileManager.default.fileExists(atPath: path) else { throw MissingPrerequisite(path, hint: "make samples") }
        let listing = try ELFDisassembly(ELFFile(contentsOf: path))
        let symbols = listing.symbols
        let main = try XCTUnwrap(symbols.symbol(named: "main"))
        XCTAssertEqual(symbols.name(for: main.address), "main")
        XCTAssertEqual(symbols.name(for: main.address + 6), "main+0x6")
        XCTAssertEqual(symbols.label(at: main.address), "main")
        XCTAssertTrue(listing.sections.contains { $0.name == ".text" && $0.isExecutable })
        XCTAssertFalse(symbols.symbols.contains { $0.name.hasPrefix("$") })
    }

    /// `defines` (bare-metal detection at every start) answers as the table does,
    /// for every symbol of a static program and for absent names (the bare-metal
    /// images' absolute `tohost` is make isa-test's).
    func testDefinesAgreesWithTheTable() throws {
        let hello = repositoryRoot + "/Samples/out/hello"
        guard FileManager.default.fileExists(atPath: hello) else { throw MissingPrerequisite(hello, hint: "make samples") }
        let elf = try ELFFile(contentsOf: hello)
        let table = try ELFSymbolTable(elf)
        XCTAssertGreaterThan(table.symbols.count, 500)
        for symbol in table.symbols + table.absoluteSymbols {
            XCTAssertTrue(ELFSymbolTable.defines(symbol.name, in: elf), symbol.name)
        }
        for absent in ["tohost", "mai", "main_", "", "$x", "nonexistent_symbol"] {
            XCTAssertEqual(ELFSymbolTable.defines(absent, in: elf), table.symbol(named: absent) != nil, absent)
        }
    }
}

/// The one address lookup shared by profiles, traces and disassembly.
final class ELFSymbolLookupTests: XCTestCase {
    func testAContainingFunctionWinsOverALabelInsideIt() {
        let table = ELFSymbolTable(symbols: [
            .init(name: "loop", address: 0x1012, size: 0, kind: .untyped, isGlobal: false),
            .init(name: "_start", address: 0x1000, size: 0x30, kind: .function),
            .init(name: "after", address: 0x1040, size: 0, kind: .untyped, isGlobal: false),
            .init(name: "local_alias", address: 0x1040, size: 0, kind: .untyped, isGlobal: false),
            .init(name: "global_alias", address: 0x1040, size: 0, kind: .untyped),
        ])
        XCTAssertEqual(table.name(for: 0x1012), "_start+0x12")
        XCTAssertEqual(table.name(for: 0x1016), "_start+0x16")
        XCTAssertEqual(table.label(at: 0x1012), "loop")
        XCTAssertNil(table.label(at: 0x1016))
        XCTAssertEqual(table.name(for: 0x1030), "loop+0x1e", "past _start's size the nearest label reaches on")
        XCTAssertEqual(table.name(for: 0x1044), "global_alias+0x4", "globals first at one address")
        XCTAssertEqual(table.label(at: 0x1040), "global_alias")
        XCTAssertNil(table.name(for: 0xfff))
        XCTAssertEqual(table.symbol(named: "loop")?.address, 0x1012)
        XCTAssertNil(table.symbol(named: "missing"))
    }
}

extension ELFSymbolLookupTests {
    func testALabelEndsWithItsSection() {
        let table = ELFSymbolTable(symbols: [
            .init(name: "message", address: 0x12000, size: 0, kind: .untyped, isGlobal: false, sectionEnd: 0x12010),
        ])
        XCTAssertEqual(table.name(for: 0x1200f), "message+0xf")
        XCTAssertNil(table.name(for: 0x12010), "e.g. an mmap'ed page above the data")
    }
}

extension ELFSymbolLookupTests {
    func testAbsoluteSymbolsAreFoundByNameOnly() {
        let table = ELFSymbolTable(symbols: [.init(name: "tohost", address: 0x2000, size: 8, kind: .object)],
                                   absoluteSymbols: [.init(name: "tohost", address: 0x1000, size: 0, kind: .untyped),
                                                     .init(name: "limit", address: 0x1000, size: 0, kind: .untyped)])
        XCTAssertEqual(table.symbol(named: "tohost")?.address, 0x2000, "a section symbol wins")
        XCTAssertEqual(table.symbol(named: "limit")?.address, 0x1000)
        XCTAssertNil(table.name(for: 0x1000))
    }
}
