// tern-vm-bench: what the embedding API's snapshots and copy-on-write forks
// cost, next to starting the guest afresh (`make bench`, Bench/run.py).
//
//   tern-vm-bench [--at N] [--forks N] [--runs N] [--sysroot DIR] PROGRAM [ARGS...]
//
// PROGRAM (a riscv64 Linux executable; a dynamic one with --sysroot) runs in a `GuestVM` up to
// instruction N (default: half its run), is snapshotted, and forked N times
// (default 1000) from the snapshot. Prints one JSON object:
//   fresh_to_point_us   median time to create a VM and run it to instruction N
//   fresh_full_us       median time of a whole fresh run
//   snapshot_us         time of the snapshot; snapshot_bytes: guest pages it copied
//   fork_us             median (and p90, max) time of `GuestVM(forking:)`, forks made one
//                       after the other, each dropped before the next (libriscv's use: a
//                       fork per request): a VM ready to run, paused at the snapshot
//   fork_discard_us     median time of a fork and its drop (the whole cycle without guest code)
//   fork_finish_us      median time of a fork, its run to the end and its drop (the guest's
//                       rest runs with an empty translation cache: compare fresh_full_us)
//   fork_rss_bytes      resident memory per live (paused) fork, over batches of 100 kept alive
//   fork_live_us        median time of a fork while the 100 of its batch stay alive (each
//                       then needs a host thread of its own)
//   memory_map_us       median time of the memory part alone: a fresh guest address
//                       space with the snapshot's pages mapped copy-on-write
import Foundation
import TernCore
import TernLinux

struct Options {
    var at: UInt64?
    var forks = 1000
    var runs = 20
    var sysroot: String?
    var program: [String] = []
}

func parse() -> Options {
    var o = Options()
    var args = Array(CommandLine.arguments.dropFirst())
    while let a = args.first, a.hasPrefix("--") {
        args.removeFirst()
        guard let v = args.first else { fail("\(a) needs a value") }
        args.removeFirst()
        switch a {
        case "--at": o.at = UInt64(v)
        case "--forks": o.forks = Int(v) ?? o.forks
        case "--runs": o.runs = Int(v) ?? o.runs
        case "--sysroot": o.sysroot = v
        default: fail("unknown option \(a)")
        }
    }
    guard !args.isEmpty else { fail("usage: tern-vm-bench [--at N] [--forks N] [--runs N] [--sysroot DIR] PROGRAM [ARGS...]") }
    o.program = args
    return o
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tern-vm-bench: \(message)\n".utf8))
    exit(1)
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func micros(_ ns: UInt64) -> Double { Double(ns) / 1000 }
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * p))]
}

/// Resident bytes of this process (/proc/self/statm).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(getpagesize()) : 0
}

func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let t0 = now()
    let r = try body()
    return (r, micros(now() - t0))
}

let o = parse()
var config = GuestVM.Configuration(executable: o.program[0], arguments: o.program)
config.sysroot = o.sysroot
do {
    var fullRuns: [Double] = [], total: UInt64 = 0, output: [UInt8] = []
    for _ in 0 ..< o.runs {
        let (r, us) = try timed { try GuestVM.run(config) }
        guard r.exit == .exited(0) else { fail("the program ended with \(r.exit)") }
        fullRuns.append(us)
        total = r.instructions
        output = r.stdout
    }
    let point = o.at ?? total / 2
    guard point < total else { fail("--at \(point) is past the program's end (\(total) instructions)") }

    var toPoint: [Double] = []
    var parent: GuestVM?
    for _ in 0 ..< o.runs {
        let (vm, us) = try timed { () throws -> GuestVM in
            let vm = try GuestVM(config)
            _ = vm.run(instructions: point)
            return vm
        }
        toPoint.append(us)
        parent = vm
    }
    let (snapshot, snapshotUs) = try timed { try parent!.snapshot() }

    // Forks one after the other, each dropped before the next.
    var forkTimes: [Double] = [], cycles: [Double] = []
    for _ in 0 ..< o.forks {
        let t0 = now()
        var fork: GuestVM? = try GuestVM(forking: snapshot)
        let t1 = now()
        fork = nil
        let t2 = now()
        _ = fork
        forkTimes.append(micros(t1 - t0))
        cycles.append(micros(t2 - t0))
    }

    // Forks kept alive in batches to see their memory, then dropped.
    var liveTimes: [Double] = [], rssPerFork: [Double] = []
    var made = 0
    while made < o.forks {
        let batch = min(100, o.forks - made)
        let before = residentBytes()
        var live: [GuestVM] = []
        for _ in 0 ..< batch {
            let (fork, us) = try timed { try GuestVM(forking: snapshot) }
            liveTimes.append(us)
            live.append(fork)
        }
        rssPerFork.append(Double(residentBytes() - before) / Double(batch))
        made += batch
        live.removeAll()
    }

    var finishes: [Double] = []
    for _ in 0 ..< o.runs {
        let (r, us) = try timed { () throws -> GuestVM.Result in
            let fork = try GuestVM(forking: snapshot)
            guard case .ended(let r) = fork.run() else { fail("a fork did not end") }
            return r  // dropped here, inside the timing
        }
        // Output and status as a fresh run's (not the instruction count: lua seeds its hashes with the time).
        guard r.exit == .exited(0), parent!.stdout + r.stdout == output else {
            fail("a fork's run differs from a fresh one: \(r.exit), "
                 + "output \(String(decoding: parent!.stdout + r.stdout, as: UTF8.self).debugDescription) "
                 + "(fresh: \(String(decoding: output, as: UTF8.self).debugDescription)), stderr \(String(decoding: r.stderr, as: UTF8.self).debugDescription)")
        }
        finishes.append(us)
    }

    var maps: [Double] = []
    for _ in 0 ..< o.runs {
        let machine = try Machine()
        let (_, us) = try timed { try machine.memory.map(snapshot.memory) }
        maps.append(us)
    }

    let report: [String: Any] = [
        "program": (o.program[0] as NSString).lastPathComponent,
        "instructions": total, "snapshot_at": point, "forks": o.forks, "runs": o.runs,
        "fresh_to_point_us": median(toPoint), "fresh_full_us": median(fullRuns),
        "snapshot_us": snapshotUs, "snapshot_bytes": snapshot.memoryBytes,
        "fork_us": median(forkTimes), "fork_p90_us": percentile(forkTimes, 0.9), "fork_max_us": forkTimes.max() ?? 0,
        "fork_discard_us": median(cycles),
        "fork_rss_bytes": median(rssPerFork), "fork_live_us": median(liveTimes),
        "fork_finish_us": median(finishes),
        "memory_map_us": median(maps),
    ]
    let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    FileHandle.standardOutput.write(json + Data("\n".utf8))
} catch {
    fail("\(error)")
}
