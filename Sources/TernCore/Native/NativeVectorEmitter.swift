import CoreGlue
import TernSpec

/// What the native compiler knows about the vector state at a point of a
/// block: vtype and vl from a vsetvli/vsetivli it compiled earlier in the
/// block, vstart = 0 after any vector op. Without a known vtype, ops are
/// specialised on the vtype the hart had when the block was compiled
/// (`speculated`) behind a compare.
struct NativeVectorKnowledge {
    /// VLEN / 8 (fixed per machine).
    let vlenb: Int
    /// The hart's vtype at compile time, when legal.
    let speculated: UInt64?
    /// vtype when known for certain here.
    var vtype: UInt64?
    /// vl when known for certain here.
    var vl: Int?
    /// Whether vstart is known to be 0 here.
    var vstartZero = false

    init(vlenb: Int, vtype: UInt64) {
        self.vlenb = vlenb
        speculated = vtype & VectorState.vill == 0 ? vtype : nil
    }

    /// After a body call of the op `id`: a vector driver that returns finished
    /// its op (vstart = 0); vsetvl* may change vtype and vl, a fault-only-first
    /// load vl. Any other body (a CSR write) may set vstart.
    mutating func after(call id: TernOpID?) {
        switch id {
        case TernOp_vconfig?: vstartZero = true; vtype = nil; vl = nil
        case TernOp_vmemory?: vstartZero = true; vl = nil
        case TernOp_varith?: vstartZero = true
        default: vstartZero = false
        }
    }

    /// After a compiled op (its fast path or its driver call): vstart is 0; a
    /// configuration sets vtype and, when it does not depend on a register, vl.
    mutating func after(_ p: NativeVectorPlan) {
        vstartZero = true
        guard case .configuration(let t, let vlmax, let avl) = p.work else { return }
        vtype = t
        switch avl {
        case .constant(let n): vl = min(n, vlmax)
        case .register: vl = nil
        case .keep: vl = vl.map { min($0, vlmax) }
        }
    }
}

/// The second operand of an element-wise op.
enum NativeVectorOperand {
    /// vs1's chunk in the register file.
    case vector(Int)
    /// x[rs1], preloaded in rax.
    case scalar
    /// An immediate, already truncated to SEW.
    case constant(UInt64)
}

/// One vector op as the native tier emits it (see `NativeVectorEmitter.plan`).
struct NativeVectorPlan {
    enum Work {
        /// vsetvli/vsetivli: vl from `avl` (min with VLMAX), vtype, vstart = 0; vl in rax.
        case configuration(vtype: UInt64, vlmax: Int, avl: AVL)
        /// `bytes` between x[rs1] (rax) and register `reg` (same page, in the guest space).
        case transfer(load: Bool, reg: Int, bytes: Int)
        /// vd = op(vs2, operand) (`swapped`: op(operand, vs2)).
        case lanewise(X86SIMD, swapped: Bool, NativeVectorOperand)
        /// Shifts by an immediate amount, by x[rs1] (rax) masked to SEW − 1, by vs1 masked.
        case shiftImmediate(X86SIMD, amount: UInt8)
        case shiftCount(X86SIMD)
        case shiftVariable(X86SIMD, vs1: Int)
        case multiplyAdd(NativeMultiplyAdd, multiply: X86SIMD, add: X86SIMD, sub: X86SIMD, NativeVectorOperand)
        case move(NativeVectorOperand)
        case elementIndex
    }
    /// How vsetvli/vsetivli get their AVL.
    enum AVL { case constant(Int), register, keep }

    var work: Work
    /// Guards taken before the fast path (a failing one calls the driver).
    var guardVtype: UInt64?
    var guardVstart: Bool
    var guardVL: Int?
    /// Register group bytes, SEW bytes; destination and vs2.
    var groupBytes = 0, sewBytes = 0, vd = 0, vs2 = 0
    /// Whether rax must hold x[rs1] on entry.
    var needsScalar: Bool

    /// Whether the fast path uses 256-bit registers.
    var usesYMM: Bool {
        switch work {
        case .configuration: false
        case .transfer(_, _, let bytes): bytes >= 32
        default: groupBytes >= 32
        }
    }
}

/// Plans and emits the native vector shapes (AVX2; 128-bit forms for a
/// one-register group at VLEN 128). The fast path covers vstart = 0, vl =
/// VLMAX, unmasked, LMUL ≥ 1 and legal register groups, where no element is
/// in a tail or masked off, so results equal the driver's bit for bit; other
/// cases take the out-of-line driver call.
enum NativeVectorEmitter {
    private static func offset(_ key: PartialKeyPath<TernHart>) -> Int { MemoryLayout<TernHart>.offset(of: key)! }
    static let vlOffset = offset(\TernHart.vl)
    static let vtypeOffset = offset(\TernHart.vtype)
    static let vstartOffset = offset(\TernHart.vstart)
    static let fileOffset = Int(TernHartVOffset)

    /// The plan for `op` of `shape` under `k`, or nil: always call the driver.
    static func plan(_ op: TernOp, _ shape: NativeVectorShape, _ k: NativeVectorKnowledge) -> NativeVectorPlan? {
        let row = vectorInstructions[Int(op.aux & 0xffff)]
        let vm = op.aux & (1 << 24) != 0
        let rd = Int(op.rd), rs1 = Int(op.rs1), rs2 = Int(op.rs2)
        if case .configuration = shape {
            guard case .config(let kind) = row.kind else { return nil }
            let avl: NativeVectorPlan.AVL
            if kind == .vsetivli {
                avl = .constant(rs1)
            } else if rs1 != 0 {
                avl = .register
            } else if op.rd != UInt8(TERN_X_SINK) {
                avl = .constant(Int.max)
            } else {
                avl = .keep
            }
            guard let (_, vtype) = VectorConfiguration.apply(vtype: UInt64(bitPattern: op.imm), avl: 0, vlenb: k.vlenb) else { return nil }
            return NativeVectorPlan(work: .configuration(vtype: vtype, vlmax: vlmax(vtype, k.vlenb), avl: avl),
                                    guardVtype: nil, guardVstart: false, guardVL: nil, needsScalar: rs1 != 0 && kind == .vsetvli)
        }
        if case .memory(let mem) = row.kind, mem.mode == .whole {
            let n = mem.fields
            guard rd % n == 0, rd + n <= 32 else { return nil }
            return NativeVectorPlan(work: .transfer(load: !mem.store, reg: rd, bytes: n * k.vlenb), guardVtype: nil,
                                    guardVstart: !k.vstartZero, guardVL: nil, needsScalar: true)
        }
        // The rest needs SEW and LMUL: known, or speculated behind a guard.
        guard vm, let vtype = k.vtype ?? k.speculated else { return nil }
        let sewLog = Int(vtype >> 3 & 7), lmulField = Int(vtype & 7)
        guard sewLog <= 3, lmulField <= 3 else { return nil }  // fractional LMUL: the driver
        let sewBytes = 1 << sewLog, vlmax = vlmax(vtype, k.vlenb)
        var p = NativeVectorPlan(work: .elementIndex, guardVtype: k.vtype == nil ? vtype : nil, guardVstart: !k.vstartZero,
                                 guardVL: k.vl == vlmax ? nil : vlmax, needsScalar: false)
        p.sewBytes = sewBytes
        p.groupBytes = k.vlenb << lmulField
        p.vd = rd
        p.vs2 = rs2
        let group = 1 << lmulField
        func aligned(_ r: Int) -> Bool { r % group == 0 }
        guard aligned(rd) else { return nil }
        if case .memory(let mem) = row.kind {
            // Unit stride: EMUL = EEW / SEW · LMUL, whole registers only.
            let emul = (mem.eew / 8).trailingZeroBitCount - sewLog + lmulField
            guard emul >= 0, emul <= 3, rd % (1 << emul) == 0, rd + (1 << emul) <= 32 else { return nil }
            p.work = .transfer(load: !mem.store, reg: rd, bytes: k.vlenb << emul)
            p.needsScalar = true
            return p
        }
        func operand() -> NativeVectorOperand? {
            let ones: UInt64 = sewBytes == 8 ? .max : (1 << UInt64(8 * sewBytes)) - 1
            switch row.operand {
            case .vector: return aligned(rs1) ? .vector(rs1) : nil
            case .scalar: return .scalar
            case .simm: return .constant(UInt64(bitPattern: op.imm) & ones)
            case .uimm: return .constant((UInt64(op.rs1) | UInt64(op.rs3 & 1) << 5) & ones)
            case .none: return nil
            }
        }
        switch shape {
        case .lanewise(let forms, let swapped):
            guard aligned(rs2), let x86 = forms[sewLog], let b = operand() else { return nil }
            p.work = .lanewise(x86, swapped: swapped, b)
        case .shift(let immediate, let count, let variable):
            guard aligned(rs2), let b = operand() else { return nil }
            switch b {
            case .constant(let v):
                guard let x86 = immediate[sewLog] else { return nil }
                p.work = .shiftImmediate(x86, amount: UInt8(v & UInt64(8 * sewBytes - 1)))
            case .scalar:
                guard let x86 = count[sewLog] else { return nil }
                p.work = .shiftCount(x86)
            case .vector(let r):
                guard let x86 = variable[sewLog] else { return nil }
                p.work = .shiftVariable(x86, vs1: r)
            }
        case .multiplyAdd(let form):
            guard aligned(rs2), let mul = x86Mul[sewLog], let add = x86Add[sewLog], let sub = x86Sub[sewLog],
                  let b = operand() else { return nil }
            p.work = .multiplyAdd(form, multiply: mul, add: add, sub: sub, b)
        case .move:
            guard let b = operand() else { return nil }
            p.work = .move(b)
        case .elementIndex:
            p.work = .elementIndex
        default:
            return nil
        }
        if case .scalar? = operand() { p.needsScalar = true }
        return p
    }

    /// The integer register an op of `shape` may read (x[rs1]: AVL, base
    /// address or scalar operand), 0 for none: for register allocation.
    static func scalarSource(_ op: TernOp, _ shape: NativeVectorShape) -> UInt8 {
        let row = vectorInstructions[Int(op.aux & 0xffff)]
        switch row.kind {
        case .config(.vsetvli): return op.rs1
        case .memory: return op.rs1
        default: return row.operand == .scalar ? op.rs1 : 0
        }
    }

    /// VLMAX of a legal vtype.
    static func vlmax(_ vtype: UInt64, _ vlenb: Int) -> Int {
        let sew = 1 << Int(vtype >> 3 & 7), l = Int(vtype & 7)
        let lmul = l >= 4 ? l - 8 : l
        return lmul >= 0 ? (vlenb / sew) << lmul : (vlenb / sew) >> -lmul
    }

    /// Emits the guards (to `slow`) and the fast path of `p`. Returns the
    /// offsets of its guest memory accesses (for fault attribution) and whether
    /// it jumps to `slow`. On return of a configuration, vl is in rax.
    static func emit(_ a: inout X86Assembler, _ p: NativeVectorPlan, slow: X86Assembler.Label,
                     vlenb: Int) -> (accesses: [Int], usesSlow: Bool) {
        var usesSlow = false
        if let t = p.guardVtype {
            a.emit(0x48, 0x81, 0xbb); a.emit32(Int32(vtypeOffset)); a.emit32(Int32(t))  // cmp qword [rbx + vtype], imm32
            a.jcc(0x5, slow)
            usesSlow = true
        }
        if p.guardVstart {
            a.emit(0x48, 0x83, 0xbb); a.emit32(Int32(vstartOffset)); a.emit(0)            // cmp qword [rbx + vstart], 0
            a.jcc(0x5, slow)
            usesSlow = true
        }
        if let n = p.guardVL {
            a.emit(0x48, 0x81, 0xbb); a.emit32(Int32(vlOffset)); a.emit32(Int32(n))       // cmp qword [rbx + vl], imm32
            a.jcc(0x5, slow)
            usesSlow = true
        }
        let chunk = min(p.groupBytes, 32), wide = chunk == 32
        let chunks = chunk == 0 ? 0 : p.groupBytes / chunk
        func reg(_ r: Int, _ c: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + r * vlenb + c * chunk) }
        func op(_ x: X86SIMD, dst: UInt8, src1: UInt8, _ src2: X86Assembler.VexOperand, wide: Bool) {
            a.vex(x.map == 1 ? .x0F : .x0F38, .x66, x.opcode, reg: dst, vvvv: src1, rm: src2, wide: wide, w: x.w)
        }
        /// ymm1 = the operand broadcast (scalar in rax, or a constant).
        func broadcast(_ b: NativeVectorOperand) {
            switch b {
            case .vector: return
            case .scalar: break
            case .constant(let v): a.movImm(.rax, v)
            }
            a.vmovqFromGPR(1, .rax)
            a.vpbroadcast(1, from: 1, sewBytes: p.sewBytes, wide: wide)
        }
        func source(_ b: NativeVectorOperand, _ c: Int) -> X86Assembler.VexOperand {
            if case .vector(let r) = b { return reg(r, c) }
            return .register(1)
        }
        var accesses: [Int] = []
        switch p.work {
        case .configuration(let vtype, let vlmax, let avl):
            switch avl {
            case .constant(let n):
                a.movImm(.rax, UInt64(min(n, vlmax)))
            case .register, .keep:
                if case .keep = avl { a.load(.rax, state: vlOffset) }
                a.movImm(.rcx, UInt64(vlmax))
                a.cmp(.rax, .rcx)
                a.emit(0x48, 0x0f, 0x47, 0xc1)                                              // cmova rax, rcx
            }
            a.store(.rax, state: vlOffset)
            a.emit(0x48, 0xc7, 0x83); a.emit32(Int32(vtypeOffset)); a.emit32(Int32(vtype))  // mov qword [rbx + vtype], imm32
            a.emit(0x48, 0xc7, 0x83); a.emit32(Int32(vstartOffset)); a.emit32(0)           // mov qword [rbx + vstart], 0
        case .transfer(let load, let r, let bytes):
            // One page and inside the guest space, else the driver (which
            // leaves vstart at a faulting element): a fault here hits the first
            // access, with nothing transferred, at element 0 = vstart.
            a.emit(0x89, 0xc1)                                                              // mov ecx, eax
            a.emit(0x81, 0xe1); a.emit32(4095)                                              // and ecx, 4095
            a.emit(0x81, 0xf9); a.emit32(Int32(4096 - bytes))                               // cmp ecx, 4096 - bytes
            a.jcc(0x7, slow)                                                                // ja
            a.cmp(.rax, .r15)
            a.jcc(0x3, slow)                                                                // jae: beyond the guest space
            usesSlow = true
            let size = min(bytes, 32), w = size == 32
            let n = bytes / size
            func guest(_ c: Int) -> X86Assembler.VexOperand { .memory(base: .r12, index: .rax, disp: c * size) }
            func file(_ c: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + r * vlenb + c * size) }
            var c = 0
            while c < n {
                let batch = min(8, n - c)
                for k in 0..<batch {
                    if load { accesses.append(a.count); a.vmovdquLoad(UInt8(k), guest(c + k), wide: w) } else { a.vmovdquLoad(UInt8(k), file(c + k), wide: w) }
                }
                for k in 0..<batch {
                    if load { a.vmovdquStore(file(c + k), UInt8(k), wide: w) } else { accesses.append(a.count); a.vmovdquStore(guest(c + k), UInt8(k), wide: w) }
                }
                c += batch
            }
        case .lanewise(let x, let swapped, let b):
            broadcast(b)
            for c in 0..<chunks {
                if !swapped {
                    a.vmovdquLoad(0, reg(p.vs2, c), wide: wide)
                    op(x, dst: 0, src1: 0, source(b, c), wide: wide)
                } else if case .vector(let r) = b {
                    a.vmovdquLoad(0, reg(r, c), wide: wide)
                    op(x, dst: 0, src1: 0, reg(p.vs2, c), wide: wide)
                } else {
                    op(x, dst: 0, src1: 1, reg(p.vs2, c), wide: wide)
                }
                a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
            }
        case .shiftImmediate(let x, let amount):
            for c in 0..<chunks {
                // The VEX immediate shifts take a register source only.
                a.vmovdquLoad(0, reg(p.vs2, c), wide: wide)
                a.vex(.x0F, .x66, x.opcode, reg: x.ext, vvvv: 0, rm: .register(0), wide: wide, imm8: amount)
                a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
            }
        case .shiftCount(let x):
            a.emit(0x83, 0xe0, UInt8(8 * p.sewBytes - 1))                                   // and eax, SEW - 1
            a.vmovqFromGPR(1, .rax)
            for c in 0..<chunks {
                a.vmovdquLoad(0, reg(p.vs2, c), wide: wide)
                op(x, dst: 0, src1: 0, .register(1), wide: wide)
                a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
            }
        case .shiftVariable(let x, let vs1):
            a.movImm(.rax, UInt64(8 * p.sewBytes - 1))
            a.vmovqFromGPR(3, .rax)
            a.vpbroadcast(3, from: 3, sewBytes: p.sewBytes, wide: wide)
            for c in 0..<chunks {
                a.vex(.x0F, .x66, 0xdb, reg: 2, vvvv: 3, rm: reg(vs1, c), wide: wide)         // vpand: the amounts
                a.vmovdquLoad(0, reg(p.vs2, c), wide: wide)
                op(x, dst: 0, src1: 0, .register(2), wide: wide)
                a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
            }
        case .multiplyAdd(let form, let mul, let add, let sub, let b):
            broadcast(b)
            for c in 0..<chunks {
                switch form {
                case .addToDestination, .subtractFromDestination:
                    a.vmovdquLoad(0, reg(p.vs2, c), wide: wide)
                case .addToSource, .subtractFromSource:
                    a.vmovdquLoad(0, reg(p.vd, c), wide: wide)
                }
                op(mul, dst: 0, src1: 0, source(b, c), wide: wide)
                switch form {
                case .addToDestination:
                    op(add, dst: 0, src1: 0, reg(p.vd, c), wide: wide)
                    a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
                case .subtractFromDestination:
                    a.vmovdquLoad(2, reg(p.vd, c), wide: wide)
                    op(sub, dst: 2, src1: 2, .register(0), wide: wide)
                    a.vmovdquStore(reg(p.vd, c), 2, wide: wide)
                case .addToSource:
                    op(add, dst: 0, src1: 0, reg(p.vs2, c), wide: wide)
                    a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
                case .subtractFromSource:
                    a.vmovdquLoad(2, reg(p.vs2, c), wide: wide)
                    op(sub, dst: 2, src1: 2, .register(0), wide: wide)
                    a.vmovdquStore(reg(p.vd, c), 2, wide: wide)
                }
            }
        case .move(let b):
            broadcast(b)
            for c in 0..<chunks {
                if case .vector(let r) = b {
                    a.vmovdquLoad(0, reg(r, c), wide: wide)
                    a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
                } else {
                    a.vmovdquStore(reg(p.vd, c), 1, wide: wide)
                }
            }
        case .elementIndex:
            a.movAddress(.rcx, UInt(bitPattern: NativeVectorTable.indices) + UInt(p.sewBytes.trailingZeroBitCount * 512))
            for c in 0..<chunks {
                a.vmovdquLoad(0, .memory(base: .rcx, disp: c * chunk), wide: wide)
                a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
            }
        }
        return (accesses, usesSlow)
    }
}
