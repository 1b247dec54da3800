import Synchronization
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// A riscv64 Linux program run inside the calling Swift process, isolated
/// from the host and from other `GuestVM`s: the embedding API.
///
///     var config = GuestVM.Configuration(executable: "/path/to/prog", arguments: ["prog", "x"])
///     config.stdin = Array("input\n".utf8)
///     config.limits = .init(instructions: 50_000_000, memoryBytes: 64 << 20, wallSeconds: 5)
///     config.syscalls["socket"] = .deny
///     let result = try GuestVM.run(config)
///     print(result.exit, String(decoding: result.stdout, as: UTF8.self))
///
/// Each VM has its own `Machine` (guest address space and translation cache)
/// and runs on a host thread of its own whose descriptor table, working
/// directory and umask are private (`unshare(CLONE_FILES | CLONE_FS)`): the
/// guest sees stdin, stdout and stderr as in-memory files (its input, and
/// captured output returned in `Result`) and no descriptor of the host
/// process. Guest memory is one reservation per VM; a guest access outside
/// its own mappings is a guest SIGSEGV, never a host access. Many VMs may run
/// concurrently on different threads.
///
/// Host functions (docs/HOSTCALLS.md) come from `HostCallRegistry.shared`.
/// Shared with the host process (documented limits of in-process isolation):
/// host signal dispositions (a guest that installs a handler for SIGUSR1
/// installs Tern's host handler process-wide), resource limits other than
/// the memory limit, the user and group ids, and the file system (use a
/// `sysroot` and `syscalls` policies to narrow what a guest may open).
public enum GuestVM {
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
        /// Everything the guest wrote to stdout and stderr.
        public var stdout: [UInt8]
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

    /// Runs the guest to its end on a new host thread and returns how it
    /// ended and what it wrote. Blocks the caller meanwhile.
    public static func run(_ configuration: Configuration) throws(StartError) -> Result {
        let box = ResultBox()
        let context = Unmanaged.passRetained(RunContext(configuration: configuration, box: box)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 8 << 20)
        var handle = pthread_t()
        let rc = pthread_create(&handle, &attributes, { raw in
            let context = Unmanaged<RunContext>.fromOpaque(raw!).takeRetainedValue()
            context.box.value = Self.runHere(context.configuration)
            return nil
        }, context)
        pthread_attr_destroy(&attributes)
        guard rc == 0 else {
            Unmanaged<RunContext>.fromOpaque(context).release()
            throw .host("cannot start a thread: error \(rc)")
        }
        pthread_join(handle, nil)
        return try box.value!.get()
    }

    private final class RunContext: @unchecked Sendable {
        let configuration: Configuration
        let box: ResultBox
        init(configuration: Configuration, box: ResultBox) {
            self.configuration = configuration
            self.box = box
        }
    }

    private final class ResultBox: @unchecked Sendable {
        var value: Swift.Result<Result, StartError>?
    }

    /// The body of a VM's host thread.
    private static func runHere(_ configuration: Configuration) -> Swift.Result<Result, StartError> {
        // A private descriptor table, working directory and umask for this thread
        // (and the guest threads it starts, which share them).
        guard host_syscall(272 /* unshare */, 0x400 | 0x200 /* CLONE_FILES | CLONE_FS */, 0, 0, 0, 0, 0) == 0 else { return .failure(.host("unshare: \(String(cString: strerror(errno)))")) }
        var stdio: [Int32] = []
        for (i, name) in ["stdin", "stdout", "stderr"].enumerated() {
            let fd = Int32(truncatingIfNeeded: "tern-vm-\(name)".withCString { host_syscall(319 /* memfd_create */, Int(bitPattern: $0), 0, 0, 0, 0, 0) })
            guard fd >= 0 else { return .failure(.host("memfd_create: \(String(cString: strerror(errno)))")) }
            if i == 0, !configuration.stdin.isEmpty {
                _ = configuration.stdin.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                lseek(fd, 0, SEEK_SET)
            }
            stdio.append(fd)
        }
        // The guest sees exactly 0, 1, 2: the host's other descriptors are closed in this table.
        let keep = Set(stdio)
        for fd in DescriptorTable.openDescriptors() where !keep.contains(fd) { close(fd) }
        for (i, fd) in stdio.enumerated() {
            guard dup2(fd, Int32(i)) == Int32(i) else { return .failure(.host("dup2: \(String(cString: strerror(errno)))")) }
        }
        // Copies above the guest's usual numbers, to read the output back.
        let out = fcntl(stdio[1], F_DUPFD_CLOEXEC, 4096), err = fcntl(stdio[2], F_DUPFD_CLOEXEC, 4096)
        for fd in stdio where fd > 2 { close(fd) }
        guard out >= 0, err >= 0 else { return .failure(.host("cannot keep the output descriptors")) }
        defer { close(out); close(err) }
        if let cwd = configuration.workingDirectory, chdir(cwd) != 0 {
            return .failure(.host("\(cwd): \(String(cString: strerror(errno)))"))
        }

        let machine: Machine
        do { machine = try Machine() } catch { return .failure(.host("cannot reserve guest memory")) }
        var options = LinuxOptions(environment: configuration.environment, warnUnsupported: false)
        options.sysroot = configuration.sysroot
        if let bytes = configuration.limits.memoryBytes {
            options.inherited.resourceLimits[SyscallHandler.rlimitAS] = ResourceLimit(current: bytes, maximum: bytes)
        }
        let process: LinuxProcess
        do {
            process = try LinuxProcess(machine: machine, executablePath: configuration.executable,
                                       arguments: configuration.arguments, options: options)
        } catch {
            return .failure(.load("\(error)"))
        }
        process.embedded = true
        process.limits.instructions = configuration.limits.instructions
        process.syscalls.policies = configuration.syscalls
        let watchdog = configuration.limits.wallSeconds.map { Watchdog(seconds: $0, process: process) }
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
        return .success(Result(exit: exit, stdout: readAll(out), stderr: readAll(err),
                               instructions: process.syscalls.instructionsRetired(), limitReached: limit))
    }

    /// The whole contents of an in-memory output file.
    private static func readAll(_ fd: Int32) -> [UInt8] {
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
