import XCTest
import Synchronization
@testable import TernLinux
import TernCore
import TernTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Stopping every guest thread (`LinuxProcess.stopWorld`, the checkpoint's
/// and snapshot's stop) while the other threads keep coming back from
/// blocking host calls, as guest threads waking from futex waits do.
final class StopTheWorldTests: XCTestCase {
    /// Tells the worker threads to end.
    final class Flag: @unchecked Sendable {
        let done = Atomic<Bool>(false)
    }

    /// A thread that is handling a syscall when the world stops must be
    /// listed as waiting in its blocking host call (saved as about to make
    /// it again, valid while it stays there). One that came back from the
    /// call and waits for the kernel lock to finish its syscall has its pc
    /// past the ecall and a0 still the call's first argument: saved so, the
    /// restored guest takes that argument for the call's result (glibc's
    /// "The futex facility returned an unexpected error code." and SIGABRT
    /// after a restore, Tests/e2e/checkpoint.sh threads@N under load).
    func testAThreadBackFromItsBlockingCallIsNeverTakenAsStopped() throws {
        let path = temporaryFile(ELFBuilder.valid().bytes())
        let process = try LinuxProcess(machine: Machine(), executablePath: path, arguments: [path], options: LinuxOptions())
        let syscalls = process.syscalls
        let threads = (0 ..< 6).map { GuestThread(hart: Hart(), tid: 5000 + Int32($0)) }
        syscalls.kernelLock.withLock {
            for t in threads {
                t.owner = ObjectIdentifier(syscalls)
                t.inBlockingCall = true
                syscalls.threads[t.tid] = t
            }
        }
        let flag = Flag()
        // Each worker handles "syscalls" as `LinuxProcess.handleStop` does: under the
        // kernel lock, with a short host call outside it (`SyscallHandler.blocking`).
        let workers = threads.map { t in
            HostThread {
                t.attachToHostThread()
                defer { t.detachFromHostThread() }
                var spins = 0
                while !flag.done.load(ordering: .relaxed) {
                    syscalls.kernelLock.lock()
                    t.handling.store(true, ordering: .sequentiallyConsistent)
                    spins = syscalls.blocking {
                        var n = 0
                        for _ in 0 ..< Int.random(in: 0 ... 400) { n &+= 1 }
                        return n
                    }
                    t.handling.store(false, ordering: .sequentiallyConsistent)
                    syscalls.kernelLock.unlock()
                }
                _ = spins
            }
        }
        var halfDone = 0, stops = 0, waiting = 0
        let deadline = DispatchTime.now().uptimeNanoseconds + 3_000_000_000
        while stops < 50_000 && DispatchTime.now().uptimeNanoseconds < deadline {
            let stop = process.stopWorld()
            stops += 1
            let listed = Set(stop.blocked.map { ObjectIdentifier($0.0) })
            waiting += listed.count
            // Nothing changes `handling` while the stop holds the kernel lock.
            halfDone += threads.count(where: { $0.handling.load(ordering: .sequentiallyConsistent) && !listed.contains(ObjectIdentifier($0)) })
            process.resumeWorld(stop)
        }
        flag.done.store(true, ordering: .relaxed)
        workers.forEach { $0.join() }
        XCTAssertGreaterThan(waiting, 0, "no stop found a thread in its blocking call: the test exercised nothing")
        XCTAssertEqual(halfDone, 0, "\(halfDone) threads taken as stopped half-way through a syscall in \(stops) stops")
    }
}
