import Synchronization
import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// The VM's host thread: its in-memory stdio, its start, the sandbox it makes of
/// itself, and the command loop that serves the caller.
extension GuestVM {
    /// The in-memory stdin (holding `stdin`), stdout and stderr, made in the
    /// caller's table: the VM's thread gets copies when it unshares it, and the
    /// caller reads the output from its own.
    static func inMemoryFiles(stdin: [UInt8]) throws(StartError) -> [Int32] {
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
    static func launch(_ context: VMContext) -> Swift.Result<pthread_t, StartError> {
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

    /// What a VM's thread starts from.
    final class VMContext: @unchecked Sendable {
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
    static func serve(_ c: VMContext) {
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
    static func start(_ c: VMContext) -> Swift.Result<LinuxProcess, StartError> {
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
    static func keepOnly(_ stdio: [Int32]) -> StartError? {
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
    static func snapshot(_ process: LinuxProcess, _ stop: WorldStop?, _ c: VMContext) -> Swift.Result<Snapshot, SnapshotError> {
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
}
