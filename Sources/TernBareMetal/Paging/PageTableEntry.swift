/// Bits of an Sv39/Sv48 page-table entry (privileged spec, "Sv39").
public enum PTE {
    public static let valid: UInt64 = 1 << 0
    public static let read: UInt64 = 1 << 1
    public static let write: UInt64 = 1 << 2
    public static let execute: UInt64 = 1 << 3
    public static let user: UInt64 = 1 << 4
    public static let global: UInt64 = 1 << 5
    public static let accessed: UInt64 = 1 << 6
    public static let dirty: UInt64 = 1 << 7
    /// PPN: bits 53..10 (44 bits).
    public static let ppnShift: UInt64 = 10
    public static let ppnMask: UInt64 = 1 << 44 - 1
    /// Bits 63..54: N (Svnapot), PBMT (Svpbmt) and reserved bits. Neither
    /// extension is implemented, so a PTE with any of them set is a page fault.
    public static let reservedHigh: UInt64 = 0x3ff << 54

    /// The physical page number of `pte`.
    @inlinable public static func ppn(_ pte: UInt64) -> UInt64 { (pte >> ppnShift) & ppnMask }
}

/// satp fields and the translation modes this hart implements: Bare (0),
/// Sv39 (8) and Sv48 (9), with 16 ASID bits.
public enum SATP {
    public static let modeShift: UInt64 = 60
    public static let bare: UInt64 = 0
    public static let sv39: UInt64 = 8
    public static let sv48: UInt64 = 9
    public static let asidMask: UInt64 = 0xffff << 44
    public static let ppnMask: UInt64 = 1 << 44 - 1

    /// The mode field of `satp`.
    @inlinable public static func mode(_ satp: UInt64) -> UInt64 { satp >> modeShift }

    /// Page-table levels of a paged mode (3 for Sv39, 4 for Sv48).
    public static func levels(_ satp: UInt64) -> Int { mode(satp) == sv48 ? 4 : 3 }

    /// WARL rule of satp writes: a write selecting an unsupported mode has no
    /// effect at all (the spec's rule, as Spike and QEMU do).
    public static func legalize(old: UInt64, new: UInt64) -> UInt64 {
        switch mode(new) {
        case bare, sv39, sv48: new & (0xf << modeShift | asidMask | ppnMask)
        default: old
        }
    }
}
