/// How a bare-metal run ended.
public enum BareMetalOutcome: Equatable, Sendable {
    /// `(code << 1) | 1` was written to tohost (0 = pass; otherwise the failing TESTNUM).
    case tohost(code: UInt64)
    /// The exit syscall (93) was served through an HTIF syscall block.
    case exitSyscall(code: UInt64)
    /// The instruction limit was reached without a tohost write.
    case instructionLimit(retired: UInt64)
    /// The hart trapped again at its own trap handler without retiring anything
    /// (e.g. mtvec points at unmapped memory): nothing could ever make progress.
    case trapLoop(pc: UInt64, cause: UInt64)

    /// The process exit status for this outcome: the code (0...255; larger codes
    /// give 255 so a failure can never look like a pass), 124 for the
    /// instruction limit, 125 for a trap loop.
    public var exitStatus: Int32 {
        switch self {
        case .tohost(let code), .exitSyscall(let code): code == 0 ? 0 : Int32(min(code, 255))
        case .instructionLimit: 124
        case .trapLoop: 125
        }
    }

    /// One line for stderr, or nil when the run passed silently.
    public var message: String? {
        switch self {
        case .tohost(0), .exitSyscall(0): nil
        case .tohost(let code): "tern: bare-metal test failed: TESTNUM \(code)"
        case .exitSyscall(let code): "tern: bare-metal program exited with code \(code)"
        case .instructionLimit(let retired):
            "tern: bare-metal run stopped after \(retired) instructions without a tohost write (--max-instructions)"
        case .trapLoop(let pc, let cause):
            "tern: bare-metal hart stuck: trap (cause \(cause)) at its own trap handler 0x\(String(pc, radix: 16))"
        }
    }
}
