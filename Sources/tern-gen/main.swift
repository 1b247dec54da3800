import Foundation
import TernGen

// Writes the files generated from Sources/TernSpec into the package at the
// given root (default: the current directory). `make generate` runs it.
let root = CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath
do {
    for file in try SpecGenerator.files() {
        let url = URL(fileURLWithPath: root).appendingPathComponent(file.path)
        let old = try? String(contentsOf: url, encoding: .utf8)
        if old == file.contents { continue }
        try file.contents.write(to: url, atomically: true, encoding: .utf8)
        print("tern-gen: wrote \(file.path)")
    }
} catch {
    FileHandle.standardError.write("tern-gen: \(error)\n".data(using: .utf8)!)
    exit(1)
}
