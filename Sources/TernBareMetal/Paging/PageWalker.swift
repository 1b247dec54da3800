/// The page-table memory a walk reads and updates (physical addresses). Both
/// operations fail with an access fault when the PTE's address is not memory
/// or PMP forbids the implicit S-mode access.
public protocol PageTableMemory {
    /// The 8-byte PTE at `address`, or nil (access fault).
    func loadPTE(_ address: UInt64) -> UInt64?
    /// Stores `new` at `address` if it still holds `expected` (atomically with
    /// respect to the hart). Nil: access fault; false: the PTE changed.
    func updatePTE(_ address: UInt64, expected: UInt64, new: UInt64) -> Bool?
}

/// One Sv39/Sv48 translation (privileged spec, "Virtual Address Translation
/// Process"), with every permission rule: V, the reserved W-without-R and
/// high-bit encodings, U pages from S-mode only with SUM and never executable
/// there, MXR, misaligned superpages, A/D bits in non-leaf PTEs, and
/// non-canonical addresses.
///
/// A/D bits: with `hardwareAD` (Svadu, menvcfg.ADUE = 1, the reset value here
/// and QEMU's behaviour) the walk sets A, and D for stores, with a
/// compare-and-swap of the PTE; without it (ADUE = 0, Spike's default) an
/// access that needs either bit raises a page fault for software to set them.
public struct PageWalker {
    /// satp (mode Sv39 or Sv48).
    public var satp: UInt64
    /// The effective privilege of the access (supervisor or user).
    public var privilege: Privilege
    /// mstatus.SUM: S-mode loads and stores may use U pages.
    public var supervisorUserMemory: Bool
    /// mstatus.MXR: loads may use execute-only pages.
    public var makeExecutableReadable: Bool
    /// menvcfg.ADUE: the walk updates A/D itself.
    public var hardwareAD: Bool

    public init(satp: UInt64, privilege: Privilege, supervisorUserMemory: Bool, makeExecutableReadable: Bool,
                hardwareAD: Bool) {
        self.satp = satp
        self.privilege = privilege
        self.supervisorUserMemory = supervisorUserMemory
        self.makeExecutableReadable = makeExecutableReadable
        self.hardwareAD = hardwareAD
    }

    /// A successful walk: the physical address and the leaf PTE as it is now
    /// (after any A/D update).
    public struct Translation: Equatable, Sendable {
        public var physical: UInt64
        public var pte: UInt64
    }

    /// Why a walk failed.
    public enum Failure: Error, Equatable, Sendable { case pageFault, accessFault }

    /// Translates `address` for `access`.
    public func translate(_ address: UInt64, _ access: AccessType, memory: some PageTableMemory) -> Result<Translation, Failure> {
        let levels = SATP.levels(satp)
        let vaBits = UInt64(12 + 9 * levels)
        // Bits 63..vaBits-1 must all equal bit vaBits-1.
        let high = Int64(bitPattern: address) >> (vaBits - 1)
        guard high == 0 || high == -1 else { return .failure(.pageFault) }
        walk: while true {
            var table = (satp & SATP.ppnMask) << 12
            var level = levels - 1
            while true {
                let index = (address >> (12 + 9 * UInt64(level))) & 511
                let pteAddress = table &+ index &* 8
                guard let pte = memory.loadPTE(pteAddress) else { return .failure(.accessFault) }
                if pte & PTE.valid == 0 || (pte & PTE.read == 0 && pte & PTE.write != 0) || pte & PTE.reservedHigh != 0 {
                    return .failure(.pageFault)
                }
                if pte & (PTE.read | PTE.execute) == 0 {
                    // A pointer to the next level: D, A and U are reserved there.
                    guard pte & (PTE.dirty | PTE.accessed | PTE.user) == 0, level > 0 else { return .failure(.pageFault) }
                    level -= 1
                    table = PTE.ppn(pte) << 12
                    continue
                }
                guard permits(pte, access) else { return .failure(.pageFault) }
                let ppn = PTE.ppn(pte)
                let pageBits = 12 + 9 * UInt64(level)
                if level > 0 && ppn & (1 << (9 * UInt64(level)) - 1) != 0 { return .failure(.pageFault) }
                var needed = PTE.accessed
                if access == .store { needed |= PTE.dirty }
                var leaf = pte
                if pte & needed != needed {
                    guard hardwareAD else { return .failure(.pageFault) }
                    switch memory.updatePTE(pteAddress, expected: pte, new: pte | needed) {
                    case nil: return .failure(.accessFault)
                    case false?: continue walk  // changed under us: walk again
                    case true?: leaf = pte | needed
                    }
                }
                let offsetMask: UInt64 = 1 << pageBits - 1
                return .success(Translation(physical: (ppn << 12) & ~offsetMask | address & offsetMask, pte: leaf))
            }
        }
    }

    /// The leaf permission rules for the effective privilege, SUM and MXR.
    func permits(_ pte: UInt64, _ access: AccessType) -> Bool {
        let userPage = pte & PTE.user != 0
        switch privilege {
        case .user: if !userPage { return false }
        case .supervisor: if userPage && (access == .fetch || !supervisorUserMemory) { return false }
        case .machine: break
        }
        switch access {
        case .fetch: return pte & PTE.execute != 0
        case .load: return pte & PTE.read != 0 || (makeExecutableReadable && pte & PTE.execute != 0)
        case .store: return pte & PTE.write != 0
        }
    }
}
