import TernCore

/// What the core's translated blocks depend on: when it changes, the core is
/// reconfigured (which discards its translations).
struct CoreContext: Equatable {
    var floatingPoint: Bool
    var fetchTranslated: Bool
    var fetchPrivilege: Privilege
    var satp: UInt64
    var pmpcfg: [UInt64]
    var pmpaddr: [UInt64]
    var dataTranslated: Bool
    var executeBreakpoints: Breakpoints
}

/// What the data TLB's entries depend on: when it changes, the TLB is flushed.
struct TLBContext: Equatable {
    var privilege: Privilege
    var satp: UInt64
    var status: UInt64
    var menvcfg: UInt64
    var pmpcfg: [UInt64]
    var pmpaddr: [UInt64]
    var breakpoints: Breakpoints
}

extension BareMetalMachine {
    /// Configures the core for the current privilege, translation, PMP and
    /// triggers (after every emulated system instruction and trap): the
    /// direct path unless something needs checking, the FPU policy, execute
    /// breakpoints; flushes the TLB when its entries may be stale.
    func syncContext() {
        let fetchPrivilege = state.privilege, dataPrivilege = state.dataPrivilege
        executeBreakpoints = Breakpoints(state, kinds: Triggers.execute, privilege: fetchPrivilege)
        dataBreakpoints = Breakpoints(state, kinds: Triggers.load | Triggers.store, privilege: dataPrivilege)
        let fetchTranslated = state.pages(at: fetchPrivilege) || restrictedByPMP(fetchPrivilege)
        let dataTranslated = state.pages(at: dataPrivilege) || restrictedByPMP(dataPrivilege) || !dataBreakpoints.isEmpty
        let context = CoreContext(floatingPoint: state.floatingPointEnabled, fetchTranslated: fetchTranslated,
                                  fetchPrivilege: fetchTranslated ? fetchPrivilege : .machine,
                                  satp: fetchTranslated ? state.satp : 0,
                                  pmpcfg: fetchTranslated ? state.pmpcfg : [], pmpaddr: fetchTranslated ? state.pmpaddr : [],
                                  dataTranslated: dataTranslated, executeBreakpoints: executeBreakpoints)
        if context != coreContext {
            coreContext = context
            machine.systemInstructions = context.floatingPoint ? .exit : .exitWithFPUOff
            if fetchTranslated || dataTranslated {
                let fetch: ((UInt64) -> UInt64?)? = fetchTranslated ? { [unowned self] in self.fetchPhysical($0) } : nil
                machine.addressTranslation = AddressTranslation(fetch: fetch, data: dataTranslated)
            } else if machine.addressTranslation != nil {
                machine.addressTranslation = nil
            }
            let breakpoints = executeBreakpoints
            machine.instructionBreakpoint = breakpoints.isEmpty ? nil : { breakpoints.hit(pc: $0) }
        }
        let tlbState = TLBContext(privilege: dataPrivilege, satp: state.satp,
                                  status: state.mstatus & (MStatus.sum | MStatus.mxr), menvcfg: state.menvcfg,
                                  pmpcfg: state.pmpcfg, pmpaddr: state.pmpaddr, breakpoints: dataBreakpoints)
        if tlbState != tlbContext {
            tlbContext = tlbState
            tlb.flush()
        }
    }

    /// sfence.vma, or a satp write: forgets cached translations. With an
    /// address (`page`, sfence.vma rs1 != x0) only that page's TLB entry goes
    /// (entries are per 4 KiB virtual page, also within superpages); the ASID
    /// operand is ignored (entries carry none: the flush is a superset). The
    /// translated blocks all go when fetches are translated: the v suites
    /// retire a few thousand instructions per test, so a per-page block
    /// invalidation did not pay for itself.
    func flushAddressTranslations(page: UInt64? = nil) {
        if let page { tlb.flush(page) } else { tlb.flush() }
        if coreContext?.fetchTranslated == true { machine.flushTranslations() }
    }

    /// Whether PMP denies `privilege` anything somewhere in memory or the
    /// devices, so its accesses must be checked one by one.
    func restrictedByPMP(_ privilege: Privilege) -> Bool {
        if privilege == .machine { return PMP.anyLocked(state) }
        if let cache = protectionCache, cache.pmpcfg == state.pmpcfg, cache.pmpaddr == state.pmpaddr,
           let known = cache.restricted[privilege] {
            return known
        }
        var ranges = machine.memory.mappedRegions.map { $0.start ..< $0.end }
        ranges.append(CLINT.base ..< CLINT.base + CLINT.size)
        let all = PMP.read | PMP.write | PMP.execute
        let restricted = ranges.contains { PMP.uniformPermissions(state, over: $0, privilege: privilege) != all }
        var known = protectionCache?.pmpcfg == state.pmpcfg && protectionCache?.pmpaddr == state.pmpaddr
            ? protectionCache!.restricted : [:]
        known[privilege] = restricted
        protectionCache = (state.pmpcfg, state.pmpaddr, known)
        return restricted
    }
}
