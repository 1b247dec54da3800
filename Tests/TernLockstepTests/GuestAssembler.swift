import XCTest
import TernTestSupport
import TernCore
import TernLinux
import TernLockstep
import TernReference
#if canImport(Glibc)
import Glibc
#endif

/// Builds small static guest executables from assembly with the cross toolchain.
enum GuestAssembler {
    /// Assembles `source` (GNU as syntax, `_start` entry) into a static
    /// executable; fails the calling test without the cross toolchain.
    static func build(_ source: String) throws -> String {
        guard let gcc = ["/usr/bin/riscv64-linux-gnu-gcc", "/usr/local/bin/riscv64-linux-gnu-gcc"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw MissingPrerequisite("riscv64-linux-gnu-gcc", hint: "make setup")
        }
        let dir = NSTemporaryDirectory() + "lockstep-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try source.write(toFile: dir + "/prog.S", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: gcc)
        p.arguments = ["-nostdlib", "-static", "-march=rv64gc", "-o", dir + "/prog", dir + "/prog.S"]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "assembling failed")
        return dir + "/prog"
    }
}

/// Runs the lockstep checker on a guest.
enum LockstepRun {
    /// Loads `path` and runs the checker with the guest's stdout sent to /dev/null.
    static func check(_ path: String, fault: InjectedFault? = nil, arguments: [String] = [],
                      engine: Engine = .threaded) throws -> (LockstepChecker, LockstepChecker.Outcome) {
        guard FileManager.default.fileExists(atPath: path) else { throw MissingPrerequisite(path, hint: "make samples") }
        let machine = try Machine()
        XCTAssertTrue(machine.setEngine(engine), "engine \(engine) unavailable")
        let process = try LinuxProcess(machine: machine, executablePath: path, arguments: [path] + arguments,
                                       options: LinuxOptions(environment: ["LANG=C"], warnUnsupported: false))
        let checker = LockstepChecker(process: process)
        checker.reference.injectedFault = fault
        fflush(nil)
        let saved = dup(1), null = open("/dev/null", O_WRONLY)
        dup2(null, 1)
        close(null)
        let outcome = checker.run()
        dup2(saved, 1)
        close(saved)
        return (checker, outcome)
    }

}
