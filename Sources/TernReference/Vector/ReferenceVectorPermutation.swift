import TernSpec

/// Mask-register instructions, integer/scalar moves, slides, gathers,
/// compress and whole-register moves (V spec 15, 16).
extension ReferenceInterpreter {
    func permutation(_ i: ReferenceVectorInstruction, _ t: ReferenceVType) -> Outcome {
        let b = t.sewBytes, l = t.lmulLog, vl = Int(vector.vl)
        switch i.row.kind {
        case .maskLogical:
            if noBody() { return .next }
            var c = elementContext(bits: 8)
            for k in Int(vector.vstart)..<vl {
                let r = i.row.function!(vector.maskBit(i.vs2, k) ? 1 : 0, vector.maskBit(i.rs1, k) ? 1 : 0, 0, &c)
                vector.setMaskBit(i.vd, k, r & 1 == 1)
            }
            fillMaskTail(i.vd, from: vl)
            return finish(c)

        case .maskPopCount, .maskFirst:
            guard vector.vstart == 0 else { return illegal(i) }
            let set = (0..<vl).filter { active(i, $0) && vector.maskBit(i.vs2, $0) }
            var popCount = false
            if case .maskPopCount = i.row.kind { popCount = true }
            let result = popCount ? UInt64(set.count) : set.first.map { UInt64($0) } ?? .max
            if i.vd != 0 { x[i.vd] = result }
            return .next

        case .setBeforeFirst, .setIncludingFirst, .setOnlyFirst:
            guard i.vm || i.vd != 0, i.vd != i.vs2, vector.vstart == 0 else { return illegal(i) }
            if noBody() { return .next }
            let first = (0..<vl).first { active(i, $0) && vector.maskBit(i.vs2, $0) }
            for k in 0..<vl {
                guard active(i, k) else { if t.ma { vector.setMaskBit(i.vd, k, true) }; continue }
                let bit: Bool
                switch i.row.kind {
                case .setBeforeFirst: bit = first.map { k < $0 } ?? true
                case .setIncludingFirst: bit = first.map { k <= $0 } ?? true
                default: bit = k == first
                }
                vector.setMaskBit(i.vd, k, bit)
            }
            fillMaskTail(i.vd, from: vl)
            return finish(elementContext(bits: 8))

        case .iota:
            guard Rules.aligned(i.vd, l), i.vm || i.vd != 0, vector.vstart == 0,
                  !Rules.overlap(i.vd, Rules.size(l), i.vs2, 1) else { return illegal(i) }
            if noBody() { return .next }
            var count: UInt64 = 0
            for k in 0..<vl {
                guard active(i, k) else { if t.ma { vector.setElement(i.vd, k, b, .max) }; continue }
                vector.setElement(i.vd, k, b, count & ones(b))
                if vector.maskBit(i.vs2, k) { count += 1 }
            }
            fillTail(i.vd, from: vl, bytes: b, emulLog: l, t)
            return finish(elementContext(bits: t.sew))

        case .elementIndex:
            guard Rules.aligned(i.vd, l), i.vm || i.vd != 0 else { return illegal(i) }
            if noBody() { return .next }
            for k in Int(vector.vstart)..<vl {
                guard active(i, k) else { if t.ma { vector.setElement(i.vd, k, b, .max) }; continue }
                vector.setElement(i.vd, k, b, UInt64(k) & ones(b))
            }
            fillTail(i.vd, from: vl, bytes: b, emulLog: l, t)
            return finish(elementContext(bits: t.sew))

        case .moveToScalar:
            // vmv.x.s ignores vl and vstart (it runs even when vstart ≥ vl).
            if i.vd != 0 { x[i.vd] = signExtend(vector.element(i.vs2, 0, b), bytes: b) }
            vector.vstart = 0
            return .next

        case .moveToFloat:
            // vfmv.f.s: element 0 whatever vl and vstart are, NaN-boxed to 64 bits.
            f[i.vd] = vector.element(i.vs2, 0, b) | ~ones(b)
            vector.vstart = 0
            return .next

        case .moveFromScalar:
            // vmv.s.x / vfmv.s.f write element 0 of one register whatever LMUL is; its tail is the rest of that register.
            if vector.vstart < vector.vl {
                vector.setElement(i.vd, 0, b, scalar(i, b))
                fillTail(i.vd, from: 1, bytes: b, emulLog: 0, t)
            }
            vector.vstart = 0
            return .next

        case .slideUp, .slide1Up:
            guard Rules.aligned(i.vd, l), Rules.aligned(i.vs2, l), i.vm || i.vd != 0,
                  !Rules.overlap(i.vd, Rules.size(l), i.vs2, Rules.size(l)) else { return illegal(i) }
            // (A masked slide reading v0 as data is reserved by 5.2; qemu runs it, so does the reference.)
            if noBody() { return .next }
            var one = false
            if case .slide1Up = i.row.kind { one = true }
            let offset = one ? 1 : slideAmount(i)
            for k in Int(vector.vstart)..<vl where UInt64(k) >= offset {
                guard active(i, k) else { if t.ma { vector.setElement(i.vd, k, b, .max) }; continue }
                vector.setElement(i.vd, k, b, vector.element(i.vs2, k - Int(offset), b))
            }
            if one, vector.vstart == 0, vl > 0 {
                if active(i, 0) { vector.setElement(i.vd, 0, b, scalar(i, b)) } else if t.ma { vector.setElement(i.vd, 0, b, .max) }
            }
            fillTail(i.vd, from: vl, bytes: b, emulLog: l, t)
            return finish(elementContext(bits: t.sew))

        case .slideDown, .slide1Down:
            guard Rules.aligned(i.vd, l), Rules.aligned(i.vs2, l), i.vm || i.vd != 0 else { return illegal(i) }
            if noBody() { return .next }
            var one = false
            if case .slide1Down = i.row.kind { one = true }
            let offset = one ? 1 : slideAmount(i), vlmax = UInt64(t.vlmax(vlenb: vector.vlenb))
            for k in Int(vector.vstart)..<vl {
                guard active(i, k) else { if t.ma { vector.setElement(i.vd, k, b, .max) }; continue }
                let value: UInt64
                if one && k == vl - 1 {
                    value = scalar(i, b)
                } else {
                    let (from, overflow) = UInt64(k).addingReportingOverflow(offset)
                    value = !overflow && from < vlmax ? vector.element(i.vs2, Int(from), b) : 0
                }
                vector.setElement(i.vd, k, b, value)
            }
            fillTail(i.vd, from: vl, bytes: b, emulLog: l, t)
            return finish(elementContext(bits: t.sew))

        case .gather, .gatherEI16:
            return gather(i, t)

        case .compress:
            let n = Rules.size(l)
            guard Rules.aligned(i.vd, l), Rules.aligned(i.vs2, l), vector.vstart == 0,
                  !Rules.overlap(i.vd, n, i.vs2, n), !Rules.overlap(i.vd, n, i.rs1, 1) else { return illegal(i) }
            if noBody() { return .next }
            var packed = 0
            for k in 0..<vl where vector.maskBit(i.rs1, k) {
                vector.setElement(i.vd, packed, b, vector.element(i.vs2, k, b))
                packed += 1
            }
            fillTail(i.vd, from: packed, bytes: b, emulLog: l, t)
            return finish(elementContext(bits: t.sew))

        case .wholeMove(let n):
            return wholeMove(i, t, registers: n)

        default:
            return illegal(i)
        }
    }

    /// The slide amount: x[rs1] or the 5-bit unsigned immediate.
    func slideAmount(_ i: ReferenceVectorInstruction) -> UInt64 { i.row.operand == .scalar ? x[i.rs1] : UInt64(i.rs1) }

    /// vrgather.vv/vx/vi and vrgatherei16.vv: vd[k] = vs2[index] (0 when index ≥ VLMAX).
    func gather(_ i: ReferenceVectorInstruction, _ t: ReferenceVType) -> Outcome {
        let b = t.sewBytes, l = t.lmulLog, vl = Int(vector.vl)
        var ei16 = false
        if case .gatherEI16 = i.row.kind { ei16 = true }
        let indexBits = ei16 ? 16 : t.sew
        let indexLog = ei16 ? l + 1 - b.trailingZeroBitCount : l
        let vs1 = i.row.operand == .vector
        guard indexLog >= -3, indexLog <= 3, Rules.aligned(i.vd, l), Rules.aligned(i.vs2, l),
              !vs1 || Rules.aligned(i.rs1, indexLog), i.vm || i.vd != 0,
              !Rules.overlap(i.vd, Rules.size(l), i.vs2, Rules.size(l)) else { return illegal(i) }
        if vs1 {
            // 5.2 reserves any overlap of vd with the indices; qemu allows the widening
            // rule's case for vrgatherei16 (indices narrower, in vd's top part), and so does the reference.
            let legal = ei16 ? !Rules.overlap(i.vd, Rules.size(l), i.rs1, Rules.size(indexLog))
                || (indexBits < t.sew && Rules.mayOverlap(dst: i.vd, dstBits: t.sew, dstLog: l, src: i.rs1, srcBits: indexBits, srcLog: indexLog))
                : i.vd != i.rs1
            guard legal else { return illegal(i) }
        }
        var sources: [(reg: Int, log: Int, bits: Int)] = [(i.vs2, l, t.sew)]
        if vs1 { sources.append((i.rs1, indexLog, indexBits)) }
        guard Rules.inputsLegal(vm: i.vm, sources) else { return illegal(i) }
        if noBody() { return .next }
        let vlmax = UInt64(t.vlmax(vlenb: vector.vlenb))
        for k in Int(vector.vstart)..<vl {
            guard active(i, k) else { if t.ma { vector.setElement(i.vd, k, b, .max) }; continue }
            let index: UInt64
            switch i.row.operand {
            case .vector: index = vector.element(i.rs1, k, indexBits / 8)
            case .scalar: index = x[i.rs1]
            default: index = UInt64(i.rs1)
            }
            vector.setElement(i.vd, k, b, index < vlmax ? vector.element(i.vs2, Int(index), b) : 0)
        }
        fillTail(i.vd, from: vl, bytes: b, emulLog: l, t)
        return finish(elementContext(bits: t.sew))
    }

    /// vmv<n>r.v: n whole registers, from element vstart (of SEW) on.
    func wholeMove(_ i: ReferenceVectorInstruction, _ t: ReferenceVType, registers n: Int) -> Outcome {
        let log = n.trailingZeroBitCount
        guard Rules.aligned(i.vd, log), Rules.aligned(i.vs2, log) else { return illegal(i) }
        let total = n * vector.vlenb / t.sewBytes
        for k in stride(from: Int(vector.vstart), to: total, by: 1) {
            vector.setElement(i.vd, k, t.sewBytes, vector.element(i.vs2, k, t.sewBytes))
        }
        vector.vstart = 0
        return .next
    }
}
