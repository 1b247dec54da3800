#if canImport(Glibc)
import Glibc
#endif

/// The lock a guest thread holds while it runs guest code or handles a
/// syscall: guest threads are host threads, and one at a time runs its hart
/// over the shared machine (translation cache, native tier, syscall layer).
/// Blocking host calls run without it (`SyscallHandler.blocking`).
///
/// Waiters are served first come, first served (a ticket lock). A thread that
/// has waited `slice` for the lock asks the running hart to stop at its next
/// block boundary (its interrupt word), so a guest thread spinning in a loop
/// cannot starve the others; a running thread that sees a waiter after such a
/// stop hands the lock over (`yieldIfWanted`).
final class RunLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let turn = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var nextTicket: UInt64 = 0
    private var serving: UInt64 = 0
    /// The interrupt word of the hart that holds the lock (nil: none).
    private var holderInterrupt: UnsafeMutablePointer<UInt64>?
    /// How long a waiter lets the holder run before asking it to stop.
    let slice: Int

    /// `slice` in nanoseconds.
    init(slice: Int = 4_000_000) {
        self.slice = slice
        initializePrimitives()
    }

    /// A fresh mutex and a condition variable on the monotonic clock.
    private func initializePrimitives() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(turn, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(turn)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        turn.deallocate()
    }

    /// Waits for the lock; `interrupt` is the acquiring hart's interrupt word.
    func acquire(interrupt: UnsafeMutablePointer<UInt64>) {
        pthread_mutex_lock(mutex)
        let ticket = nextTicket
        nextTicket += 1
        while serving != ticket {
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let ns = Int(deadline.tv_nsec) + slice
            deadline.tv_sec += ns / 1_000_000_000
            deadline.tv_nsec = ns % 1_000_000_000
            if pthread_cond_timedwait(turn, mutex, &deadline) == ETIMEDOUT, serving != ticket {
                holderInterrupt?.pointee = 0  // a plain aligned store, as a signal handler does
            }
        }
        holderInterrupt = interrupt
        pthread_mutex_unlock(mutex)
    }

    /// Releases the lock to the next waiter.
    func release() {
        pthread_mutex_lock(mutex)
        holderInterrupt = nil
        serving += 1
        pthread_cond_broadcast(turn)
        pthread_mutex_unlock(mutex)
    }

    /// Whether some thread waits for the lock.
    var hasWaiters: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return nextTicket > serving + 1
    }

    /// In a forked child only the forking thread exists: it holds the lock
    /// and nobody waits.
    func resetAfterFork(holder interrupt: UnsafeMutablePointer<UInt64>) {
        initializePrimitives()
        nextTicket = 1
        serving = 0
        holderInterrupt = interrupt
    }
}
