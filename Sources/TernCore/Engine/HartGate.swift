import CoreGlue
#if canImport(Glibc)
import Glibc
#endif

/// The harts of one machine that are running guest code, and the exclusive
/// sections that stop them (qemu's `start_exclusive`/`end_exclusive`).
///
/// A hart is *running* from `Machine.run`'s entry to its return, except while
/// it is parked. A hart outside `run` (in a syscall, blocked in the host,
/// exited) is quiescent: it holds no pointer into translated code.
///
/// An exclusive section asks every other running hart to stop (a stop request
/// bit, then its budget word zeroed), waits until each has parked at its next
/// block boundary, runs its body with no hart in translated code, then lets
/// them go on. Whatever a hart may be running or may jump to later (blocks,
/// native code, chain links into them) is freed or unlinked only there.
///
/// Lock order: the gate's mutex is never held while taking the translation
/// cache's lock, except by `ifAlone`; a requester holds no lock when it asks.
final class HartGate: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Running harts and the host thread running each.
    private var running: [(hart: Hart, thread: pthread_t)] = []
    /// Harts asked to park by the current exclusive section that have not yet.
    private var waitingFor: [ObjectIdentifier] = []
    /// Whether an exclusive section is active or being started, and its thread.
    private var exclusiveActive = false
    private var exclusiveThread = pthread_t()
    /// Set once the process ended for good in a host process that goes on
    /// (an embedded guest): harts parked by `stopForever` leave `run`, and no
    /// hart enters it again.
    private(set) var ended = false
    /// Set by `interruptAll`: every hart entering `run` is asked to stop at once.
    private var interruptingAll = false

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Registers `hart` as running on the calling thread, after any exclusive
    /// section ends, and sets its budget word to `budget` under the gate's
    /// lock (so a later stop request's zero always lands after it).
    /// Returns false, without registering it, once the gate has `ended`.
    @discardableResult
    func enter(_ hart: Hart, budget: UInt64) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while exclusiveActive && !ended && !pthread_equal(exclusiveThread, pthread_self()).isTrue {
            pthread_cond_wait(changed, mutex)
        }
        guard !ended else { return false }
        hart.state.pointee.budget = budget
        running.append((hart, pthread_self()))
        if interruptingAll { hart.requestStop(TernStopInterrupt) }
        return true
    }

    /// Asks every hart to stop at its next block boundary (`run` returns
    /// `.budgetExhausted`), those running now and any that enters `run`
    /// later: the process is ending (a limit, the embedder's stop).
    func interruptAll() {
        pthread_mutex_lock(mutex)
        interruptingAll = true
        for (hart, _) in running { hart.requestStop(TernStopInterrupt) }
        pthread_mutex_unlock(mutex)
    }

    /// Unregisters `hart` (it leaves `run`, or parks).
    func leave(_ hart: Hart) {
        pthread_mutex_lock(mutex)
        remove(hart)
        pthread_mutex_unlock(mutex)
    }

    /// Parks `hart` at a block boundary until the exclusive section that asked
    /// ends; then it runs again with `budget`. False when the gate ended meanwhile.
    func park(_ hart: Hart, budget: UInt64) -> Bool {
        leave(hart)
        return enter(hart, budget: budget)
    }

    /// Ends the gate for good after `stopForever` (the caller's section):
    /// the harts parked there return from `run`, and none runs guest code again.
    func end() {
        pthread_mutex_lock(mutex)
        ended = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Number of harts running guest code now.
    var runningCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return running.count
    }

    /// Runs `body` when no hart other than the caller's runs guest code (with
    /// the gate held, so none starts meanwhile); false without running it
    /// otherwise. For code writes that stall other harts (CodeMemory's
    /// mprotect fallback flips whole pages to non-executable).
    func ifAlone(_ body: () -> Void) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let others = running.filter { !pthread_equal($0.thread, pthread_self()).isTrue }.count
        guard others == 0 || exclusiveActive && pthread_equal(exclusiveThread, pthread_self()).isTrue else { return false }
        body()
        return true
    }

    /// Runs `body` while every other hart of the machine is stopped at a
    /// block boundary or outside guest code. The calling thread's own hart,
    /// if it is running, counts as stopped meanwhile. Nested calls on the
    /// thread that holds the section just run `body`.
    func exclusive<T>(_ body: () -> T) -> T {
        let section = beginExclusive()
        defer { endExclusive(section) }
        return body()
    }

    /// An exclusive section begun by `beginExclusive`: whether it is nested in
    /// one the calling thread already holds, and the caller's own running hart.
    struct Section {
        fileprivate let nested: Bool
        fileprivate let mine: Hart?
    }

    /// Begins an exclusive section (see `exclusive`) that the calling thread
    /// ends with `endExclusive`, for sections that span code `exclusive`'s
    /// closure cannot hold (guest code that may fault out of its frame).
    func beginExclusive() -> Section {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        let me = pthread_self()
        if exclusiveActive && pthread_equal(exclusiveThread, me).isTrue { return Section(nested: true, mine: nil) }
        return Section(nested: false, mine: begin(me))
    }

    /// Ends a section begun by `beginExclusive`: the other harts go on.
    func endExclusive(_ section: Section) {
        guard !section.nested else { return }
        pthread_mutex_lock(mutex)
        exclusiveActive = false
        if let mine = section.mine { running.append((mine, pthread_self())) }
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Starts an exclusive section that never ends: the process is about to
    /// end (exit_group, a fatal signal) and no other hart may run guest code
    /// again. Returns once every other hart is stopped.
    func stopForever() {
        pthread_mutex_lock(mutex)
        let me = pthread_self()
        if !(exclusiveActive && pthread_equal(exclusiveThread, me).isTrue) { _ = begin(me) }
        pthread_mutex_unlock(mutex)
    }

    /// Starts a section for thread `me` (gate locked): waits for any other
    /// section to end, asks every running hart to stop and waits until all
    /// have parked or left. Returns the caller's own hart, taken out of the
    /// running set, if it was running.
    private func begin(_ me: pthread_t) -> Hart? {
        let mine = running.first { pthread_equal($0.thread, me).isTrue }?.hart
        if let mine { remove(mine) }
        while exclusiveActive && !ended { pthread_cond_wait(changed, mutex) }
        guard !ended else { return mine }  // the process ended: nothing runs any more
        exclusiveActive = true
        exclusiveThread = me
        for (hart, _) in running {
            waitingFor.append(ObjectIdentifier(hart))
            hart.requestStop(TernStopExclusive)
        }
        while !waitingFor.isEmpty { pthread_cond_wait(changed, mutex) }
        return mine
    }

    /// Runs `fork` (which forks the host process) with the gate held, inside
    /// an exclusive section of the caller: no other thread holds any of the
    /// machine's locks then. In the child, where only the calling thread
    /// exists, the gate forgets the other harts. Returns fork's result.
    func fork(_ fork: () -> Int32) -> Int32 {
        pthread_mutex_lock(mutex)
        let pid = fork()
        if pid == 0 {
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(changed, nil)
            running = []
            waitingFor = []
        } else {
            pthread_mutex_unlock(mutex)
        }
        return pid
    }

    /// Removes `hart` from the running set (gate locked), acknowledging a
    /// pending stop request of the current exclusive section.
    private func remove(_ hart: Hart) {
        running.removeAll { $0.hart === hart }
        if let i = waitingFor.firstIndex(of: ObjectIdentifier(hart)) {
            waitingFor.remove(at: i)
            if waitingFor.isEmpty { pthread_cond_broadcast(changed) }
        }
    }
}

extension Int32 {
    /// pthread_equal's result as a Bool.
    fileprivate var isTrue: Bool { self != 0 }
}
