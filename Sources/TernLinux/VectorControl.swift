import TernCore
import TernISA

/// prctl(PR_RISCV_V_GET/SET_CONTROL)'s state, as Linux keeps it per task
/// (arch/riscv/kernel/vector.c): the current program's V setting (bits 1:0:
/// 0 default, 1 off, 2 on), the next program's (bits 3:2) and the inherit bit
/// (4). Tern keeps one value per process (every thread of a Linux process
/// that never calls the prctl shares it too).
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

    /// The instructions a program may run: the CPU model's, without V and the
    /// extensions that need it while V is off for the program (Linux then
    /// leaves the first-use trap unhandled: SIGILL).
    static func enabled(_ model: ExtensionSet, control: Int64) -> ExtensionSet {
        guard control & 3 == off else { return model }
        return ExtensionSet(model.members.filter { !ExtensionSet([$0]).closed.contains(.v) })
    }
}

extension SyscallHandler {
    /// Whether the CPU model has V (Linux's has_vector(): the prctl works, hwprobe reports V).
    var hasVector: Bool { modelExtensions.contains(.v) }

    /// Sets the prctl value and the instructions the program may run accordingly.
    func setVectorControl(_ value: Int64) {
        vectorControl = value
        guard hasVector else { return }
        let model = modelExtensions, enabled = VectorControl.enabled(model, control: value)
        withheldExtensions = model.subtracting(enabled)
        machine.extensions = enabled
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
