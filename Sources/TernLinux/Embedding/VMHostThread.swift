import Synchronization
import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// The VM's host thread: the sandbox it makes of itself, its in-memory stdio,
/// the guest's start, and the command loop that serves the caller.
extension GuestVM {
    /// What a VM's thread starts from.
    final class VMContext: @unchecked Sendable {
        let configuration: Configuration
        /// A fork's start: its snapshot's state and instruction count, and the
        /// machine the caller already mapped the snapshot's memory into.
        let fork: ForkStart?
        let stdin: [UInt8]
        let mailbox: Mailbox
        init(configuration: Configuration, fork: ForkStart?, stdin: [UInt8], mailbox: Mailbox) {
            self.configuration = configuration
            self.fork = fork
            self.stdin = stdin
            self.mailbox = mailbox
        }
    }

    /// What a fork starts from (the snapshot itself stays the caller's: its
    /// files are in the caller's descriptor table).
    struct ForkStart: @unchecked Sendable {
        let state: ProcessState
        let instructions: UInt64
        /// Its copy of the snapshot's memory, mapped by the caller; nil: the
        /// one the thread keeps (`VMThreadPool.take`).
        let memory: GuestMemory?
    }

    /// What a VM thread keeps between VMs: a copy of the last fork's snapshot
    /// memory, put back (`GuestMemory.revert()`), and the next VM's stdio files, made.
    struct Kept {
        var memory: GuestMemory?
        var standardFiles = false
    }

    /// The body of a new VM host thread: makes its descriptor table, working
    /// directory and umask its own (`unshare(CLONE_FILES | CLONE_FS)`: the
    /// guest threads it starts share them), then runs VMs, `first` and those
    /// the pool hands it while it is parked (`VMThreadPool`).
    static func hostThread(_ first: VMContext) {
        guard host_syscall(272 /* unshare */, 0x400 | 0x200 /* CLONE_FILES | CLONE_FS */, 0, 0, 0, 0, 0) == 0 else {
            first.mailbox.answer(.failed(.host("unshare: \(String(cString: strerror(errno)))")))
            return
        }
        var job: VMContext? = first
        var kept = Kept()
        while let current = job {
            job = nil  // nothing of the VM but what `kept` holds stays while parked
            guard serve(current, &kept) else { return }
            kept.standardFiles = makeStandardFiles(stdin: []) == nil
            job = VMThreadPool.shared.park(keeping: kept.memory?.revertibleSnapshot)
        }
    }

    /// Sets the guest up, serves the caller's commands until the guest ends,
    /// and cleans up after it. Returns whether the thread may run another VM:
    /// every guest thread of this one ended, so nothing else shares its table.
    static func serve(_ c: VMContext, _ kept: inout Kept) -> Bool {
        let mailbox = c.mailbox
        // What the thread kept and this VM does not use goes once it started.
        var memory = kept.memory
        kept.memory = nil
        var unused: GuestMemory?
        if c.fork?.memory != nil || c.fork == nil { swap(&memory, &unused) }
        let process: LinuxProcess
        switch start(c, memory: memory, standardFiles: kept.standardFiles) {
        case .failure(let error):
            mailbox.answer(.failed(error))
            return forgetVM()
        case .success(let p):
            process = p
        }
        kept.standardFiles = false
        mailbox.answer(.started)
        unused = nil
        // Before the first instruction: snapshots, output, the first budget, or the end.
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
            case .output:
                mailbox.answer(.output(stdout: readAll(1), stderr: readAll(2)))
            case .end:  // from a dropped VM: no reply
                process.syscalls.deletePosixTimers()  // a fork's, restored armed
                if c.fork != nil, process.machine.memory.revert() { kept.memory = process.machine.memory }
                return forgetVM()
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
                case .output:
                    mailbox.answer(.output(stdout: readAll(1), stderr: readAll(2)))
                case .end:  // from a dropped VM, as above
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
        let stdout = readAll(1), stderr = readAll(2)
        mailbox.answer(.ended(Result(exit: exit, stdout: stdout, stderr: stderr, instructions: process.instructionsThisRun,
                                     limitReached: limit)))
        // The caller goes on; the rest is this thread's.
        process.syscalls.deletePosixTimers()
        guard process.secondaryHostThreadsEnded() else { return false }
        if c.fork != nil, process.machine.memory.revert() { kept.memory = process.machine.memory }
        return forgetVM()
    }

    /// Leaves nothing of the VM that ran on this thread to the next one: its
    /// descriptors are closed, every signal is blocked while the thread waits
    /// (a signal for the host process goes to a thread that runs guest code),
    /// and signals still pending for this thread are discarded. Returns true.
    static func forgetVM() -> Bool {
        _ = host_syscall(436 /* close_range */, 0, Int(UInt32.max), 0, 0, 0, 0)
        _ = HostSignals.blockAll()
        var pending = sigset_t()
        sigpending(&pending)
        var zero = timespec()
        for sig in Int32(1) ... 64 where sigismember(&pending, sig) == 1 && !HostSignals.reserved.contains(sig) {
            var one = sigset_t()
            sigemptyset(&one)
            sigaddset(&one, sig)
            while sigtimedwait(&one, nil, &zero) == sig {}
        }
        return true
    }

    /// Loads the guest (or rebuilds its snapshot's fork) on this thread, with
    /// a descriptor table holding only its in-memory stdin, stdout and stderr.
    static func start(_ c: VMContext, memory kept: GuestMemory?, standardFiles: Bool) -> Swift.Result<LinuxProcess, StartError> {
        let configuration = c.configuration
        if let failure = standardFiles ? fill(stdin: c.stdin) : makeStandardFiles(stdin: c.stdin) { return .failure(failure) }
        var options = LinuxOptions(environment: configuration.environment, warnUnsupported: false)
        options.sysroot = configuration.sysroot
        let process: LinuxProcess
        if let fork = c.fork {
            guard let memory = fork.memory ?? kept else { return .failure(.host("no memory for the fork")) }
            let machine = Machine(memory: memory)
            if !fork.state.cpu.isEmpty {
                do { try machine.apply(cpu: fork.state.cpu) } catch { return .failure(error) }
            }
            options.sysroot = fork.state.sysroot
            do {
                // The table becomes the snapshot's, with the new in-memory files as 0, 1 and 2.
                process = try LinuxProcess.restore(fork.state, machine: machine, options: options,
                                                   executablePath: fork.state.executablePath,
                                                   standard: [0: 0, 1: 1, 2: 2], tableHolds: [0, 1, 2],
                                                   relocate: { $0 }, hostProcess: false).0
            } catch {
                return .failure(.host("cannot fork the snapshot: \(error)"))
            }
        } else {
            let machine: Machine
            do { machine = try Machine() } catch { return .failure(.host("cannot reserve guest memory")) }
            if let cpu = configuration.cpu, !cpu.isEmpty {
                do { try machine.apply(cpu: cpu) } catch { return .failure(error) }
            }
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

    /// Makes the calling thread's table exactly the VM's in-memory stdin
    /// (holding `stdin`), stdout and stderr as 0, 1 and 2: whatever it held
    /// (the host's descriptors, copied by `unshare`; an earlier VM's) is
    /// closed first (close_range, so a VM started while many are open costs no more).
    static func makeStandardFiles(stdin: [UInt8]) -> StartError? {
        if host_syscall(436 /* close_range */, 0, Int(UInt32.max), 0, 0, 0, 0) != 0 {
            for fd in DescriptorTable.openDescriptors() { close(fd) }
        }
        for (n, name) in ["tern-vm-stdin", "tern-vm-stdout", "tern-vm-stderr"].enumerated() {
            // The lowest free number: n, in a table emptied above.
            let fd = name.withCString { host_syscall(319 /* memfd_create */, Int(bitPattern: $0), 0, 0, 0, 0, 0) }
            if fd < 0 { return .host("memfd_create: \(String(cString: strerror(errno)))") }
            guard fd == n else { return .host("memfd_create: descriptor \(fd) for standard descriptor \(n)") }
        }
        return fill(stdin: stdin)
    }

    /// Writes `stdin` into the VM's empty stdin file (descriptor 0).
    static func fill(stdin: [UInt8]) -> StartError? {
        guard !stdin.isEmpty else { return nil }
        var done = 0
        while done < stdin.count {
            let n = stdin.withUnsafeBytes { write(0, $0.baseAddress! + done, $0.count - done) }
            guard n > 0 else { return .host("cannot write the guest's stdin: \(String(cString: strerror(errno)))") }
            done += n
        }
        lseek(0, 0, SEEK_SET)
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
                state = syscalls.captureState(running: syscalls.mainThread, cpu: c.fork?.state.cpu ?? c.configuration.cpu ?? "",
                                              takingPendingSignals: false)
                memory = try process.machine.memory.snapshot()
                guard let current = stop, !current.stillValid else { break }
                process.restopWorld(current)
            }
            return .success(Snapshot(configuration: c.configuration, instructions: (c.fork?.instructions ?? 0) + process.instructionsThisRun,
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

extension Machine {
    /// Takes the CPU model named as `tern run --cpu` takes it.
    func apply(cpu: String) throws(GuestVM.StartError) {
        do {
            let model = try CPUConfiguration.parse(cpu)
            extensions = model.extensions
            vlenb = UInt32(model.vlen / 8)
        } catch {
            throw .load("CPU model \(cpu): \(error)")
        }
    }
}
