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
    /// Address translation: Bare, Sv39 or Sv48 (see `SATP`).
    public var satp: UInt64 = 0
    /// Machine environment configuration: FIOM and ADUE (hardware A/D updates, Svadu).
    public var menvcfg: UInt64 = MEnvCfg.adue
    /// Supervisor environment configuration: FIOM.
    public var senvcfg: UInt64 = 0
    /// CLINT mtime = retired instructions + this offset.
    public var timeOffset: UInt64 = 0
    /// CLINT mtimecmp (reset: never).
    public var mtimecmp: UInt64 = .max
    /// CLINT msip bit 0.
    public var msip = false
    /// Sstc: the supervisor timer compare (STIP = mtime >= stimecmp while menvcfg.STCE is set).
    public var stimecmp: UInt64 = .max
    /// Debug triggers (tdata1/tdata2 each), tselect and tcontrol.
    public var triggers = [Trigger](repeating: .disabled, count: Triggers.count)
    public var tselect: UInt64 = 0
    public var tcontrol: UInt64 = 0
    /// pmpcfg0, pmpcfg2, ... pmpcfg14 (RV64 has only the even ones).
    public var pmpcfg = [UInt64](repeating: 0, count: 8)
    /// pmpaddr0...pmpaddr63.
    public var pmpaddr = [UInt64](repeating: 0, count: 64)
    /// mcycle/minstret = retired instructions + these offsets (set by CSR writes).
    /// Offset of mcycle.
    public var cycleOffset: UInt64 = 0
    /// Offset of minstret.
    public var instretOffset: UInt64 = 0

    /// menvcfg fields.
    public enum MEnvCfg {
        public static let fiom: UInt64 = 1
        /// cbo.inval enabled below M-mode (a 2-bit field: 00 illegal, else allowed).
        public static let cbie: UInt64 = 3 << 4
        /// cbo.clean and cbo.flush enabled below M-mode.
        public static let cbcfe: UInt64 = 1 << 6
        /// cbo.zero enabled below M-mode.
        public static let cbze: UInt64 = 1 << 7
        public static let adue: UInt64 = 1 << 61
        /// Sstc: stimecmp drives mip.STIP.
        public static let stce: UInt64 = 1 << 63
    }

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

    /// CLINT mtime after `retired` instructions.
    public func mtime(retired: UInt64) -> UInt64 { retired &+ timeOffset }

    /// Sets mip.MTIP and mip.MSIP from the CLINT (they are read-only in mip),
    /// and mip.STIP from stimecmp while menvcfg.STCE is set (Sstc).
    public mutating func updateDeviceInterrupts(retired: UInt64) {
        mip &= ~(InterruptCause.machineTimer.bit | InterruptCause.machineSoftware.bit)
        if mtime(retired: retired) >= mtimecmp { mip |= InterruptCause.machineTimer.bit }
        if msip { mip |= InterruptCause.machineSoftware.bit }
        if menvcfg & MEnvCfg.stce != 0 {
            mip &= ~InterruptCause.supervisorTimer.bit
            if mtime(retired: retired) >= stimecmp { mip |= InterruptCause.supervisorTimer.bit }
        }
    }

    /// The earliest timer deadline (mtime value) whose interrupt is enabled in
    /// mie and not yet pending, if any.
    public func nextTimerDeadline(retired: UInt64) -> UInt64? {
        let now = mtime(retired: retired)
        var deadlines: [UInt64] = []
        if mie & InterruptCause.machineTimer.bit != 0 && mtimecmp > now { deadlines.append(mtimecmp) }
        if menvcfg & MEnvCfg.stce != 0 && mie & InterruptCause.supervisorTimer.bit != 0 && stimecmp > now {
            deadlines.append(stimecmp)
        }
        return deadlines.min()
    }

    /// The privilege loads and stores use: MPP while mstatus.MPRV is set in M-mode.
    public var dataPrivilege: Privilege {
        privilege == .machine && bit(MStatus.mprv) ? Privilege(legalizing: (mstatus & MStatus.mpp) >> MStatus.mppShift) : privilege
    }

    /// Whether accesses at `privilege` are translated by the page tables.
    public func pages(at privilege: Privilege) -> Bool { privilege < .machine && SATP.mode(satp) != SATP.bare }

    func bit(_ mask: UInt64) -> Bool { mstatus & mask != 0 }
    mutating func set(_ mask: UInt64, _ on: Bool) { mstatus = on ? mstatus | mask : mstatus & ~mask }
}
