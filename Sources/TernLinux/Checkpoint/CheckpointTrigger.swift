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
    /// Once at least this many guest instructions have retired in this run,
    /// all threads together: the threads are stopped at their next block
    /// boundaries, so the image holds the state after N or a few more
    /// (exactly N while the guest has one thread).
    public var afterInstructions: UInt64?
    /// At the next block boundary of every thread after the host sends this
    /// signal to Tern (the guest cannot catch it meanwhile).
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
    /// Whether the instruction-count checkpoint is due now (kernel lock not held).
    var checkpointDue: Bool {
        guard let n = checkpointRequest?.afterInstructions, !checkpointWritten else { return false }
        return instructionsThisRun >= n
    }

    /// The next instruction count of this run (all threads) at which the
    /// whole process must stop: the checkpoint's, the instruction limit's or
    /// the embedder's pause, whichever is first.
    var nextProcessStop: UInt64? {
        var stop = checkpointWritten ? nil : checkpointRequest?.afterInstructions
        if let n = limits.instructions { stop = min(stop ?? n, n) }
        if let n = pauseAt { stop = min(stop ?? n, n) }
        return stop
    }

    /// Runs `thread`'s hart until it stops, or at most until the process as a
    /// whole reaches `nextProcessStop`: exactly there while the guest has one
    /// thread (`Machine.run(_:exactInstructions:)`), else at this hart's next
    /// block boundary once it alone has retired what was left (so the total
    /// is at least the stop's count when any hart gets there).
    func runGuest(_ thread: GuestThread) -> StopReason {
        guard let n = nextProcessStop else { return machine.run(thread.hart) }
        let (done, alone) = syscalls.kernelLock.withLock { (instructionsThisRun, syscalls.threads.count == 1) }
        guard done < n else { return .budgetExhausted }
        return alone ? machine.run(thread.hart, exactInstructions: n - done)
                     : machine.run(thread.hart, maxInstructions: n - done)
    }

    /// Writes the checkpoint image with every thread stopped (`stopWorld`)
    /// and returns how the process ends: status 0, or 74 (EX_IOERR) after one
    /// line when the image could not be written. The threads stay stopped:
    /// the caller ends the host process without the guest's exit path.
    func writeCheckpoint() -> ProcessExit {
        guard let request = checkpointRequest else { return .exited(0) }
        // Signals taken from the host are kept across a second attempt.
        var takenForProcess: [PendingSignalState] = []
        var takenForThreads: [Int32: [PendingSignalState]] = [:]
        while true {
            let stop = stopWorld()
            checkpointWritten = true
            var state = syscalls.captureState(running: syscalls.thread, cpu: request.cpu, takingPendingSignals: false)
            // A thread that came back from its blocking call: let it finish, and try again.
            guard stop.stillValid else {
                resumeWorld(stop)
                usleep(200)
                continue
            }
            takenForProcess += syscalls.takeProcessPendingSignals()
            state.pendingSignals = takenForProcess
            for i in state.threads.indices {
                let tid = state.threads[i].tid
                if let t = syscalls.threads[tid] { takenForThreads[tid, default: []] += SyscallHandler.takeInbox(t.inbox.raw) }
                state.threads[i].pendingSignals += takenForThreads[tid] ?? []
            }
            do {
                try CheckpointImage.write(state, memory: machine.memory, to: request.path)
            } catch {
                printError("tern: \(error)")
                return .exited(74)
            }
            if stop.stillValid { return .exited(0) }
            resumeWorld(stop)
        }
    }

    /// Starts the threads of a restored process other than the first, each on
    /// a host thread of its own.
    func startRestoredThreads() {
        guard let start = syscalls.startThread else { return }
        for thread in syscalls.restoredThreads {
            let launch = ThreadLaunch(hart: thread.hart)
            // The new host thread starts with every signal blocked until it applies its guest mask.
            var previous = HostSignals.blockAll()
            syscalls.secondaryHostThreads.add(1, ordering: .sequentiallyConsistent)
            let started = launch.start(start)
            pthread_sigmask(SIG_SETMASK, &previous, nil)
            guard started else {
                syscalls.secondaryHostThreads.subtract(1, ordering: .sequentiallyConsistent)
                continue
            }
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

    /// With `--checkpoint-on SIG`: a host thread that waits for the signal
    /// (every other thread blocks it) and then writes the checkpoint itself,
    /// with every guest thread stopped at its next block boundary or in a
    /// blocking call it will make again, and ends the process.
    func startCheckpointWatcher() {
        guard let sig = checkpointRequest?.signal else { return }
        _ = DetachedHostThread.start { [self] in
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, sig)
            var taken: Int32 = 0
            while sigwait(&set, &taken) != 0 {}
            let end = writeCheckpoint()
            exitFromThread(end)
        }
    }
}

extension SyscallHandler {
    /// Instructions retired by the whole process since this host process
    /// started running it (all threads, exited ones included; kernel lock held).
    func instructionsRetired() -> UInt64 {
        threads.values.reduce(retiredByExitedThreads) { $0 &+ ($1.hart.retired &- $1.retiredBase) }
    }
}

extension HostSignals {
    /// The signal reserved for `--checkpoint-on` (0: none).
    nonisolated(unsafe) static var checkpointSignal: Int32 = 0

    /// Makes `sig` Tern's checkpoint trigger: it is blocked on every guest
    /// thread (the calling thread's mask is inherited by the threads it
    /// starts, and guest masks always include it) and taken by the watcher;
    /// the guest's dispositions of it are kept but not applied to the host.
    static func reserveForCheckpoint(_ sig: Int32) {
        checkpointSignal = sig
        var one = sigset_t()
        sigemptyset(&one)
        sigaddset(&one, sig)
        pthread_sigmask(SIG_BLOCK, &one, nil)
    }
}
