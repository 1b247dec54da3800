import CoreGlue
import TernSpec

/// The exact floating-point moves and conversions of the native vector code:
/// vfmv.f.s (element 0 of vs2 into f[rd], NaN-boxed at SEW 32, whatever vl
/// says) and vfwcvt.f.xu.v / vfwcvt.f.x.v at SEW 32 (every 32-bit integer is
/// a binary64 value: no rounding, no flags). They only need a valid frm (5-7
/// makes every FP row illegal: the driver raises it).
extension NativeVectorEmitter {
    private static let fOffset = MemoryLayout<TernHart>.offset(of: \TernHart.f)!

    /// To `slow` when frm is invalid (5...7).
    static func validRoundingMode(_ a: inout X86Assembler, slow: X86Assembler.Label) {
        a.cmp32(state: MemoryLayout<TernHart>.offset(of: \TernHart.frm)!, 4)
        a.jcc(0x7, slow)                                                       // ja: invalid frm
    }

    /// vfmv.f.s f[rd], vs2.
    static func emitFloatToScalar(_ a: inout X86Assembler, _ p: NativeVectorPlan, rd: Int, slow: X86Assembler.Label,
                                  vlenb: Int) {
        if !p.floatReady { validRoundingMode(&a, slow: slow) }
        let from = fileOffset + p.vs2 * vlenb
        if let x = p.copy.flatMap({ $0.vreg == p.vs2 ? NativeVectorCopy.register : nil }) {
            // Element 0 from ymm15 (vmovq rax / vmovd eax).
            a.vex(.x0F, .x66, 0x7e, reg: x, rm: .register(X86Assembler.Reg.rax.rawValue), wide: false, w: p.sewBytes == 8)
            if p.sewBytes == 4 {
                a.movImm(.rcx, 0xffff_ffff_0000_0000)
                a.alu(.or, .rax, .rcx, wide: true)                             // NaN-boxed
            }
        } else if p.sewBytes == 8 {
            a.load(.rax, state: from)
        } else {
            a.emit(0x8b, 0x83); a.emit32(Int32(from))                           // mov eax, dword [rbx + vs2]
            a.movImm(.rcx, 0xffff_ffff_0000_0000)
            a.alu(.or, .rax, .rcx, wide: true)                                 // NaN-boxed
        }
        a.store(.rax, state: fOffset + 8 * rd)
    }

    /// vfwcvt.f.xu.v / vfwcvt.f.x.v at SEW 32: `p.groupBytes` of binary64
    /// results from half as many bytes of vs2 (no overlap: the planner checks).
    static func emitFloatWidenFromInteger(_ a: inout X86Assembler, _ p: NativeVectorPlan, signed: Bool,
                                          slow: X86Assembler.Label, vlenb: Int) {
        if !p.floatReady { validRoundingMode(&a, slow: slow) }
        let chunk = min(p.groupBytes, 32), wide = chunk == 32
        let k = NativeVectorTable.self
        let magic = X86Assembler.VexOperand.memory(base: .rax, disp: k.twoTo52)
        if !signed { a.movAddress(.rax, UInt(bitPattern: k.floatConstants)) }
        for c in 0..<(p.groupBytes / chunk) {
            let half = X86Assembler.VexOperand.memory(base: .rbx, disp: fileOffset + p.vs2 * vlenb + c * chunk / 2)
            if signed {
                a.vex(.x0F, .xF3, 0xe6, reg: 0, rm: half, wide: wide)                        // vcvtdq2pd
            } else {
                // 2^52 + x has x in its low 32 bits: or in 2^52's bits, subtract 2^52 (both exact).
                a.vex(.x0F38, .x66, 0x35, reg: 0, rm: half, wide: wide)                      // vpmovzxdq
                a.vex(.x0F, .x66, 0xeb, reg: 0, vvvv: 0, rm: magic, wide: wide)              // vpor
                a.vex(.x0F, .x66, 0x5c, reg: 0, vvvv: 0, rm: magic, wide: wide)              // vsubpd
            }
            a.vmovdquStore(.memory(base: .rbx, disp: fileOffset + p.vd * vlenb + c * chunk), 0, wide: wide)
        }
    }
}
