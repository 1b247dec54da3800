// embed: several isolated riscv64 Linux guests inside one Swift program,
// through Tern's embedding API (`GuestVM`, in the TernLinux library).
//
//   embed [SAMPLES]   SAMPLES: the directory of the built samples (default Samples/out)
//
// 1. Four different guests run at once on a thread pool, each with its own
//    arguments, stdin and captured output.
// 2. A runaway guest is stopped by its instruction limit; a syscall is
//    served by the embedder instead of the kernel.
// 3. A guest is stepped by exact instruction budgets, snapshotted before it
//    reads its input, and forked copy-on-write three times with other inputs.
import Foundation
import TernLinux

let samples = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "Samples/out"

func config(_ name: String, _ arguments: [String] = [], stdin: String = "") -> GuestVM.Configuration {
    var c = GuestVM.Configuration(executable: samples + "/" + name, arguments: [name] + arguments)
    c.stdin = Array(stdin.utf8)
    c.limits.wallSeconds = 60
    return c
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// The results of jobs run concurrently, by index.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int: Result<GuestVM.Result, GuestVM.StartError>] = [:]
    subscript(i: Int) -> Result<GuestVM.Result, GuestVM.StartError>? {
        get { lock.withLock { items[i] } }
        set { lock.withLock { items[i] = newValue } }
    }
}

// 1. Different guests at once.
let jobs = [config("hello"), config("stdin", stdin: "one two three\nfour\n"), config("args", ["a", "b c"]), config("matrix")]
let results = Results()
DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
    results[i] = Result { () throws(GuestVM.StartError) in try GuestVM.run(jobs[i]) }
}
for (i, job) in jobs.enumerated() {
    switch results[i]! {
    case .success(let r):
        print("== \(job.arguments.joined(separator: " ")): \(r.exit), \(r.instructions > 0 ? "ran" : "did not run")")
        print(text(r.stdout), terminator: "")
    case .failure(let error):
        print("== \(job.arguments[0]): cannot start: \(error)")
    }
}

// 2. Limits and policies.
var runaway = config("recursion")
runaway.limits.instructions = 100_000
let stopped = try GuestVM.run(runaway)
print("== recursion with a limit of 100000 instructions: \(stopped.limitReached.map { "\($0)" } ?? "no limit") after \(stopped.instructions)")
var served = config("hello")
served.syscalls["write"] = .handle { args, memory in
    // The guest's write(1, buf, n) ends up here: shown in upper case.
    guard let bytes = try? memory.read(args[1], count: Int(args[2])) else { return -14 }  // EFAULT
    print("(the embedder got) " + text(bytes).uppercased(), terminator: "")
    return Int64(args[2])
}
let quiet = try GuestVM.run(served)
print("== hello whose writes the embedder serves: \(quiet.exit), \(quiet.stdout.count) bytes on its own stdout")

// 3. Stepping, a snapshot and copy-on-write forks.
let counter = try GuestVM(config("stdin", stdin: "the parent's input\n"))
var stepped: [String] = []
for budget: UInt64 in [1, 10, 100] {
    if case .paused(let n) = counter.run(instructions: budget) { stepped.append("\(n)") }
}
print("== stdin paused after \(stepped.joined(separator: ", ")) instructions")
let snapshot = try counter.snapshot()
for input in ["first fork\n", "a second\nfork with two lines\n", ""] {
    let fork = try GuestVM(forking: snapshot, stdin: Array(input.utf8))
    guard case .ended(let r) = fork.run() else { continue }
    print("== fork from instruction \(snapshot.instructions) reading \(input.count) bytes: \(r.exit)")
    print(text(r.stdout), terminator: "")
}
if case .ended(let r) = counter.run() {
    print("== the parent, after its forks: \(r.exit)")
    print(text(r.stdout), terminator: "")
}
