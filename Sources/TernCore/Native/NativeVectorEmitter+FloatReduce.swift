import CoreGlue
import TernSpec

/// vfredosum/vfredusum natively: vs1[0] plus each element of vs2 in element
/// order (vfredosum must; for vfredusum qemu 11 and the driver use the same
/// order), one scalar addss/addsd per element. Each partial sum is checked
/// like an element-wise result (`NativeVectorEmitter+Float.swift`): a finite
/// normal above the smallest normal or an exact zero, under frm = RNE with NX
/// already set, so every step is the correctly rounded sum the driver
/// computes and raises nothing new; otherwise the driver runs the whole
/// reduction (vd is written only after the last check).
extension NativeVectorEmitter {
    /// Emits the fast path of a reduction of `elements` elements (after the common guards).
    static func emitFloatReduce(_ a: inout X86Assembler, _ p: NativeVectorPlan, vs1: Int, elements: Int, tailOnes: Bool,
                                slow: X86Assembler.Label, vlenb: Int) {
        let double = p.sewBytes == 8
        a.movAddress(.rax, UInt(bitPattern: NativeVectorTable.floatConstants))
        func element(_ r: Int, _ i: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + r * vlenb + i * p.sewBytes) }
        if double {
            a.vex(.x0F, .xF3, 0x7e, reg: 0, rm: element(vs1, 0), wide: false)               // vmovq xmm0, vs1[0]
        } else {
            a.vex(.x0F, .x66, 0x6e, reg: 0, rm: element(vs1, 0), wide: false)               // vmovd xmm0, vs1[0]
        }
        // The partial sums are gathered into xmm7 (2 binary64 or 4 binary32 lanes; a
        // group's first sum fills every lane) and each group checked at once,
        // its unsafe lanes accumulated in xmm5.
        a.vex(.x0F, .x66, 0xef, reg: 5, vvvv: 5, rm: .register(5), wide: false)             // vpxor xmm5: none unsafe yet
        let lanes = 16 / p.sewBytes
        // vs2's elements from ymm15 when it holds the group: its 16-byte halves
        // (the upper one in xmm6), each element shifted down into xmm1.
        let copy = p.copy(of: p.vs2, bytes: elements * p.sewBytes)
        if let x = copy, elements * p.sewBytes == 32 {
            a.vex(.x0F3A, .x66, 0x39, reg: x, rm: .register(6), wide: true, imm8: 1)        // vextracti128 xmm6, ymm15, 1
        }
        for i in 0..<elements {
            var from = element(p.vs2, i)
            if let x = copy {
                let half: UInt8 = i < lanes ? x : 6, at = (i % lanes) * p.sewBytes
                if at == 0 {
                    from = .register(half)
                } else {
                    a.vex(.x0F, .x66, 0x73, reg: 3, vvvv: 1, rm: .register(half), wide: false, imm8: UInt8(at))  // vpsrldq xmm1
                    from = .register(1)
                }
            }
            a.vex(.x0F, double ? .xF2 : .xF3, 0x58, reg: 0, vvvv: 0, rm: from, wide: false)  // vaddsd/ss
            let lane = i % lanes
            if lane == 0 {
                if double {
                    a.vex(.x0F, .xF2, 0x12, reg: 7, rm: .register(0), wide: false)          // vmovddup xmm7, xmm0
                } else {
                    a.vex(.x0F38, .x66, 0x18, reg: 7, rm: .register(0), wide: false)        // vbroadcastss xmm7, xmm0
                }
            } else if double {
                a.vex(.x0F, .x66, 0x14, reg: 7, vvvv: 7, rm: .register(0), wide: false)     // vunpcklpd: lane 1
            } else {
                a.vex(.x0F3A, .x66, 0x21, reg: 7, vvvv: 7, rm: .register(0), wide: false, imm8: UInt8(lane << 4))  // vinsertps
            }
            if lane == lanes - 1 || i == elements - 1 {
                unsafeLanes(&a, 7, sewBytes: p.sewBytes, wide: false, zeros: true)
                a.vex(.x0F, .x66, 0xeb, reg: 5, vvvv: 5, rm: .register(3), wide: false)     // vpor xmm5, xmm3
            }
        }
        a.vex(.x0F38, .x66, 0x17, reg: 5, rm: .register(5), wide: false)                    // vptest xmm5, xmm5
        a.jcc(0x5, slow)                                                                    // jnz: a step was not safe
        if double {
            a.vex(.x0F, .x66, 0xd6, reg: 0, rm: element(p.vd, 0), wide: false)              // vmovq vd[0], xmm0
        } else {
            a.vex(.x0F, .x66, 0x7e, reg: 0, rm: element(p.vd, 0), wide: false)              // vmovd vd[0], xmm0
        }
        if tailOnes { storeOnes(&a, from: fileOffset + p.vd * vlenb + p.sewBytes, to: fileOffset + (p.vd + 1) * vlenb) }
    }
}
