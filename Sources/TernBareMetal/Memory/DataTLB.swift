import CoreGlue

/// The hart's data TLB, read inline by the core's translated-memory ops
/// (`TernHart.tlb`): direct-mapped by virtual page number, each entry naming
/// the page loads and stores may use and the host delta. The machine fills it
/// on misses and flushes it whenever a translation or permission may change
/// (satp, sfence.vma, privilege, mstatus, PMP, menvcfg, triggers).
final class DataTLB {
    let entries: UnsafeMutablePointer<TernTLBEntry>
    static let empty = TernTLBEntry(readPage: .max, writePage: .max, addend: 0, pad: 0)

    init() {
        entries = .allocate(capacity: Int(TERN_TLB_SIZE))
        entries.initialize(repeating: Self.empty, count: Int(TERN_TLB_SIZE))
    }

    deinit { entries.deallocate() }

    /// Forgets every entry.
    func flush() { entries.update(repeating: Self.empty, count: Int(TERN_TLB_SIZE)) }

    /// Forgets the entry of the virtual page holding `address`.
    func flush(_ address: UInt64) {
        let e = entries.advanced(by: Int(truncatingIfNeeded: address >> 12) & Int(TERN_TLB_SIZE - 1))
        if e.pointee.readPage == address >> 12 || e.pointee.writePage == address >> 12 { e.pointee = Self.empty }
    }

    /// Lets `write` (or read) accesses to the virtual page of `address` use `addend`.
    func fill(_ address: UInt64, addend: Int64, write: Bool) {
        let page = address >> 12
        let e = entries.advanced(by: Int(truncatingIfNeeded: page) & Int(TERN_TLB_SIZE - 1))
        if e.pointee.addend != addend || (e.pointee.readPage != page && e.pointee.writePage != page) {
            e.pointee = Self.empty
            e.pointee.addend = addend
        }
        if write { e.pointee.writePage = page } else { e.pointee.readPage = page }
    }
}
