import Synchronization
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// When `LinuxProcess.run()` writes a checkpoint image and ends
/// (`tern run --checkpoint FILE --checkpoint-after N | --checkpoint-on SIG`).
public struct CheckpointRequest: Sendable {
    /// Where the image goes.
    public var path: String
    /// After exactly this many guest instructions retired by this run (all
    /// threads together; exact while one thread runs at a time).
    public var afterInstructions: UInt64?
    /// At the next block boundary after the host sends this signal to Tern
    /// (the guest cannot catch it meanwhile).
    public var signal: Int32?
    /// The CPU profile name recorded in the image ("" for the default).
    public var cpu: String

    public init(path: String, afterInstructions: UInt64? = nil, signal: Int32? = nil, cpu: String = "") {
        self.path = path
        self.afterInstructions = afterInstructions
        self.signal = signal
        self.cpu = cpu
    }
}

extension LinuxProcess {
    /// Whether the checkpoint is due now.
    var checkpointDue: Bool {
        guard let request = checkpointRequest, !checkpointWritten else { return false }
        if request.signal != nil && HostSignals.checkpointSignalled.load(ordering: .relaxed) { return true }
        if let n = request.afterInstructions { return syscalls.instructionsRetired() &- retiredAtStart >= n }
        return false
    }

    /// The next instruction count (of this run) the guest must stop at
    /// exactly: the checkpoint's, the instruction limit's or the embedder's
    /// pause, whichever is first.
    var exactStop: UInt64? {
        var stop = checkpointWritten ? nil : checkpointRequest?.afterInstructions
        if let n = limits.instructions { stop = min(stop ?? n, n) }
        if let n = pauseAt { stop = min(stop ?? n, n) }
        return stop
    }

    /// Runs `thread`'s hart: up to `exactStop` exactly when one is set, else
    /// for `slice` instructions (nil: until it stops).
    func runGuest(_ thread: GuestThread, slice: UInt64?) -> StopReason {
        guard let n = exactStop else { return machine.run(thread.hart, maxInstructions: slice) }
        let done = syscalls.instructionsRetired() &- retiredAtStart
        guard done < n else { return .budgetExhausted }
        return machine.run(thread.hart, exactInstructions: min(n - done, slice ?? .max))
    }

    /// Writes the checkpoint image with every thread stopped and ends the
    /// process: status 0, or 74 (EX_IOERR) after one line when it failed.
    func checkpoint(_ thread: GuestThread) -> ProcessExit {
        guard let request = checkpointRequest else { return .exited(0) }
        checkpointWritten = true
        // A thread that came back from its blocking call while the image was
        // written (its saved pc restarts the call) makes it write again.
        var pending: [PendingSignalState] = []
        while true {
            syscalls.stopOtherThreads(for: thread)
            let blocked = syscalls.blockedThreads(besides: thread)
            var state = syscalls.captureState(running: thread, cpu: request.cpu)
            pending += state.pendingSignals  // taken from the host: kept across a second write
            state.pendingSignals = pending
            do {
                try CheckpointImage.write(state, memory: machine.memory, to: request.path)
            } catch {
                printError("tern: \(error)")
                return .exited(74)
            }
            if SyscallHandler.stillBlocked(blocked) { return .exited(0) }
        }
    }

    /// Starts the threads of a restored process other than the first, each on
    /// a host thread of its own (they run once they get the run lock).
    func startRestoredThreads() {
        guard let start = syscalls.startThread else { return }
        for thread in syscalls.restoredThreads {
            let launch = ThreadLaunch(hart: thread.hart)
            guard launch.start(start) else { continue }
            thread.hostTID = launch.waitForTID()
            launch.hand(thread)
        }
        syscalls.restoredThreads = []
        // No guest code has run yet: a timer the host refuses still ends the restore with one line.
        for t in syscalls.restoredTimers {
            if let error = syscalls.recreate(t) {
                printError("tern: cannot restore: \(error)")
                exit(1)
            }
        }
        syscalls.restoredTimers = []
    }
}

extension SyscallHandler {
    /// Instructions retired by the whole process since this host process
    /// started running it (all threads, exited ones included).
    func instructionsRetired() -> UInt64 {
        threads.values.reduce(retiredByExitedThreads) { $0 &+ ($1.hart.retired &- $1.retiredBase) }
    }

    /// Undoes what a syscall interrupted for a checkpoint changed, so that it
    /// runs again from the start after the restore (rt_sigsuspend's mask).
    func prepareRestart() {
        if let saved = suspendMask {
            setSignalMask(saved)
            suspendMask = nil
        }
        lastSyscall = nil
    }
}

extension HostSignals {
    /// Set by the host handler of the checkpoint signal.
    static let checkpointSignalled = Atomic<Bool>(false)
    /// The signal reserved for `--checkpoint-on` (0: none).
    nonisolated(unsafe) static var checkpointSignal: Int32 = 0

    /// Makes `sig` Tern's checkpoint trigger: its host handler stops the
    /// running hart at its next block boundary and interrupts blocking calls
    /// (no SA_RESTART); the guest's dispositions of it are kept but not
    /// applied to the host.
    static func reserveForCheckpoint(_ sig: Int32) {
        checkpointSignal = sig
        var action = sigaction()
        sigfillset(&action.sa_mask)
        action.__sigaction_handler.sa_sigaction = onCheckpointSignal
        action.sa_flags = SA_SIGINFO
        sigaction(sig, &action, nil)
    }
}

/// The checkpoint signal's host handler: async-signal-safe (an atomic store, a store).
private func onCheckpointSignal(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    HostSignals.checkpointSignalled.store(true, ordering: .sequentiallyConsistent)
    HostSignals.interrupt?.pointee = 0
}

extension SyscallHandler {
    /// Stops every guest thread but `me` (the caller, holding the run lock)
    /// for a checkpoint: each parks at the top of its run loop (a block
    /// boundary, its last syscall complete), or waits in a blocking host call
    /// it will restart after the restore (its pc is still at the `ecall`).
    /// They never run again in this process. Returns holding the run lock.
    func stopOtherThreads(for me: GuestThread) {
        parkRequested = true
        waitForOtherThreads(besides: me) { parkedThreads }
    }

    /// Interrupts every thread but `me` (holding the run lock) and lets them
    /// run to the top of their run loops until `stopped()` of them wait
    /// there and the others sit in blocking host calls. Returns holding the lock.
    func waitForOtherThreads(besides me: GuestThread, stopped: () -> Int) {
        while true {
            let others = threads.values.filter { $0 !== me }
            let blocked = others.filter { $0.inHostCall.load(ordering: .sequentiallyConsistent) }.count
            if stopped() + blocked >= others.count { return }
            for t in others { t.hart.interruptWord.pointee = 0 }
            leave()
            usleep(300)
            enter(me)
        }
    }

    /// Parks the current thread for good (a checkpoint in progress, or the
    /// end of an embedded process, where its host thread ends).
    func park() -> Never {
        parkedThreads += 1
        leave()
        if embedded { pthread_exit(nil) }
        while true { pause() }
    }
}
