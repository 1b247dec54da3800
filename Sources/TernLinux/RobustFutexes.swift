import CoreGlue
import TernCore

/// Robust futex lists (set_robust_list) released when their thread dies, as
/// Linux's exit_robust_list does: the host kernel cannot walk a guest's list
/// (its pointers are guest addresses), so Tern walks it. For every futex word
/// on the list that the dead thread still owns (its tid in the low 30 bits),
/// FUTEX_OWNER_DIED is set (FUTEX_WAITERS kept) and, if there were waiters,
/// one is woken; the next locker then gets EOWNERDEAD. The list's pending
/// entry (a lock or unlock in progress) is handled last, and with no owner
/// only wakes a waiter. Bit 0 of an entry marks a PI futex (never woken here:
/// the host kernel's PI state is the guest's own, held by the host thread).
extension SyscallHandler {
    static let futexWaiters: UInt32 = 0x8000_0000
    static let futexOwnerDied: UInt32 = 0x4000_0000
    static let futexTIDMask: UInt32 = 0x3fff_ffff
    /// Linux's ROBUST_LIST_LIMIT: at most this many entries are walked.
    static let robustListLimit = 2048

    /// Releases the robust futexes `t` holds (it is ending; kernel lock held).
    func releaseRobustFutexes(of t: GuestThread) {
        let head = t.robustList.head
        guard head != 0, let first = robustEntry(at: head), let offset = loadWord(head &+ 8),
              let pending = robustEntry(at: head &+ 16) else { return }
        var entry = first
        var limit = Self.robustListLimit
        while entry.address != head {
            let next = robustEntry(at: entry.address)
            if entry.address != pending.address {
                guard ownerDied(entry.address &+ offset, tid: t.tid, pi: entry.pi, pendingOp: false) else { return }
            }
            guard let next else { return }
            entry = next
            limit -= 1
            if limit == 0 { break }
        }
        if pending.address != 0 { _ = ownerDied(pending.address &+ offset, tid: t.tid, pi: pending.pi, pendingOp: true) }
    }

    /// Releases the robust futexes of every thread (the process ends).
    func releaseAllRobustFutexes() {
        for t in threads.values { releaseRobustFutexes(of: t) }
    }

    /// A list pointer at `address`: the entry and its PI bit (nil: unreadable).
    private func robustEntry(at address: UInt64) -> (address: UInt64, pi: Bool)? {
        loadWord(address).map { ($0 & ~1, $0 & 1 != 0) }
    }

    private func loadWord(_ address: UInt64) -> UInt64? {
        guard let p = guestPointer(address, 8, .read) else { return nil }
        return p.loadUnaligned(as: UInt64.self)
    }

    /// Linux's handle_futex_death for the word at `address`; false stops the
    /// walk (a misaligned or inaccessible word).
    private func ownerDied(_ address: UInt64, tid: Int32, pi: Bool, pendingOp: Bool) -> Bool {
        guard address % 4 == 0, let word = guestPointer(address, 4, [.read, .write]) else { return false }
        while true {
            let value = tern_load_acquire_32(word)
            let owner = value & Self.futexTIDMask
            if pendingOp && !pi && owner == 0 {
                wakeOne(word)
                return true
            }
            guard owner == UInt32(bitPattern: tid) else { return true }
            let died = (value & Self.futexWaiters) | Self.futexOwnerDied
            guard tern_cas_32(word, value, died) else { continue }
            if !pi && value & Self.futexWaiters != 0 { wakeOne(word) }
            return true
        }
    }

    /// FUTEX_WAKE of one waiter, shared (as the kernel wakes robust futexes;
    /// glibc waits on robust mutexes without FUTEX_PRIVATE_FLAG).
    private func wakeOne(_ word: UnsafeMutableRawPointer) {
        _ = host_syscall(HostSyscall.futex, Int(bitPattern: word), 1 /* FUTEX_WAKE */, 1, 0, 0, 0)
    }
}
