import XCTest
import TernTestSupport
@testable import TernLinux
import TernCore
#if canImport(Glibc)
import Glibc
#endif

final class EndToEndTests: XCTestCase {
    /// Runs a sample with stdout redirected to a file; returns (exit, stdout).
    private func runSample(_ name: String, arguments: [String] = []) throws -> (ProcessExit, String) {
        let path = try builtSample(name)
        let outPath = temporaryFile([], name: "stdout")
        let outFD = open(outPath, O_WRONLY | O_TRUNC)
        fflush(nil)
        let saved = dup(1)
        dup2(outFD, 1)
        close(outFD)
        let process = try LinuxProcess(machine: Machine(), executablePath: path, arguments: [path] + arguments,
                                       options: LinuxOptions(environment: ["LANG=C"], warnUnsupported: false))
        let exit = process.run()
        dup2(saved, 1)
        close(saved)
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return (exit, output)
    }

    func testHello() throws {
        let (exit, output) = try runSample("hello")
        XCTAssertEqual(exit, .exited(0))
        XCTAssertTrue(output.lowercased().contains("hello"), output)
    }

    func testWildPointerIsSIGSEGV() throws {
        let (exit, _) = try runSample("bad/wildptr")
        guard case .signaled(let sig, let message) = exit else { return XCTFail("\(exit)") }
        XCTAssertEqual(sig, 11)
        XCTAssertTrue(message?.hasPrefix("tern: guest SIGSEGV at pc 0x") == true, "\(String(describing: message))")
    }

    func testIllegalIsSIGILL() throws {
        let (exit, _) = try runSample("bad/illegal")
        guard case .signaled(let sig, let message) = exit else { return XCTFail("\(exit)") }
        XCTAssertEqual(sig, 4, "\(String(describing: message))")
        XCTAssertNotNil(message, "a fault Tern finds is reported in one line")
    }
}
