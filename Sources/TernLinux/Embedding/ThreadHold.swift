import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Holding every guest thread but one at a consistent point while an
/// embedder takes a snapshot, so that they run on afterwards (a checkpoint's
/// `stopOtherThreads` parks them for good instead).
extension SyscallHandler {
    /// Stops every guest thread but `me` (the caller, holding the run lock):
    /// each waits at the top of its run loop (a block boundary, its last
    /// syscall complete) or sits in a blocking host call, which a snapshot
    /// saves to run again (its pc on the `ecall`). Returns holding the run
    /// lock; `releaseHeldThreads` lets them go on.
    func holdOtherThreads(for me: GuestThread) {
        holdRequested.store(true, ordering: .sequentiallyConsistent)
        waitForOtherThreads(besides: me) { heldThreads }
    }

    /// The threads but `me` that are in blocking host calls, with how many
    /// such calls each had come back from.
    func blockedThreads(besides me: GuestThread) -> [(GuestThread, UInt64)] {
        threads.values.filter { $0 !== me && $0.inHostCall.load(ordering: .sequentiallyConsistent) }
            .map { ($0, $0.hostCallsDone.load(ordering: .sequentiallyConsistent)) }
    }

    /// Whether every thread of `blocked` is still in the same blocking call
    /// (none came back meanwhile: its saved state restarts it correctly).
    static func stillBlocked(_ blocked: [(GuestThread, UInt64)]) -> Bool {
        blocked.allSatisfy { t, done in
            t.inHostCall.load(ordering: .sequentiallyConsistent) && t.hostCallsDone.load(ordering: .sequentiallyConsistent) == done
        }
    }

    /// Ends the hold: the held threads take the run lock again in turn.
    func releaseHeldThreads() {
        holdRequested.store(false, ordering: .sequentiallyConsistent)
    }

    /// At the top of a thread's run loop (holding the run lock): waits
    /// without it while a hold is requested.
    func holdIfRequested() {
        guard holdRequested.load(ordering: .sequentiallyConsistent) else { return }
        let me = thread
        heldThreads += 1
        leave()
        while holdRequested.load(ordering: .sequentiallyConsistent) { usleep(200) }
        enter(me)
        heldThreads -= 1
    }
}
