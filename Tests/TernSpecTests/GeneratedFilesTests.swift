import Foundation
import TernGen
import XCTest

/// The checked-in generated sources are exactly what `tern-gen` makes from TernSpec.
final class GeneratedFilesTests: XCTestCase {
    /// The package root (this file is Tests/TernSpecTests/GeneratedFilesTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func testDescriptionIsConsistent() {
        XCTAssertEqual(SpecValidation.problems(), [])
    }

    func testGeneratedFilesAreCurrent() throws {
        let files = try SpecGenerator.files()
        XCTAssertGreaterThanOrEqual(files.count, 8)
        for file in files {
            let url = Self.root.appendingPathComponent(file.path)
            let onDisk = try String(contentsOf: url, encoding: .utf8)
            XCTAssertTrue(onDisk == file.contents,
                          "\(file.path) is not what tern-gen generates: run `make generate` (swift run tern-gen)")
        }
    }
}
