import Foundation

/// Draws fuzzed calls from `SyscallFuzzTable` with a seeded generator.
public struct SyscallCallGenerator {
    var rng: Xoshiro

    public init(seed: UInt64) { rng = Xoshiro(seed: seed) }

    /// Boundary-biased integers.
    static let edges: [UInt64] = [0, 1, 2, 7, 8, 16, 255, 4096, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x1_0000_0000,
                                  0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff, 0xffff_ffff_ffff_fffe]

    mutating func pointerToBadMemory() -> UInt64 {
        switch rng.below(5) {
        case 0: return 0
        case 1: return SymbolicValue.encode("ro_path_0")  // read-only
        case 2: return SyscallFuzzHarness.halfMapped + 0x1000 - UInt64(1 + rng.below(16))  // runs into an unmapped page
        default: return rng.pick(SyscallFuzzHarness.unmapped)
        }
    }

    mutating func value(_ kind: FuzzArg) -> UInt64 {
        switch kind {
        case .fd:
            if rng.chance(85) { return UInt64(rng.below(17)) }
            return rng.pick([0xffff_ffff_ffff_ffff, 0xffff_ff9c, 999, 0x7fff_ffff, 0x1_0000_0003, 1001])
        case .dirfd:
            return rng.chance(70) ? 0xffff_ffff_ffff_ff9c : value(.fd)
        case .path:
            if rng.chance(88) {
                let i = rng.below(SyscallFuzzHarness.paths.count)
                return SymbolicValue.encode((rng.chance(50) ? "ro_" : "rw_") + "path_\(i)")
            }
            return pointerToBadMemory()
        case .output:
            if rng.chance(85) { return SymbolicValue.encode("out_area", offset: rng.chance(80) ? 8 * rng.below(512) : rng.below(4096)) }
            return pointerToBadMemory()
        case .input:
            if rng.chance(85) {
                let i = rng.below(SyscallFuzzHarness.paths.count)
                return SymbolicValue.encode((rng.chance(50) ? "ro_" : "rw_") + "path_\(i)")
            }
            return pointerToBadMemory()
        case .fixture(let f):
            if rng.chance(85) || f == .timespec {  // never a NULL timespec: that is an infinite wait
                return SymbolicValue.encode((rng.chance(50) ? "ro_" : "rw_") + "\(f.rawValue)_\(rng.below(SyscallFuzzHarness.fixtureCount(f)))")
            }
            return pointerToBadMemory()
        case .size:
            if rng.chance(60) { return UInt64(rng.below(SyscallFuzzHarness.outSize / 2)) }
            return rng.pick(Self.edges)
        case .int:
            if rng.chance(40) { return UInt64(rng.below(64)) }
            if rng.chance(70) { return rng.pick(Self.edges) }
            return rng.next()
        case .choice(let values, let strict):
            if strict || rng.chance(90) { return rng.pick(values) }
            return rng.pick(Self.edges)
        case .arenaAddress, .mmapAddress:
            if kind == .mmapAddress && rng.chance(40) { return 0 }
            if rng.chance(80) { return SyscallFuzzHarness.arena + 0x1000 * UInt64(rng.below(16)) + (rng.chance(10) ? 1 : 0) }
            return rng.pick([0x100_0000_0000_0000, 0xffff_ffff_ffff_f000, SyscallFuzzHarness.halfMapped])
        case .arenaLength:
            if rng.chance(80) { return 0x1000 * UInt64(rng.below(17)) + (rng.chance(10) ? 1 : 0) }
            return rng.pick([0, 0x1_0000_0000, 0x4000_0000_0000_0000, 0xffff_ffff_ffff_ffff])
        case .signal:
            let s = UInt64(rng.below(66))
            return s == 13 ? 0xffff_ffff : s  // SIGPIPE stays ignored
        }
    }

    func name(_ i: Int) -> String { SyscallFuzzTable.calls[i].name }

    /// A random call.
    public mutating func next() -> FuzzCall {
        let i = rng.below(SyscallFuzzTable.calls.count)
        var args = SyscallFuzzTable.calls[i].args.map { value($0) }
        switch SyscallFuzzTable.calls[i].name {
        case "fcntl" where args[1] == 4:  // F_SETFL keeps O_NONBLOCK and never sets FASYNC (SIGIO)
            args[2] = (args[2] | 0o4000) & ~UInt64(0o20000)
        case "sendfile", "copy_file_range":  // at most 1 MiB of real copying (files may be sparse and huge)
            let k = name(i) == "sendfile" ? 3 : 4
            if args[k] > 1 << 20 && args[k] < 1 << 63 { args[k] = 1 << 20 }
        default: break
        }
        // Descriptor 1000 carries the results: never name it.
        for (k, kind) in SyscallFuzzTable.calls[i].args.enumerated() where kind == .fd || kind == .dirfd {
            if args[k] & 0xffff_ffff == UInt64(SyscallFuzzHarness.resultFD) { args[k] = 999 }
        }
        return FuzzCall(syscall: i, args: args + [UInt64](repeating: 0, count: 6 - args.count))
    }
}

/// The calls every program starts with: the descriptor pool 3...15 (files,
/// a directory, non-blocking pipes and sockets, an eventfd, an epoll set,
/// /dev/null, a memfd) in the run's scratch directory.
public enum SyscallFuzzPool {
    static func call(_ name: String, _ args: [UInt64]) -> FuzzCall {
        let i = SyscallFuzzTable.calls.firstIndex { $0.name == name }!
        return FuzzCall(syscall: i, args: args + [UInt64](repeating: 0, count: 6 - args.count))
    }
    static func path(_ i: Int) -> UInt64 { SymbolicValue.encode("ro_path_\(i)") }
    static let atCWD: UInt64 = 0xffff_ffff_ffff_ff9c

    public static var calls: [FuzzCall] {
        [
            call("openat", [atCWD, path(0), 0o102, 0o644]),         // 3: f0
            call("openat", [atCWD, path(1), 0o102, 0o644]),         // 4: f1
            call("mkdirat", [atCWD, path(2), 0o755]),
            call("openat", [atCWD, path(2), 0o200000, 0]),          // 5: d0
            call("pipe2", [SymbolicValue.encode("out_area"), 0o4000]),  // 6, 7
            call("socketpair", [1, 1 | 0o4000, 0, SymbolicValue.encode("out_area")]),  // 8, 9
            call("eventfd2", [0, 0o4000]),                          // 10
            call("epoll_create1", [0]),                             // 11
            call("socket", [1, 2 | 0o4000, 0]),                     // 12
            call("memfd_create", [path(0), 0]),                     // 13
            call("openat", [atCWD, path(3), 0o102, 0o600]),         // 14: d0/f2
            call("symlinkat", [path(0), atCWD, path(4)]),           // l0 -> f0
            call("write", [3, SymbolicValue.encode("ro_path_14"), 5000]),
            call("write", [6, SymbolicValue.encode("ro_path_14"), 100]),
        ]
    }
}

/// Counts of one campaign.
public struct SyscallFuzzSummary: Sendable {
    public var calls = 0
    public var compared = 0
    public var programs = 0
    public var hostCrashes = 0
    public var hangs = 0
    public var mismatches: [String] = []
    /// Programs that tern and qemu ended differently (status), with details.
    public var endings: [String] = []
}

/// Runs programs of random calls under tern and qemu in fresh scratch
/// directories and compares each call's result.
public struct SyscallFuzzer {
    public var runner: BatchRunner
    public var log: (String) -> Void

    public init(runner: BatchRunner, log: @escaping (String) -> Void) { self.runner = runner; self.log = log }

    /// The calls of program `index` of a campaign seeded `seed`.
    public static func program(seed: UInt64, index: Int, count: Int) -> [FuzzCall] {
        var g = SyscallCallGenerator(seed: seed &+ UInt64(index) &* 0x9e37_79b9_7f4a_7c15)
        return SyscallFuzzPool.calls + (0 ..< count).map { _ in g.next() }
    }

    /// A readable form of a call: `name(args)`.
    public static func describe(_ c: FuzzCall) -> String {
        let shown = c.args.prefix(SyscallFuzzTable.calls[c.syscall].args.count).map { v -> String in
            SymbolicValue.decode(v) ?? (Int64(bitPattern: v) < 0 && Int64(bitPattern: v) > -4096 ? String(Int64(bitPattern: v)) : "0x" + String(v, radix: 16))
        }
        return "\(c.name)(\(shown.joined(separator: ", ")))"
    }

    public func run(seed: UInt64, programs: Int, callsPerProgram: Int) throws -> SyscallFuzzSummary {
        var summary = SyscallFuzzSummary()
        for index in 0 ..< programs {
            let calls = Self.program(seed: seed, index: index, count: callsPerProgram)
            let name = "sys-\(index)"
            let source = runner.directory.appendingPathComponent(name + ".S").path
            let elf = runner.directory.appendingPathComponent(name).path
            try SyscallFuzzHarness.assembly(calls).write(toFile: source, atomically: false, encoding: .utf8)
            let built = try BatchRunner.execute(runner.tools.compiler, ["-static", "-nostdlib", "-O0", "-march=rv64gc",
                                                                         "-mabi=lp64d", "-o", elf, source], timeout: runner.tools.timeout)
            guard built.status == 0 else { throw FuzzSetupError(description: "\(runner.tools.compiler) failed on \(source):\n\(built.stderr)") }
            let (t, q) = try runner.runBothInScratch(elf, tag: name)
            summary.programs += 1
            summary.calls += calls.count
            let tr = Self.results(t.stdout), qr = Self.results(q.stdout)
            if t.stderr.contains("Fatal error") || (t.status != q.status && [132, 133, 134, 135, 139].contains(t.status)) {
                summary.hostCrashes += 1
                log("fuzz: program \(index) (seed \(seed)): tern crashed (status \(t.status)): \(t.stderr.prefix(400))")
            }
            if t.status == 124 || t.status == 137 {
                summary.hangs += 1
                log("fuzz: program \(index) (seed \(seed)): tern timed out (status \(t.status))")
            }
            if t.status != q.status {
                summary.endings.append("program \(index): tern \(t.status), qemu \(q.status)")
                log("fuzz: program \(index) (seed \(seed)): tern exit \(t.status), qemu exit \(q.status); tern results \(tr.count), qemu \(qr.count)")
            }
            for (i, c) in calls.enumerated() where i < tr.count && i < qr.count {
                let a = tr[i], b = qr[i]
                let same: Bool
                switch c.compare {
                case .exact: same = a == b
                case .errno: same = a == b || (a >= 0 && b >= 0) || (a < -4095 && b < -4095)
                case .none: continue
                }
                summary.compared += 1
                if !same {
                    let line = "program \(index) call \(i): \(Self.describe(c)) = tern \(a), qemu \(b)"
                    summary.mismatches.append(line)
                    if summary.mismatches.count <= 50 { log("fuzz: mismatch: " + line) }
                }
            }
        }
        return summary
    }

    static func results(_ bytes: [UInt8]) -> [Int64] {
        stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { o in
            Int64(bitPattern: (0 ..< 8).reduce(UInt64(0)) { $0 | UInt64(bytes[o + $1]) << (8 * UInt64($1)) })
        }
    }
}
