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
    /// Whether frm is known to be RNE and NX known to be set (a vector FP op's
    /// guards passed earlier in the block; only a CSR write, a body call, changes them).
    var floatReady = false

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
        default: vstartZero = false; floatReady = false
        }
    }

    /// After a compiled op (its fast path or its driver call): vstart is 0; a
    /// configuration sets vtype and, when it does not depend on a register, vl;
    /// what the op's guards checked holds (a failing guard leaves the block).
    mutating func after(_ p: NativeVectorPlan) {
        vstartZero = true
        if let t = p.guardVtype { vtype = t }
        if let n = p.guardVL { vl = n }
        if p.checksFloatEnvironment { floatReady = true }
        guard case .configuration(let t, let vlmax, let avl) = p.work else { return }
        vtype = t
        switch avl {
        case .constant(let n): vl = min(n, vlmax)
        case .register: vl = nil
        case .keep: vl = vl.map { min($0, vlmax) }
        }
    }
}

/// A vector register group of one chunk (at most 32 bytes) whose bytes are also
/// in ymm15 (xmm15 for 16): the result of an unmasked FP op, kept there for the
/// block's later native vector ops to read instead of the hart's copy (which
/// always has the same bytes: the op stored them too). The compiler drops it
/// when something writes the group or clobbers ymm15, and out-of-line driver
/// calls load ymm15 again from the hart.
struct NativeVectorCopy: Equatable {
    /// The register in which it is kept (not one the scalar FP cache allocates there).
    static let register: UInt8 = 15
    /// The group's first register and its bytes.
    var vreg: Int, bytes: Int
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
        /// A unit-stride segment access (or one of a fractional EMUL) element by
        /// element: `fields` groups of `fieldRegisters` from `reg`, `elements`
        /// elements of `elementBytes`; a load's fractional tails become ones when `tailOnes`.
        case segment(load: Bool, reg: Int, fields: Int, elementBytes: Int, elements: Int, fieldRegisters: Int,
                     tailOnes: Bool)
        /// vzext/vsext: pmovzx/pmovsx `opcode` from vs2's part `1/factor` of each chunk.
        case extend(opcode: UInt8, factor: Int)
        /// vd[0] = op(vs1[0], vs2[0...VLMAX)); the rest of vd ones when `tailOnes`.
        case reduce(X86SIMD, vs1: Int, tailOnes: Bool)
        /// vwsll: vs2 zero-extended (pmovzx `widen`) and shifted at 2·SEW.
        case widenShift(X86SIMD, widen: UInt8, WideShift)
        /// vd = op(vs2, operand) (`swapped`: op(operand, vs2)).
        case lanewise(X86SIMD, swapped: Bool, NativeVectorOperand)
        /// Shifts by an immediate amount, by x[rs1] (rax) masked to SEW − 1, by vs1 masked.
        case shiftImmediate(X86SIMD, amount: UInt8)
        case shiftCount(X86SIMD)
        case shiftVariable(X86SIMD, vs1: Int)
        case multiplyAdd(NativeMultiplyAdd, multiply: X86SIMD, add: X86SIMD, sub: X86SIMD, NativeVectorOperand)
        case move(NativeVectorOperand)
        case elementIndex
        /// Floating point at SEW 32/64 (`NativeVectorEmitter+Float.swift`).
        case float(NativeFloatWork)
        /// vfredosum/vfredusum of `elements` (`NativeVectorEmitter+FloatReduce.swift`).
        case floatReduce(vs1: Int, elements: Int, tailOnes: Bool)
        /// vfmv.f.s into f[rd]; vfwcvt.f.(x)u.v at SEW 32 (`NativeVectorEmitter+FloatMove.swift`).
        case floatToScalar(rd: Int)
        case floatWidenFromInteger(signed: Bool)
        /// vmul at SEW 64: vd = vs2 · operand (low 64 bits).
        case multiply64(NativeVectorOperand)
        /// vnsrl.wi/.wx at SEW 32 by `amount` (nil: x[rs1] in rax) (`NativeVectorEmitter+Narrow.swift`).
        case narrowShift(amount: UInt8?)
        /// An integer compare of vs2 with the operand into mask register vd
        /// (`NativeVectorEmitter+Mask.swift`).
        case compare(X86SIMD, swapped: Bool, negated: Bool, unsigned: Bool, NativeVectorOperand)
        /// A mask-register logical op of vs2 and vs1 into vd.
        case maskLogical(NativeMaskLogic, invertOperand: Bool, invertResult: Bool, vs1: Int)
        /// vcpop.m / vfirst.m of vs2 into rax (then x[rd]).
        case maskCount(first: Bool)
    }
    /// How vsetvli/vsetivli get their AVL.
    enum AVL { case constant(Int), register, keep }
    /// A widening shift's amount: an immediate, x[rs1] (rax), or vs1 zero-extended.
    enum WideShift { case amount(UInt8), count, variable(Int) }

    var work: Work
    /// Guards taken before the fast path (a failing one calls the driver).
    var guardVtype: UInt64?
    var guardVstart: Bool
    var guardVL: Int?
    /// Register group bytes, SEW bytes; destination and vs2.
    var groupBytes = 0, sewBytes = 0, vd = 0, vs2 = 0
    /// Whether rax must hold x[rs1] on entry.
    var needsScalar: Bool
    /// Masked by v0 (vm = 0): inactive elements keep vd, or become ones when
    /// `maskAgnostic`; a masked move is vmerge (inactive elements take vs2).
    var masked = false, maskAgnostic = false
    /// Mask-producing and mask-reading shapes: the elements known to be
    /// inside vl (the known vl, else VLMAX); with `dynamicVL` the fast path
    /// takes vl (1...VLMAX) from the hart and treats elements past it as tail.
    var maskElements = 0, dynamicVL = false
    /// frm = RNE and NX set are known here: the FP shapes skip their guards.
    var floatReady = false
    /// An xmm register holding a current copy of the FP operand f[rs1] (the
    /// scalar FP cache's), broadcast from there rather than from the hart.
    var floatOperandCopy: UInt8?
    /// The vector register group in ymm15 when the op starts (`NativeVectorCopy`).
    var copy: NativeVectorCopy?

    /// The group the op leaves in ymm15: an unmasked FP op's one-chunk result.
    var producedCopy: NativeVectorCopy? {
        guard case .float = work, !masked, groupBytes <= 32 else { return nil }
        return NativeVectorCopy(vreg: vd, bytes: groupBytes)
    }

    /// Whether the op writes no vector register (ymm15's copy stays valid
    /// unless `clobbered` has ymm15).
    var writesNoVectorRegister: Bool {
        switch work {
        case .transfer(let load, _, _), .segment(let load, _, _, _, _, _, _): !load
        case .configuration, .floatToScalar, .maskCount: true
        default: false
        }
    }

    /// `copy` when it holds exactly register group `r` of `bytes` (one chunk).
    func copy(of r: Int, bytes: Int) -> UInt8? {
        copy == NativeVectorCopy(vreg: r, bytes: bytes) ? NativeVectorCopy.register : nil
    }

    /// Whether the fast path checks frm = RNE and NX set (`floatGuards`).
    var checksFloatEnvironment: Bool {
        switch work {
        case .float, .floatReduce: true
        default: false
        }
    }

    /// The ymm registers the fast path may write (bit n: ymm n): ymm0-7 are
    /// every shape's scratch; floating point computes its group into ymm8 up,
    /// one register per chunk. The scalar FP cache's copies in the others
    /// survive the op (`NativeFloatCache`).
    var clobbered: UInt16 {
        guard case .float = work else { return 0x00ff }
        let chunks = groupBytes / min(groupBytes, 32)
        return 0x00ff | UInt16((1 << chunks) - 1) << 8
    }

    /// Whether the fast path uses 256-bit registers.
    var usesYMM: Bool {
        switch work {
        case .configuration: false
        case .transfer(_, _, let bytes): bytes >= 32
        case .segment: false
        case .narrowShift: true
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

    /// The plan for `op` of `shape` under `k`, or nil: always call the driver
    /// (also when a guard could never pass: a known vl other than VLMAX).
    static func plan(_ op: TernOp, _ shape: NativeVectorShape, _ k: NativeVectorKnowledge) -> NativeVectorPlan? {
        guard var p = shapePlan(op, shape, k), p.guardVL == nil || k.vl == nil || k.vtype == nil else { return nil }
        p.floatReady = k.floatReady
        return p
    }

    private static func shapePlan(_ op: TernOp, _ shape: NativeVectorShape, _ k: NativeVectorKnowledge) -> NativeVectorPlan? {
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
        guard let vtype = k.vtype ?? k.speculated else { return nil }
        let sewLog = Int(vtype >> 3 & 7), lmulField = Int(vtype & 7)
        guard sewLog <= 3, lmulField != 4 else { return nil }
        let lmul = lmulField >= 4 ? lmulField - 8 : lmulField
        let sewBytes = 1 << sewLog, vlmax = vlmax(vtype, k.vlenb)
        var p = NativeVectorPlan(work: .elementIndex, guardVtype: k.vtype == nil ? vtype : nil, guardVstart: !k.vstartZero,
                                 guardVL: k.vl == vlmax ? nil : vlmax, needsScalar: false)
        p.sewBytes = sewBytes
        p.vd = rd
        p.vs2 = rs2
        // Masks: the element-wise shapes blend with v0 (never v0 as vd or as a
        // vector source, which are illegal under a mask: the driver raises them).
        switch shape {
        case .compare, .maskLogical, .maskCount:
            return maskPlan(p, op, row, shape, k, vtype: vtype, vm: vm)
        case .lanewise, .multiply, .shift, .multiplyAdd, .move, .floatLanewise, .floatMultiplyAdd:
            if !vm {
                guard rd != 0, rs2 != 0, row.operand != .vector || rs1 != 0 else { return nil }
                p.masked = true
                p.maskAgnostic = vtype & 0x80 != 0
            }
        default:
            guard vm else { return nil }
        }
        if case .floatToScalar = shape {
            // Element 0 whatever vl and LMUL say.
            guard sewLog == 2 || sewLog == 3 else { return nil }
            p.guardVL = nil
            p.work = .floatToScalar(rd: rd)
            return p
        }
        if case .memory(let mem) = row.kind {
            // Unit stride: EMUL = EEW / SEW · LMUL; nf fields of EMUL registers each.
            let eb = mem.eew / 8, nf = mem.fields
            let emul = eb.trailingZeroBitCount - sewLog + lmul
            let fieldRegisters = emul <= 0 ? 1 : 1 << emul
            guard emul >= -3, emul <= 3, rd % fieldRegisters == 0, fieldRegisters * nf <= 8,
                  rd + fieldRegisters * nf <= 32 else { return nil }
            p.needsScalar = true
            if nf == 1 && emul >= 0 {
                p.work = .transfer(load: !mem.store, reg: rd, bytes: k.vlenb << emul)
            } else {
                guard nf * vlmax <= 64 else { return nil }  // long segment accesses: the driver
                p.work = .segment(load: !mem.store, reg: rd, fields: nf, elementBytes: eb, elements: vlmax,
                                  fieldRegisters: fieldRegisters, tailOnes: !mem.store && emul < 0 && vtype & 0x40 != 0)
            }
            return p
        }
        // Whole register groups from here on.
        guard lmul >= 0 else { return nil }
        p.groupBytes = k.vlenb << lmul
        let group = 1 << lmul
        func aligned(_ r: Int) -> Bool { r % group == 0 }
        switch shape {
        case .widenShift, .reduce, .floatReduce, .floatWidenFromInteger: break  // their own destination rules
        default: guard aligned(rd) else { return nil }
        }
        func operand() -> NativeVectorOperand? {
            let ones: UInt64 = sewBytes == 8 ? .max : (1 << UInt64(8 * sewBytes)) - 1
            switch row.operand {
            case .vector: return aligned(rs1) ? .vector(rs1) : nil
            case .scalar: return .scalar
            case .simm: return .constant(UInt64(bitPattern: op.imm) & ones)
            case .uimm: return .constant((UInt64(op.rs1) | UInt64(op.rs3 & 1) << 5) & ones)
            case .none, .float: return nil   // (the float shapes read f[rs1] themselves: `floatWork`)
            }
        }
        switch shape {
        case .lanewise(let forms, let swapped):
            guard aligned(rs2), let x86 = forms[sewLog], let b = operand() else { return nil }
            p.work = .lanewise(x86, swapped: swapped, b)
        case .multiply:
            guard aligned(rs2), let b = operand() else { return nil }
            if sewLog == 3 {
                p.work = .multiply64(b)
            } else {
                guard let x86 = x86Mul[sewLog] else { return nil }
                p.work = .lanewise(x86, swapped: false, b)
            }
        case .narrowShift:
            // The driver's narrowing rules: vs2 a 2·LMUL group apart from vd.
            guard sewLog == 2, lmul <= 2, rs2 % (2 * group) == 0, VectorRules.noOverlap(rd, lmul, rs2, lmul + 1),
                  let b = operand() else { return nil }
            switch b {
            case .constant(let v): p.work = .narrowShift(amount: UInt8(v & 63))
            case .scalar: p.work = .narrowShift(amount: nil)
            case .vector: return nil
            }
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
            guard let b = operand(), !p.masked || aligned(rs2) else { return nil }
            p.work = .move(b)
        case .elementIndex:
            p.work = .elementIndex
        case .floatLanewise, .floatMultiplyAdd:
            guard aligned(rs2), let w = floatWork(shape, row, rs1: rs1, sewLog: sewLog, aligned: aligned,
                                                  groupBytes: p.groupBytes) else { return nil }
            p.work = .float(w)
        case .floatReduce:
            guard aligned(rs2), sewLog == 2 || sewLog == 3, vlmax <= 32 else { return nil }
            p.work = .floatReduce(vs1: rs1, elements: vlmax, tailOnes: vtype & 0x40 != 0)
        case .floatWidenFromInteger(let signed):
            // The driver's widening rules: a 2·LMUL destination group apart from vs2.
            guard sewLog == 2, lmul <= 2, rd % (2 * group) == 0, aligned(rs2),
                  VectorRules.noOverlap(rd, lmul + 1, rs2, lmul) else { return nil }
            p.groupBytes = k.vlenb << (lmul + 1)
            p.work = .floatWidenFromInteger(signed: signed)
        case .reduce(let forms):
            guard aligned(rs2), let x = forms[sewLog] else { return nil }
            p.work = .reduce(x, vs1: rs1, tailOnes: vtype & 0x40 != 0)
        case .extend(let base):
            guard case .extend(let factor, _) = row.kind else { return nil }
            let srcEmul = lmul - factor.trailingZeroBitCount, sb = sewBytes / factor
            guard sb >= 1, srcEmul >= -3, VectorRules.aligned(rs2, srcEmul),
                  VectorRules.noOverlap(rd, lmul, rs2, srcEmul),
                  let pair = widthPairs.firstIndex(where: { $0 == (sb, sewBytes) }) else { return nil }
            p.work = .extend(opcode: base + UInt8(pair), factor: factor)
        case .widenShift(let immediate, let count, let variable):
            // 2·SEW destination group of 2·LMUL registers (the driver's widen rules).
            guard lmul <= 2, sewBytes < 8, rd % (2 * group) == 0, aligned(rs2),
                  VectorRules.noOverlap(rd, lmul + 1, rs2, lmul), let b = operand(),
                  let pair = widthPairs.firstIndex(where: { $0 == (sewBytes, 2 * sewBytes) }) else { return nil }
            let wide = sewLog + 1
            p.groupBytes = k.vlenb << (lmul + 1)
            switch b {
            case .constant(let v):
                guard let x = immediate[wide] else { return nil }
                p.work = .widenShift(x, widen: 0x30 + UInt8(pair), .amount(UInt8(v & UInt64(16 * sewBytes - 1))))
            case .scalar:
                guard let x = count[wide] else { return nil }
                p.work = .widenShift(x, widen: 0x30 + UInt8(pair), .count)
            case .vector(let r):
                guard let x = variable[wide], VectorRules.noOverlap(rd, lmul + 1, r, lmul) else { return nil }
                p.work = .widenShift(x, widen: 0x30 + UInt8(pair), .variable(r))
            }
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

    /// The (source, destination) element widths of pmovzx/pmovsx, in opcode order.
    static let widthPairs: [(Int, Int)] = [(1, 2), (1, 4), (1, 8), (2, 4), (2, 8), (4, 8)]

    /// VLMAX of a legal vtype.
    static func vlmax(_ vtype: UInt64, _ vlenb: Int) -> Int {
        let sew = 1 << Int(vtype >> 3 & 7), l = Int(vtype & 7)
        let lmul = l >= 4 ? l - 8 : l
        return lmul >= 0 ? (vlenb / sew) << lmul : (vlenb / sew) >> -lmul
    }

    /// Emits the guards and the fast path of `p`. A failing guard of the
    /// vector state (vtype, vstart, vl, and the FP shapes' frm = RNE with NX
    /// set) jumps to `exit`, which leaves the block for the threaded engine at
    /// this op, so what a guard checked holds for the rest of the block
    /// (`NativeVectorKnowledge.after`); other cases (values, pages) jump to
    /// `slow`, the driver call that rejoins. Returns the offsets of its guest
    /// memory accesses (for fault attribution) and which of the two it uses;
    /// its out-of-line code goes to `stubs` (emitted after the block's body).
    /// On return of a configuration, vl is in rax.
    static func emit(_ a: inout X86Assembler, _ p: NativeVectorPlan, slow: X86Assembler.Label, exit: X86Assembler.Label,
                     vlenb: Int, stubs: inout [NativeVectorStub]) -> (accesses: [Int], usesSlow: Bool, usesExit: Bool) {
        var usesSlow = false, usesExit = false
        if let t = p.guardVtype {
            a.emit(0x48, 0x81, 0xbb); a.emit32(Int32(vtypeOffset)); a.emit32(Int32(t))  // cmp qword [rbx + vtype], imm32
            a.jcc(0x5, exit)
            usesExit = true
        }
        if p.guardVstart {
            a.emit(0x48, 0x83, 0xbb); a.emit32(Int32(vstartOffset)); a.emit(0)            // cmp qword [rbx + vstart], 0
            a.jcc(0x5, exit)
            usesExit = true
        }
        if let n = p.guardVL {
            a.emit(0x48, 0x81, 0xbb); a.emit32(Int32(vlOffset)); a.emit32(Int32(n))       // cmp qword [rbx + vl], imm32
            a.jcc(0x5, exit)
            usesExit = true
        }
        if p.checksFloatEnvironment && !p.floatReady {
            floatGuards(&a, exit: exit)
            usesExit = true
        }
        if p.dynamicVL {
            // vl = 0 writes nothing (not even the tail): the driver.
            a.emit(0x48, 0x83, 0xbb); a.emit32(Int32(vlOffset)); a.emit(0)                // cmp qword [rbx + vl], 0
            a.jcc(0x4, slow)
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
        /// Under a mask: rcx = the mask constants (`NativeVectorTable.maskConstants`),
        /// ymm6 = all ones when mask-agnostic.
        func masks() {
            guard p.masked else { return }
            a.movAddress(.rcx, UInt(bitPattern: NativeVectorTable.maskConstants))
            if p.maskAgnostic { a.vex(.x0F, .x66, 0x76, reg: 6, vvvv: 6, rm: .register(6), wide: wide) }  // vpcmpeqd: ones
        }
        /// Stores the result (ymm `result`) of chunk c to vd (`storeChunk`).
        func finish(_ c: Int, result: UInt8 = 0) {
            storeChunk(&a, p, c, result: result, chunk: chunk, vlenb: vlenb)
        }
        var accesses: [Int] = []
        /// To `slow` unless `bytes` from x[rs1] (rax) lie in one page inside the
        /// guest space (else the driver, which leaves vstart at a faulting
        /// element): a fault then hits the first access, with nothing
        /// transferred yet, at element 0 = vstart.
        func onePage(_ bytes: Int) {
            a.emit(0x89, 0xc1)                                                              // mov ecx, eax
            a.emit(0x81, 0xe1); a.emit32(4095)                                              // and ecx, 4095
            a.emit(0x81, 0xf9); a.emit32(Int32(4096 - bytes))                               // cmp ecx, 4096 - bytes
            a.jcc(0x7, slow)                                                                // ja
            a.cmp(.rax, .r15)
            a.jcc(0x3, slow)                                                                // jae: beyond the guest space
            usesSlow = true
        }
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
            onePage(bytes)
            let size = min(bytes, 32), w = size == 32
            let n = bytes / size
            func guest(_ c: Int) -> X86Assembler.VexOperand { .memory(base: .r12, index: .rax, disp: c * size) }
            func file(_ c: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + r * vlenb + c * size) }
            var c = 0
            while c < n {
                let batch = min(8, n - c)
                // A store of the group ymm15 holds stores it from there.
                let fromCopy = !load && n == 1 ? p.copy(of: r, bytes: bytes) : nil
                for k in 0..<batch where fromCopy == nil {
                    if load { accesses.append(a.count); a.vmovdquLoad(UInt8(k), guest(c + k), wide: w) } else { a.vmovdquLoad(UInt8(k), file(c + k), wide: w) }
                }
                for k in 0..<batch {
                    if load { a.vmovdquStore(file(c + k), UInt8(k), wide: w) } else { accesses.append(a.count); a.vmovdquStore(guest(c + k), fromCopy ?? UInt8(k), wide: w) }
                }
                c += batch
            }
        case .segment(let load, let r, let nf, let eb, let n, let fieldRegisters, let tailOnes):
            onePage(nf * n * eb)
            // rcx carries each element: [r12 + rax + disp32] (SIB) and [rbx + disp32].
            func guest(_ disp: Int) { a.emit(0x8c, 0x04); a.emit32(Int32(disp)) }
            func file(_ disp: Int) { a.emit(0x8b); a.emit32(Int32(disp)) }
            for i in 0..<n {
                for f in 0..<nf {
                    let g = (i * nf + f) * eb, d = fileOffset + (r + f * fieldRegisters) * vlenb + i * eb
                    if load {
                        accesses.append(a.count)
                        switch eb {                                     // movzx ecx, byte/word / mov ecx / mov rcx
                        case 1: a.emit(0x41, 0x0f, 0xb6)
                        case 2: a.emit(0x41, 0x0f, 0xb7)
                        case 4: a.emit(0x41, 0x8b)
                        default: a.emit(0x49, 0x8b)
                        }
                        guest(g)
                        switch eb {                                     // mov [rbx + d], cl/cx/ecx/rcx
                        case 1: a.emit(0x88)
                        case 2: a.emit(0x66, 0x89)
                        case 4: a.emit(0x89)
                        default: a.emit(0x48, 0x89)
                        }
                        file(d)
                    } else {
                        switch eb {
                        case 1: a.emit(0x0f, 0xb6)
                        case 2: a.emit(0x0f, 0xb7)
                        case 4: a.emit(0x8b)
                        default: a.emit(0x48, 0x8b)
                        }
                        file(d)
                        accesses.append(a.count)
                        switch eb {
                        case 1: a.emit(0x41, 0x88)
                        case 2: a.emit(0x66, 0x41, 0x89)
                        case 4: a.emit(0x41, 0x89)
                        default: a.emit(0x49, 0x89)
                        }
                        guest(g)
                    }
                }
            }
            if tailOnes {
                // A fractional group's tail is the rest of its register: ones (tail agnostic).
                for f in 0..<nf {
                    let base = fileOffset + (r + f) * vlenb
                    storeOnes(&a, from: base + n * eb, to: base + vlenb)
                }
            }
        case .extend(let opcode, let factor):
            for c in 0..<chunks {
                let from = X86Assembler.VexOperand.memory(base: .rbx, disp: fileOffset + p.vs2 * vlenb + c * chunk / factor)
                a.vex(.x0F38, .x66, opcode, reg: 0, rm: from, wide: wide)
                a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
            }
        case .widenShift(let x, let widen, let amount):
            let mask = 16 * p.sewBytes - 1
            switch amount {
            case .count:
                a.emit(0x83, 0xe0, UInt8(mask))                                             // and eax, 2·SEW - 1
                a.vmovqFromGPR(1, .rax)
            case .variable:
                a.movImm(.rax, UInt64(mask))
                a.vmovqFromGPR(3, .rax)
                a.vpbroadcast(3, from: 3, sewBytes: 2 * p.sewBytes, wide: wide)
            case .amount:
                break
            }
            for c in 0..<chunks {
                // Destination chunk c (2·SEW) from half a chunk of each source.
                func half(_ r: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + r * vlenb + c * chunk / 2) }
                a.vex(.x0F38, .x66, widen, reg: 0, rm: half(p.vs2), wide: wide)
                switch amount {
                case .amount(let n):
                    a.vex(.x0F, .x66, x.opcode, reg: x.ext, vvvv: 0, rm: .register(0), wide: wide, imm8: n)
                case .count:
                    op(x, dst: 0, src1: 0, .register(1), wide: wide)
                case .variable(let r):
                    a.vex(.x0F38, .x66, widen, reg: 2, rm: half(r), wide: wide)
                    a.vex(.x0F, .x66, 0xdb, reg: 2, vvvv: 2, rm: .register(3), wide: wide)      // vpand: the amounts
                    op(x, dst: 0, src1: 0, .register(2), wide: wide)
                }
                a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
            }
        case .lanewise(let x, let swapped, let b):
            broadcast(b)
            masks()
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
                finish(c)
            }
        case .shiftImmediate(let x, let amount):
            masks()
            for c in 0..<chunks {
                // The VEX immediate shifts take a register source only.
                a.vmovdquLoad(0, reg(p.vs2, c), wide: wide)
                a.vex(.x0F, .x66, x.opcode, reg: x.ext, vvvv: 0, rm: .register(0), wide: wide, imm8: amount)
                finish(c)
            }
        case .shiftCount(let x):
            a.emit(0x83, 0xe0, UInt8(8 * p.sewBytes - 1))                                   // and eax, SEW - 1
            a.vmovqFromGPR(1, .rax)
            masks()
            for c in 0..<chunks {
                a.vmovdquLoad(0, reg(p.vs2, c), wide: wide)
                op(x, dst: 0, src1: 0, .register(1), wide: wide)
                finish(c)
            }
        case .shiftVariable(let x, let vs1):
            a.movImm(.rax, UInt64(8 * p.sewBytes - 1))
            a.vmovqFromGPR(3, .rax)
            a.vpbroadcast(3, from: 3, sewBytes: p.sewBytes, wide: wide)
            masks()
            for c in 0..<chunks {
                a.vex(.x0F, .x66, 0xdb, reg: 2, vvvv: 3, rm: reg(vs1, c), wide: wide)         // vpand: the amounts
                a.vmovdquLoad(0, reg(p.vs2, c), wide: wide)
                op(x, dst: 0, src1: 0, .register(2), wide: wide)
                finish(c)
            }
        case .multiplyAdd(let form, let mul, let add, let sub, let b):
            broadcast(b)
            masks()
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
                case .subtractFromDestination:
                    a.vmovdquLoad(2, reg(p.vd, c), wide: wide)
                    op(sub, dst: 0, src1: 2, .register(0), wide: wide)
                case .addToSource:
                    op(add, dst: 0, src1: 0, reg(p.vs2, c), wide: wide)
                case .subtractFromSource:
                    a.vmovdquLoad(2, reg(p.vs2, c), wide: wide)
                    op(sub, dst: 0, src1: 2, .register(0), wide: wide)
                }
                finish(c)
            }
        case .move(let b):
            broadcast(b)
            masks()
            for c in 0..<chunks {
                if case .vector(let r) = b {
                    a.vmovdquLoad(0, reg(r, c), wide: wide)
                    finish(c)
                } else if p.masked {
                    finish(c, result: 1)
                } else {
                    a.vmovdquStore(reg(p.vd, c), 1, wide: wide)
                }
            }
        case .reduce(let x, let vs1, let tailOnes):
            a.vmovdquLoad(0, reg(p.vs2, 0), wide: wide)
            for c in 1..<max(chunks, 1) { op(x, dst: 0, src1: 0, reg(p.vs2, c), wide: wide) }
            if wide {
                a.vex(.x0F3A, .x66, 0x39, reg: 0, rm: .register(1), wide: true, imm8: 1)     // vextracti128 xmm1, ymm0, 1
                op(x, dst: 0, src1: 0, .register(1), wide: false)
            }
            a.vex(.x0F, .x66, 0x70, reg: 1, rm: .register(0), wide: false, imm8: 0x4e)       // vpshufd xmm1, xmm0: high qword
            op(x, dst: 0, src1: 0, .register(1), wide: false)
            if p.sewBytes <= 4 {
                a.vex(.x0F, .x66, 0x70, reg: 1, rm: .register(0), wide: false, imm8: 0xb1)   // vpshufd: odd dwords
                op(x, dst: 0, src1: 0, .register(1), wide: false)
            }
            if p.sewBytes <= 2 {
                a.vex(.x0F, .x66, 0x72, reg: 2, vvvv: 1, rm: .register(0), wide: false, imm8: 16)  // vpsrld xmm1, xmm0, 16
                op(x, dst: 0, src1: 0, .register(1), wide: false)
            }
            if p.sewBytes == 1 {
                a.vex(.x0F, .x66, 0x71, reg: 2, vvvv: 1, rm: .register(0), wide: false, imm8: 8)   // vpsrlw xmm1, xmm0, 8
                op(x, dst: 0, src1: 0, .register(1), wide: false)
            }
            op(x, dst: 0, src1: 0, .memory(base: .rbx, disp: fileOffset + vs1 * vlenb), wide: false)  // vs1[0]
            a.vex(.x0F, .x66, 0x7e, reg: 0, rm: .register(0), wide: false, w: p.sewBytes == 8)      // vmovd/q rax, xmm0
            let d = fileOffset + p.vd * vlenb
            switch p.sewBytes {                                                              // mov [rbx + d], al/ax/eax/rax
            case 1: a.emit(0x88, 0x83)
            case 2: a.emit(0x66, 0x89, 0x83)
            case 4: a.emit(0x89, 0x83)
            default: a.emit(0x48, 0x89, 0x83)
            }
            a.emit32(Int32(d))
            if tailOnes { storeOnes(&a, from: d + p.sewBytes, to: d + vlenb) }
        case .compare, .maskLogical, .maskCount:
            emitMask(&a, p, vlenb: vlenb)
        case .narrowShift(let amount):
            emitNarrowShift(&a, p, amount: amount, vlenb: vlenb)
        case .multiply64(let b):
            // a·b mod 2^64 = lo(a)·lo(b) + 2^32·(hi(a)·lo(b) + lo(a)·hi(b)).
            broadcast(b)
            masks()
            for c in 0..<chunks {
                a.vmovdquLoad(2, reg(p.vs2, c), wide: wide)
                var m: UInt8 = 1
                if case .vector(let r) = b { a.vmovdquLoad(3, reg(r, c), wide: wide); m = 3 }
                a.vex(.x0F, .x66, 0x73, reg: 2, vvvv: 4, rm: .register(2), wide: wide, imm8: 32)  // vpsrlq ymm4, a, 32
                a.vex(.x0F, .x66, 0xf4, reg: 4, vvvv: 4, rm: .register(m), wide: wide)            // vpmuludq: hi(a)·lo(b)
                a.vex(.x0F, .x66, 0x73, reg: 2, vvvv: 0, rm: .register(m), wide: wide, imm8: 32)  // vpsrlq ymm0, b, 32
                a.vex(.x0F, .x66, 0xf4, reg: 0, vvvv: 2, rm: .register(0), wide: wide)            // lo(a)·hi(b)
                a.vex(.x0F, .x66, 0xd4, reg: 4, vvvv: 4, rm: .register(0), wide: wide)            // vpaddq
                a.vex(.x0F, .x66, 0x73, reg: 6, vvvv: 4, rm: .register(4), wide: wide, imm8: 32)  // vpsllq ymm4, 32
                a.vex(.x0F, .x66, 0xf4, reg: 0, vvvv: 2, rm: .register(m), wide: wide)            // lo(a)·lo(b)
                a.vex(.x0F, .x66, 0xd4, reg: 0, vvvv: 0, rm: .register(4), wide: wide)            // vpaddq
                finish(c)
            }
        case .float(let f):
            emitFloat(&a, p, f, slow: slow, vlenb: vlenb, stubs: &stubs)
            usesSlow = true
        case .floatReduce(let vs1, let elements, let tailOnes):
            emitFloatReduce(&a, p, vs1: vs1, elements: elements, tailOnes: tailOnes, slow: slow, vlenb: vlenb)
            usesSlow = true
        case .floatToScalar(let rd):
            emitFloatToScalar(&a, p, rd: rd, slow: slow, vlenb: vlenb)
            usesSlow = true
        case .floatWidenFromInteger(let signed):
            emitFloatWidenFromInteger(&a, p, signed: signed, slow: slow, vlenb: vlenb)
            usesSlow = true
        case .elementIndex:
            a.movAddress(.rcx, UInt(bitPattern: NativeVectorTable.indices) + UInt(p.sewBytes.trailingZeroBitCount * 512))
            for c in 0..<chunks {
                a.vmovdquLoad(0, .memory(base: .rcx, disp: c * chunk), wide: wide)
                a.vmovdquStore(reg(p.vd, c), 0, wide: wide)
            }
        }
        return (accesses, usesSlow, usesExit)
    }
}

extension NativeVectorEmitter {
    /// Ones into the hart's bytes [from, to) (offsets from rbx; `to` 8-byte aligned
    /// relative to the register file): qword stores where aligned, else bytes.
    static func storeOnes(_ a: inout X86Assembler, from: Int, to: Int) {
        var o = from
        while o < to {
            if (o - fileOffset) % 8 == 0 && to - o >= 8 {
                a.emit(0x48, 0xc7, 0x83); a.emit32(Int32(o)); a.emit32(-1)          // mov qword [rbx + d], -1
                o += 8
            } else {
                a.emit(0xc6, 0x83); a.emit32(Int32(o)); a.emit(0xff)                // mov byte [rbx + d], 0xff
                o += 1
            }
        }
    }

    /// Stores the result (ymm `result`) of chunk c to vd; under a mask
    /// (rcx = `NativeVectorTable.maskConstants`, ymm6 ones when mask-agnostic),
    /// active elements (v0 bits expanded to element masks in ymm7) take it, the
    /// others keep vd, become ones (mask agnostic) or take vs2 (vmerge).
    static func storeChunk(_ a: inout X86Assembler, _ p: NativeVectorPlan, _ c: Int, result: UInt8, chunk: Int, vlenb: Int) {
        let wide = chunk == 32
        func reg(_ r: Int) -> X86Assembler.VexOperand { .memory(base: .rbx, disp: fileOffset + r * vlenb + c * chunk) }
        guard p.masked else { a.vmovdquStore(reg(p.vd), result, wide: wide); return }
        expandMask(&a, sewBytes: p.sewBytes, c, chunk: chunk)
        var base: UInt8 = 6
        if case .move = p.work {
            a.vmovdquLoad(6, reg(p.vs2), wide: wide)     // vmerge: inactive elements take vs2
        } else if !p.maskAgnostic {
            a.vmovdquLoad(5, reg(p.vd), wide: wide)      // mask undisturbed: keep vd
            base = 5
        }
        a.vex(.x0F3A, .x66, 0x4c, reg: 0, vvvv: base, rm: .register(result), wide: wide, imm8: 7 << 4)  // vpblendvb ymm0, base, result, ymm7
        a.vmovdquStore(reg(p.vd), 0, wide: wide)
    }

    /// ymm7 = the element mask of chunk c (all ones where v0's bit is set) at
    /// `sewBytes`, from v0's bits (rcx = `NativeVectorTable.maskConstants`).
    static func expandMask(_ a: inout X86Assembler, sewBytes: Int, _ c: Int, chunk: Int) {
        let wide = chunk == 32
        let first = c * chunk / sewBytes
        let v0 = fileOffset + first / 8
        let k = NativeVectorTable.self
        switch sewBytes {
        case 1:
            // 32 (16) mask bits: each byte of the dword to 8 lanes, then each lane its bit.
            a.vex(.x0F38, .x66, 0x58, reg: 7, rm: .memory(base: .rbx, disp: v0), wide: wide)          // vpbroadcastd
            a.vex(.x0F38, .x66, 0x00, reg: 7, vvvv: 7, rm: .memory(base: .rcx, disp: k.shuffle8), wide: wide)  // vpshufb
            a.vex(.x0F, .x66, 0xdb, reg: 7, vvvv: 7, rm: .memory(base: .rcx, disp: k.bits8), wide: wide)      // vpand
            a.vex(.x0F, .x66, 0x74, reg: 7, vvvv: 7, rm: .memory(base: .rcx, disp: k.bits8), wide: wide)      // vpcmpeqb
        case 2:
            a.vex(.x0F38, .x66, 0x79, reg: 7, rm: .memory(base: .rbx, disp: v0), wide: wide)          // vpbroadcastw
            a.vex(.x0F, .x66, 0xdb, reg: 7, vvvv: 7, rm: .memory(base: .rcx, disp: k.bits16), wide: wide)
            a.vex(.x0F, .x66, 0x75, reg: 7, vvvv: 7, rm: .memory(base: .rcx, disp: k.bits16), wide: wide)     // vpcmpeqw
        default:
            // 8 or fewer bits, in one byte from bit first % 8.
            let bits = (sewBytes == 4 ? k.bits32 : k.bits64) + (first % 8) * sewBytes
            a.vex(.x0F38, .x66, 0x78, reg: 7, rm: .memory(base: .rbx, disp: v0), wide: wide)          // vpbroadcastb
            a.vex(.x0F, .x66, 0xdb, reg: 7, vvvv: 7, rm: .memory(base: .rcx, disp: bits), wide: wide)
            if sewBytes == 4 {
                a.vex(.x0F, .x66, 0x76, reg: 7, vvvv: 7, rm: .memory(base: .rcx, disp: bits), wide: wide)  // vpcmpeqd
            } else {
                a.vex(.x0F38, .x66, 0x29, reg: 7, vvvv: 7, rm: .memory(base: .rcx, disp: bits), wide: wide)  // vpcmpeqq
            }
        }
    }
}
