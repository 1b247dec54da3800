import CoreGlue
import TernSpec

/// Out-of-line code of a native vector op (a rare case's check), emitted
/// after the block's body; it jumps back or to the op's driver call itself.
struct NativeVectorStub {
    let entry: X86Assembler.Label
    let emit: (inout X86Assembler) -> Void
    init(entry: X86Assembler.Label, _ emit: @escaping (inout X86Assembler) -> Void) {
        self.entry = entry
        self.emit = emit
    }
}

/// A floating-point element-wise op of the native vector code (SEW 32/64).
struct NativeFloatWork {
    enum Compute {
        /// vd = vs2 op operand (`swapped`: operand op vs2): a 0F-map packed opcode.
        case lanewise(opcode: UInt8, swapped: Bool, zeros: NativeFloatZeros)
        /// A 0F38-map FMA3 231 form: the operand times the factor (vs2 when the
        /// addend is vd, else vd) plus the addend.
        case multiplyAdd(opcode: UInt8, addendIsDestination: Bool)
    }
    /// The second operand: vs1's group, or f[rs1] broadcast (NaN-unboxed at SEW 32).
    enum Operand { case vector(Int), float(Int) }
    var compute: Compute
    var operand: Operand
}

/// The floating-point shapes of the native vector code. The host computes
/// the whole group into ymm8... (one register per chunk, at most 8) and checks
/// it before anything is written: the fast path is taken only when frm is
/// RNE, NX is already set in fflags, and every active result is a finite
/// normal number above the smallest normal (or a zero that `NativeFloatZeros`
/// shows exact). Such a result is the correctly rounded value on both
/// machines (x86 and RISC-V round the same way in RNE; no NaN reached it,
/// so NaN payloads cannot differ), it is not tiny under after-rounding
/// tininess and did not overflow, and no operation on finite operands giving
/// a finite result is invalid: so NX is the only flag the op can raise, and
/// it is set already. Any other element sends the whole instruction to the
/// driver, which computes values and flags through TernFloat (vd may
/// overlap a source: nothing was written). The same argument as
/// `HostFloatFormat`'s fast path, per element; MXCSR is neither read nor changed.
extension NativeVectorEmitter {
    private static let fOffset = MemoryLayout<TernHart>.offset(of: \TernHart.f)!

    /// To `exit` unless frm is RNE and NX is already set in fflags.
    static func floatGuards(_ a: inout X86Assembler, exit: X86Assembler.Label) {
        a.cmp32(state: MemoryLayout<TernHart>.offset(of: \TernHart.frm)!, 0)
        a.jcc(0x5, exit)                                                       // jne: not round to nearest even
        a.testByte(state: MemoryLayout<TernHart>.offset(of: \TernHart.fflags)!, 1)
        a.jcc(0x4, exit)                                                       // jz: NX not accrued yet
    }

    /// ymm3 = all ones in the lanes of ymm `r` that do not hold a safe result:
    /// safe is a finite value above the smallest normal in magnitude
    /// (`HostFloatFormat.isSafeNormal`), or with `zeros` a zero. One signed
    /// compare tests the range: |r| + `rangeBias` (wrapping) is below
    /// `rangeLimit` + 1 exactly when smallest normal < |r| < infinity
    /// (`NativeVectorTable.floatConstants`). Leaves |r| in ymm2; clobbers
    /// ymm4 with `zeros`; rax = `NativeVectorTable.floatConstants`.
    static func unsafeLanes(_ a: inout X86Assembler, _ r: UInt8, sewBytes: Int, wide: Bool, zeros: Bool) {
        let sewLog = sewBytes.trailingZeroBitCount, k = NativeVectorTable.self
        let base = sewBytes == 8 ? k.float64 : k.float32
        func int(_ x: X86SIMD, _ dst: UInt8, _ src1: UInt8, _ src2: X86Assembler.VexOperand) {
            a.vex(x.map == 1 ? .x0F : .x0F38, .x66, x.opcode, reg: dst, vvvv: src1, rm: src2, wide: wide, w: x.w)
        }
        func constant(_ at: Int) -> X86Assembler.VexOperand { .memory(base: .rax, disp: base + at) }
        int(.op(0xdb), 2, r, constant(k.absolute))                             // vpand: |r|
        int(x86Add[sewLog]!, 3, 2, constant(k.rangeBias))                      // vpaddd/q
        int(x86CompareGreater[sewLog]!, 3, 3, constant(k.rangeLimit))          // outside (smallest normal, infinity)
        if zeros { allowZeros(&a, sewBytes: sewBytes, wide: wide) }
    }

    /// Clears the lanes of ymm3 (unsafe lanes) where |r| (ymm2) is zero; clobbers ymm4.
    static func allowZeros(_ a: inout X86Assembler, sewBytes: Int, wide: Bool) {
        let k = NativeVectorTable.self, equal = x86CompareEqual[sewBytes.trailingZeroBitCount]!
        let zero = X86Assembler.VexOperand.memory(base: .rax, disp: (sewBytes == 8 ? k.float64 : k.float32) + k.zero)
        a.vex(equal.map == 1 ? .x0F : .x0F38, .x66, equal.opcode, reg: 4, vvvv: 2, rm: zero, wide: wide)
        a.vex(.x0F, .x66, 0xdf, reg: 3, vvvv: 4, rm: .register(3), wide: wide)  // vpandn: unsafe and not zero
    }

    /// The float work of `shape` for `row` (vd, vs2 checked by the caller), or nil: the driver.
    static func floatWork(_ shape: NativeVectorShape, _ row: VectorInstruction, rs1: Int, sewLog: Int,
                          aligned: (Int) -> Bool, groupBytes: Int) -> NativeFloatWork? {
        guard sewLog == 2 || sewLog == 3, groupBytes / min(groupBytes, 32) <= 8 else { return nil }
        let operand: NativeFloatWork.Operand
        switch row.operand {
        case .vector: guard aligned(rs1) else { return nil }; operand = .vector(rs1)
        case .float: operand = .float(rs1)
        default: return nil
        }
        switch shape {
        case .floatLanewise(let opcode, let swapped, let zeros):
            return NativeFloatWork(compute: .lanewise(opcode: opcode, swapped: swapped, zeros: zeros), operand: operand)
        case .floatMultiplyAdd(let opcode, let addendIsDestination):
            guard HostFeature.fma.available else { return nil }
            return NativeFloatWork(compute: .multiplyAdd(opcode: opcode, addendIsDestination: addendIsDestination),
                                   operand: operand)
        default:
            return nil
        }
    }

    /// Emits the fast path of a floating-point op (after the common guards).
    static func emitFloat(_ a: inout X86Assembler, _ p: NativeVectorPlan, _ f: NativeFloatWork, slow: X86Assembler.Label,
                          vlenb: Int, stubs: inout [NativeVectorStub]) {
        let chunk = min(p.groupBytes, 32), wide = chunk == 32, chunks = p.groupBytes / chunk
        let double = p.sewBytes == 8, sewLog = p.sewBytes.trailingZeroBitCount
        func reg(_ r: Int, _ c: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + r * vlenb + c * chunk) }
        func int(_ x: X86SIMD, _ dst: UInt8, _ src1: UInt8, _ src2: X86Assembler.VexOperand) {
            a.vex(x.map == 1 ? .x0F : .x0F38, .x66, x.opcode, reg: dst, vvvv: src1, rm: src2, wide: wide, w: x.w)
        }
        let k = NativeVectorTable.self
        let constants = double ? k.float64 : k.float32
        func constant(_ at: Int) -> X86Assembler.VexOperand { .memory(base: .rax, disp: constants + at) }
        let equal = x86CompareEqual[sewLog]!
        let pand = X86SIMD.op(0xdb), por = X86SIMD.op(0xeb)

        if case .float(let r) = f.operand {
            let at = fOffset + 8 * r
            if !double {
                // A broken NaN box reads as the canonical NaN: the driver.
                a.emit(0x83, 0xbb); a.emit32(Int32(at + 4)); a.emit(0xff)      // cmp dword [rbx + f + 4], -1
                a.jcc(0x5, slow)
            }
            let from: X86Assembler.VexOperand = p.floatOperandCopy.map { .register($0) } ?? .memory(base: .rbx, disp: at)
            a.vex(.x0F38, .x66, double ? 0x59 : 0x58, reg: 1, rm: from, wide: wide)  // vpbroadcastq/d ymm1
        }
        a.movAddress(.rax, UInt(bitPattern: k.floatConstants))
        if p.masked { a.movAddress(.rcx, UInt(bitPattern: k.maskConstants)) }
        if p.maskAgnostic { a.vex(.x0F, .x66, 0x76, reg: 6, vvvv: 6, rm: .register(6), wide: wide) }  // vpcmpeqd ymm6: ones
        /// Register group r's chunk c: from ymm15 when it holds the (one-chunk) group.
        func source(_ r: Int, _ c: Int) -> X86Assembler.VexOperand {
            if chunks == 1, let x = p.copy(of: r, bytes: chunk) { return .register(x) }
            return reg(r, c)
        }
        func operand(_ c: Int) -> X86Assembler.VexOperand {
            switch f.operand {
            case .vector(let r): source(r, c)
            case .float: .register(1)
            }
        }
        for c in 0..<chunks {
            let r = UInt8(8 + c)
            switch f.compute {
            case .lanewise(let opcode, let swapped, _):
                let pp: X86Assembler.VexPrefix = double ? .x66 : .none
                if swapped {
                    a.vex(.x0F, pp, opcode, reg: r, vvvv: 1, rm: source(p.vs2, c), wide: wide)   // f[rs1] op vs2
                } else {
                    a.vmovdquLoad(r, source(p.vs2, c), wide: wide)
                    a.vex(.x0F, pp, opcode, reg: r, vvvv: r, rm: operand(c), wide: wide)     // vs2 op operand
                }
            case .multiplyAdd(let opcode, let addendIsDestination):
                let factor = addendIsDestination ? p.vs2 : p.vd
                a.vmovdquLoad(r, source(addendIsDestination ? p.vd : p.vs2, c), wide: wide)
                switch f.operand {
                case .float:
                    a.vex(.x0F38, .x66, opcode, reg: r, vvvv: 1, rm: source(factor, c), wide: wide, w: double)
                case .vector(let v):
                    a.vmovdquLoad(0, source(factor, c), wide: wide)
                    a.vex(.x0F38, .x66, opcode, reg: r, vvvv: 0, rm: source(v, c), wide: wide, w: double)
                }
            }
            var zeros = NativeFloatZeros.never
            if case .lanewise(_, _, let z) = f.compute { zeros = z }
            // Every active lane safe (vptest: ZF = no active unsafe lane), else a
            // zero the row allows (out of line: rare), else the driver.
            unsafeLanes(&a, r, sewBytes: p.sewBytes, wide: wide, zeros: false)
            if p.masked { expandMask(&a, sewBytes: p.sewBytes, c, chunk: chunk) }
            let mask: UInt8 = p.masked ? 7 : 3
            a.vex(.x0F38, .x66, 0x17, reg: 3, rm: .register(mask), wide: wide)              // vptest ymm3, mask
            if zeros == .never {
                a.jcc(0x5, slow)                                                            // jnz: an unsafe lane
                continue
            }
            let stub = a.newLabel(), back = a.newLabel()
            a.jcc(0x5, stub)
            a.bind(back)
            let operand = f.operand, vs2 = source(p.vs2, c), vs1: X86Assembler.VexOperand?
            if case .vector(let v) = f.operand { vs1 = source(v, c) } else { vs1 = nil }
            stubs.append(NativeVectorStub(entry: stub) { a in
                // ymm2 = |r|, ymm3 = its unsafe lanes, ymm7 = the chunk's mask, rax = the constants.
                func int(_ x: X86SIMD, _ dst: UInt8, _ src1: UInt8, _ src2: X86Assembler.VexOperand) {
                    a.vex(x.map == 1 ? .x0F : .x0F38, .x66, x.opcode, reg: dst, vvvv: src1, rm: src2, wide: wide, w: x.w)
                }
                if zeros == .any {
                    allowZeros(&a, sewBytes: p.sewBytes, wide: wide)
                } else {
                    // A zero product is exact when a factor is zero (the other is then finite, or the result were NaN).
                    int(equal, 4, 2, constant(k.zero))
                    a.vmovdquLoad(0, vs2, wide: wide)
                    int(pand, 0, 0, constant(k.absolute))
                    int(equal, 0, 0, constant(k.zero))
                    switch operand {
                    case .vector:
                        a.vmovdquLoad(2, vs1!, wide: wide)
                        int(pand, 2, 2, constant(k.absolute))
                    case .float:
                        int(pand, 2, 1, constant(k.absolute))
                    }
                    int(equal, 2, 2, constant(k.zero))
                    int(por, 0, 0, .register(2))
                    int(pand, 4, 4, .register(0))
                    a.vex(.x0F, .x66, 0xdf, reg: 3, vvvv: 4, rm: .register(3), wide: wide)  // vpandn: unsafe and not an exact zero
                }
                a.vex(.x0F38, .x66, 0x17, reg: 3, rm: .register(mask), wide: wide)          // vptest ymm3, mask
                a.jcc(0x4, back)                                                            // jz: every active lane exact
                a.jmp(slow)
            })
        }
        for c in 0..<chunks { storeChunk(&a, p, c, result: UInt8(8 + c), chunk: chunk, vlenb: vlenb) }
        if p.producedCopy != nil { a.vmovdquLoad(NativeVectorCopy.register, .register(8), wide: wide) }  // ymm15 = the result
    }
}
