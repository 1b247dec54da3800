import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Host threads that run `GuestVM`s, parked between VMs: a fork takes a
/// parked thread instead of creating one (and making its descriptor table
/// private again). A thread parks only when nothing of its last VM is left
/// on it (`GuestVM.forgetVM`): its descriptors are closed, its signals
/// blocked, every guest thread of that VM has ended; it has fresh in-memory
/// stdio files ready for the next VM, and when its last VM was a fork it
/// keeps that fork's address space put back to the snapshot
/// (`GuestMemory.revert()`), for the next fork of the same snapshot. The
/// next VM's start rebuilds its table, working directory, umask and signal
/// mask. A parked thread that waits `idleSeconds` without a VM ends.
final class VMThreadPool: @unchecked Sendable {
    static let shared = VMThreadPool()

    /// One parked thread: the VM it is handed (nil: end) and its wake-up.
    final class Parked {
        var next: GuestVM.VMContext?
        /// The snapshot whose copy the thread keeps, ready (`MemorySnapshot.identity`).
        var keeps: UInt64?
        let wake = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        init() { sem_init(wake, 0, 0) }
        deinit { sem_destroy(wake); wake.deallocate() }
    }

    private let lock = Lock()
    private var parked: [Parked] = []
    private var limit = 4
    /// Seconds a parked thread waits for a VM before it ends.
    let idleSeconds = 10

    private func locked<T>(_ body: () -> T) -> T { lock.withLock(body) }

    /// How many threads may be parked at once (0: each thread ends with its VM).
    var parkedLimit: Int {
        get { locked { limit } }
        set {
            let extra: [Parked] = locked {
                limit = max(0, newValue)
                let n = max(0, parked.count - limit)
                defer { parked.removeFirst(n) }
                return Array(parked.prefix(n))
            }
            for p in extra { sem_post(p.wake) }
        }
    }

    /// Threads parked now.
    var parkedCount: Int { locked { parked.count } }

    /// A parked thread for a fork of snapshot `identity`: one that keeps a
    /// copy of it if any, else the last parked; nil when none is parked. The
    /// caller hands it a VM (`hand`) or gives it back (`giveBack`).
    func take(for identity: UInt64) -> Parked? {
        // No waiting for a thread still putting away a fork of this snapshot:
        // another one maps a fresh copy and keeps it too, so forks made one
        // after the other soon alternate between threads that keep it.
        locked {
            if let i = parked.lastIndex(where: { $0.keeps == identity }) { return parked.remove(at: i) }
            return parked.popLast()
        }
    }

    /// Runs `job` on `thread`, taken by `take`.
    func hand(_ job: GuestVM.VMContext, to thread: Parked) {
        thread.next = job
        sem_post(thread.wake)
    }

    /// Parks `thread`, taken by `take`, again.
    func giveBack(_ thread: Parked) {
        let full = locked { () -> Bool in
            guard parked.count < limit else { return true }
            parked.append(thread)
            return false
        }
        if full { sem_post(thread.wake) }  // next nil: it ends
    }

    /// Runs `job` on a new thread; an error when the host refused one.
    func spawn(_ job: GuestVM.VMContext) -> GuestVM.StartError? {
        let rc = DetachedHostThread.start(stackSize: 8 << 20) { GuestVM.hostThread(job) }
        return rc == 0 ? nil : .host("cannot start a thread: error \(rc)")
    }

    /// Parks the calling thread (its VM ended; it keeps a copy of snapshot
    /// `identity`) until it is handed another VM;
    /// nil: the thread ends (the pool is full, it waited too long, or
    /// `endParked` was called).
    func park(keeping identity: UInt64?) -> GuestVM.VMContext? {
        let me = Parked()
        me.keeps = identity
        guard locked({ () -> Bool in
            guard parked.count < limit else { return false }
            parked.append(me)
            return true
        }) else { return nil }
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_sec += idleSeconds
        while sem_timedwait(me.wake, &deadline) != 0 {
            if errno == EINTR { continue }
            let removed = locked { () -> Bool in
                guard let i = parked.firstIndex(where: { $0 === me }) else { return false }
                parked.remove(at: i)
                return true
            }
            if removed { return nil }
            while sem_wait(me.wake) != 0 {}  // taken meanwhile: its VM is on the way
            break
        }
        return me.next
    }

    /// Ends every parked thread.
    func endParked() {
        for p in locked({ () -> [Parked] in defer { parked = [] }; return parked }) { sem_post(p.wake) }
    }
}

extension GuestVM {
    /// How many host threads may wait, parked, for the next fork once their
    /// VM ended (default 4; 0: each VM's thread ends with it). A fork takes a
    /// parked thread instead of creating one; a parked thread ends after ten
    /// idle seconds. A new VM (not a fork) always starts a thread of its own.
    public static var parkedThreadLimit: Int {
        get { VMThreadPool.shared.parkedLimit }
        set { VMThreadPool.shared.parkedLimit = newValue }
    }

    /// Ends the host threads parked for forks now (see `parkedThreadLimit`).
    public static func endParkedThreads() { VMThreadPool.shared.endParked() }
}
