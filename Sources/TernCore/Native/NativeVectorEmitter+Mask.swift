import CoreGlue
import TernSpec

/// The mask shapes of the native vector code: integer compares into a mask
/// register, the mask-register logical ops and vcpop.m/vfirst.m. Mask bits are
/// built in rax one 64-bit word of the destination at a time (rcx is the only
/// other scratch register), with the driver's policies: elements past vl
/// (tail; mask destinations are always tail-agnostic) become ones up to VLEN,
/// masked-off elements keep vd's bit or become ones (mask-agnostic). Every
/// word of the sources is read before the word of vd at the same or a lower
/// offset is written, so vd may be one of the sources (as the driver allows).
extension NativeVectorEmitter {
    /// The plan of a mask shape (`base` carries the common guards and SEW), or nil: the driver.
    static func maskPlan(_ base: NativeVectorPlan, _ op: TernOp, _ row: VectorInstruction, _ shape: NativeVectorShape,
                         _ k: NativeVectorKnowledge, vtype: UInt64, vm: Bool) -> NativeVectorPlan? {
        var p = base
        let rd = Int(op.rd), rs1 = Int(op.rs1), rs2 = Int(op.rs2)
        let sewLog = Int(vtype >> 3 & 7), l = Int(vtype & 7), lmul = l >= 4 ? l - 8 : l
        let vlmax = vlmax(vtype, k.vlenb)
        // vl: known at compile time (0: the driver, which writes nothing), else
        // read at run time (bzhi cuts the tail; without BMI2 only vl = VLMAX).
        p.guardVL = nil
        if k.vtype != nil, let n = k.vl {
            guard n > 0 else { return nil }
            p.maskElements = n
        } else if HostFeature.bmi2.available {
            p.maskElements = vlmax
            p.dynamicVL = true
        } else {
            p.maskElements = vlmax
            p.guardVL = vlmax
        }
        switch shape {
        case .compare(let forms, let swapped, let negated, let unsigned):
            guard let x86 = forms[sewLog], VectorRules.aligned(rs2, lmul) else { return nil }
            let ones: UInt64 = sewLog == 3 ? .max : (1 << UInt64(8 << sewLog)) - 1
            let b: NativeVectorOperand
            switch row.operand {
            case .vector:
                guard VectorRules.aligned(rs1, lmul), rd == rs1 || VectorRules.noOverlap(rd, 0, rs1, lmul) else { return nil }
                b = .vector(rs1)
            case .scalar: b = .scalar
            case .simm: b = .constant(UInt64(bitPattern: op.imm) & ones)
            default: return nil
            }
            // The driver's rules: vd is vs2 (vs1) itself or outside its group; under a mask no source is v0.
            guard rd == rs2 || VectorRules.noOverlap(rd, 0, rs2, lmul) else { return nil }
            if !vm {
                guard rs2 != 0, row.operand != .vector || rs1 != 0 else { return nil }
                p.masked = true
                p.maskAgnostic = vtype & 0x80 != 0
            }
            // Whole registers (a fractional group's register; elements past vl are tail).
            p.groupBytes = lmul >= 0 ? k.vlenb << lmul : k.vlenb
            p.needsScalar = row.operand == .scalar
            p.work = .compare(x86, swapped: swapped, negated: negated, unsigned: unsigned, b)
        case .maskLogical(let logic, let invertOperand, let invertResult):
            guard vm else { return nil }
            p.work = .maskLogical(logic, invertOperand: invertOperand, invertResult: invertResult, vs1: rs1)
        case .maskCount(let first):
            // One word of mask bits; vcpop needs POPCNT.
            guard p.maskElements <= 64, first || HostFeature.popcnt.available else { return nil }
            p.masked = !vm
            p.work = .maskCount(first: first)
        default:
            return nil
        }
        return p
    }

    /// Emits the fast path of a mask shape (after the guards).
    static func emitMask(_ a: inout X86Assembler, _ p: NativeVectorPlan, vlenb: Int) {
        let n = p.maskElements
        func word(_ r: Int, _ w: Int) -> Int { fileOffset + r * vlenb + 8 * w }
        func notRAX() { a.emit(0x48, 0xf7, 0xd0) }
        func notRCX() { a.emit(0x48, 0xf7, 0xd1) }
        /// bzhi rax, rax, rcx: the bits of rax below rcx (rcx < 256).
        func bzhi() { a.vex(.x0F38, .none, 0xf5, reg: 0, vvvv: 1, rm: .register(0), wide: false, w: true) }
        func storeOnes(_ disp: Int) { a.emit(0x48, 0xc7, 0x83); a.emit32(Int32(disp)); a.emit32(-1) }  // mov qword [rbx + d], -1
        /// Sets the bits of rax (word w of a mask result) for the elements past vl.
        func tail(_ w: Int) {
            let first = 64 * w
            if n - first < 64 {
                a.movImm(.rcx, ~0 << UInt64(n - first))
                a.alu(.or, .rax, .rcx, wide: true)
            }
            guard p.dynamicVL else { return }
            let ones = a.newLabel(), done = a.newLabel()
            a.load(.rcx, state: vlOffset)
            if first > 0 {
                a.alu(.sub, .rcx, imm: Int32(first), wide: true)
                a.jcc(0xe, ones)                                // jle: the whole word is past vl
            }
            if n - first > 64 {
                a.emit(0x48, 0x83, 0xf9, 64)                    // cmp rcx, 64
                a.jcc(0x3, done)                                // jae: no element of the word is past vl
            }
            notRAX(); bzhi(); notRAX()
            if first > 0 {
                a.jmp(done)
                a.bind(ones)
                a.movImm(.rax, .max)
            }
            a.bind(done)
        }
        switch p.work {
        case .compare(let x, let swapped, let negated, let unsigned, let b):
            let chunk = min(p.groupBytes, 32), wide = chunk == 32, perChunk = chunk / p.sewBytes
            func chunkOf(_ r: Int, _ c: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + r * vlenb + c * chunk) }
            // ymm1 = the scalar operand broadcast; ymm3 = the sign bits (unsigned: flipped on both sides).
            var scalar = true
            switch b {
            case .vector: scalar = false
            case .scalar: break
            case .constant(let v): a.movImm(.rax, v)
            }
            if scalar {
                a.vmovqFromGPR(1, .rax)
                a.vpbroadcast(1, from: 1, sewBytes: p.sewBytes, wide: wide)
            }
            if unsigned {
                a.movImm(.rax, 1 << UInt64(8 * p.sewBytes - 1))
                a.vmovqFromGPR(3, .rax)
                a.vpbroadcast(3, from: 3, sewBytes: p.sewBytes, wide: wide)
                if scalar { a.vex(.x0F, .x66, 0xef, reg: 1, vvvv: 1, rm: .register(3), wide: wide) }  // vpxor
            }
            for w in 0..<(vlenb / 8) {
                let first = 64 * w
                guard first < n else { storeOnes(word(p.vd, w)); continue }
                let count = min(64, n - first)
                for c in (first / perChunk)...((first + count - 1) / perChunk) {
                    if unsigned {
                        a.vex(.x0F, .x66, 0xef, reg: 0, vvvv: 3, rm: chunkOf(p.vs2, c), wide: wide)      // vpxor ymm0, ymm3, vs2
                    } else {
                        a.vmovdquLoad(0, chunkOf(p.vs2, c), wide: wide)
                    }
                    var other = X86Assembler.VexOperand.register(1)
                    if case .vector(let r) = b {
                        if unsigned {
                            a.vex(.x0F, .x66, 0xef, reg: 2, vvvv: 3, rm: chunkOf(r, c), wide: wide)      // vpxor ymm2, ymm3, vs1
                            other = .register(2)
                        } else if swapped {
                            a.vmovdquLoad(2, chunkOf(r, c), wide: wide)
                            other = .register(2)
                        } else {
                            other = chunkOf(r, c)
                        }
                    }
                    let map: X86Assembler.VexMap = x.map == 1 ? .x0F : .x0F38
                    if swapped, case .register(let o) = other {
                        a.vex(map, .x66, x.opcode, reg: 0, vvvv: o, rm: .register(0), wide: wide, w: x.w)
                    } else {
                        a.vex(map, .x66, x.opcode, reg: 0, vvvv: 0, rm: other, wide: wide, w: x.w)
                    }
                    // One bit per element into ecx.
                    switch p.sewBytes {
                    case 1:
                        a.vex(.x0F, .x66, 0xd7, reg: 1, rm: .register(0), wide: wide)                   // vpmovmskb ecx
                    case 2:
                        if wide {
                            a.vex(.x0F3A, .x66, 0x39, reg: 0, rm: .register(2), wide: true, imm8: 1)     // vextracti128 xmm2, ymm0, 1
                            a.vex(.x0F, .x66, 0x63, reg: 0, vvvv: 0, rm: .register(2), wide: false)      // vpacksswb xmm0, xmm0, xmm2
                            a.vex(.x0F, .x66, 0xd7, reg: 1, rm: .register(0), wide: false)
                        } else {
                            a.vex(.x0F, .x66, 0x63, reg: 0, vvvv: 0, rm: .register(0), wide: false)
                            a.vex(.x0F, .x66, 0xd7, reg: 1, rm: .register(0), wide: false)
                            a.emit(0x0f, 0xb6, 0xc9)                                                     // movzx ecx, cl
                        }
                    case 4:
                        a.vex(.x0F, .none, 0x50, reg: 1, rm: .register(0), wide: wide)                  // vmovmskps ecx
                    default:
                        a.vex(.x0F, .x66, 0x50, reg: 1, rm: .register(0), wide: wide)                   // vmovmskpd ecx
                    }
                    let at = (c * perChunk) % 64
                    if at == 0 {
                        a.emit(0x89, 0xc8)                                                               // mov eax, ecx
                    } else {
                        a.alu(.shl, .rcx, imm: Int32(at), wide: true)
                        a.alu(.or, .rax, .rcx, wide: true)
                    }
                }
                if negated { notRAX() }
                if p.masked {
                    if p.maskAgnostic {
                        a.load(.rcx, state: word(0, w))
                        notRCX()
                        a.alu(.or, .rax, .rcx, wide: true)
                    } else {
                        // vd's bits where v0 is clear: rax = old ^ ((old ^ rax) & v0).
                        a.load(.rcx, state: word(p.vd, w))
                        a.alu(.xor, .rax, .rcx, wide: true)
                        a.alu(.and, .rax, state: word(0, w), wide: true)
                        a.alu(.xor, .rax, .rcx, wide: true)
                    }
                }
                tail(w)
                a.store(.rax, state: word(p.vd, w))
            }
        case .maskLogical(let logic, let invertOperand, let invertResult, let vs1):
            let alu: X86ALU = switch logic { case .and: .and; case .or: .or; case .xor: .xor }
            for w in 0..<(vlenb / 8) {
                guard 64 * w < n else { storeOnes(word(p.vd, w)); continue }
                a.load(.rax, state: word(p.vs2, w))
                if invertOperand {
                    a.load(.rcx, state: word(vs1, w))
                    notRCX()
                    a.alu(alu, .rax, .rcx, wide: true)
                } else {
                    a.alu(alu, .rax, state: word(vs1, w), wide: true)
                }
                if invertResult { notRAX() }
                tail(w)
                a.store(.rax, state: word(p.vd, w))
            }
        case .maskCount(let first):
            a.load(.rax, state: word(p.vs2, 0))
            if p.masked { a.alu(.and, .rax, state: word(0, 0), wide: true) }
            if n < 64 {
                a.movImm(.rcx, (1 << UInt64(n)) - 1)
                a.alu(.and, .rax, .rcx, wide: true)
            }
            if p.dynamicVL {
                a.load(.rcx, state: vlOffset)
                bzhi()
            }
            if first {
                a.movImm(.rcx, .max)
                a.emit(0x48, 0x0f, 0xbc, 0xc0)                  // bsf rax, rax (ZF when none)
                a.emit(0x48, 0x0f, 0x44, 0xc1)                  // cmovz rax, rcx: -1
            } else {
                a.emit(0xf3, 0x48, 0x0f, 0xb8, 0xc0)            // popcnt rax, rax
            }
        default:
            break
        }
    }
}
