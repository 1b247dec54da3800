import TernFloat
import TernSpec

/// Element-wise, widening, narrowing, compare, carry, merge, reduction and
/// extension rows (V spec 11-14).
extension ReferenceInterpreter {
    typealias Rules = ReferenceVectorRules

    func arithmetic(_ i: ReferenceVectorInstruction, _ t: ReferenceVType) -> Outcome {
        switch i.row.kind {
        case .binary, .carry, .merge: return elementwise(i, t)
        case .widen(let a, let b): return widening(i, t, a, b)
        case .narrow: return narrowing(i, t)
        case .compare, .carryOut: return maskResult(i, t)
        case .reduce: return reduction(i, t, widen: nil)
        case .widenReduce(let e): return reduction(i, t, widen: e)
        case .extend(let factor, let signed): return extending(i, t, factor: factor, signed: signed)
        default: return permutation(i, t)
        }
    }

    /// The element function's context for an operation at `bits`.
    func elementContext(bits: Int) -> VectorElementContext { VectorElementContext(sew: bits, vxrm: Int(vector.vxrm)) }

    /// The context of row `i` at `bits`: for a floating-point row also the rounding
    /// mode (the row's static one, else frm, checked valid before).
    func elementContext(_ i: ReferenceVectorInstruction, bits: Int) -> VectorElementContext {
        var c = elementContext(bits: bits)
        if let fp = i.row.float { c.rm = fp.rounding ?? RoundingMode(rawValue: UInt8(truncatingIfNeeded: frm)) ?? .rne }
        return c
    }

    /// Ends an instruction that ran: vxsat set by saturation, the FP exceptions
    /// raised accrued into fflags, vstart reset.
    func finish(_ c: VectorElementContext) -> Outcome {
        if c.saturated { vector.vxsat = 1 }
        fflags |= c.fflags
        vector.vstart = 0
        return .next
    }

    /// vstart ≥ vl: no element (and no tail) is written; vstart is reset.
    func noBody() -> Bool {
        guard vector.vstart >= vector.vl else { return false }
        vector.vstart = 0
        return true
    }

    /// `v` (of `bytes`) extended to 64 bits as `e` says (`wide`: as is).
    func extend(_ v: UInt64, _ e: VectorExtend, bytes: Int) -> UInt64 { e == .signed ? signExtend(v, bytes: bytes) : v }

    /// vd[i] = f(vs2[i], op, vd[i]) (binary); f(vs2[i], op, v0[i]) for every
    /// element (vadc, vsbc); v0[i] ? op : vs2[i] (vmerge) or op (vmv.v.*).
    func elementwise(_ i: ReferenceVectorInstruction, _ t: ReferenceVType) -> Outcome {
        let b = t.sewBytes, l = t.lmulLog
        var merge = false, carry = false
        if case .merge = i.row.kind { merge = true }
        if case .carry = i.row.kind { carry = true }
        let readsVs2 = !(merge && i.vm)
        let vs1 = i.row.operand == .vector
        guard Rules.aligned(i.vd, l), !readsVs2 || Rules.aligned(i.vs2, l), !vs1 || Rules.aligned(i.rs1, l),
              i.vm || i.vd != 0 else { return illegal(i) }
        var sources: [(reg: Int, log: Int, bits: Int)] = []
        if readsVs2 { sources.append((i.vs2, l, t.sew)) }
        if vs1 { sources.append((i.rs1, l, t.sew)) }
        guard Rules.inputsLegal(vm: i.vm, sources) else { return illegal(i) }
        if noBody() { return .next }
        var c = elementContext(i, bits: t.sew)
        for k in Int(vector.vstart)..<Int(vector.vl) {
            let value: UInt64
            if merge {
                value = i.vm || vector.maskBit(0, k) ? operand(i, k, b) : vector.element(i.vs2, k, b)
            } else if carry {
                value = i.row.function!(vector.element(i.vs2, k, b), operand(i, k, b), vector.maskBit(0, k) ? 1 : 0, &c)
            } else if active(i, k) {
                value = i.row.function!(vector.element(i.vs2, k, b), operand(i, k, b), vector.element(i.vd, k, b), &c)
            } else {
                if t.ma { vector.setElement(i.vd, k, b, .max) }
                continue
            }
            vector.setElement(i.vd, k, b, value & ones(b))
        }
        fillTail(i.vd, from: Int(vector.vl), bytes: b, emulLog: l, t)
        return finish(c)
    }

    /// 2·SEW results from SEW operands (vs2 already 2·SEW for the `.w` forms).
    func widening(_ i: ReferenceVectorInstruction, _ t: ReferenceVType, _ ea: VectorExtend, _ eb: VectorExtend) -> Outcome {
        let b = t.sewBytes, wb = 2 * b, l = t.lmulLog
        let vs2Log = ea == .wide ? l + 1 : l, vs2Bits = ea == .wide ? 2 * t.sew : t.sew
        let vs1 = i.row.operand == .vector
        guard t.sewBytes < 8, l <= 2, Rules.aligned(i.vd, l + 1), Rules.aligned(i.vs2, vs2Log),
              !vs1 || Rules.aligned(i.rs1, l), i.vm || i.vd != 0,
              Rules.mayOverlap(dst: i.vd, dstBits: 2 * t.sew, dstLog: l + 1, src: i.vs2, srcBits: vs2Bits, srcLog: vs2Log),
              !vs1 || Rules.mayOverlap(dst: i.vd, dstBits: 2 * t.sew, dstLog: l + 1, src: i.rs1, srcBits: t.sew, srcLog: l)
        else { return illegal(i) }
        var sources: [(reg: Int, log: Int, bits: Int)] = [(i.vs2, vs2Log, vs2Bits)]
        if vs1 { sources.append((i.rs1, l, t.sew)) }
        guard Rules.inputsLegal(vm: i.vm, sources) else { return illegal(i) }
        if noBody() { return .next }
        var c = elementContext(i, bits: 2 * t.sew)
        for k in Int(vector.vstart)..<Int(vector.vl) {
            guard active(i, k) else { if t.ma { vector.setElement(i.vd, k, wb, .max) }; continue }
            let a = ea == .wide ? vector.element(i.vs2, k, wb) : extend(vector.element(i.vs2, k, b), ea, bytes: b) & ones(wb)
            let y = extend(operand(i, k, b), eb, bytes: b) & ones(wb)
            vector.setElement(i.vd, k, wb, i.row.function!(a, y, vector.element(i.vd, k, wb), &c) & ones(wb))
        }
        fillTail(i.vd, from: Int(vector.vl), bytes: wb, emulLog: l + 1, t)
        return finish(c)
    }

    /// SEW results from a 2·SEW vs2 (narrowing shifts and clips).
    func narrowing(_ i: ReferenceVectorInstruction, _ t: ReferenceVType) -> Outcome {
        let b = t.sewBytes, wb = 2 * b, l = t.lmulLog
        let vs1 = i.row.operand == .vector
        guard t.sewBytes < 8, l <= 2, Rules.aligned(i.vd, l), Rules.aligned(i.vs2, l + 1), !vs1 || Rules.aligned(i.rs1, l),
              i.vm || i.vd != 0,
              Rules.mayOverlap(dst: i.vd, dstBits: t.sew, dstLog: l, src: i.vs2, srcBits: 2 * t.sew, srcLog: l + 1)
        else { return illegal(i) }
        var sources: [(reg: Int, log: Int, bits: Int)] = [(i.vs2, l + 1, 2 * t.sew)]
        if vs1 { sources.append((i.rs1, l, t.sew)) }
        guard Rules.inputsLegal(vm: i.vm, sources) else { return illegal(i) }
        if noBody() { return .next }
        var c = elementContext(i, bits: 2 * t.sew)
        for k in Int(vector.vstart)..<Int(vector.vl) {
            guard active(i, k) else { if t.ma { vector.setElement(i.vd, k, b, .max) }; continue }
            vector.setElement(i.vd, k, b, i.row.function!(vector.element(i.vs2, k, wb), operand(i, k, b), 0, &c) & ones(b))
        }
        fillTail(i.vd, from: Int(vector.vl), bytes: b, emulLog: l, t)
        return finish(c)
    }

    /// Compares (a mask bit per element) and vmadc/vmsbc (the carry-in is v0's bit when vm = 0).
    func maskResult(_ i: ReferenceVectorInstruction, _ t: ReferenceVType) -> Outcome {
        let b = t.sewBytes, l = t.lmulLog
        var carryOut = false
        if case .carryOut = i.row.kind { carryOut = true }
        let vs1 = i.row.operand == .vector
        guard Rules.aligned(i.vs2, l), !vs1 || Rules.aligned(i.rs1, l),
              Rules.mayOverlap(dst: i.vd, dstBits: 1, dstLog: 0, src: i.vs2, srcBits: t.sew, srcLog: l),
              !vs1 || Rules.mayOverlap(dst: i.vd, dstBits: 1, dstLog: 0, src: i.rs1, srcBits: t.sew, srcLog: l)
        else { return illegal(i) }
        var sources: [(reg: Int, log: Int, bits: Int)] = [(i.vs2, l, t.sew)]
        if vs1 { sources.append((i.rs1, l, t.sew)) }
        guard Rules.inputsLegal(vm: i.vm, sources) else { return illegal(i) }
        if noBody() { return .next }
        var c = elementContext(i, bits: t.sew)
        for k in Int(vector.vstart)..<Int(vector.vl) {
            if carryOut {
                let carryIn: UInt64 = !i.vm && vector.maskBit(0, k) ? 1 : 0
                vector.setMaskBit(i.vd, k, i.row.function!(vector.element(i.vs2, k, b), operand(i, k, b), carryIn, &c) & 1 == 1)
            } else if active(i, k) {
                vector.setMaskBit(i.vd, k, i.row.function!(vector.element(i.vs2, k, b), operand(i, k, b), 0, &c) & 1 == 1)
            } else if t.ma {
                vector.setMaskBit(i.vd, k, true)
            }
        }
        fillMaskTail(i.vd, from: Int(vector.vl))
        return finish(c)
    }

    /// vd[0] = f(… f(vs1[0], vs2[first active]) …, vs2[last active]); the widening
    /// forms accumulate at 2·SEW. vstart must be 0 (qemu raises illegal otherwise).
    func reduction(_ i: ReferenceVectorInstruction, _ t: ReferenceVType, widen: VectorExtend?) -> Outcome {
        let b = t.sewBytes, ab = widen == nil ? b : 2 * b, l = t.lmulLog
        guard widen == nil || b < 8, Rules.aligned(i.vs2, l), vector.vstart == 0,
              Rules.inputsLegal(vm: i.vm, [(i.vs2, l, t.sew), (i.rs1, 0, ab * 8)]) else { return illegal(i) }
        if noBody() { return .next }
        var c = elementContext(i, bits: ab * 8)
        var acc = vector.element(i.rs1, 0, ab)
        for k in 0..<Int(vector.vl) where active(i, k) {
            let e = vector.element(i.vs2, k, b)
            acc = i.row.function!(acc, widen.map { extend(e, $0, bytes: b) & ones(ab) } ?? e, 0, &c) & ones(ab)
        }
        vector.setElement(i.vd, 0, ab, acc)
        if t.ta { for k in 1..<(vector.vlenb / ab) { vector.setElement(i.vd, k, ab, .max) } }
        return finish(c)
    }

    /// vzext/vsext.vf2/4/8: sources of SEW/factor at EMUL = LMUL/factor.
    func extending(_ i: ReferenceVectorInstruction, _ t: ReferenceVType, factor: Int, signed: Bool) -> Outcome {
        let sb = t.sewBytes / factor, srcLog = t.lmulLog - factor.trailingZeroBitCount, l = t.lmulLog
        guard sb >= 1, srcLog >= -3, Rules.aligned(i.vd, l), Rules.aligned(i.vs2, srcLog), i.vm || i.vd != 0,
              Rules.mayOverlap(dst: i.vd, dstBits: t.sew, dstLog: l, src: i.vs2, srcBits: sb * 8, srcLog: srcLog),
              Rules.inputsLegal(vm: i.vm, [(i.vs2, srcLog, sb * 8)]) else { return illegal(i) }
        if noBody() { return .next }
        let b = t.sewBytes
        for k in Int(vector.vstart)..<Int(vector.vl) {
            guard active(i, k) else { if t.ma { vector.setElement(i.vd, k, b, .max) }; continue }
            let e = vector.element(i.vs2, k, sb)
            vector.setElement(i.vd, k, b, (signed ? signExtend(e, bytes: sb) : e) & ones(b))
        }
        fillTail(i.vd, from: Int(vector.vl), bytes: b, emulLog: l, t)
        return finish(elementContext(bits: t.sew))
    }
}
