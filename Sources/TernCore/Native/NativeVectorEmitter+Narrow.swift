import CoreGlue
import TernSpec

/// Narrowing shifts of the native vector code: vnsrl.wi/.wx at SEW 32 (vd's
/// 32-bit elements are vs2's 64-bit ones shifted right by the amount modulo
/// 64, truncated). Each destination chunk comes from twice its bytes of vs2:
/// `vpsrlq`, then `vshufps` picks the low dword of every qword and `vpermq`
/// puts the 128-bit lanes' results in order.
extension NativeVectorEmitter {
    /// Emits the fast path of a narrowing shift (`amount` nil: by x[rs1] in rax).
    static func emitNarrowShift(_ a: inout X86Assembler, _ p: NativeVectorPlan, amount: UInt8?, vlenb: Int) {
        let chunk = min(p.groupBytes, 32)
        if amount == nil {
            a.emit(0x83, 0xe0, 63)                                                          // and eax, 63
            a.vmovqFromGPR(1, .rax)
        }
        func source(_ offset: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + p.vs2 * vlenb + offset) }
        for c in 0..<(p.groupBytes / chunk) {
            // 2·chunk source bytes: one ymm (ymm0) for an xmm destination, else two (ymm0, ymm2).
            let halves = chunk == 32 ? 2 : 1
            for h in 0..<halves {
                let r = UInt8(2 * h)
                a.vmovdquLoad(r, source(2 * chunk * c + 32 * h), wide: true)
                if let n = amount {
                    if n > 0 { a.vex(.x0F, .x66, 0x73, reg: 2, vvvv: r, rm: .register(r), wide: true, imm8: n) }  // vpsrlq
                } else {
                    a.vex(.x0F, .x66, 0xd3, reg: r, vvvv: r, rm: .register(1), wide: true)              // vpsrlq by xmm1
                }
            }
            a.vex(.x0F, .none, 0xc6, reg: 0, vvvv: 0, rm: .register(halves == 2 ? 2 : 0), wide: true, imm8: 0x88)  // vshufps: low dwords
            a.vex(.x0F3A, .x66, 0x00, reg: 0, rm: .register(0), wide: true, w: true, imm8: halves == 2 ? 0xd8 : 0x08)  // vpermq
            a.vmovdquStore(.memory(base: .rbx, disp: fileOffset + p.vd * vlenb + c * chunk), 0, wide: chunk == 32)
        }
    }
}
