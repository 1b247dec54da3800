import TernCore
import TernISA

/// The cache-block operations of Zicbom and Zicboz (cbo.clean, cbo.flush,
/// cbo.inval, cbo.zero) below M-mode are gated by menvcfg and senvcfg (the
/// CMO specification's CBCFE, CBIE and CBZE fields); under the bare-metal
/// personality the engine stops at each of them and the machine emulates it.
extension BareMetalMachine {
    /// The envcfg field that enables `opcode` below M-mode (nil: not a cbo.* op).
    static func envcfgField(of opcode: Opcode) -> UInt64? {
        switch opcode {
        case .cboClean, .cboFlush: PrivilegedState.MEnvCfg.cbcfe
        case .cboInval: PrivilegedState.MEnvCfg.cbie
        case .cboZero: PrivilegedState.MEnvCfg.cbze
        default: nil
        }
    }

    /// Whether the current privilege may execute a cbo.* op enabled by `field`:
    /// M always; S when menvcfg has it; U when menvcfg and senvcfg both have it
    /// (CBIE: any nonzero value, as qemu; with no cache, flush and invalidate
    /// are the same).
    func cacheBlockOperationAllowed(_ field: UInt64) -> Bool {
        switch state.privilege {
        case .machine: true
        case .supervisor: state.menvcfg & field != 0
        case .user: state.menvcfg & field != 0 && state.senvcfg & field != 0
        }
    }

    /// Emulates the cbo.* op at `pc`: an illegal instruction where envcfg
    /// disables it; otherwise the block holding x[rs1] must be accessible
    /// (as a load for clean/flush/inval, the fault reported as a store's, as
    /// the CMO chapter says) and cbo.zero writes zeros over all of it.
    func emulateCacheBlockOperation(_ insn: Instruction, at pc: UInt64, bits: UInt32) -> Emulation {
        guard let field = Self.envcfgField(of: insn.opcode), cacheBlockOperationAllowed(field) else {
            return .exception(Exception(.illegalInstruction, tval: UInt64(bits)))
        }
        let block = hart[x: Int(insn.rs1)] & ~(cacheBlockSize - 1)
        let privilege = state.dataPrivilege
        if insn.opcode == .cboZero {
            var targets: [Target] = []
            for k in 0 ..< cacheBlockSize / 8 {
                switch check(block &+ 8 * k, size: 8, .store, privilege: privilege, breakpoints: dataBreakpoints) {
                case .failure(let e): return .exception(e)
                case .success(let physical):
                    let t = target(physical, size: 8, write: true)
                    guard case .ram = t else { return .exception(Exception(.storeAccess, tval: block &+ 8 * k)) }
                    targets.append(t)
                }
            }
            for case .ram(let p) in targets { p.storeBytes(of: 0 as UInt64, as: UInt64.self) }
        } else {
            switch check(block, size: 1, .load, privilege: privilege, breakpoints: Breakpoints()) {
            case .failure(let e):
                let cause: ExceptionCause = switch e.cause {
                case .loadPageFault: .storePageFault
                case .loadAccess: .storeAccess
                default: e.cause
                }
                return .exception(Exception(cause, tval: e.tval))
            case .success(let physical):
                if case .none = target(physical, size: 1, write: false) {
                    return .exception(Exception(.storeAccess, tval: block))
                }
            }
        }
        hart.pc = pc &+ UInt64(insn.length)
        retired += 1
        return .retired
    }
}
