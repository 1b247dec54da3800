import TernCore
import TernISA

/// prctl(PR_RISCV_V_GET/SET_CONTROL)'s state, as Linux keeps it per task
/// (arch/riscv/kernel/vector.c, thread.vstate_ctrl): the thread's V setting
/// (bits 1:0: 0 default, 1 off, 2 on), the next program's (bits 3:2) and the
/// inherit bit (4). A new thread or process starts with its creator's value
/// (clone copies it), the prctl sets the calling thread's alone, and execve
/// applies `afterExec`. A thread with V off runs the same translations as the
/// others: its hart's `vectorEnabled` flag makes each vector instruction and
/// vector CSR access raise SIGILL there (Linux's first-use trap, unhandled).
enum VectorControl {
    static let off: Int64 = 1, on: Int64 = 2, inherit: Int64 = 0x10
    /// What a program starts with when nothing was set (CONFIG_RISCV_ISA_V_DEFAULT_ENABLE,
    /// as Debian's kernels have it): V on.
    static let initial: Int64 = on

    /// The value the program after an execve starts with (riscv_v_vstate_ctrl_init):
    /// the next setting becomes the current one (default: on), and the next one is
    /// kept only with the inherit bit.
    static func afterExec(_ value: Int64) -> Int64 {
        let next = value >> 2 & 3
        let current = next == 0 ? initial : next
        let inherits = value & inherit != 0
        return current | (inherits ? next << 2 | inherit : 0)
    }

    /// The extensions a program started with `control` sees in AT_HWCAP: the
    /// CPU model's, without V and the extensions that need it while V is off
    /// (Linux's riscv_get_elf_hwcap).
    static func enabled(_ model: ExtensionSet, control: Int64) -> ExtensionSet {
        guard control & 3 == off else { return model }
        return ExtensionSet(model.members.filter { !ExtensionSet([$0]).closed.contains(.v) })
    }
}

extension SyscallHandler {
    /// Whether the CPU model has V (Linux's has_vector(): the prctl works, hwprobe reports V).
    var hasVector: Bool { modelExtensions.contains(.v) }

    /// Sets the calling thread's prctl value, and whether its hart may run vector
    /// instructions accordingly (the other threads keep theirs).
    func setVectorControl(_ value: Int64) {
        let t = thread
        t.vectorControl = value
        t.hart.vectorEnabled = value & 3 != VectorControl.off
    }

    /// prctl(PR_RISCV_V_SET_CONTROL, arg) (riscv_v_vstate_ctrl_set_current).
    func setVectorControl(argument a: UInt64) -> Int64 {
        guard hasVector, a & ~0x1f == 0 else { return -Errno.EINVAL }
        var current = Int64(a & 3)
        switch current {
        case VectorControl.off: if vectorControl & 3 != VectorControl.off { return -Errno.EPERM }  // V cannot be switched off once on
        case VectorControl.on: break
        case 0: current = vectorControl & 3
        default: return -Errno.EINVAL
        }
        guard (a >> 2) & 3 != 3 else { return -Errno.EINVAL }
        setVectorControl(current | Int64((a >> 2) & 3) << 2 | Int64(a & 0x10))
        return 0
    }
}
