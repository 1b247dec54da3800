import Foundation
import XCTest
import TernCore

/// Runs the release `tern` (built by `make build`) as the end-to-end tests do.
enum ReleaseTern {
    /// The repository root.
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0 ..< 3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var executable: String { root + "/.build/release/tern" }

    /// Output of one run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `tern ARGUMENTS` to completion.
    static func run(_ arguments: [String]) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestFailure("\(executable) is missing: run `make build` (swift build -c release --product tern) first")
        }
        return try Tool.run(executable, arguments, environment: ["PATH": "/usr/bin:/bin", "LANG": "C"])
    }

    /// Path of a built sample, failing clearly when `make samples` has not run.
    static func sample(_ name: String) throws -> String {
        let path = root + "/Samples/out/" + name
        guard FileManager.default.fileExists(atPath: path) else {
            throw TestFailure("\(path) is missing: run `make samples` first")
        }
        return path
    }

    /// Runs a sample with `--stats-json` (plus `flags`); returns the run and its statistics.
    static func stats(_ sample: String, _ flags: [String] = []) throws -> (Result, StatsReport) {
        let json = temporaryPath("stats.json")
        let result = try run(["run", "--stats-json", json] + flags + [try Self.sample(sample)])
        let report = try JSONDecoder().decode(StatsReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        return (result, report)
    }

    /// A fresh path in a private temporary directory.
    static func temporaryPath(_ name: String) -> String {
        let dir = NSTemporaryDirectory() + "ternstats-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/" + name
    }
}

/// Runs a host tool to completion.
enum Tool {
    static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ReleaseTern.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ReleaseTern.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                  stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A test precondition that failed (a missing build product), reported as an error.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
