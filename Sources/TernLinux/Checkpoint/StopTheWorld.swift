import Synchronization
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Stopping every guest thread of a process at a point its state can be
/// saved from (a checkpoint image, an embedder's snapshot or pause).
///
/// The stop is the debugger's all-stop (`withThreadsStopped`) plus one rule
/// about blocking calls: the caller holds the kernel lock and an exclusive
/// section of the machine (`Machine.beginExclusive`), so every other thread is
///
/// - stopped at a block boundary (parked by the section), or between a stop of
///   its hart and the handling of it (its syscall not begun: its pc is on the
///   `ecall`, which runs again), or exited; or
/// - waiting in a blocking host call without the kernel lock
///   (`SyscallHandler.blocking`): saved as about to make that call again (its
///   pc on the `ecall`, as for SA_RESTART), valid only while the call has not
///   returned (`GuestThread.hostCallEdges` unchanged, checked after the state
///   is taken: `WorldStop.stillValid`).
///
/// A thread that came back from its blocking call but has not finished its
/// syscall (it waits for the kernel lock) is half-way: its pc is past the
/// `ecall` and a0 still holds the call's first argument, which a restored
/// guest would take for the result. The stop lets everything go on for a
/// moment and tries again, so no half-done call is ever saved. Each thread's
/// call word is read once per stop: a thread that comes back while the stop
/// is being taken is either listed with the word it had (the stop is then
/// not valid) or seen back (the stop is tried again), never neither.
final class WorldStop {
    /// The exclusive section held (nil once the stop has ended).
    fileprivate var section: Machine.ExclusiveSection?
    /// The threads in blocking host calls, with their `hostCallEdges` words.
    fileprivate(set) var blocked: [(GuestThread, UInt64)]

    fileprivate init(section: Machine.ExclusiveSection, blocked: [(GuestThread, UInt64)]) {
        self.section = section
        self.blocked = blocked
    }

    /// Whether every thread saved inside a blocking call is still in it (none
    /// came back meanwhile): state taken during the stop restarts them correctly.
    var stillValid: Bool {
        blocked.allSatisfy { t, edges in t.hostCallEdges.load(ordering: .sequentiallyConsistent) == edges }
    }
}

extension LinuxProcess {
    /// Stops every guest thread (see `WorldStop`); returns holding the kernel
    /// lock and an exclusive section. Call it outside the kernel lock (the
    /// calling thread may be a guest thread between stops, the embedder's or
    /// a watcher). `resumeWorld` lets the threads go on; a process that ends
    /// (a checkpoint written) never does.
    func stopWorld() -> WorldStop {
        while true {
            syscalls.kernelLock.lock()
            let section = machine.beginExclusive()
            if let blocked = syscalls.threadsInHostCalls() { return WorldStop(section: section, blocked: blocked) }
            // A thread is finishing a syscall: let it.
            machine.endExclusive(section)
            syscalls.kernelLock.unlock()
            usleep(200)
        }
    }

    /// Lets the threads go on for a moment (a half-done call finishes), then
    /// stops them again into the same `stop`.
    func restopWorld(_ stop: WorldStop) {
        resumeWorld(stop)
        usleep(200)
        let again = stopWorld()
        stop.section = again.section
        stop.blocked = again.blocked
        again.section = nil
    }

    /// Ends a stop: the threads go on.
    func resumeWorld(_ stop: WorldStop) {
        guard let section = stop.section else { return }
        stop.section = nil
        machine.endExclusive(section)
        syscalls.kernelLock.unlock()
    }

    /// Runs `body` with every guest thread stopped, again until the state it
    /// took is valid (no blocked thread came back meanwhile), and returns its
    /// result with the threads still stopped (`resumeWorld` to go on).
    func stopWorldConsistently<T>(_ body: (WorldStop) throws -> T) rethrows -> (T, WorldStop) {
        while true {
            let stop = stopWorld()
            let value: T
            do { value = try body(stop) } catch {
                resumeWorld(stop)
                throw error
            }
            if stop.stillValid { return (value, stop) }
            resumeWorld(stop)
            usleep(200)
        }
    }
}

extension SyscallHandler {
    /// The threads waiting in blocking host calls, each with its
    /// `hostCallEdges` word, when every other thread is at a point a stop
    /// of the whole process may save (not handling a syscall); nil when one
    /// came back from its blocking call and waits to finish its syscall.
    /// Kernel lock held: no thread starts handling a syscall or enters a
    /// blocking call meanwhile, threads only come back from their calls. Each
    /// word is read once (a second read could see a thread in its call that
    /// the first saw back, or the reverse).
    func threadsInHostCalls() -> [(GuestThread, UInt64)]? {
        var blocked: [(GuestThread, UInt64)] = []
        for t in threads.values {
            let edges = t.hostCallEdges.load(ordering: .sequentiallyConsistent)
            if edges & 1 != 0 {
                blocked.append((t, edges))
            } else if t.handling.load(ordering: .sequentiallyConsistent) {
                return nil
            }
        }
        return blocked
    }
}

extension LinuxProcess {
    /// The host signal that interrupts the blocking host calls of an ended
    /// embedded guest's threads (a handler that does nothing, without
    /// SA_RESTART: the call returns EINTR and its thread finds the process ended).
    static let wakeSignal: Int32 = 64  // SIGRTMAX

    /// Installs the wake signal's handler (once per host process, as the
    /// first embedded guest is made) and keeps the signal out of every guest
    /// thread's host mask from then on (`HostSignals.hostSet`): a guest thread
    /// that blocks all signals still wakes from its blocking call.
    static let wakeHandlerInstalled: Bool = {
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.__sigaction_handler.sa_handler = { _ in }
        sigaction(wakeSignal, &action, nil)
        HostSignals.wakeSignal = wakeSignal
        return true
    }()

    /// After the end of an embedded guest (`Machine.releaseStoppedHarts`):
    /// wakes each other thread waiting in a blocking host call until none is
    /// left there (for at most about a second).
    func wakeBlockedThreads() {
        _ = Self.wakeHandlerInstalled
        let me = hostThreadID(), host = Int(getpid())
        for _ in 0 ..< 1000 {
            let blocked = syscalls.kernelLock.withLock {
                syscalls.threads.values.filter { $0.hostTID != me && $0.inHostCall }
                    .map(\.hostTID)
            }
            if blocked.isEmpty { return }
            for tid in blocked { _ = host_syscall(HostSyscall.tgkill, host, Int(tid), Int(Self.wakeSignal), 0, 0, 0) }
            usleep(1000)
        }
    }

    /// After the end of an embedded guest: waits (for at most about a
    /// second) until every host thread its guest threads ran on has ended;
    /// whether they all did.
    func secondaryHostThreadsEnded() -> Bool {
        for _ in 0 ..< 5000 {
            if syscalls.secondaryHostThreads.load(ordering: .sequentiallyConsistent) == 0 { return true }
            usleep(200)
        }
        return false
    }
}
