import Foundation

/// Draws fuzzed calls from `SyscallFuzzTable` with a seeded generator.
public struct SyscallCallGenerator {
    var rng: Xoshiro

    public init(seed: UInt64) { rng = Xoshiro(seed: seed) }

    /// Boundary-biased integers.
    static let edges: [UInt64] = [0, 1, 2, 7, 8, 16, 255, 4096, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0x1_0000_0000,
                                  0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0000, 0xffff_ffff_ffff_ffff, 0xffff_ffff_ffff_fffe]

    /// NULL, read-only, unmapped, or (unless `whole`) running into an unmapped
    /// page: the page of 'A's for an `input`, the zeroed one for an output.
    mutating func pointerToBadMemory(whole: Bool = false, input: Bool = false) -> UInt64 {
        switch rng.below(5) {
        case 0: return 0
        case 1: return SymbolicValue.encode("ro_path_0")  // read-only
        case 2 where !whole:  // runs into an unmapped page
            return (input ? SyscallFuzzHarness.halfMappedInput : SyscallFuzzHarness.halfMapped) + 0x1000 - UInt64(1 + rng.below(16))
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
            return pointerToBadMemory(input: true)
        case .output, .layoutOutput:
            if rng.chance(85) { return SymbolicValue.encode("out_area", offset: rng.chance(80) ? 8 * rng.below(512) : rng.below(4096)) }
            return pointerToBadMemory(whole: kind == .layoutOutput)
        case .input:
            if rng.chance(85) {
                let i = rng.below(SyscallFuzzHarness.paths.count)
                return SymbolicValue.encode((rng.chance(50) ? "ro_" : "rw_") + "path_\(i)")
            }
            return pointerToBadMemory(input: true)
        case .fixture(let f):
            if rng.chance(85) || f == .timespec {  // never a NULL timespec: that is an infinite wait
                return SymbolicValue.encode((rng.chance(50) ? "ro_" : "rw_") + "\(f.rawValue)_\(rng.below(SyscallFuzzHarness.fixtureCount(f)))")
            }
            return pointerToBadMemory(whole: f == .sigaction || f == .epollEvent, input: true)  // their size differs by architecture
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
            // The half-mapped input page, not the output one: a mapping grown from there would
            // put what outputs left (different by architecture) before the pages after it.
            return rng.pick([0x100_0000_0000_0000, 0xffff_ffff_ffff_f000, SyscallFuzzHarness.halfMappedInput])
        case .arenaLength:
            if rng.chance(80) { return 0x1000 * UInt64(rng.below(17)) + (rng.chance(10) ? 1 : 0) }
            return rng.pick([0, 0x10_0000, 0x4000_0000_0000_0000, 0xffff_ffff_ffff_ffff])
        case .arenaSpan:
            if rng.chance(80) { return 0x1000 * UInt64(rng.below(17)) + (rng.chance(10) ? 1 : 0) }
            return rng.pick([0, 0x10_0000, 0xffff_ffff_ffff_f000, 0xffff_ffff_ffff_ffff])
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
        case "mmap" where args[0] == 0 && args[3] & 0x10_0010 != 0:  // MAP_FIXED(_NOREPLACE) at 0 would map page 0 (root may)
            args[0] = SyscallFuzzHarness.arena
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
