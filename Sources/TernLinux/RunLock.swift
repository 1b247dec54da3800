#if canImport(Glibc)
import Glibc
#endif

/// The lock a guest thread holds while it runs guest code or handles a
/// syscall: guest threads are host threads, and one at a time runs its hart
/// over the shared machine (translation cache, native tier, syscall layer).
/// Blocking host calls run without it (`SyscallHandler.blocking`).
///
/// Waiters queue in order and the lock is handed straight to the first one
/// (one wake-up per hand-over, no thundering herd). A thread coming back from
/// a blocking call queues at the front, as a scheduler favours a thread that
/// has slept. A waiter that has waited `slice` asks the holder's hart to stop
/// at its next block boundary (its interrupt word), so a guest thread spinning
/// in a loop cannot starve the others; the holder then hands the lock over
/// (`SyscallHandler.yieldIfWanted`).
final class RunLock: @unchecked Sendable {
    /// One thread's place in the queue (each guest thread owns one).
    final class Waiter: @unchecked Sendable {
        fileprivate let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        fileprivate var granted = false
        init() { sem_init(semaphore, 0, 0) }
        deinit { sem_destroy(semaphore); semaphore.deallocate() }
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var held = false
    private var queue: [Waiter] = []
    /// The interrupt word of the hart that holds the lock (nil: none).
    private var holderInterrupt: UnsafeMutablePointer<UInt64>?
    /// How long a waiter lets the holder run before asking it to stop (ns).
    let slice: Int

    init(slice: Int = 4_000_000) {
        self.slice = slice
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Waits for the lock. `interrupt` is the acquiring hart's interrupt word;
    /// `first` queues ahead of the other waiters.
    func acquire(_ waiter: Waiter, interrupt: UnsafeMutablePointer<UInt64>, first: Bool = false) {
        pthread_mutex_lock(mutex)
        if !held {
            held = true
            holderInterrupt = interrupt
            pthread_mutex_unlock(mutex)
            return
        }
        if first { queue.insert(waiter, at: 0) } else { queue.append(waiter) }
        pthread_mutex_unlock(mutex)
        while true {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            let ns = Int(deadline.tv_nsec) + slice
            deadline.tv_sec += ns / 1_000_000_000
            deadline.tv_nsec = ns % 1_000_000_000
            if sem_timedwait(waiter.semaphore, &deadline) == 0 { break }
            pthread_mutex_lock(mutex)
            let granted = waiter.granted
            if !granted { holderInterrupt?.pointee = 0 }  // a plain aligned store, as a signal handler does
            pthread_mutex_unlock(mutex)
            if granted {  // handed over just as the wait timed out: take the post
                while sem_wait(waiter.semaphore) != 0 {}
                break
            }
        }
        pthread_mutex_lock(mutex)
        waiter.granted = false
        holderInterrupt = interrupt
        pthread_mutex_unlock(mutex)
    }

    /// Releases the lock, handing it to the first waiter if there is one.
    func release() {
        pthread_mutex_lock(mutex)
        holderInterrupt = nil
        if queue.isEmpty {
            held = false
        } else {
            let next = queue.removeFirst()
            next.granted = true
            sem_post(next.semaphore)
        }
        pthread_mutex_unlock(mutex)
    }

    /// Whether some thread waits for the lock.
    var hasWaiters: Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return !queue.isEmpty
    }

    /// How many threads wait for the lock.
    var waiterCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return queue.count
    }

    /// In a forked child only the forking thread exists: it holds the lock
    /// and nobody waits.
    func resetAfterFork(holder interrupt: UnsafeMutablePointer<UInt64>) {
        pthread_mutex_init(mutex, nil)
        held = true
        queue = []
        holderInterrupt = interrupt
    }
}
