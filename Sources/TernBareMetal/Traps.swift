/// Trap entry, trap return and interrupt selection (privileged spec, chapter 3 and 4).
extension PrivilegedState {
    /// The pc a trap through `tvec` goes to: BASE, or BASE + 4 × cause for an
    /// interrupt when the mode field is 1 (vectored).
    public static func trapTarget(tvec: UInt64, cause: UInt64, interrupt: Bool) -> UInt64 {
        let base = tvec & ~3
        return interrupt && tvec & 3 == 1 ? base &+ 4 &* cause : base
    }

    /// Takes a trap at `pc`: delegated to S-mode when the hart is below M and
    /// medeleg/mideleg has the cause's bit, otherwise handled in M-mode.
    /// Updates xepc, xcause, xtval and the xPP/xPIE/xIE stack; returns the handler pc.
    public mutating func enterTrap(cause: UInt64, interrupt: Bool, tval: UInt64, pc: UInt64) -> UInt64 {
        let delegation = interrupt ? mideleg : medeleg
        let code = cause | (interrupt ? 1 << 63 : 0)
        if privilege != .machine, (delegation >> cause) & 1 == 1 {
            scause = code
            sepc = pc
            stval = tval
            set(MStatus.spp, privilege == .supervisor)
            set(MStatus.spie, bit(MStatus.sie))
            set(MStatus.sie, false)
            privilege = .supervisor
            return Self.trapTarget(tvec: stvec, cause: cause, interrupt: interrupt)
        }
        mcause = code
        mepc = pc
        mtval = tval
        tcontrol = tcontrol & Triggers.mte != 0 ? tcontrol | Triggers.mpte : tcontrol & ~Triggers.mpte
        tcontrol &= ~Triggers.mte
        mstatus = (mstatus & ~MStatus.mpp) | privilege.rawValue << MStatus.mppShift
        set(MStatus.mpie, bit(MStatus.mie))
        set(MStatus.mie, false)
        privilege = .machine
        return Self.trapTarget(tvec: mtvec, cause: cause, interrupt: interrupt)
    }

    /// `mret`: returns the new pc, or nil when it is illegal (below M-mode).
    public mutating func machineReturn() -> UInt64? {
        guard privilege == .machine else { return nil }
        let target = Privilege(legalizing: (mstatus & MStatus.mpp) >> MStatus.mppShift)
        set(MStatus.mie, bit(MStatus.mpie))
        set(MStatus.mpie, true)
        mstatus &= ~MStatus.mpp
        if target != .machine { set(MStatus.mprv, false) }
        tcontrol = tcontrol & Triggers.mpte != 0 ? tcontrol | Triggers.mte : tcontrol & ~Triggers.mte
        privilege = target
        return mepc
    }

    /// `sret`: returns the new pc, or nil when it is illegal (U-mode, or S-mode with TSR).
    public mutating func supervisorReturn() -> UInt64? {
        guard privilege == .machine || (privilege == .supervisor && !bit(MStatus.tsr)) else { return nil }
        let target: Privilege = bit(MStatus.spp) ? .supervisor : .user
        set(MStatus.sie, bit(MStatus.spie))
        set(MStatus.spie, true)
        set(MStatus.spp, false)
        set(MStatus.mprv, false)
        privilege = target
        return sepc
    }

    /// Whether `wfi` may execute here (illegal in U-mode, and in S-mode with TW).
    public var wfiAllowed: Bool {
        privilege == .machine || (privilege == .supervisor && !bit(MStatus.tw))
    }

    /// Whether `sfence.vma` may execute here (illegal in U-mode, and in S-mode with TVM).
    public var sfenceAllowed: Bool {
        privilege == .machine || (privilege == .supervisor && !bit(MStatus.tvm))
    }

    /// The interrupt to take now, if any: pending and enabled, and enabled at the
    /// current privilege (globally by xIE at the same level, always from below).
    /// M-level interrupts win over delegated ones; within a level, spec priority.
    public var pendingInterrupt: InterruptCause? {
        let pending = mip & mie
        guard pending != 0 else { return nil }
        let machineEnabled = privilege < .machine || bit(MStatus.mie)
        let supervisorEnabled = privilege < .supervisor || (privilege == .supervisor && bit(MStatus.sie))
        let toMachine = machineEnabled ? pending & ~mideleg : 0
        let toSupervisor = supervisorEnabled ? pending & mideleg : 0
        return InterruptCause.allCases.first { $0.bit & toMachine != 0 }
            ?? InterruptCause.allCases.first { $0.bit & toSupervisor != 0 }
    }
}
