#if canImport(Glibc)
import Glibc
#endif

/// The lock of the syscall layer's own state: the thread table, signal
/// dispositions, the program break and mapping layout decisions, warnings,
/// and whole `--strace` lines. A guest thread holds it while it handles a
/// syscall or delivers signals, never while it runs guest code, and lets it
/// go around host calls that may block (`SyscallHandler.blocking`), so a
/// thread waiting in read() or futex() holds nobody up.
final class KernelLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    func withLock<T>(_ body: () -> T) -> T {
        lock()
        defer { unlock() }
        return body()
    }

    /// In a forked child only the forking thread exists, inside its syscall:
    /// the lock is re-created, held by it.
    func resetAfterFork() {
        pthread_mutex_init(mutex, nil)
        pthread_mutex_lock(mutex)
    }
}
