/// The core-local interruptor at Spike's address: msip (4 bytes at +0),
/// mtimecmp (8 bytes at +0x4000) and mtime (8 bytes at +0xBFF8). mtime ticks
/// once per retired instruction (deterministic, like the counters); mip.MTIP
/// is mtime >= mtimecmp and mip.MSIP is msip bit 0. Accesses of 1, 2, 4 or 8
/// bytes within a register work; other offsets read 0 and ignore writes.
public enum CLINT {
    public static let base: UInt64 = 0x200_0000
    public static let size: UInt64 = 0x1_0000
    static let msip: UInt64 = 0
    static let mtimecmp: UInt64 = 0x4000
    static let mtime: UInt64 = 0xBFF8

    /// Whether `address` lies in the device.
    public static func contains(_ address: UInt64) -> Bool { address &- base < size }

    /// Reads `size` bytes at `address` (inside the device).
    static func load(_ s: PrivilegedState, _ address: UInt64, size: Int, retired: UInt64) -> UInt64 {
        guard let (register, shift) = locate(address, size: size) else { return 0 }
        let value: UInt64 = switch register {
        case msip: s.msip ? 1 : 0
        case mtimecmp: s.mtimecmp
        default: s.mtime(retired: retired)
        }
        return truncate(value >> shift, size: size)
    }

    /// Writes `size` bytes of `value` at `address` (inside the device).
    static func store(_ s: inout PrivilegedState, _ address: UInt64, size: Int, value: UInt64, retired: UInt64) {
        guard let (register, shift) = locate(address, size: size) else { return }
        let mask = truncate(.max, size: size) << shift
        func merge(_ old: UInt64) -> UInt64 { old & ~mask | (value << shift) & mask }
        switch register {
        case msip: s.msip = merge(s.msip ? 1 : 0) & 1 != 0
        case mtimecmp: s.mtimecmp = merge(s.mtimecmp)
        default: s.timeOffset = merge(s.mtime(retired: retired)) &- retired
        }
    }

    /// The register holding `address` and the bit offset of `address` in it.
    private static func locate(_ address: UInt64, size: Int) -> (UInt64, UInt64)? {
        let offset = address - base
        for (register, width) in [(msip, UInt64(4)), (mtimecmp, 8), (mtime, 8)]
        where offset >= register && offset + UInt64(size) <= register + width {
            return (register, (offset - register) * 8)
        }
        return nil
    }

    private static func truncate(_ v: UInt64, size: Int) -> UInt64 { size >= 8 ? v : v & (1 << (8 * UInt64(size)) - 1) }
}
