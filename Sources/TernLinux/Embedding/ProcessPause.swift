import TernCore

/// Pausing a guest at instruction counts (`GuestVM.run(instructions:)`).
///
/// `pauseAt` counts the instructions this run retired, all threads together.
/// A single-threaded guest pauses exactly there, the same on every run with
/// the same inputs. With several threads each hart runs in parallel up to
/// its next block boundary once it alone has retired what was left, so the
/// pause holds at least that many (and how they split between threads follows
/// the host's scheduling). At the count, the thread that reached it stops
/// every thread (`stopWorld`) and calls `pauseHandler`; no guest code runs
/// until the handler returns.
extension LinuxProcess {
    /// Instructions this run retired (all threads, exited ones included;
    /// kernel lock held).
    var instructionsThisRun: UInt64 { syscalls.instructionsRetired() &- retiredAtStart }

    /// What the whole process must do now, checked by each thread between
    /// stops of its hart (kernel lock not held).
    enum ProcessStop {
        /// Write the checkpoint image and end.
        case checkpoint
        /// End: a limit was reached, or the embedder stopped the guest.
        case end(ProcessExit)
        /// Pause for the embedder.
        case pause
    }

    /// The process-wide stop that is due, if any.
    func processStopDue() -> ProcessStop? {
        if let end = requestedEnd() { return .end(end) }
        guard nextProcessStop != nil else { return nil }
        let done = syscalls.kernelLock.withLock { instructionsThisRun }
        if let n = checkpointRequest?.afterInstructions, !checkpointWritten, done >= n { return .checkpoint }
        if let n = limits.instructions, done >= n {
            return .end(.signaled(Self.limitSignal, message: "tern: guest stopped: instruction limit \(n) reached"))
        }
        if let n = pauseAt, done >= n, pauseHandler != nil { return .pause }
        return nil
    }

    /// Serves a due pause: every thread stopped, the handler called, then on.
    /// Another thread that reached the count meanwhile finds the pause
    /// served (a new `pauseAt`), or in progress (`pausing`: the handler let
    /// the threads go on for a moment to take a consistent snapshot), and goes on.
    func pauseIfDue() {
        let stop = stopWorld()
        if !pausing, let n = pauseAt, instructionsThisRun >= n, let pauseHandler {
            pausing = true
            pauseHandler(stop)
            pausing = false
        }
        resumeWorld(stop)
    }
}
