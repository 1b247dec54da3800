/// Guest registers held in host registers within one native block. The cache
/// is write-through: every guest register write is stored to the hart at once
/// (faults, exits and body calls see exact state); the host copy only saves
/// the reloads. It starts empty at each block entry and is cleared by calls.
struct NativeRegisterCache {
    /// Host registers the generated code never needs for anything else.
    private static let pool: [X86Assembler.Reg] = [.rsi, .rdi, .r8, .r9, .r10, .r11, .rbp]
    private var holders: [UInt8: X86Assembler.Reg] = [:]
    private var owners: [X86Assembler.Reg: UInt8] = [:]
    private var next = 0

    /// The host register holding guest register `r`, if any.
    func host(of r: UInt8) -> X86Assembler.Reg? { holders[r] }

    /// A host register for guest register `r` (its own, or a recycled one).
    mutating func assign(_ r: UInt8) -> X86Assembler.Reg {
        if let h = holders[r] { return h }
        let h = Self.pool[next]
        next = (next + 1) % Self.pool.count
        if let old = owners[h] { holders[old] = nil }
        holders[r] = h
        owners[h] = r
        return h
    }

    /// Forgets guest register `r`'s host copy.
    mutating func drop(_ r: UInt8) {
        if let h = holders.removeValue(forKey: r) { owners[h] = nil }
    }

    /// Forgets every host copy (after a call).
    mutating func clear() {
        holders.removeAll(keepingCapacity: true)
        owners.removeAll(keepingCapacity: true)
    }
}
