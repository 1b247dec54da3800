import TernISA

/// How the translator treats privileged instructions and CSRs outside the
/// core's own set (fflags, frm, fcsr; cycle, time, instret in user mode).
public enum SystemInstructionPolicy: Sendable, Equatable {
    /// User mode (the Linux personality): `mret`, `sret`, `wfi`, `sfence.vma` and
    /// unknown CSRs are illegal instructions.
    case illegal
    /// Machine mode (the bare-metal personality): those instructions and every
    /// CSR access except fflags/frm/fcsr stop the engine with
    /// `StopReason.system(bits:)` before they retire; the personality emulates them.
    case exit
    /// As `exit`, with the FPU switched off (mstatus.FS = Off): every F and D
    /// instruction and every fflags/frm/fcsr access exits as well.
    case exitWithFPUOff

    /// The cache-block operations: under `.exit` the personality runs them,
    /// since menvcfg/senvcfg decide whether they are legal below M-mode.
    static let cacheBlockOpcodes: Set<Opcode> = [.cboClean, .cboFlush, .cboInval, .cboZero]

    /// CSRs the core executes itself under `.exit`: the floating-point ones.
    static let coreCSRsUnderExit: Set<UInt32> = [CSR.fflags, CSR.frm, CSR.fcsr]

    /// Whether `insn` uses the floating-point state (F/D instructions and FP CSRs).
    static func usesFloatingPoint(_ insn: Instruction) -> Bool {
        switch insn.opcode.extension {
        case .f, .d: return true
        case .zicsr: return coreCSRsUnderExit.contains(UInt32(insn.imm & 0xfff))
        default: return false
        }
    }
}

extension Machine {
    /// How privileged instructions and non-FP CSRs are handled; changing it
    /// discards every translation.
    public var systemInstructions: SystemInstructionPolicy {
        get { translator.systemInstructions }
        set {
            guard newValue != translator.systemInstructions else { return }
            translator.systemInstructions = newValue
            if cache.count > 0 { flushTranslations() }
        }
    }
}

extension Machine {
    /// The extensions the guest CPU has (`--cpu`): instructions of others raise
    /// an illegal-instruction stop at their pc. Changing it discards every translation.
    public var extensions: ExtensionSet {
        get { translator.extensions }
        set {
            guard newValue != translator.extensions else { return }
            translator.extensions = newValue
            if cache.count > 0 { flushTranslations() }
        }
    }
}
