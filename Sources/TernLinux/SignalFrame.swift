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
    /// The whole frame without extension contexts, 16-byte aligned on the stack.
    static let size = ucontext + ucontextSize
    /// The first extension header (`sc_extdesc.hdr`: magic, size) ends the FP union.
    static let extensionHeader = ucMcontext + 256 + 520
    /// RISCV_V_MAGIC: the header of the V context (`struct __sc_riscv_v_state`).
    static let vectorMagic: UInt32 = 0x5346_5457
    /// Bytes of the V context: its header, vstart/vl/vtype/vcsr/vlenb/datap, the registers.
    static func vectorContextSize(vlenb: Int) -> Int { 8 + 48 + 32 * vlenb }
    /// The frame with the V context and the END header after it (Linux's get_rt_frame_size).
    static func size(vlenb: Int?) -> Int {
        guard let vlenb else { return size }
        return (size + vectorContextSize(vlenb: vlenb) + 15) & ~15
    }

    /// The vector state a frame carries (Linux saves it when the task has used V).
    struct Vector: Equatable {
        var vstart: UInt64, vl: UInt64, vtype: UInt64, vcsr: UInt64, vlenb: Int, registers: [UInt8]
    }

    /// Encodes a frame: `info`, the saved altstack, the mask to restore, and the hart's registers.
    /// With `vector`, the V context follows the ucontext as Linux lays it out: its header
    /// in `sc_extdesc.hdr`, the state after it, `datap` pointing at the register bytes
    /// (at `frameAddress` + offset, 16-byte aligned), then an END header.
    static func encode(info: [UInt8], altStack: (sp: UInt64, flags: Int32, size: UInt64), savedMask: UInt64,
                       pc: UInt64, x: [UInt64], f: [UInt64], fcsr: UInt32,
                       vector: Vector? = nil, frameAddress: UInt64 = 0) -> [UInt8] {
        var w = StructWriter(size: size(vlenb: vector?.vlenb))
        for (i, b) in info.prefix(infoSize).enumerated() { w.put(b, at: i) }
        let uc = ucontext
        w.put(altStack.sp, at: uc + ucStack); w.put(altStack.flags, at: uc + ucStack + 8); w.put(altStack.size, at: uc + ucStack + 16)
        w.put(savedMask, at: uc + ucSigmask)
        w.put(pc, at: uc + registers)
        for i in 1 ..< 32 { w.put(x[i], at: uc + registers + 8 * i) }
        for i in 0 ..< 32 { w.put(f[i], at: uc + fpRegisters + 8 * i) }
        w.put(fcsr, at: uc + Self.fcsr)
        if let v = vector {
            let header = uc + extensionHeader
            w.put(vectorMagic, at: header); w.put(UInt32(vectorContextSize(vlenb: v.vlenb)), at: header + 4)
            let state = header + 8
            for (k, value) in [v.vstart, v.vl, v.vtype, v.vcsr, UInt64(v.vlenb)].enumerated() { w.put(value, at: state + 8 * k) }
            let data = state + 48
            w.put(frameAddress &+ UInt64(data), at: state + 40)
            for (i, b) in v.registers.prefix(32 * v.vlenb).enumerated() { w.put(b, at: data + i) }
            // END header (magic 0, size 0) after the context.
            w.put(UInt32(0), at: data + 32 * v.vlenb); w.put(UInt32(0), at: data + 32 * v.vlenb + 4)
        }
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
