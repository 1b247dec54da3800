/// How a personality with an MMU (bare-metal paging, MPRV, PMP) has the core
/// reach guest memory. Without one (always for Linux guests) a guest address is
/// an offset into `GuestMemory` and every access takes the direct path.
public struct AddressTranslation {
    /// Maps the virtual address of an instruction halfword to the physical
    /// address it is fetched from, nil when fetching it traps; nil when fetches
    /// are not translated. Blocks translated under it are not tracked as code
    /// pages: a `fence.i` discards every translation instead.
    public var fetch: ((UInt64) -> UInt64?)?
    /// Whether loads and stores go through the hart's data TLB (`TernHart.tlb`
    /// and `tlbMiss`); atomics then stop the engine with `StopReason.system` so
    /// the personality performs them.
    public var data: Bool

    /// A translation with the given fetch mapping and data mode.
    public init(fetch: ((UInt64) -> UInt64?)?, data: Bool) {
        self.fetch = fetch
        self.data = data
    }
}

extension Machine {
    /// The personality's address translation (nil: direct access, the default).
    /// Setting it discards every translation.
    public var addressTranslation: AddressTranslation? {
        get { translator.addressTranslation }
        set {
            translator.addressTranslation = newValue
            if cache.count > 0 { flushTranslations() }
        }
    }

    /// Instruction addresses the engine must stop at before executing them
    /// (execute triggers): a block starting at one stops with
    /// `StopReason.system(bits: 0)`. Setting it discards every translation.
    public var instructionBreakpoint: ((UInt64) -> Bool)? {
        get { translator.instructionBreakpoint }
        set {
            translator.instructionBreakpoint = newValue
            if cache.count > 0 { flushTranslations() }
        }
    }

    /// Whether fetches are translated (blocks are then not tracked as code pages).
    var translatesFetch: Bool { translator.addressTranslation?.fetch != nil }
}
