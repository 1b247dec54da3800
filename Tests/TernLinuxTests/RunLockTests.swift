import XCTest
@testable import TernLinux
#if canImport(Glibc)
import Glibc
#endif

/// The run lock: mutual exclusion, first-come hand-over, `first` waiters ahead,
/// the time slice that asks the holder's hart to stop, and the state after fork.
final class RunLockTests: XCTestCase {
    /// A hart's interrupt word (non-zero: run on).
    final class Interrupt: @unchecked Sendable {
        let word = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        init() { word.pointee = 1 }
        deinit { word.deallocate() }
    }

    /// Runs `body` on a new host thread.
    final class Thread: @unchecked Sendable {
        private var id = pthread_t()
        private let body: () -> Void
        init(_ body: @escaping () -> Void) {
            self.body = body
            let box = Unmanaged.passRetained(self).toOpaque()
            pthread_create(&id, nil, { arg in
                let me = Unmanaged<Thread>.fromOpaque(arg!).takeRetainedValue()
                me.body()
                return nil
            }, box)
        }
        func join() { pthread_join(id, nil) }
    }

    /// A counter only the lock protects (no atomics), and an occupancy check.
    final class Shared: @unchecked Sendable {
        var counter = 0
        var inside = 0
        var overlaps = 0
        var order: [Int] = []
        let orderLock = NSLock()
        func record(_ k: Int) { orderLock.lock(); order.append(k); orderLock.unlock() }
    }

    func testMutualExclusionUnderContention() {
        let lock = RunLock(slice: 100_000)
        let shared = Shared()
        let threads = (0..<4).map { _ in
            Thread {
                let waiter = RunLock.Waiter(), interrupt = Interrupt()
                for _ in 0..<2000 {
                    lock.acquire(waiter, interrupt: interrupt.word)
                    shared.inside += 1
                    if shared.inside != 1 { shared.overlaps += 1 }
                    shared.counter += 1
                    shared.inside -= 1
                    lock.release()
                }
            }
        }
        threads.forEach { $0.join() }
        XCTAssertEqual(shared.counter, 8000)
        XCTAssertEqual(shared.overlaps, 0)
        XCTAssertFalse(lock.hasWaiters)
    }

    /// Waiters get the lock in the order they queued; a `first` waiter goes ahead.
    func testHandOverIsFirstComeAndFirstQueuesAhead() {
        let lock = RunLock(slice: 1_000_000_000)
        let holder = RunLock.Waiter(), holderInterrupt = Interrupt()
        lock.acquire(holder, interrupt: holderInterrupt.word)
        let shared = Shared()
        var threads: [Thread] = []
        for k in 1...3 {
            threads.append(Thread {
                let w = RunLock.Waiter(), i = Interrupt()
                lock.acquire(w, interrupt: i.word, first: k == 3)
                shared.record(k)
                lock.release()
            })
            // Let thread k queue before the next one starts.
            while queued(lock) < k { usleep(1000) }
        }
        XCTAssertTrue(lock.hasWaiters)
        lock.release()
        threads.forEach { $0.join() }
        XCTAssertEqual(shared.order, [3, 1, 2])
        XCTAssertFalse(lock.hasWaiters)
    }

    /// A waiter that has waited a slice clears the holder's interrupt word, so the
    /// holder's hart stops at its next block boundary and can hand the lock over.
    func testAWaiterPastItsSliceInterruptsTheHolder() {
        let lock = RunLock(slice: 2_000_000)
        let holder = RunLock.Waiter(), holderInterrupt = Interrupt()
        lock.acquire(holder, interrupt: holderInterrupt.word)
        let t = Thread {
            let w = RunLock.Waiter(), i = Interrupt()
            lock.acquire(w, interrupt: i.word)
            lock.release()
        }
        var waited = 0
        while holderInterrupt.word.pointee != 0 && waited < 5000 { usleep(1000); waited += 1 }
        XCTAssertEqual(holderInterrupt.word.pointee, 0, "the holder was not asked to stop")
        lock.release()
        t.join()
    }

    func testUncontendedLockDoesNotInterrupt() {
        let lock = RunLock(slice: 1_000)
        let w = RunLock.Waiter(), i = Interrupt()
        lock.acquire(w, interrupt: i.word)
        usleep(5_000)
        XCTAssertFalse(lock.hasWaiters)
        XCTAssertEqual(i.word.pointee, 1)
        lock.release()
        lock.acquire(w, interrupt: i.word)  // free again: no wait
        lock.release()
    }

    /// After fork the forking thread holds the lock and nobody waits: the next
    /// acquire by another waiter blocks until it releases.
    func testResetAfterForkLeavesTheCallerHoldingIt() {
        let lock = RunLock(slice: 1_000_000_000)
        let i = Interrupt()
        lock.resetAfterFork(holder: i.word)
        XCTAssertFalse(lock.hasWaiters)
        let shared = Shared()
        let t = Thread {
            let w = RunLock.Waiter(), wi = Interrupt()
            lock.acquire(w, interrupt: wi.word)
            shared.record(1)
            lock.release()
        }
        while queued(lock) < 1 { usleep(1000) }
        XCTAssertEqual(shared.order, [])
        lock.release()
        t.join()
        XCTAssertEqual(shared.order, [1])
    }

    /// The number of queued waiters (polled through `hasWaiters` and the queue count).
    private func queued(_ lock: RunLock) -> Int { lock.waiterCount }
}
