/// Synchronous exception causes (mcause/scause values with the interrupt bit clear).
public enum ExceptionCause: UInt64, Sendable {
    case misalignedFetch = 0
    case fetchAccess = 1
    case illegalInstruction = 2
    case breakpoint = 3
    case misalignedLoad = 4
    case loadAccess = 5
    case misalignedStore = 6
    case storeAccess = 7
    case userEcall = 8
    case supervisorEcall = 9
    case machineEcall = 11
    case fetchPageFault = 12
    case loadPageFault = 13
    case storePageFault = 15

    /// The environment call cause for an `ecall` executed at `privilege`.
    public static func ecall(from privilege: Privilege) -> ExceptionCause {
        switch privilege {
        case .user: .userEcall
        case .supervisor: .supervisorEcall
        case .machine: .machineEcall
        }
    }
}

/// Interrupt causes (mcause/scause values with the interrupt bit set), in the
/// order the privileged spec gives them priority.
public enum InterruptCause: UInt64, Sendable, CaseIterable {
    case machineExternal = 11
    case machineSoftware = 3
    case machineTimer = 7
    case supervisorExternal = 9
    case supervisorSoftware = 1
    case supervisorTimer = 5

    /// The bit of this interrupt in mip/mie.
    public var bit: UInt64 { 1 << rawValue }
}
