import ArgumentParser
import Foundation
import TernFuzz

extension Fuzz {
    /// `--syscalls`: programs of random system calls under tern, qemu and natively.
    func runSyscalls(directory: URL, tern: String) throws {
        let tools = Toolchain(compiler: cc, tern: tern, qemu: qemu, ternOptions: engine.map { ["--engine", $0.rawValue] } ?? [], timeout: 60)
        var fuzzer = SyscallFuzzer(tools: tools, hostCompiler: hostCc == "none" ? nil : hostCc, directory: directory) {
            FileHandle.standardOutput.write(Data(($0 + "\n").utf8))
        }
        fuzzer.verbose = verbose
        let first = parseSeed(seed)!
        let perProgram = min(batch, count)
        let indices = program.map { [$0] } ?? Array(0 ..< (count + batch - 1) / batch)
        let started = Date()
        let s: SyscallFuzzSummary
        do { s = try fuzzer.run(seed: first, indices: indices, callsPerProgram: perProgram) } catch {
            FileHandle.standardError.write(Data("tern: fuzz: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print("fuzz: syscalls, seed \(first): \(s.programs) programs of \(perProgram) calls, \(s.calls) calls issued, "
              + "\(s.returned) returned under tern; compared \(s.comparedWithLinux) with Linux, \(s.comparedWithQemu) with qemu; "
              + "\(s.ternCrashes) host crashes, \(s.ternHangs) hangs, \(s.mismatches) mismatches; "
              + "qemu: \(s.qemuCrashes) crashes, \(s.qemuDeviations) answers unlike Linux's"
              + (s.nativeStops > 0 ? "; \(s.nativeStops) native runs stopped early" : "")
              + String(format: " (%.1f s)", Date().timeIntervalSince(started)))
        if s.failures > 0 { throw ExitCode(1) }
    }
}
