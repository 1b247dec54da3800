import Synchronization
import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// A riscv64 Linux program run inside the calling Swift process, isolated
/// from the host and from other `GuestVM`s: the embedding API.
///
/// Run a guest to its end in one call:
///
///     var config = GuestVM.Configuration(executable: "/path/to/prog", arguments: ["prog", "x"])
///     config.stdin = Array("input\n".utf8)
///     config.limits = .init(instructions: 50_000_000, memoryBytes: 64 << 20, wallSeconds: 5)
///     config.syscalls["socket"] = .deny
///     let result = try GuestVM.run(config)
///     print(result.exit, String(decoding: result.stdout, as: UTF8.self))
///
/// Or keep it and step it by instruction budgets, snapshot it and fork it:
///
///     let vm = try GuestVM(config)                 // loaded, no instruction run yet
///     _ = vm.run(instructions: 1_000_000)          // exactly 1M instructions, then paused
///     let snapshot = try vm.snapshot()             // in memory
///     let child = try GuestVM(forking: snapshot, stdin: Array("other input".utf8))
///     let end = child.run()                        // to its end: .ended(Result)
///
/// Each VM has its own `Machine` (guest address space and translation cache)
/// and runs on a host thread of its own whose descriptor table, working
/// directory and umask are private (`unshare(CLONE_FILES | CLONE_FS)`): the
/// guest sees stdin, stdout and stderr as in-memory files (its input, and
/// captured output returned in `Result`) and no descriptor of the host
/// process. Guest memory is one reservation per VM; a guest access outside
/// its own mappings is a guest SIGSEGV, never a host access. Many VMs may run
/// concurrently on different threads; the methods of one VM must not be
/// called concurrently.
///
/// Host functions (docs/HOSTCALLS.md) come from `HostCallRegistry.shared`.
/// Shared with the host process (documented limits of in-process isolation):
/// host signal dispositions (a guest that installs a handler for SIGUSR1
/// installs Tern's host handler process-wide), interval timers (setitimer),
/// resource limits other than the memory limit, the user and group ids, and
/// the file system (use a `sysroot` and `syscalls` policies to narrow what a
/// guest may open).
public final class GuestVM: @unchecked Sendable {
    /// What the VM was made with.
    public let configuration: Configuration
    /// Guest instructions retired so far (all threads; a fork counts its snapshot's too).
    public private(set) var instructions: UInt64
    /// Instructions of the snapshot a fork started from.
    let instructionBase: UInt64
    private let mailbox = Mailbox()
    /// Whether the VM's thread runs it (false when the init failed).
    private var started = false
    private var result: Result?

    /// Loads the program into a new VM, paused before its first instruction.
    public convenience init(_ configuration: Configuration) throws(StartError) {
        try self.init(configuration, origin: nil, stdin: configuration.stdin)
    }

    /// A copy-on-write fork of `snapshot`, paused where the snapshot was
    /// taken, reading `stdin` from its start; its output starts empty.
    public convenience init(forking snapshot: Snapshot, stdin: [UInt8] = []) throws(StartError) {
        try self.init(snapshot.configuration, origin: snapshot, stdin: stdin)
    }

    private init(_ configuration: Configuration, origin: Snapshot?, stdin: [UInt8]) throws(StartError) {
        self.configuration = configuration
        instructionBase = origin?.instructions ?? 0
        instructions = instructionBase
        let context: VMContext
        if let origin {
            // A parked VM thread, one that keeps a copy of this snapshot if
            // any; else the copy is mapped here (the snapshot's files are in
            // this thread's descriptor table).
            let pool = VMThreadPool.shared
            let thread = pool.take(for: origin.memory.identity)
            var memory: GuestMemory?
            if thread?.keeps != origin.memory.identity {
                do {
                    let fresh = try GuestMemory()
                    try fresh.map(origin.memory)
                    memory = fresh
                } catch {
                    if let thread { pool.giveBack(thread) }
                    throw .host("cannot map the snapshot: \(error)")
                }
            }
            context = VMContext(configuration: configuration,
                                fork: ForkStart(state: origin.state, instructions: origin.instructions, memory: memory),
                                stdin: stdin, mailbox: mailbox)
            if let thread {
                pool.hand(context, to: thread)
            } else if let error = pool.spawn(context) {
                throw error
            }
        } else {
            // A new guest: a new thread, whose working directory and umask are the host process's.
            context = VMContext(configuration: configuration, fork: nil, stdin: stdin, mailbox: mailbox)
            if let error = VMThreadPool.shared.spawn(context) { throw error }
        }
        if case .failed(let error) = mailbox.awaitReply() { throw error }
        started = true
    }

    /// A VM dropped before its end is ended on its thread, which the caller
    /// does not wait for: its guest threads stop and their host threads end
    /// there, and the VM's thread parks for the next fork (`VMThreadPool`).
    deinit {
        if started && result == nil { mailbox.post(.end) }
    }

    /// Runs the guest for exactly `budget` more instructions (all threads
    /// together), or to its end when `budget` is nil, and returns where it
    /// stands. A single-threaded guest with the same inputs pauses in the same
    /// state for the same budgets (with several threads the count is exact,
    /// but which thread ran when follows the host's scheduling). Once ended,
    /// returns the same result again.
    public func run(instructions budget: UInt64? = nil) -> Stop {
        if let result { return .ended(result) }
        switch mailbox.send(.run(budget)) {
        case .paused(let n):
            instructions = instructionBase + n
            return .paused(instructions: instructions)
        case .ended(var r):
            r.instructions += instructionBase
            instructions = r.instructions
            result = r
            return .ended(r)
        case .started, .failed, .snapshot, .output:
            preconditionFailure("GuestVM: unexpected reply")
        }
    }

    /// Everything the guest wrote to stdout and stderr so far.
    private var output: (stdout: [UInt8], stderr: [UInt8]) {
        if let result { return (result.stdout, result.stderr) }
        guard case .output(let out, let err) = mailbox.send(.output) else { preconditionFailure("GuestVM: unexpected reply") }
        return (out, err)
    }

    /// Everything the guest wrote to stdout so far.
    public var stdout: [UInt8] { output.stdout }
    /// Everything the guest wrote to stderr so far.
    public var stderr: [UInt8] { output.stderr }

    /// Saves the paused guest in memory (see `Snapshot`); the guest can go on
    /// running afterwards. Every guest thread is in it: the others stop at
    /// block boundaries or in blocking calls, which their forks make again.
    public func snapshot() throws(SnapshotError) -> Snapshot {
        guard result == nil else { throw .ended }
        guard case .snapshot(let made, let tid) = mailbox.send(.snapshot) else { preconditionFailure("GuestVM: unexpected reply") }
        // Its files are in the VM's own table, which the VM closes at its next command: copies in the caller's.
        let theirs = try made.get()
        do {
            return Snapshot(configuration: theirs.configuration, instructions: theirs.instructions, state: theirs.state,
                            memory: try theirs.memory.reopened(fromThread: tid))
        } catch {
            throw .host("cannot keep the snapshot's memory: \(error)")
        }
    }

    /// Runs the guest to its end on a new host thread and returns how it
    /// ended and what it wrote. Blocks the caller meanwhile.
    public static func run(_ configuration: Configuration) throws(StartError) -> Result {
        let vm = try GuestVM(configuration)
        guard case .ended(let result) = vm.run() else { preconditionFailure("GuestVM: paused without a budget") }
        return result
    }
}
