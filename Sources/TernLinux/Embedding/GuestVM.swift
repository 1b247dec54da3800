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
    /// What to run and how.
    public struct Configuration: Sendable {
        /// Host path of the riscv64 ELF (static, or dynamic with `sysroot`).
        public var executable: String
        /// argv, argv[0] included (default: the executable's path).
        public var arguments: [String]
        /// The environment, "NAME=value" each (default: empty).
        public var environment: [String] = []
        /// The guest root file system for the interpreter and libraries.
        public var sysroot: String?
        /// The bytes the guest reads from its stdin (then end of file).
        public var stdin: [UInt8] = []
        /// Instruction, memory and wall-time limits.
        public var limits = Limits()
        /// Per-call policies by syscall name ("openat", "socket"...).
        public var syscalls: [String: SyscallPolicy] = [:]
        /// Working directory of the guest (default: the host process's).
        public var workingDirectory: String?
        /// The CPU model, named as `tern run --cpu` takes it ("rv64gc",
        /// "rva23u64", "max,zicond=false"...; nil: Tern's default, `max`).
        public var cpu: String?

        /// Runs `executable` with `arguments` (argv[0] included; default: the executable's path alone).
        public init(executable: String, arguments: [String]? = nil) {
            self.executable = executable
            self.arguments = arguments ?? [executable]
        }
    }

    /// Limits; a guest that reaches one ends as `Result.exit` says.
    public struct Limits: Sendable, Equatable {
        /// Guest instructions (all threads): the guest is stopped with SIGXCPU
        /// after exactly this many.
        public var instructions: UInt64?
        /// Bytes of guest address space (RLIMIT_AS, as Tern enforces it: mmap,
        /// brk and mremap beyond it fail with ENOMEM).
        public var memoryBytes: UInt64?
        /// Seconds of wall time: the guest is stopped with SIGXCPU at its next
        /// block boundary after this long.
        public var wallSeconds: Double?

        /// Limits; nil means none of that kind.
        public init(instructions: UInt64? = nil, memoryBytes: UInt64? = nil, wallSeconds: Double? = nil) {
            self.instructions = instructions
            self.memoryBytes = memoryBytes
            self.wallSeconds = wallSeconds
        }
    }

    /// How a run ended.
    public struct Result: Sendable {
        /// The guest's exit status, or its fatal signal and message (SIGXCPU for a limit).
        public var exit: ProcessExit
        /// Everything the guest wrote to stdout.
        public var stdout: [UInt8]
        /// Everything the guest wrote to stderr.
        public var stderr: [UInt8]
        /// Guest instructions retired (all threads).
        public var instructions: UInt64
        /// The limit that stopped the guest, if one did.
        public var limitReached: LimitKind?
    }

    /// Which limit stopped a guest.
    public enum LimitKind: Sendable, Equatable {
        case instructions, wallTime
    }

    /// Why a VM could not start.
    public enum StartError: Error, CustomStringConvertible, Sendable {
        /// The executable could not be loaded (one line, as `tern run` prints it).
        case load(String)
        /// A host resource (a thread, a descriptor, the address space) was unavailable.
        case host(String)

        public var description: String {
            switch self {
            case .load(let s), .host(let s): s
            }
        }
    }

    /// Where a VM stands after `run(instructions:)`.
    public enum Stop: Sendable {
        /// Paused once the budget was spent: `instructions` retired in all
        /// (a fork counts its snapshot's too).
        case paused(instructions: UInt64)
        /// The guest ended (or was ended by a limit).
        case ended(Result)
    }

    /// Why `snapshot()` failed.
    public enum SnapshotError: Error, CustomStringConvertible, Sendable {
        /// The guest has ended: nothing is left to save.
        case ended
        /// The host refused memory for the snapshot.
        case host(String)

        public var description: String {
            switch self {
            case .ended: "the guest has ended"
            case .host(let s): s
            }
        }
    }

    /// A paused guest frozen in memory, to fork any number of copies from
    /// (`GuestVM(forking:stdin:)`). Its pages are copied once, when it is
    /// taken; forks share them copy-on-write (`MemorySnapshot`). Registers,
    /// signal state, descriptors (regular files by path and offset; stdin,
    /// stdout and stderr become the fork's own), working directory, limits
    /// and timers are kept as a checkpoint keeps them (docs/CHECKPOINT.md).
    public final class Snapshot: @unchecked Sendable {
        /// The configuration of the VM it was taken from (a fork's limits and policies).
        public let configuration: Configuration
        /// Guest instructions retired when it was taken.
        public let instructions: UInt64
        let state: ProcessState
        /// Its guest memory (what a fork maps copy-on-write).
        public let memory: MemorySnapshot
        /// Bytes of guest memory it holds (its copied pages).
        public var memoryBytes: UInt64 { memory.bytesSaved }

        init(configuration: Configuration, instructions: UInt64, state: ProcessState, memory: MemorySnapshot) {
            self.configuration = configuration
            self.instructions = instructions
            self.state = state
            self.memory = memory
        }
    }

    /// What the VM was made with.
    public let configuration: Configuration
    /// Guest instructions retired so far (all threads; a fork counts its snapshot's too).
    public private(set) var instructions: UInt64
    /// Instructions of the snapshot a fork started from.
    private let instructionBase: UInt64
    private let mailbox = Mailbox()
    private var thread = pthread_t()
    /// Whether the VM's thread runs (false when the init failed).
    private var threadStarted = false
    private var result: Result?
    /// The in-memory stdout and stderr (in the caller's descriptor table).
    private let stdoutFile: Int32, stderrFile: Int32

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
        let stdio = try Self.inMemoryFiles(stdin: stdin)
        stdoutFile = stdio[1]
        stderrFile = stdio[2]
        let launched = Self.launch(VMContext(configuration: configuration, origin: origin, stdio: stdio, mailbox: mailbox))
        close(stdio[0])  // the VM's thread has its own copy once it started (or never will)
        switch launched {
        case .success(let handle):
            thread = handle
            threadStarted = true
        case .failure(let error):
            result = Result(exit: .exited(0), stdout: [], stderr: [], instructions: 0, limitReached: nil)
            throw error
        }
    }

    /// The in-memory stdin (holding `stdin`), stdout and stderr, made in the
    /// caller's table: the VM's thread gets copies when it unshares it, and the
    /// caller reads the output from its own.
    private static func inMemoryFiles(stdin: [UInt8]) throws(StartError) -> [Int32] {
        var stdio: [Int32] = []
        for name in ["stdin", "stdout", "stderr"] {
            let fd = Int32(truncatingIfNeeded: "tern-vm-\(name)".withCString {
                host_syscall(319 /* memfd_create */, Int(bitPattern: $0), 1 /* MFD_CLOEXEC */, 0, 0, 0, 0)
            })
            if fd < 0 {
                let message = "memfd_create: \(String(cString: strerror(errno)))"
                for fd in stdio { close(fd) }
                throw .host(message)
            }
            stdio.append(fd)
        }
        if !stdin.isEmpty {
            _ = stdin.withUnsafeBytes { write(stdio[0], $0.baseAddress, $0.count) }
            lseek(stdio[0], 0, SEEK_SET)
        }
        return stdio
    }

    /// Starts the VM's host thread and waits until the guest is loaded (or failed to).
    private static func launch(_ context: VMContext) -> Swift.Result<pthread_t, StartError> {
        let mailbox = context.mailbox
        let raw = Unmanaged.passRetained(context).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 8 << 20)
        var handle = pthread_t()
        let rc = pthread_create(&handle, &attributes, { raw in
            GuestVM.serve(Unmanaged<VMContext>.fromOpaque(raw!).takeRetainedValue())
            return nil
        }, raw)
        pthread_attr_destroy(&attributes)
        guard rc == 0 else {
            Unmanaged<VMContext>.fromOpaque(raw).release()
            for fd in context.stdio.dropFirst() { close(fd) }
            return .failure(.host("cannot start a thread: error \(rc)"))
        }
        if case .failed(let error) = mailbox.awaitReply() {
            pthread_join(handle, nil)
            for fd in context.stdio.dropFirst() { close(fd) }
            return .failure(error)
        }
        return .success(handle)
    }

    deinit {
        guard threadStarted else { return }  // nothing to stop; the files are closed
        if result == nil { _ = mailbox.send(.end) }
        pthread_join(thread, nil)
        close(stdoutFile)
        close(stderrFile)
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
            r.stdout = Self.readAll(stdoutFile)
            r.stderr = Self.readAll(stderrFile)
            instructions = r.instructions
            result = r
            return .ended(r)
        case .started, .failed, .snapshot:
            preconditionFailure("GuestVM: unexpected reply")
        }
    }

    /// Everything the guest wrote to stdout so far.
    public var stdout: [UInt8] { Self.readAll(stdoutFile) }
    /// Everything the guest wrote to stderr so far.
    public var stderr: [UInt8] { Self.readAll(stderrFile) }

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

    // MARK: - The VM's host thread

    private enum Command {
        case run(UInt64?), snapshot, end
    }

    private enum Reply {
        /// A snapshot with descriptors in the table of host thread `tid` (the caller opens its own copies).
        case started, failed(StartError), paused(UInt64), snapshot(Swift.Result<Snapshot, SnapshotError>, tid: Int32), ended(Result)
    }

    /// One command at a time from the caller to the VM's thread, one reply back.
    private final class Mailbox: @unchecked Sendable {
        private var command = Command.end
        private var reply = Reply.started
        private var commands = sem_t(), replies = sem_t()
        init() {
            sem_init(&commands, 0, 0)
            sem_init(&replies, 0, 0)
        }
        deinit {
            sem_destroy(&commands)
            sem_destroy(&replies)
        }
        func send(_ c: Command) -> Reply {
            command = c
            sem_post(&commands)
            return awaitReply()
        }
        func awaitReply() -> Reply {
            while sem_wait(&replies) != 0 {}
            return reply
        }
        func next() -> Command {
            while sem_wait(&commands) != 0 {}
            return command
        }
        func answer(_ r: Reply) {
            reply = r
            sem_post(&replies)
        }
    }

    private final class VMContext: @unchecked Sendable {
        let configuration: Configuration
        let origin: Snapshot?
        let stdio: [Int32]
        let mailbox: Mailbox
        init(configuration: Configuration, origin: Snapshot?, stdio: [Int32], mailbox: Mailbox) {
            self.configuration = configuration
            self.origin = origin
            self.stdio = stdio
            self.mailbox = mailbox
        }
    }

    /// The body of a VM's host thread: sets the guest up, then serves the caller's commands.
    private static func serve(_ c: VMContext) {
        let mailbox = c.mailbox
        let process: LinuxProcess
        switch start(c) {
        case .failure(let error):
            mailbox.answer(.failed(error))
            return
        case .success(let p):
            process = p
        }
        mailbox.answer(.started)
        // Before the first instruction: snapshots, the first budget, or the end.
        var made: Swift.Result<Snapshot, SnapshotError>?  // kept until the caller has its copies
        waiting: while true {
            let command = mailbox.next()
            made = nil
            switch command {
            case .run(let budget):
                process.pauseAt = budget
                break waiting
            case .snapshot:
                made = snapshot(process, nil, c)  // no guest code ran yet: nothing to stop
                mailbox.answer(.snapshot(made!, tid: hostThreadID()))
            case .end:
                mailbox.answer(.ended(Result(exit: .signaled(LinuxProcess.limitSignal, message: "tern: guest stopped by the embedder"),
                                             stdout: [], stderr: [], instructions: 0, limitReached: nil)))
                return
            }
        }
        process.pauseHandler = { stop in
            mailbox.answer(.paused(process.instructionsThisRun))
            var made: Swift.Result<Snapshot, SnapshotError>?  // kept until the caller has its copies
            while true {
                let command = mailbox.next()
                made = nil
                switch command {
                case .run(let budget):
                    process.pauseAt = budget.map { process.instructionsThisRun + $0 }
                    return
                case .snapshot:
                    made = snapshot(process, stop, c)
                    mailbox.answer(.snapshot(made!, tid: hostThreadID()))
                case .end:
                    process.pauseAt = nil
                    process.requestStop(.caller)
                    return
                }
            }
        }
        let watchdog = c.configuration.limits.wallSeconds.map { Watchdog(seconds: $0, process: process) }
        let exit = process.run()
        watchdog?.cancel()
        var limit: LimitKind?
        if case .signaled(LinuxProcess.limitSignal, _) = exit {
            switch StopRequest(rawValue: process.stopRequest.load(ordering: .sequentiallyConsistent)) {
            case .wallTime?: limit = .wallTime
            case .caller?: limit = nil
            case nil: limit = .instructions
            }
        }
        mailbox.answer(.ended(Result(exit: exit, stdout: [], stderr: [], instructions: process.instructionsThisRun,
                                     limitReached: limit)))
    }

    /// Makes the VM's thread a sandbox of its own and loads the guest (or
    /// maps its snapshot's copy).
    private static func start(_ c: VMContext) -> Swift.Result<LinuxProcess, StartError> {
        let configuration = c.configuration
        // A private descriptor table, working directory and umask for this thread
        // (and the guest threads it starts, which share them).
        guard host_syscall(272 /* unshare */, 0x400 | 0x200 /* CLONE_FILES | CLONE_FS */, 0, 0, 0, 0, 0) == 0 else {
            return .failure(.host("unshare: \(String(cString: strerror(errno)))"))
        }
        let machine: Machine
        do { machine = try Machine() } catch { return .failure(.host("cannot reserve guest memory")) }
        if let cpu = c.origin?.state.cpu ?? configuration.cpu, !cpu.isEmpty {
            do {
                let model = try CPUConfiguration.parse(cpu)
                machine.extensions = model.extensions
                machine.vlenb = UInt32(model.vlen / 8)
            } catch {
                return .failure(.load("CPU model \(cpu): \(error)"))
            }
        }
        var options = LinuxOptions(environment: configuration.environment, warnUnsupported: false)
        options.sysroot = configuration.sysroot
        let process: LinuxProcess
        if let origin = c.origin {
            do { try machine.memory.map(origin.memory) } catch { return .failure(.host("cannot map the snapshot: \(error)")) }
            // The table copied from the caller's: only the in-memory files are the fork's.
            if let failure = keepOnly(c.stdio) { return .failure(failure) }
            options.sysroot = origin.state.sysroot
            do {
                // The table becomes the snapshot's, with the new in-memory files as 0, 1 and 2.
                process = try LinuxProcess.restore(origin.state, machine: machine, options: options,
                                                   executablePath: origin.state.executablePath,
                                                   standard: [0: 0, 1: 1, 2: 2],
                                                   relocate: { $0 }, hostProcess: false).0
            } catch {
                return .failure(.host("cannot fork the snapshot: \(error)"))
            }
        } else {
            if let failure = keepOnly(c.stdio) { return .failure(failure) }
            if let cwd = configuration.workingDirectory, chdir(cwd) != 0 {
                return .failure(.host("\(cwd): \(String(cString: strerror(errno)))"))
            }
            if let bytes = configuration.limits.memoryBytes {
                options.inherited.resourceLimits[SyscallHandler.rlimitAS] = ResourceLimit(current: bytes, maximum: bytes)
            }
            do {
                process = try LinuxProcess(machine: machine, executablePath: configuration.executable,
                                           arguments: configuration.arguments, options: options)
            } catch {
                return .failure(.load("\(error)"))
            }
        }
        process.embedded = true
        process.limits.instructions = configuration.limits.instructions
        process.syscalls.policies = configuration.syscalls
        return .success(process)
    }

    /// Makes the calling thread's table exactly `stdio` as 0, 1 and 2: the
    /// host's other descriptors are closed in it (close_range, so a VM started
    /// while many are open costs no more).
    private static func keepOnly(_ stdio: [Int32]) -> StartError? {
        let high = stdio.map { fcntl($0, F_DUPFD_CLOEXEC, 1024) }
        guard !high.contains(where: { $0 < 0 }) else { return .host("fcntl: \(String(cString: strerror(errno)))") }
        for (i, fd) in high.enumerated() where dup2(fd, Int32(i)) != Int32(i) {
            return .host("dup2: \(String(cString: strerror(errno)))")
        }
        if host_syscall(436 /* close_range */, 3, Int(UInt32.max), 0, 0, 0, 0) != 0 {
            for fd in DescriptorTable.openDescriptors() where fd > 2 { close(fd) }
        }
        return nil
    }

    /// A snapshot of the paused guest: `stop` holds every guest thread
    /// (nil before the first instruction). A thread that came back from its
    /// blocking call while the snapshot was taken (a half-done call) is let
    /// finish it, and the snapshot is taken again (`restopWorld`).
    private static func snapshot(_ process: LinuxProcess, _ stop: WorldStop?, _ c: VMContext) -> Swift.Result<Snapshot, SnapshotError> {
        let syscalls = process.syscalls
        var state: ProcessState
        var memory: MemorySnapshot
        do {
            while true {
                state = syscalls.captureState(running: syscalls.mainThread, cpu: c.configuration.cpu ?? "", takingPendingSignals: false)
                memory = try process.machine.memory.snapshot()
                guard let current = stop, !current.stillValid else { break }
                process.restopWorld(current)
            }
            return .success(Snapshot(configuration: c.configuration, instructions: (c.origin?.instructions ?? 0) + process.instructionsThisRun,
                                     state: state, memory: memory))
        } catch {
            return .failure(.host("cannot snapshot guest memory: \(error)"))
        }
    }

    /// The whole contents of an in-memory output file.
    static func readAll(_ fd: Int32) -> [UInt8] {
        let size = Int(lseek(fd, 0, SEEK_END))
        guard size > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: size)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, size, 0) }
        return Array(bytes.prefix(max(0, n)))
    }

    /// Stops a process after a wall-time limit.
    private final class Watchdog: @unchecked Sendable {
        private let done = Atomic<Bool>(false)
        private var thread = pthread_t()
        private var semaphore = sem_t()

        init(seconds: Double, process: LinuxProcess) {
            sem_init(&semaphore, 0, 0)
            let context = Unmanaged.passRetained(WatchContext(seconds: seconds, process: process, watchdog: self)).toOpaque()
            pthread_create(&thread, nil, { raw in
                let c = Unmanaged<WatchContext>.fromOpaque(raw!).takeRetainedValue()
                c.watchdog.wait(c.seconds, c.process)
                return nil
            }, context)
        }

        private func wait(_ seconds: Double, _ process: LinuxProcess) {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            let ns = Int(deadline.tv_nsec) + Int(seconds.truncatingRemainder(dividingBy: 1) * 1e9)
            deadline.tv_sec += Int(seconds) + ns / 1_000_000_000
            deadline.tv_nsec = ns % 1_000_000_000
            while sem_timedwait(&semaphore, &deadline) != 0 {
                guard errno == EINTR else { break }
            }
            if !done.load(ordering: .sequentiallyConsistent) { process.requestStop(.wallTime) }
        }

        func cancel() {
            done.store(true, ordering: .sequentiallyConsistent)
            sem_post(&semaphore)
            pthread_join(thread, nil)
            sem_destroy(&semaphore)
        }
    }

    private final class WatchContext: @unchecked Sendable {
        let seconds: Double
        let process: LinuxProcess
        let watchdog: Watchdog
        init(seconds: Double, process: LinuxProcess, watchdog: Watchdog) {
            self.seconds = seconds
            self.process = process
            self.watchdog = watchdog
        }
    }
}
