/// How one CSR reads and writes. `write` is nil for read-only registers; the
/// write closures implement each register's WARL rules.
struct CSRDefinition: Sendable {
    let read: @Sendable (PrivilegedState, _ retired: UInt64) -> UInt64
    let write: (@Sendable (inout PrivilegedState, UInt64, _ retired: UInt64) -> Void)?
}

/// CSR numbers with special access rules.
public enum CSRNumber {
    public static let satp: UInt32 = 0x180
    public static let stimecmp: UInt32 = 0x14D
    public static let cycle: UInt32 = 0xC00
    public static let hpmcounter31: UInt32 = 0xC1F
}

/// The declarative CSR map of the bare-metal hart (every CSR except the FP
/// ones, which the core executes). Unlisted numbers are illegal.
let csrTable: [UInt32: CSRDefinition] = {
    var t: [UInt32: CSRDefinition] = [:]
    /// A plain register: writes keep only `mask` bits.
    func plain(_ n: UInt32, _ field: WritableKeyPath<PrivilegedState, UInt64> & Sendable, mask: UInt64 = .max) {
        t[n] = CSRDefinition(read: { s, _ in s[keyPath: field] },
                             write: { s, v, _ in s[keyPath: field] = v & mask })
    }
    func constant(_ n: UInt32, _ value: UInt64) {
        t[n] = CSRDefinition(read: { _, _ in value }, write: nil)
    }
    /// Read-only zero that ignores writes (unimplemented counters and events).
    func ignored(_ n: UInt32) {
        t[n] = CSRDefinition(read: { _, _ in 0 }, write: { _, _, _ in })
    }
    // Machine information and configuration.
    constant(0xF11, 0); constant(0xF12, 0); constant(0xF13, 0); constant(0xF14, 0); constant(0xF15, 0)
    t[0x300] = CSRDefinition(read: { s, _ in s.mstatusValue }, write: { s, v, _ in s.writeMStatus(v) })
    t[0x301] = CSRDefinition(read: { s, _ in s.misaValue }, write: { _, _, _ in })
    plain(0x302, \.medeleg, mask: PrivilegedState.delegableExceptions)
    plain(0x303, \.mideleg, mask: InterruptBits.supervisor)
    plain(0x304, \.mie, mask: InterruptBits.all)
    plain(0x305, \.mtvec, mask: ~2)
    plain(0x306, \.mcounteren, mask: 0xffff_ffff)
    ignored(0x320)
    plain(0x340, \.mscratch)
    plain(0x341, \.mepc, mask: ~1)
    plain(0x342, \.mcause)
    plain(0x343, \.mtval)
    t[0x344] = CSRDefinition(read: { s, _ in s.mip }, write: { s, v, _ in
        // STIP is read-only while Sstc's stimecmp drives it.
        let m = InterruptBits.supervisor & (s.menvcfg & PrivilegedState.MEnvCfg.stce != 0 ? ~InterruptCause.supervisorTimer.bit : .max)
        s.mip = (s.mip & ~m) | (v & m)
    })
    // Supervisor views and registers.
    t[0x100] = CSRDefinition(read: { s, _ in s.mstatusValue & MStatus.supervisorView }, write: { s, v, _ in
        s.mstatus = (s.mstatus & ~MStatus.supervisorWritable) | (v & MStatus.supervisorWritable)
        s.markFloatingPointDirty()
    })
    t[0x104] = CSRDefinition(read: { s, _ in s.mie & s.mideleg }, write: { s, v, _ in
        s.mie = (s.mie & ~s.mideleg) | (v & s.mideleg)
    })
    plain(0x105, \.stvec, mask: ~2)
    plain(0x106, \.scounteren, mask: 0xffff_ffff)
    plain(0x140, \.sscratch)
    plain(0x141, \.sepc, mask: ~1)
    plain(0x142, \.scause)
    plain(0x143, \.stval)
    t[0x144] = CSRDefinition(read: { s, _ in s.mip & s.mideleg }, write: { s, v, _ in
        let m = s.mideleg & InterruptBits.supervisorSoftware
        s.mip = (s.mip & ~m) | (v & m)
    })
    // satp: Bare, Sv39, Sv48 (writes of other modes have no effect).
    t[CSRNumber.satp] = CSRDefinition(read: { s, _ in s.satp }, write: { s, v, _ in s.satp = SATP.legalize(old: s.satp, new: v) })
    // Environment configuration: FIOM, the cbo.* enables (CBIE, CBCFE, CBZE);
    // menvcfg.ADUE selects hardware A/D updates (Svadu).
    let cacheBlockEnables = PrivilegedState.MEnvCfg.cbie | PrivilegedState.MEnvCfg.cbcfe | PrivilegedState.MEnvCfg.cbze
    plain(0x30A, \.menvcfg, mask: PrivilegedState.MEnvCfg.fiom | cacheBlockEnables | PrivilegedState.MEnvCfg.adue | PrivilegedState.MEnvCfg.stce)
    // Sstc: the supervisor timer compare (access rules in canAccess).
    plain(CSRNumber.stimecmp, \.stimecmp)
    plain(0x10A, \.senvcfg, mask: PrivilegedState.MEnvCfg.fiom | cacheBlockEnables)
    // Physical memory protection (PMP.swift has the WARL rules and the checks).
    for i in 0 ..< 8 {
        t[0x3A0 + UInt32(2 * i)] = CSRDefinition(read: { s, _ in s.pmpcfg[i] },
                                                 write: { s, v, _ in PMP.writeConfig(&s, register: i, value: v) })
    }
    for i in 0 ..< 64 {
        t[0x3B0 + UInt32(i)] = CSRDefinition(read: { s, _ in s.pmpaddr[i] },
                                             write: { s, v, _ in PMP.writeAddress(&s, index: i, value: v) })
    }
    // Debug triggers (Triggers.swift): tselect, tdata1-3, tinfo, tcontrol.
    t[0x7A0] = CSRDefinition(read: { s, _ in s.tselect }, write: { s, v, _ in if v < UInt64(Triggers.count) { s.tselect = v } })
    t[0x7A1] = CSRDefinition(read: { s, _ in s.triggers[Int(s.tselect)].tdata1 },
                             write: { s, v, _ in s.triggers[Int(s.tselect)].tdata1 = Triggers.legalize(v) })
    t[0x7A2] = CSRDefinition(read: { s, _ in s.triggers[Int(s.tselect)].tdata2 },
                             write: { s, v, _ in s.triggers[Int(s.tselect)].tdata2 = v })
    t[0x7A3] = CSRDefinition(read: { _, _ in 0 }, write: { _, _, _ in })
    t[0x7A4] = CSRDefinition(read: { _, _ in Triggers.info }, write: { _, _, _ in })
    plain(0x7A5, \.tcontrol, mask: Triggers.mte | Triggers.mpte)
    // Counters: one cycle per instruction; `time` is the CLINT's mtime (also one tick per instruction).
    // A write sets the value the counter has after the writing instruction retires.
    let cycle = CSRDefinition(read: { s, r in r &+ s.cycleOffset }, write: { s, v, r in s.cycleOffset = v &- (r &+ 1) })
    let instret = CSRDefinition(read: { s, r in r &+ s.instretOffset }, write: { s, v, r in s.instretOffset = v &- (r &+ 1) })
    t[0xB00] = cycle
    t[0xB02] = instret
    t[0xC00] = CSRDefinition(read: cycle.read, write: nil)
    t[0xC01] = CSRDefinition(read: { s, r in s.mtime(retired: r) }, write: nil)
    t[0xC02] = CSRDefinition(read: instret.read, write: nil)
    for i: UInt32 in 3 ... 31 {
        ignored(0xB00 + i)
        ignored(0x320 + i)
        constant(0xC00 + i, 0)
    }
    return t
}()

extension PrivilegedState {
    /// Whether the current privilege may access `csr` (`write`: also modify it).
    /// Rules: the CSR exists; bits 11:10 = 3 means read-only; bits 9:8 give the
    /// lowest privilege; user counters need mcounteren (and scounteren from U);
    /// satp from S-mode traps when mstatus.TVM is set; stimecmp below M needs
    /// menvcfg.STCE and mcounteren.TM.
    public func canAccess(_ csr: UInt32, write: Bool) -> Bool {
        guard let definition = csrTable[csr] else { return false }
        if write && (csr >> 10 & 3 == 3 || definition.write == nil) { return false }
        if privilege.rawValue < UInt64(csr >> 8 & 3) { return false }
        if (CSRNumber.cycle ... CSRNumber.hpmcounter31).contains(csr) {
            let bit = UInt64(1) << (csr & 31)
            if privilege < .machine && mcounteren & bit == 0 { return false }
            if privilege == .user && scounteren & bit == 0 { return false }
        }
        if csr == CSRNumber.satp && privilege == .supervisor && bit(MStatus.tvm) { return false }
        // Sstc: below M, stimecmp needs menvcfg.STCE and mcounteren.TM.
        if csr == CSRNumber.stimecmp && privilege < .machine
            && (menvcfg & MEnvCfg.stce == 0 || mcounteren & 2 == 0) { return false }
        return true
    }

    /// Executes a Zicsr instruction on `csr`: reads it (the old value is
    /// returned), then writes `update(old)` when `writes`. Nil when the access is
    /// illegal (nothing changes then). `retired` counts instructions before this one.
    public mutating func executeCSR(_ csr: UInt32, writes: Bool, retired: UInt64,
                                    update: (UInt64) -> UInt64) -> UInt64? {
        guard canAccess(csr, write: writes), let definition = csrTable[csr] else { return nil }
        let old = definition.read(self, retired)
        if writes { definition.write?(&self, update(old), retired) }
        return old
    }
}
