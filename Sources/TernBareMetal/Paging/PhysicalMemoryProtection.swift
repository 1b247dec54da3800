/// Physical memory protection (privileged spec, "Physical Memory Protection"):
/// 64 entries, granularity 4 bytes (G = 0), modes OFF, TOR, NA4 and NAPOT.
/// The lowest-numbered entry that matches any byte of an access decides it; an
/// access it matches only partly fails. S- and U-mode accesses no entry matches
/// fail (entries are implemented); M-mode accesses are checked only against
/// locked entries. (QEMU 7.2 lets S/U accesses through while no entry is
/// active; Spike and the spec do not.)
public enum PMP {
    /// pmpcfg bits.
    public static let read: UInt8 = 1, write: UInt8 = 2, execute: UInt8 = 4, locked: UInt8 = 0x80
    static let modeShift: UInt8 = 3
    static let off: UInt8 = 0, tor: UInt8 = 1, na4: UInt8 = 2, napot: UInt8 = 3
    /// The physical address space: 56 bits.
    public static let addressLimit: UInt64 = 1 << 56

    /// The configuration byte of entry `i`.
    static func config(_ s: PrivilegedState, _ i: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: s.pmpcfg[i / 8] >> (8 * UInt64(i % 8)))
    }

    /// The byte range entry `i` matches (nil when OFF or empty).
    static func range(_ s: PrivilegedState, _ i: Int) -> Range<UInt64>? {
        let cfg = config(s, i)
        switch (cfg >> modeShift) & 3 {
        case tor:
            let low = i == 0 ? 0 : s.pmpaddr[i - 1] << 2, high = s.pmpaddr[i] << 2
            return low < high ? low ..< high : nil
        case na4:
            let low = s.pmpaddr[i] << 2
            return low ..< low + 4
        case napot:
            let ones = UInt64((~s.pmpaddr[i]).trailingZeroBitCount)
            guard ones < 54 else { return 0 ..< addressLimit }
            let size: UInt64 = 1 << (ones + 3)
            let low = (s.pmpaddr[i] << 2) & ~(size - 1)
            return low ..< min(low + size, addressLimit)
        default: return nil
        }
    }

    /// The permission bit an access type needs.
    static func bit(_ access: AccessType) -> UInt8 {
        switch access {
        case .fetch: execute
        case .load: read
        case .store: write
        }
    }

    /// Whether an access of `size` bytes at physical `address` is allowed.
    public static func allows(_ s: PrivilegedState, _ address: UInt64, size: UInt64, _ access: AccessType,
                              privilege: Privilege) -> Bool {
        let end = address &+ size
        for i in 0 ..< 64 {
            guard let r = range(s, i), r.lowerBound < end, address < r.upperBound else { continue }
            guard r.lowerBound <= address, end <= r.upperBound else { return false }  // partial match
            let cfg = config(s, i)
            if privilege == .machine && cfg & locked == 0 { return true }
            return cfg & bit(access) != 0
        }
        return privilege == .machine
    }

    /// The permissions (read, write, execute bits) that hold for every byte of
    /// `range` at `privilege`, or nil when they differ within it.
    public static func uniformPermissions(_ s: PrivilegedState, over range: Range<UInt64>, privilege: Privilege) -> UInt8? {
        var cuts: Set<UInt64> = [range.lowerBound]
        for i in 0 ..< 64 {
            guard let r = PMP.range(s, i) else { continue }
            for b in [r.lowerBound, r.upperBound] where range.contains(b) { cuts.insert(b) }
        }
        var result: UInt8?
        for start in cuts {
            let p = permissions(s, at: start, privilege: privilege)
            if let result, result != p { return nil }
            result = p
        }
        return result
    }

    /// The permissions of the byte at `address` at `privilege`.
    static func permissions(_ s: PrivilegedState, at address: UInt64, privilege: Privilege) -> UInt8 {
        for i in 0 ..< 64 {
            guard let r = range(s, i), r.contains(address) else { continue }
            let cfg = config(s, i)
            if privilege == .machine && cfg & locked == 0 { return read | write | execute }
            return cfg & (read | write | execute)
        }
        return privilege == .machine ? read | write | execute : 0
    }

    /// Whether any entry is locked (M-mode accesses are then checked too).
    static func anyLocked(_ s: PrivilegedState) -> Bool {
        (0 ..< 64).contains { config(s, $0) & locked != 0 && range(s, $0) != nil }
    }

    // MARK: - WARL rules of the CSRs

    /// A pmpcfg write: locked entries keep their byte; W without R is cleared
    /// (reserved); bits 6..5 read as zero.
    static func writeConfig(_ s: inout PrivilegedState, register: Int, value: UInt64) {
        var out = s.pmpcfg[register]
        for b in 0 ..< 8 {
            let shift = UInt64(8 * b)
            let old = UInt8(truncatingIfNeeded: out >> shift)
            if old & locked != 0 { continue }
            var new = UInt8(truncatingIfNeeded: value >> shift) & 0x9f
            if new & (read | write) == write { new &= ~write }
            out = out & ~(0xff << shift) | UInt64(new) << shift
        }
        s.pmpcfg[register] = out
    }

    /// A pmpaddr write: ignored when the entry is locked, or the next entry is a
    /// locked TOR entry (which uses this address as its bottom).
    static func writeAddress(_ s: inout PrivilegedState, index: Int, value: UInt64) {
        if config(s, index) & locked != 0 { return }
        if index + 1 < 64 {
            let next = config(s, index + 1)
            if next & locked != 0 && (next >> modeShift) & 3 == tor { return }
        }
        s.pmpaddr[index] = value & (1 << 54 - 1)
    }
}
