import TernISA

/// The privileged architectural state of one hart in bare-metal mode: the
/// current privilege level and the machine and supervisor CSRs. Pure data and
/// rules (no guest memory, no engine), so it can be tested on its own.
public struct PrivilegedState: Sendable, Equatable {
    /// The privilege level the hart runs at (machine mode after reset).
    public var privilege = Privilege.machine

    // The CSRs (raw storage; reads and writes go through `csrTable`, which applies
    // each register's WARL rules and views such as sstatus, sie and sip).
    /// mstatus (SD is derived on reads).
    public var mstatus = MStatus.reset
    /// Exceptions delegated to S-mode.
    public var medeleg: UInt64 = 0
    /// Interrupts delegated to S-mode.
    public var mideleg: UInt64 = 0
    /// Interrupt enables.
    public var mie: UInt64 = 0
    /// Pending interrupts.
    public var mip: UInt64 = 0
    /// M-mode trap vector (BASE | MODE).
    public var mtvec: UInt64 = 0
    /// M-mode scratch.
    public var mscratch: UInt64 = 0
    /// M-mode exception pc.
    public var mepc: UInt64 = 0
    /// M-mode trap cause.
    public var mcause: UInt64 = 0
    /// M-mode trap value.
    public var mtval: UInt64 = 0
    /// Counters readable from S-mode (and U with scounteren).
    public var mcounteren: UInt64 = 0
    /// Counters readable from U-mode.
    public var scounteren: UInt64 = 0
    /// S-mode trap vector.
    public var stvec: UInt64 = 0
    /// S-mode scratch.
    public var sscratch: UInt64 = 0
    /// S-mode exception pc.
    public var sepc: UInt64 = 0
    /// S-mode trap cause.
    public var scause: UInt64 = 0
    /// S-mode trap value.
    public var stval: UInt64 = 0
    /// Address translation (Bare only).
    public var satp: UInt64 = 0
    /// pmpcfg0, pmpcfg2, ... pmpcfg14 (RV64 has only the even ones).
    public var pmpcfg = [UInt64](repeating: 0, count: 8)
    /// pmpaddr0...pmpaddr63.
    public var pmpaddr = [UInt64](repeating: 0, count: 64)
    /// mcycle/minstret = retired instructions + these offsets (set by CSR writes).
    /// Offset of mcycle.
    public var cycleOffset: UInt64 = 0
    /// Offset of minstret.
    public var instretOffset: UInt64 = 0

    /// misa: RV64 with I, M, A, F, D, C and the S and U modes (read-only).
    public static let misa: UInt64 = 2 << 62 | [0, 2, 3, 5, 8, 12, 18, 20].reduce(0) { $0 | 1 << $1 }

    /// misa for a CPU model (`--cpu`): RV64, its single-letter extensions, S and U.
    public static func misa(for extensions: ExtensionSet) -> UInt64 {
        extensions.members.filter(\.isSingleLetter).reduce(2 << 62 | 1 << 18 | 1 << 20) {
            $0 | 1 << UInt64($1.name.unicodeScalars.first!.value - 0x61)
        }
    }

    /// This hart's misa (set from the machine's extensions).
    public var misaValue: UInt64 = PrivilegedState.misa
    /// medeleg bits that can be set: every synchronous exception except ecall from M.
    public static let delegableExceptions: UInt64 = 0xB3FF

    /// The reset state: machine mode, every CSR zero except mstatus.UXL/SXL.
    public init() {}

    /// mstatus as read: SD summarises FS == dirty.
    var mstatusValue: UInt64 {
        mstatus & MStatus.fs == MStatus.fs ? mstatus | MStatus.sd : mstatus & ~MStatus.sd
    }

    /// Applies an mstatus write (WARL: read-only fields kept, MPP legalised, FS
    /// Initial/Clean recorded as Dirty).
    mutating func writeMStatus(_ value: UInt64) {
        let mpp = Privilege(legalizing: (value & MStatus.mpp) >> MStatus.mppShift).rawValue << MStatus.mppShift
        mstatus = (mstatus & ~MStatus.writable) | (value & MStatus.writable & ~MStatus.mpp) | mpp
        markFloatingPointDirty()
    }

    /// FS is tracked conservatively, as the privileged spec permits: any state
    /// other than Off reads as Dirty (FP instructions never have to update it).
    mutating func markFloatingPointDirty() {
        if mstatus & MStatus.fs != 0 { mstatus |= MStatus.fs }
    }

    /// Whether the FPU is on (mstatus.FS is not Off).
    public var floatingPointEnabled: Bool { mstatus & MStatus.fs != 0 }

    func bit(_ mask: UInt64) -> Bool { mstatus & mask != 0 }
    mutating func set(_ mask: UInt64, _ on: Bool) { mstatus = on ? mstatus | mask : mstatus & ~mask }
}
