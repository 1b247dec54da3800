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

    /// CSRs the core executes itself under `.exit`: the floating-point ones.
    static let coreCSRsUnderExit: Set<UInt32> = [CSR.fflags, CSR.frm, CSR.fcsr]

    /// Privileged instructions that exit under `.exit`.
    static let privilegedOpcodes: Set<Opcode> = [.mret, .sret, .wfi, .sfenceVma]
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
