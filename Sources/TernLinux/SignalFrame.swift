import TernCore

/// The riscv64 signal frame Linux pushes for a handler (`struct rt_sigframe`
/// in arch/riscv/kernel/signal.c): a 128-byte siginfo, then a `ucontext`
/// whose `uc_mcontext` holds pc and x1–x31, then f0–f31 and fcsr.
enum SignalFrame {
    static let infoSize = 128
    /// Offset of the ucontext in the frame.
    static let ucontext = 128
    // Offsets inside the ucontext.
    static let ucStack = 16, ucSigmask = 40, ucMcontext = 176
    /// sc_regs: pc, then x1..x31 (8 bytes each).
    static let registers = ucMcontext
    /// sc_fpregs: f0..f31 (8 bytes each), then fcsr (u32); the union is 528 bytes (Q state).
    static let fpRegisters = ucMcontext + 256, fcsr = ucMcontext + 512
    static let ucontextSize = ucMcontext + 256 + 528
    /// The whole frame, 16-byte aligned on the stack.
    static let size = ucontext + ucontextSize

    /// Encodes a frame: `info`, the saved altstack, the mask to restore, and the hart's registers.
    static func encode(info: [UInt8], altStack: (sp: UInt64, flags: Int32, size: UInt64), savedMask: UInt64,
                       pc: UInt64, x: [UInt64], f: [UInt64], fcsr: UInt32) -> [UInt8] {
        var w = StructWriter(size: size)
        for (i, b) in info.prefix(infoSize).enumerated() { w.put(b, at: i) }
        let uc = ucontext
        w.put(altStack.sp, at: uc + ucStack); w.put(altStack.flags, at: uc + ucStack + 8); w.put(altStack.size, at: uc + ucStack + 16)
        w.put(savedMask, at: uc + ucSigmask)
        w.put(pc, at: uc + registers)
        for i in 1 ..< 32 { w.put(x[i], at: uc + registers + 8 * i) }
        for i in 0 ..< 32 { w.put(f[i], at: uc + fpRegisters + 8 * i) }
        w.put(fcsr, at: uc + Self.fcsr)
        return w.bytes
    }

    /// The registers and mask saved in a ucontext (`bytes` starts at the ucontext).
    struct Saved: Equatable {
        var pc: UInt64, x: [UInt64], f: [UInt64], fcsr: UInt32, mask: UInt64
    }

    static func decode(ucontext bytes: [UInt8]) -> Saved {
        let r = ByteReader(bytes)
        var x = [UInt64](repeating: 0, count: 32), f = [UInt64](repeating: 0, count: 32)
        for i in 1 ..< 32 { x[i] = r.u64(registers + 8 * i) }
        for i in 0 ..< 32 { f[i] = r.u64(fpRegisters + 8 * i) }
        return Saved(pc: r.u64(registers), x: x, f: f, fcsr: r.u32(Self.fcsr), mask: r.u64(ucSigmask))
    }

    /// `li a7, 139 (rt_sigreturn); ecall`: the return trampoline (the kernel's vDSO has the same code).
    static let trampoline: [UInt32] = [0x08b0_0893, 0x0000_0073]
}
