import XCTest
import TernCore
import TernLinux

/// `--tcache-size`, `--stats-interval`, `--profile-blocks` parsing and validation,
/// and the ELF symbol table behind `--profile-blocks`.
final class RunOptionTests: XCTestCase {
    func testCacheSizeParsing() {
        let cases: [(String, TranslationCacheSize?)] = [
            ("65536", .bytes(65536)), ("512K", .bytes(512 << 10)), ("512kb", .bytes(512 << 10)),
            ("64M", .bytes(64 << 20)), ("64MiB", .bytes(64 << 20)), ("1G", .bytes(1 << 30)),
            ("256blocks", .blocks(256)), ("1block", .blocks(1)), ("4Blocks", .blocks(4)),
            ("0", nil), ("", nil), ("K", nil), ("-1", nil), ("12Q", nil), ("1.5M", nil), ("64 M", nil),
            ("99999999999999999999", nil), ("9223372036854775807G", nil), ("0blocks", nil),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(TranslationCacheSize(parsing: text), expected, text)
        }
        XCTAssertEqual(TranslationCacheSize.default, .bytes(64 << 20))
    }

    func testBadValuesAreUsageErrors() throws {
        let sample = try ReleaseTern.sample("hello")
        let size = try ReleaseTern.run(["run", "--tcache-size", "12Q", sample])
        XCTAssertEqual(size.status, 64)
        XCTAssertTrue(size.stderr.hasPrefix("Error: --tcache-size expects a positive size such as 65536, 512K, 64M, 1G or 256blocks, got '12Q'\n"), size.stderr)
        let interval = try ReleaseTern.run(["run", "--stats-interval", "0", sample])
        XCTAssertEqual(interval.status, 64)
        XCTAssertTrue(interval.stderr.hasPrefix("Error: --stats-interval expects a positive number of million instructions, got 0\n"), interval.stderr)
        let profile = try ReleaseTern.run(["run", "--profile-blocks", "0", sample])
        XCTAssertEqual(profile.status, 64)
        XCTAssertTrue(profile.stderr.hasPrefix("Error: --profile-blocks expects a positive block count, got 0\n"), profile.stderr)
    }

    func testSymbolTableOfAnAssemblySample() throws {
        let table = try ELFSymbolTable(path: try ReleaseTern.sample("loop"))
        let add3 = try XCTUnwrap(table.symbols.first { $0.name == "add3" })
        XCTAssertEqual(add3.size, 4, "addi s1,s1,3 (compressed) and ret (compressed)")
        XCTAssertTrue(add3.isFunction)
        XCTAssertEqual(table.name(for: add3.address), "add3")
        XCTAssertEqual(table.name(for: add3.address + 2), "add3+0x2")
        XCTAssertEqual(table.name(for: add3.address + 4), "add1")
        XCTAssertNil(table.name(for: 0x10))
    }

    func testSymbolLookupRules() {
        let table = ELFSymbolTable(symbols: [
            .init(name: "data", address: 0x2000, size: 8, isFunction: false),
            .init(name: "f", address: 0x1000, size: 0x10, isFunction: true),
            .init(name: "alias_object", address: 0x1000, size: 0x10, isFunction: false),
            .init(name: "label", address: 0x1800, size: 0, isFunction: true),
        ])
        XCTAssertEqual(table.name(for: 0x1000), "f", "functions win at the same address")
        XCTAssertEqual(table.name(for: 0x100f), "f+0xf")
        XCTAssertNil(table.name(for: 0x1010), "past f's size, before label")
        XCTAssertEqual(table.name(for: 0x1fff), "label+0x7ff", "a size-0 symbol reaches the next one")
        XCTAssertEqual(table.name(for: 0x2004), "data+0x4")
        XCTAssertNil(table.name(for: 0x2008))
    }

    func testStrippedOrMissingFiles() throws {
        XCTAssertThrowsError(try ELFSymbolTable(path: "/nonexistent/elf"))
        let table = ELFSymbolTable(symbols: [])
        XCTAssertNil(table.name(for: 0x10000))
    }
}
