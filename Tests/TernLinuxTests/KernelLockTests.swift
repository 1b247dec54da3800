import XCTest
@testable import TernLinux
import TernTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The syscall layer's kernel lock (guest threads run guest code in parallel;
/// only syscall handling is serialized): mutual exclusion under contention,
/// and the state in a forked child (held by the forking thread).
final class KernelLockTests: XCTestCase {
    /// A counter only the lock protects (no atomics), and an occupancy check.
    final class Shared: @unchecked Sendable {
        var counter = 0
        var inside = 0
        var overlaps = 0
        var order: [Int] = []
    }

    func testMutualExclusionUnderContention() {
        let lock = KernelLock()
        let shared = Shared()
        let threads = (0..<4).map { _ in
            HostThread {
                for _ in 0..<5000 {
                    lock.withLock {
                        shared.inside += 1
                        if shared.inside != 1 { shared.overlaps += 1 }
                        shared.counter += 1
                        shared.inside -= 1
                    }
                }
            }
        }
        threads.forEach { $0.join() }
        XCTAssertEqual(shared.counter, 20000)
        XCTAssertEqual(shared.overlaps, 0)
    }

    /// After fork only the forking thread exists, inside its syscall: the lock
    /// is held by it, and another thread's acquire waits for its release.
    func testResetAfterForkLeavesTheCallerHoldingIt() {
        let lock = KernelLock()
        lock.resetAfterFork()
        let shared = Shared()
        let started = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        sem_init(started, 0, 0)
        defer { sem_destroy(started); started.deallocate() }
        let t = HostThread {
            sem_post(started)
            lock.withLock { shared.order.append(1) }
        }
        sem_wait(started)
        usleep(20_000)
        XCTAssertEqual(shared.order, [], "the lock was free after the reset")
        lock.unlock()
        t.join()
        XCTAssertEqual(shared.order, [1])
    }
}
