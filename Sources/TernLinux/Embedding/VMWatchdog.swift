import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The wall-time limit of a VM.
extension GuestVM {
    /// Stops a process after a wall-time limit.
    final class Watchdog: @unchecked Sendable {
        let done = Atomic<Bool>(false)
        var thread = pthread_t()
        var semaphore = sem_t()

        init(seconds: Double, process: LinuxProcess) {
            sem_init(&semaphore, 0, 0)
            let context = Unmanaged.passRetained(WatchContext(seconds: seconds, process: process, watchdog: self)).toOpaque()
            pthread_create(&thread, nil, { raw in
                let c = Unmanaged<WatchContext>.fromOpaque(raw!).takeRetainedValue()
                c.watchdog.wait(c.seconds, c.process)
                return nil
            }, context)
        }

        private func wait(_ seconds: Double, _ process: LinuxProcess) {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            let ns = Int(deadline.tv_nsec) + Int(seconds.truncatingRemainder(dividingBy: 1) * 1e9)
            deadline.tv_sec += Int(seconds) + ns / 1_000_000_000
            deadline.tv_nsec = ns % 1_000_000_000
            while sem_timedwait(&semaphore, &deadline) != 0 {
                guard errno == EINTR else { break }
            }
            if !done.load(ordering: .sequentiallyConsistent) { process.requestStop(.wallTime) }
        }

        func cancel() {
            done.store(true, ordering: .sequentiallyConsistent)
            sem_post(&semaphore)
            pthread_join(thread, nil)
            sem_destroy(&semaphore)
        }
    }

    final class WatchContext: @unchecked Sendable {
        let seconds: Double
        let process: LinuxProcess
        let watchdog: Watchdog
        init(seconds: Double, process: LinuxProcess, watchdog: Watchdog) {
            self.seconds = seconds
            self.process = process
            self.watchdog = watchdog
        }
    }
}
