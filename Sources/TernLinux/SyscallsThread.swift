import Synchronization
import TernCore
import JITRuntime
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("syscall")
func host_syscall(_ number: Int, _ a0: Int, _ a1: Int, _ a2: Int, _ a3: Int, _ a4: Int, _ a5: Int) -> Int

/// x86-64 host syscall numbers used directly.
enum HostSyscall {
    static let futex = 202, gettid = 186, tgkill = 234, tkill = 200
    static let fcntl = 72, getitimer = 36, setitimer = 38, utimensat = 280, schedGetaffinity = 204
    static let rtTgsigqueueinfo = 297
    static let getpriority = 140, setpriority = 141
}

/// A guest result for a raw host syscall: -errno on failure.
func hostResult(_ r: Int) -> Int64 { r < 0 ? -Int64(errno) : Int64(r) }

/// The host thread id of the calling thread.
func hostThreadID() -> Int32 { Int32(truncatingIfNeeded: host_syscall(HostSyscall.gettid, 0, 0, 0, 0, 0, 0)) }

/// Threads: clone with CLONE_VM|CLONE_THREAD starts a host thread running a
/// new hart over the same machine, in parallel with the others; futex is the
/// host's futex on the guest word (guest memory is host memory, and the
/// riscv64 timespec is the host's), so waiters block in the host kernel.
extension SyscallHandler {
    /// Runs a host call that may block without the kernel lock, so other
    /// guest threads' syscalls go on meanwhile; the body must not touch the
    /// syscall layer's shared state. The host errno of `body` is preserved.
    /// Only handlers of calls marked `blocks` in the syscall table may call it.
    func blocking<T>(_ body: () -> T) -> T {
        assert(thread.inBlockingCall, "blocking host call in a syscall not marked `blocks` in SyscallTable")
        guard threads.count > 1 || releasesForStops else { return body() }
        let me = thread
        me.hostCallEdges.add(1, ordering: .sequentiallyConsistent)  // odd: in the call
        kernelLock.unlock()
        let result = body()
        let error = errno  // the caller reads the host errno of `body`
        me.hostCallEdges.add(1, ordering: .sequentiallyConsistent)  // even: back, the syscall not finished
        kernelLock.lock()
        errno = error
        return result
    }

    /// Whether more than one guest thread is alive.
    public var isMultithreaded: Bool { kernelLock.withLock { threads.count > 1 } }

    /// clone(CLONE_VM|CLONE_THREAD...): a new thread on the same machine.
    func cloneThread(flags: UInt64, stack: UInt64, parentTID: UInt64, tls: UInt64, childTID: UInt64) -> Int64 {
        guard flags & Self.cloneVM != 0, flags & Self.cloneSighand != 0, let parent = hart, let start = startThread else {
            return -Errno.EINVAL  // CLONE_THREAD requires CLONE_SIGHAND, which requires CLONE_VM
        }
        let child = Hart()
        child.copyArchitecturalState(from: parent)
        child.vectorEnabled = parent.vectorEnabled  // clone copies the V control (thread.vstate_ctrl)
        child.pc = currentPC &+ 4
        child[x: 10] = 0
        if stack != 0 { child[x: 2] = stack }
        if flags & Self.cloneSetTLS != 0 { child[x: 4] = tls }
        let launch = ThreadLaunch(hart: child)
        // The new host thread starts with every signal blocked (it inherits
        // this mask) until it has its inbox and applies its guest mask.
        var previous = HostSignals.blockAll()
        secondaryHostThreads.add(1, ordering: .sequentiallyConsistent)
        let started = launch.start(start)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        guard started else {
            secondaryHostThreads.subtract(1, ordering: .sequentiallyConsistent)
            return -Errno.EAGAIN
        }
        let hostTID = launch.waitForTID()
        let tid = unusedGuestTID(preferring: hostTID)
        let newThread = GuestThread(hart: child, tid: tid)
        newThread.hostTID = hostTID
        newThread.owner = ObjectIdentifier(self)
        newThread.signalMask = signalMask
        newThread.name = threadName
        newThread.vectorControl = vectorControl
        if flags & Self.cloneChildClearTID != 0 { newThread.clearChildTID = childTID }
        threads[tid] = newThread
        threadCreated?(newThread)
        if flags & Self.cloneParentSetTID != 0 { _ = copyOut(parentTID, value: tid, size: 4) }
        if flags & Self.cloneChildSetTID != 0 { _ = copyOut(childTID, value: tid, size: 4) }
        launch.hand(newThread)  // it runs guest code at once, in parallel
        return Int64(tid)
    }

    /// Ends the current thread (`exit`): releases its robust futexes, then
    /// clears and wakes its clear_child_tid word, in Linux's order. True when
    /// it was the last thread, so the process ends. Kernel lock held.
    func endCurrentThread() -> Bool {
        let t = thread
        releaseRobustFutexes(of: t)
        // put_user: a word that faults (a file page past its end) is neither cleared nor woken;
        // the futex syscall after the store is a full barrier.
        if t.clearChildTID != 0, t.clearChildTID & 3 == 0, (try? memory.store(t.clearChildTID, UInt32(0))) != nil {
            let p = memory.host(t.clearChildTID)
            _ = host_syscall(HostSyscall.futex, Int(bitPattern: p), 1 /* FUTEX_WAKE */, 1, 0, 0, 0)
        }
        threads[t.tid] = nil
        retiredByExitedThreads &+= t.hart.retired &- t.retiredBase
        return threads.isEmpty
    }

    /// The id a new thread shows the guest: its host thread id, unless a
    /// restored thread already shows that number (then the next free one).
    func unusedGuestTID(preferring hostTID: Int32) -> Int32 {
        var tid = hostTID
        while threads[tid] != nil || (tid == pid && threads[pid]?.hostTID != hostTID) { tid = tid &+ 1 > 0 ? tid &+ 1 : 300 }
        return tid
    }

    func sysExitThread(_ a: SyscallArgs) -> Int64 {
        exitRequest = .exited(Int32(a[0] & 0xff))
        thread.exitsThreadOnly = true
        return 0
    }

    func sysSetTidAddress(_ a: SyscallArgs) -> Int64 {
        thread.clearChildTID = a[0]
        return Int64(guestTID())
    }

    func sysGettid(_ a: SyscallArgs) -> Int64 { Int64(guestTID()) }

    /// The calling thread's id as the guest knows it: the host's, except in a
    /// restored process (GuestIDs.swift).
    func guestTID() -> Int32 { pid == Int32(getpid()) ? hostThreadID() : thread.tid }

    func sysSchedYield(_ a: SyscallArgs) -> Int64 {
        _ = blocking { sched_yield() }
        return 0
    }

    /// After a fork only the calling thread exists in the child: it is the
    /// process's only thread, holding the kernel lock inside its syscall.
    func becomeSingleThreadedAfterFork() {
        let me = thread
        pid = Int32(getpid())
        me.tid = pid
        me.hostTID = pid
        threads = [me.tid: me]
        kernelLock.resetAfterFork()
        // The child starts with no pending signals, as on Linux.
        me.inbox.clear()
        tern_signal_inbox_clear(HostSignals.processInbox)
        me.pendingSynchronous = []
    }

    // MARK: futex

    /// futex(uaddr, op, val, timeout/val2, uaddr2, val3) on the host futex of the guest word.
    func sysFutex(_ a: SyscallArgs) -> Int64 {
        let op = a.int32(1)
        guard a[0] % 4 == 0 else { return -Errno.EINVAL }
        guard let word = guestPointer(a[0], 4, .read) else {
            // A private wake never reads the word (Linux keys it by address): nobody waits there.
            let privateWake = op & 128 != 0 && (op & 127 == 1 || op & 127 == 10)
            return privateWake ? 0 : -Errno.EFAULT
        }
        var arg3 = Int(truncatingIfNeeded: a[3]), arg4 = 0
        let blocks: Bool
        switch op & 127 {
        case 0, 9:  // FUTEX_WAIT, FUTEX_WAIT_BITSET: a timespec (relative / absolute) or NULL
            if a[3] != 0 {
                guard let t = guestPointer(a[3], 16, .read) else { return -Errno.EFAULT }
                arg3 = Int(bitPattern: t)
            }
            blocks = true
        case 1, 10:  // FUTEX_WAKE, FUTEX_WAKE_BITSET
            blocks = false
        case 3, 4, 5:  // REQUEUE, CMP_REQUEUE (val2 = count), WAKE_OP: a second word
            guard a[4] % 4 == 0 else { return -Errno.EINVAL }
            guard let second = guestPointer(a[4], 4, op & 127 == 5 ? .write : .read) else { return -Errno.EFAULT }
            arg4 = Int(bitPattern: second)
            blocks = false
        default:  // PI futexes and FUTEX_FD
            return -Errno.ENOSYS
        }
        let call = { host_syscall(HostSyscall.futex, Int(bitPattern: word), Int(op), Int(truncatingIfNeeded: a[2]),
                                  arg3, arg4, Int(truncatingIfNeeded: a[5])) }
        let r = blocks ? blocking(call) : call()
        return r < 0 ? -Int64(errno) : Int64(r)
    }
}

/// Hands a new hart to a fresh host thread: the thread reports its id, then
/// waits for its `GuestThread` and runs it.
final class ThreadLaunch: @unchecked Sendable {
    let hart: Hart
    private var tid: Int32 = 0
    private var thread: GuestThread?
    private var body: ((GuestThread) -> Void)?
    private let ready = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    private let handed = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    init(hart: Hart) {
        self.hart = hart
        sem_init(ready, 0, 0)
        sem_init(handed, 0, 0)
    }

    deinit {
        sem_destroy(ready); sem_destroy(handed)
        ready.deallocate(); handed.deallocate()
    }

    /// Starts the host thread, which will call `body` with its guest thread.
    func start(_ body: @escaping (GuestThread) -> Void) -> Bool {
        self.body = body
        return DetachedHostThread.start(stackSize: 8 << 20) { [self] in
            tid = hostThreadID()
            sem_post(ready)
            while sem_wait(handed) != 0 {}
            let thread = self.thread!, body = self.body!
            self.body = nil
            body(thread)
        } == 0
    }

    /// The new thread's id (waits until it has started).
    func waitForTID() -> Int32 {
        while sem_wait(ready) != 0 {}
        return tid
    }

    /// Gives the started thread its guest thread.
    func hand(_ thread: GuestThread) {
        self.thread = thread
        sem_post(handed)
    }
}
