import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

extension LinuxProcess {
    /// Restores the process saved in the checkpoint image at `path` into
    /// `machine`, whose memory must be empty and whose translation cache
    /// starts empty. The image is read and checked completely (every
    /// checksum) before anything of the guest runs; on any error nothing
    /// runs. `options.sysroot` nil takes the image's; another directory
    /// replaces the image's sysroot in the saved paths (a moved sysroot).
    ///
    /// Afterwards the calling thread's descriptor table, working directory,
    /// umask, resource limits, signal dispositions and timers are the
    /// guest's. Returns the process and one warning per descriptor that came
    /// back closed (pipes, sockets...).
    /// The guest keeps the image's CPU model (`machine.extensions`).
    /// `adjust` sees the options once the sysroot is known, and the CPU model
    /// (qemu's -cpu syntax; "" for the default), to build `execCommand`.
    public static func restore(from path: String, machine: Machine, options: LinuxOptions,
                               adjust: (inout LinuxOptions, _ cpu: String) -> Void = { _, _ in }) throws(CheckpointError) -> (LinuxProcess, warnings: [String]) {
        let loaded = try CheckpointImage.Loaded(path: path)
        let state = loaded.state
        if !state.cpu.isEmpty {
            do {
                let model = try CPUConfiguration.parse(state.cpu)
                machine.extensions = model.extensions
                machine.vlenb = UInt32(model.vlen / 8)
            } catch {
                throw .cannotRestore("the image's CPU model \(state.cpu): \(error)")
            }
        }
        var options = options
        let relocate = sysrootRelocation(saved: state.sysroot, given: options.sysroot)
        if options.sysroot == nil { options.sysroot = state.sysroot }
        adjust(&options, state.cpu)
        let executable = relocate(state.executablePath)
        try loaded.mapMemory(machine.memory, hostPath: relocate)
        loaded.reader.close()
        return try restore(state, machine: machine, options: options, executablePath: executable,
                           standard: [0: 0, 1: 1, 2: 2], relocate: relocate)
    }

    /// Rebuilds the process from `state` whose memory is already in `machine`.
    /// `hostProcess` false leaves what belongs to the whole host process as it
    /// is: signal dispositions, resource limits and interval timers (an
    /// embedded guest's fork, living in the process it was taken in).
    /// `tableHolds`: the descriptors open in the calling thread's table, when
    /// the caller knows them (nil: they are listed).
    static func restore(_ state: ProcessState, machine: Machine, options: LinuxOptions, executablePath: String,
                        standard: [Int32: Int32], tableHolds: [Int32]? = nil, relocate: (String) -> String,
                        hostProcess: Bool = true) throws(CheckpointError) -> (LinuxProcess, warnings: [String]) {
        let syscalls = SyscallHandler(machine: machine, options: options, executablePath: executablePath,
                                      breakStart: state.breakStart, mmapTop: state.mmapTop)
        syscalls.paths = GuestPaths(sysroot: options.sysroot)
        syscalls.pid = state.pid
        syscalls.programBreak = state.programBreak
        syscalls.trampolineAddress = state.trampolineAddress
        syscalls.argumentBytes = state.arguments
        syscalls.auxv = state.auxv
        syscalls.stackStart = state.stackStart
        syscalls.sealedRanges = state.sealedRanges
        for l in state.virtualLimits { syscalls.virtualLimits[l.resource] = ResourceLimit(current: l.current, maximum: l.maximum) }

        // Threads: the first runs on the calling thread, the others on host
        // threads started by `run()`.
        let main = syscalls.mainThread
        syscalls.threads = [:]
        for (i, saved) in state.threads.enumerated() {
            let thread = i == 0 ? main : GuestThread(hart: Hart(), tid: saved.tid)
            if let vlenb = Hart.savedVectorLengthBytes(saved.registers), vlenb != machine.vlenb {
                throw .cannotRestore("thread \(saved.tid): vector registers of VLEN \(vlenb * 8), the CPU model's is \(machine.vlenb * 8)")
            }
            do { try thread.hart.setRegisters(saved.registers) } catch {
                throw .cannotRestore("thread \(saved.tid): registers this build cannot hold (\(error))")
            }
            thread.tid = saved.tid
            thread.owner = ObjectIdentifier(syscalls)
            thread.hostTID = i == 0 ? hostThreadID() : 0
            thread.signalMask = saved.signalMask
            thread.altStack = (saved.altStackPointer, saved.altStackFlags, saved.altStackSize)
            thread.clearChildTID = saved.clearChildTID
            thread.robustList = (saved.robustListHead, saved.robustListLength)
            thread.name = saved.name
            thread.pendingSynchronous = saved.pendingSignals.map { ($0.signal, $0.info) }
            thread.retiredBase = saved.registers.retired
            syscalls.threads[saved.tid] = thread
            if i > 0 { syscalls.restoredThreads.append(thread) }
        }

        // The host side: descriptors, directory, mask, limits.
        let warnings = try DescriptorTable.restore(state.descriptors, standard: standard, open: tableHolds, paths: relocate)
        let cwd = relocate(state.workingDirectory)
        guard chdir(cwd) == 0 else {
            throw .cannotRestore("working directory \(cwd): \(String(cString: strerror(errno)))")
        }
        umask(mode_t(state.umask & 0o777))
        for l in state.hostLimits where hostProcess {
            var now = rlimit()
            guard getrlimit(__rlimit_resource_t(UInt32(l.resource)), &now) == 0 else { continue }
            // A raised hard limit needs privileges: keep what is allowed.
            var wanted = rlimit(rlim_cur: rlim_t(l.current), rlim_max: rlim_t(l.maximum))
            if wanted.rlim_max > now.rlim_max { wanted.rlim_max = now.rlim_max }
            if wanted.rlim_cur > wanted.rlim_max { wanted.rlim_cur = wanted.rlim_max }
            _ = setrlimit(__rlimit_resource_t(UInt32(l.resource)), &wanted)
        }

        // Signals: dispositions, the running thread's mask, pending ones.
        for a in state.signalActions {
            syscalls.signalActions[Int(a.signal)] = GuestSigaction(handler: a.handler, flags: a.flags, mask: a.mask)
            if hostProcess { HostSignals.setDisposition(a.signal, handler: a.handler) }
        }
        syscalls.setSignalMask(main.signalMask)
        for p in state.pendingSignals { syscalls.requeue(p) }

        // Timers, last: they may fire at once.
        for t in state.timers.intervalTimers where hostProcess {
            var value: [Int64] = [Int64(t.intervalMicroseconds / 1_000_000), Int64(t.intervalMicroseconds % 1_000_000),
                                  Int64(t.valueMicroseconds / 1_000_000), Int64(t.valueMicroseconds % 1_000_000)]
            _ = value.withUnsafeMutableBytes {
                host_syscall(HostSyscall.setitimer, Int(t.which), Int(bitPattern: $0.baseAddress), 0, 0, 0, 0)
            }
        }
        // Timers aimed at another thread (SIGEV_THREAD_ID) wait until its host thread exists (`run()`).
        for t in state.timers.posixTimers {
            if let target = t.targetThread, target != main.tid {
                syscalls.restoredTimers.append(t)
                continue
            }
            if let error = syscalls.recreate(t) { throw .cannotRestore(error) }
        }

        let image = LoadedImage(entry: main.hart.pc, programHeaderAddress: 0, programHeaderCount: 0, programHeaderBytes: [],
                                bias: 0, breakStart: state.breakStart, executableStack: false)
        let process = LinuxProcess(machine: machine, syscalls: syscalls, image: image, initialStackPointer: state.stackStart)
        return (process, warnings)
    }

    /// How saved host paths map to this host: paths under the saved sysroot
    /// move under `given` when that is another directory.
    static func sysrootRelocation(saved: String?, given: String?) -> (String) -> String {
        guard let saved, let given else { return { $0 } }
        let to = GuestPaths(sysroot: given).sysroot ?? given
        guard to != saved else { return { $0 } }
        return { path in
            guard path == saved || path.hasPrefix(saved + "/") else { return path }
            return to + path.dropFirst(saved.count)
        }
    }
}

extension SyscallHandler {
    /// Puts a process-directed signal saved pending back: blocked ones into
    /// the host kernel's pending set (where sigtimedwait and sigpending see
    /// them), the others into Tern's, delivered at the first stop.
    func requeue(_ p: PendingSignalState) {
        let bit = UInt64(1) << UInt64(p.signal - 1)
        if signalMask & bit != 0 {
            var info = p.info
            _ = info.withUnsafeMutableBytes {
                host_syscall(HostSyscall.rtTgsigqueueinfo, Int(getpid()), Int(hostThreadID()), Int(p.signal), Int(bitPattern: $0.baseAddress), 0, 0)
            }
            return
        }
        // No guest thread runs yet: the process inbox is written directly.
        let inbox = HostSignals.processInbox
        withUnsafeMutableBytes(of: &inbox.pointee.infos) { all in
            p.info.prefix(128).withUnsafeBytes { all.baseAddress!.advanced(by: Int(p.signal) * 128).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        inbox.pointee.pending |= bit
    }
}

extension PosixTimerState {
    /// The guest thread a SIGEV_THREAD_ID timer signals, nil for other timers.
    var targetThread: Int32? {
        guard event.count == 64, ByteReader(event).u32(12) == 4 else { return nil }
        return Int32(bitPattern: ByteReader(event).u32(16))
    }
}

extension SyscallHandler {
    /// Creates a saved POSIX timer again under its guest id, armed as it was;
    /// a message when the host refuses.
    func recreate(_ t: PosixTimerState) -> String? {
        switch createHostTimer(clock: t.clock, event: t.event) {
        case .failure(let e): return "POSIX timer \(t.id): error \(e.errno)"
        case .success(let host):
            adoptTimer(t.id, host: host, record: PosixTimerRecord(clock: t.clock, event: t.event))
            if t.valueNanoseconds > 0 { _ = setPosixTimer(t.id, interval: t.intervalNanoseconds, value: t.valueNanoseconds) }
            return nil
        }
    }
}
