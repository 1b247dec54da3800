import CoreGlue
import TernCore

/// Guest memory as the privileged architecture sees it: every access is
/// checked against the debug triggers, translated by the page tables when
/// the effective privilege pages, checked by PMP, and lands in RAM, the HTIF
/// mailbox page or the CLINT.
extension BareMetalMachine {
    /// Where a physical access lands.
    enum Target {
        case ram(UnsafeMutableRawPointer)
        case htif
        case clint
        case none
    }

    /// The page-table memory of walks: physical RAM, with the implicit
    /// accesses checked by PMP as S-mode accesses.
    struct PageTables: PageTableMemory {
        let memory: GuestMemory
        let state: PrivilegedState

        func loadPTE(_ address: UInt64) -> UInt64? {
            guard PMP.allows(state, address, size: 8, .load, privilege: .supervisor),
                  address < GuestMemory.size, let p = memory.pointer(address, length: 8, .read) else { return nil }
            return p.load(as: UInt64.self)
        }

        func updatePTE(_ address: UInt64, expected: UInt64, new: UInt64) -> Bool? {
            guard PMP.allows(state, address, size: 8, .store, privilege: .supervisor),
                  address < GuestMemory.size, let p = memory.pointer(address, length: 8, .write) else { return nil }
            guard p.load(as: UInt64.self) == expected else { return false }
            p.storeBytes(of: new, as: UInt64.self)
            return true
        }
    }

    /// Checks one access of `size` bytes that stays within a page: triggers,
    /// translation at `privilege`, PMP. Returns the physical address.
    func check(_ address: UInt64, size: Int, _ access: AccessType, privilege: Privilege,
               breakpoints: Breakpoints) -> Result<UInt64, Exception> {
        if !breakpoints.isEmpty && breakpoints.hit(address, size: UInt64(size), access) {
            return .failure(Exception(.breakpoint, tval: address))
        }
        var physical = address
        if state.pages(at: privilege) {
            let walker = PageWalker(satp: state.satp, privilege: privilege,
                                    supervisorUserMemory: state.bit(MStatus.sum),
                                    makeExecutableReadable: state.bit(MStatus.mxr),
                                    hardwareAD: state.menvcfg & PrivilegedState.MEnvCfg.adue != 0)
            switch walker.translate(address, access, memory: PageTables(memory: machine.memory, state: state)) {
            case .success(let t): physical = t.physical
            case .failure(.pageFault): return .failure(Exception(access.pageFault, tval: address))
            case .failure(.accessFault): return .failure(Exception(access.accessFault, tval: address))
            }
        }
        guard PMP.allows(state, physical, size: UInt64(size), access, privilege: privilege) else {
            return .failure(Exception(access.accessFault, tval: address))
        }
        return .success(physical)
    }

    /// The device or memory at `physical` for an access of `size` bytes.
    func target(_ physical: UInt64, size: Int, write: Bool) -> Target {
        if CLINT.contains(physical) { return .clint }
        guard physical < GuestMemory.size else { return .none }
        if let p = machine.memory.pointer(physical, length: UInt64(size), write ? .write : .read) { return .ram(p) }
        if write, let htif, GuestMemory.pageDown(physical) == htif.page,
           machine.memory.isAccessible(physical, length: UInt64(size), .read) {
            return .htif
        }
        return .none
    }

    /// The pieces of an access of `size` bytes at `address` that lie in one page each.
    func pieces(_ address: UInt64, size: Int) -> [(address: UInt64, size: Int)] {
        let first = Int(min(UInt64(size), 4096 - address & 4095))
        return first == size ? [(address, size)] : [(address, first), (address &+ UInt64(first), size - first)]
    }

    // MARK: - The data TLB's miss handler

    /// A TLB miss of the core's translated-memory ops (see `TernTLBMiss`):
    /// fills the TLB when the whole page behaves alike, or refuses the access,
    /// leaving the exception in `pendingException` (nil: a device access the
    /// machine emulates when the engine stops).
    func dataTLBMiss(_ address: UInt64, size: Int, write: Bool, addend: inout Int64) -> Bool {
        let access: AccessType = write ? .store : .load
        let privilege = state.dataPrivilege
        switch check(address, size: size, access, privilege: privilege, breakpoints: dataBreakpoints) {
        case .failure(let e):
            pendingException = e
            return false
        case .success(let physical):
            let memory = machine.memory
            guard physical < GuestMemory.size,
                  memory.isAccessible(physical, length: UInt64(size), write ? .write : .read) else {
                pendingException = nil
                return false
            }
            let delta = Int64(bitPattern: UInt64(UInt(bitPattern: memory.base)) &+ physical &- address)
            addend = delta
            let page = GuestMemory.pageDown(physical)
            if !dataBreakpoints.mayHit(page: address),
               let permissions = PMP.uniformPermissions(state, over: page ..< page + 4096, privilege: privilege),
               permissions & PMP.bit(access) != 0,
               memory.isAccessible(page, length: 4096, write ? .write : .read) {
                tlb.fill(address, addend: delta, write: write)
            }
            return true
        }
    }

    /// Installs the TLB and its miss handler in the hart.
    func installDataTLB() {
        hart.state.pointee.tlb = tlb.entries
        hart.state.pointee.tlbContext = Unmanaged.passUnretained(self).toOpaque()
        hart.state.pointee.tlbMiss = { context, address, size, write, addend in
            let machine = Unmanaged<BareMetalMachine>.fromOpaque(context!).takeUnretainedValue()
            var delta: Int64 = 0
            guard machine.dataTLBMiss(address, size: Int(size), write: write != 0, addend: &delta) else { return 1 }
            addend!.pointee = delta
            return 0
        }
    }

    // MARK: - Instruction fetch

    /// The physical address of the instruction halfword at `address` (nil: the fetch traps).
    func fetchPhysical(_ address: UInt64) -> UInt64? {
        guard case .success(let physical) = check(address, size: 2, .fetch, privilege: state.privilege,
                                                 breakpoints: Breakpoints()) else { return nil }
        return physical
    }

    /// The exception of a failed fetch at `pc`: the first of its halfwords that
    /// traps gives the cause and xtval.
    func fetchException(at pc: UInt64) -> Exception {
        for address in [pc, pc &+ 2] {
            switch check(address, size: 2, .fetch, privilege: state.privilege, breakpoints: Breakpoints()) {
            case .failure(let e): return e
            case .success(let physical):
                guard physical < GuestMemory.size,
                      let p = machine.memory.pointer(physical, length: 2, .execute) else {
                    return Exception(.fetchAccess, tval: address)
                }
                if address == pc && p.load(as: UInt16.self) & 3 != 3 { return Exception(.fetchAccess, tval: pc) }
            }
        }
        return Exception(.fetchAccess, tval: pc)
    }
}
