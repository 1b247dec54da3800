/// Bit fields of mstatus (and its sstatus view) for RV64.
public enum MStatus {
    public static let sie: UInt64 = 1 << 1
    public static let mie: UInt64 = 1 << 3
    public static let spie: UInt64 = 1 << 5
    public static let mpie: UInt64 = 1 << 7
    public static let spp: UInt64 = 1 << 8
    public static let mppShift: UInt64 = 11
    public static let mpp: UInt64 = 3 << 11
    public static let fs: UInt64 = 3 << 13
    public static let xs: UInt64 = 3 << 15
    public static let mprv: UInt64 = 1 << 17
    public static let sum: UInt64 = 1 << 18
    public static let mxr: UInt64 = 1 << 19
    public static let tvm: UInt64 = 1 << 20
    public static let tw: UInt64 = 1 << 21
    public static let tsr: UInt64 = 1 << 22
    public static let uxl: UInt64 = 3 << 32
    public static let sxl: UInt64 = 3 << 34
    public static let sd: UInt64 = 1 << 63

    /// Reset value: UXL = SXL = 64-bit, everything else clear.
    public static let reset: UInt64 = 2 << 32 | 2 << 34
    /// Bits an mstatus write can change (MPP is legalised separately).
    static let writable = sie | mie | spie | mpie | spp | mpp | fs | mprv | sum | mxr | tvm | tw | tsr
    /// Bits visible through sstatus.
    static let supervisorView = sie | spie | spp | fs | xs | sum | mxr | uxl | sd
    /// Bits an sstatus write can change.
    static let supervisorWritable = sie | spie | spp | fs | sum | mxr
}

/// Interrupt bits of mip/mie.
public enum InterruptBits {
    /// Every interrupt mie can enable: SSIE, MSIE, STIE, MTIE, SEIE, MEIE.
    public static let all: UInt64 = 0xAAA
    /// Supervisor interrupts: the ones mideleg can delegate and M-mode can raise in mip.
    public static let supervisor: UInt64 = 0x222
    /// SSIP: the one bit S-mode can write through sip.
    public static let supervisorSoftware: UInt64 = 0x2
}
