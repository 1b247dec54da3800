import TernCore

/// The Linux VMA flags Tern keeps per guest region (`MemoryRegion.vmFlags`)
/// besides protection and sharing: the ones the guest can change, which keep
/// neighbouring pages of the same protection in separate VMAs (Linux merges
/// VMAs only when their flags are equal). They decide where mremap, mprotect,
/// msync, madvise and mlock see VMA boundaries (EFAULT across them, ENOMEM at gaps).
struct VMAFlags: OptionSet, Sendable {
    let rawValue: UInt32
    static let locked = VMAFlags(rawValue: 1 << 0)          // VM_LOCKED (mlock, MAP_LOCKED)
    static let lockOnFault = VMAFlags(rawValue: 1 << 1)     // VM_LOCKONFAULT (mlock2 MLOCK_ONFAULT)
    static let randomRead = VMAFlags(rawValue: 1 << 2)      // VM_RAND_READ (MADV_RANDOM)
    static let sequentialRead = VMAFlags(rawValue: 1 << 3)  // VM_SEQ_READ (MADV_SEQUENTIAL)
    static let dontCopy = VMAFlags(rawValue: 1 << 4)        // VM_DONTCOPY (MADV_DONTFORK)
    static let mergeable = VMAFlags(rawValue: 1 << 5)       // VM_MERGEABLE (MADV_MERGEABLE)
    static let hugePage = VMAFlags(rawValue: 1 << 6)        // VM_HUGEPAGE
    static let noHugePage = VMAFlags(rawValue: 1 << 7)      // VM_NOHUGEPAGE
    static let dontDump = VMAFlags(rawValue: 1 << 8)        // VM_DONTDUMP (MADV_DONTDUMP)
    static let wipeOnFork = VMAFlags(rawValue: 1 << 9)      // VM_WIPEONFORK
    static let accounted = VMAFlags(rawValue: 1 << 10)      // VM_ACCOUNT (private writable memory is charged)
    static let noReserve = VMAFlags(rawValue: 1 << 11)      // VM_NORESERVE (MAP_NORESERVE)

    /// The madvise advice values that set and clear VMA flags (madvise_update_vma's callers).
    static let madviseChanges: [Int32: (set: VMAFlags, clear: VMAFlags)] = [
        0: ([], [.randomRead, .sequentialRead]),                   // MADV_NORMAL
        1: ([.randomRead], [.sequentialRead]),                     // MADV_RANDOM
        2: ([.sequentialRead], [.randomRead]),                     // MADV_SEQUENTIAL
        10: ([.dontCopy], []), 11: ([], [.dontCopy]),              // MADV_DONTFORK, MADV_DOFORK
        12: ([.mergeable], []), 13: ([], [.mergeable]),            // MADV_MERGEABLE, MADV_UNMERGEABLE
        14: ([.hugePage], [.noHugePage]), 15: ([.noHugePage], [.hugePage]),  // MADV_HUGEPAGE, MADV_NOHUGEPAGE
        16: ([.dontDump], []), 17: ([], [.dontDump]),              // MADV_DONTDUMP, MADV_DODUMP
        18: ([.wipeOnFork], []), 19: ([], [.wipeOnFork]),          // MADV_WIPEONFORK, MADV_KEEPONFORK
    ]
}

extension SyscallHandler {
    /// Sets and clears VMA flags over the mapped parts of `[start, end)`.
    func changeVMAFlags(_ start: UInt64, _ end: UInt64, set: VMAFlags = [], clear: VMAFlags = [],
                        where condition: (MemoryRegion) -> Bool = { _ in true }) {
        guard !set.isEmpty || !clear.isEmpty else { return }
        memory.updateRegions(start, end) { r in
            guard condition(r) else { return }
            r.vmFlags = (r.vmFlags & ~clear.rawValue) | set.rawValue
        }
    }
}
