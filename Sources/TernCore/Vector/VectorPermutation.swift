import CoreGlue
import TernSpec

/// Mask-register, move, slide, gather and compress instructions (V spec 15, 16).
enum VectorPermutation {
    typealias D = VectorArithmeticDriver

    static func execute(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr, _ v: VectorContext) {
        let vd = Int(op.rd), vs2 = Int(op.rs2), b = v.sewBytes
        let ones: UInt64 = b == 8 ? .max : (1 << UInt64(v.sew)) - 1
        switch row.kind {
        case .maskLogical:
            if D.nothingToDo(v) { return }
            var c = VectorElementContext(sew: 8)
            let f = row.function!
            for i in v.vstart..<v.vl {
                let r = f(v.mask(vs2, i) ? 1 : 0, v.mask(Int(op.rs1), i) ? 1 : 0, 0, &c)
                v.setMask(vd, i, r & 1 == 1)
            }
            v.finish()
            v.fillMaskTail(vd, from: v.vl)

        case .maskPopCount, .maskFirst:
            if v.vstart != 0 { vectorIllegal(op, h) }
            var count: UInt64 = 0, first: Int64 = -1
            for i in 0..<v.vl where v.active(i, op.vm) && v.mask(vs2, i) {
                if first < 0 { first = Int64(i) }
                count += 1
            }
            if case .maskPopCount = row.kind { h.setX(op.rd, count) } else { h.setX(op.rd, UInt64(bitPattern: first)) }
            v.finish()

        case .setBeforeFirst, .setIncludingFirst, .setOnlyFirst:
            D.requireVM(op, h)
            if vd == vs2 || v.vstart != 0 { vectorIllegal(op, h) }
            if D.nothingToDo(v) { return }
            var found = false
            for i in 0..<v.vl {
                guard v.active(i, op.vm) else { if v.ma { v.setMask(vd, i, true) }; continue }
                if found { v.setMask(vd, i, false); continue }
                let set = v.mask(vs2, i)
                if set { found = true }
                let bit: Bool
                switch row.kind {
                case .setBeforeFirst: bit = !set
                case .setIncludingFirst: bit = true
                default: bit = set
                }
                v.setMask(vd, i, bit)
            }
            v.finish()
            v.fillMaskTail(vd, from: v.vl)

        case .iota:
            D.requireAligned(op, h, (op.rd, v.lmul))
            D.requireVM(op, h)
            if v.vstart != 0 || VectorRules.overlaps(vd, 1 << Swift.max(v.lmul, 0), vs2, 1) { vectorIllegal(op, h) }
            if D.nothingToDo(v) { return }
            var sum: UInt64 = 0
            for i in 0..<v.vl {
                guard v.active(i, op.vm) else { v.maskedOff(vd, i, b); continue }
                v.set(vd, i, b, sum & ones)
                if v.mask(vs2, i) { sum += 1 }
            }
            v.finish()
            v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)

        case .elementIndex:
            D.requireAligned(op, h, (op.rd, v.lmul))
            D.requireVM(op, h)
            if D.nothingToDo(v) { return }
            for i in v.vstart..<v.vl {
                guard v.active(i, op.vm) else { v.maskedOff(vd, i, b); continue }
                v.set(vd, i, b, UInt64(i) & ones)
            }
            v.finish()
            v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)

        case .moveToScalar:
            let x = v.get(vs2, 0, b)
            let s = UInt64(64 - v.sew)
            h.setX(op.rd, UInt64(bitPattern: Int64(bitPattern: x << s) >> Int64(s)))
            v.finish()

        case .moveToFloat:
            // vfmv.f.s: element 0 whatever vl says, NaN-boxed into f[rd].
            let x = v.get(vs2, 0, b)
            h.setF(op.rd, b == 8 ? x : ~0 << UInt64(v.sew) | x)
            v.finish()

        case .moveFromScalar:
            // One register whatever LMUL says; its tail [1, VLEN/SEW) is agnostic.
            if v.vstart < v.vl {
                v.set(vd, 0, b, scalar(row, op, h, bytes: b))
                v.fillTail(vd, from: 1, bytes: b, emul: 0)
            }
            v.finish()

        case .slideUp, .slide1Up:
            D.requireAligned(op, h, (op.rd, v.lmul), (op.rs2, v.lmul))
            D.requireVM(op, h)
            if vd == vs2 { vectorIllegal(op, h) }
            if D.nothingToDo(v) { return }
            let one: Bool
            if case .slide1Up = row.kind { one = true } else { one = false }
            let offset = one ? 1 : Int(clamping: slideAmount(row, op, h))
            let start = one ? v.vstart : Swift.max(v.vstart, offset)
            if start < v.vl {
                for i in start..<v.vl {
                    guard v.active(i, op.vm) else { v.maskedOff(vd, i, b); continue }
                    v.set(vd, i, b, one && i == 0 ? scalar(row, op, h, bytes: b) : v.get(vs2, i - offset, b))
                }
            }
            v.finish()
            v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)

        case .slideDown:
            D.requireAligned(op, h, (op.rd, v.lmul), (op.rs2, v.lmul))
            D.requireVM(op, h)
            if D.nothingToDo(v) { return }
            let s = slideAmount(row, op, h), vlmax = v.vlmax
            let iMin = Swift.min(s < UInt64(vlmax) ? vlmax - Int(s) : 0, v.vl)
            let iMax = Swift.max(iMin, v.vstart)
            var i = v.vstart
            while i < iMax {
                if v.active(i, op.vm) { v.set(vd, i, b, v.get(vs2, i + Int(s), b)) } else { v.maskedOff(vd, i, b) }
                i += 1
            }
            // Past the source group: zeros.
            i = iMax
            while i < v.vl {
                if v.active(i, op.vm) { v.set(vd, i, b, 0) } else { v.maskedOff(vd, i, b) }
                i += 1
            }
            v.finish()
            v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)

        case .slide1Down:
            D.requireAligned(op, h, (op.rd, v.lmul), (op.rs2, v.lmul))
            D.requireVM(op, h)
            if D.nothingToDo(v) { return }
            for i in v.vstart..<v.vl {
                guard v.active(i, op.vm) else { v.maskedOff(vd, i, b); continue }
                v.set(vd, i, b, i == v.vl - 1 ? scalar(row, op, h, bytes: b) : v.get(vs2, i + 1, b))
            }
            v.finish()
            v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)

        case .gather, .gatherEI16:
            let ei16: Bool
            if case .gatherEI16 = row.kind { ei16 = true } else { ei16 = false }
            let indexBytes = ei16 ? 2 : b
            let indexEmul = ei16 ? 1 - v.sewBytes.trailingZeroBitCount + v.lmul : v.lmul
            guard indexEmul >= -3, indexEmul <= 3 else { vectorIllegal(op, h) }
            D.requireAligned(op, h, (op.rd, v.lmul), (op.rs2, v.lmul), row.operand == .vector ? (op.rs1, indexEmul) : nil)
            D.requireVM(op, h)
            if vd == vs2 { vectorIllegal(op, h) }
            if row.operand == .vector,
               !VectorRules.inputsLegal(vm: op.vm, (Int(op.rs1), indexEmul, indexBytes), (vs2, v.lmul, b)) {
                vectorIllegal(op, h)
            }
            if !VectorRules.inputsLegal(vm: op.vm, (vs2, v.lmul, b), nil) { vectorIllegal(op, h) }
            if row.operand == .vector {
                if ei16 ? !VectorRules.noOverlap(vd, v.lmul, Int(op.rs1), indexEmul) : vd == Int(op.rs1) { vectorIllegal(op, h) }
            }
            if D.nothingToDo(v) { return }
            let vlmax = UInt64(v.vlmax)
            for i in v.vstart..<v.vl {
                guard v.active(i, op.vm) else { v.maskedOff(vd, i, b); continue }
                let index: UInt64
                switch row.operand {
                case .vector: index = v.get(Int(op.rs1), i, indexBytes)
                case .scalar: index = h.x(op.rs1)
                default: index = UInt64(op.rs1)
                }
                v.set(vd, i, b, index < vlmax ? v.get(vs2, Int(index), b) : 0)
            }
            v.finish()
            v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)

        case .compress:
            D.requireAligned(op, h, (op.rd, v.lmul), (op.rs2, v.lmul))
            let size = 1 << Swift.max(v.lmul, 0)
            if VectorRules.overlaps(vd, size, Int(op.rs1), 1) || VectorRules.overlaps(vd, size, vs2, size) || v.vstart != 0 {
                vectorIllegal(op, h)
            }
            if D.nothingToDo(v) { return }
            var n = 0
            for i in 0..<v.vl where v.mask(Int(op.rs1), i) {
                v.set(vd, n, b, v.get(vs2, i, b))
                n += 1
            }
            v.finish()
            v.fillTail(vd, from: n, bytes: b, emul: v.lmul)

        default:
            vectorIllegal(op, h)
        }
    }

    /// The scalar a slide1 or scalar move inserts: x[rs1] truncated to SEW, or f[rs1] NaN-unboxed.
    @inline(__always) static func scalar(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr, bytes: Int) -> UInt64 {
        if row.operand == .float { return D.unboxed(h.f(op.rs1), bytes: bytes) }
        return bytes == 8 ? h.x(op.rs1) : h.x(op.rs1) & ((1 << UInt64(bytes * 8)) - 1)
    }

    /// The slide amount: x[rs1] or the unsigned immediate.
    static func slideAmount(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr) -> UInt64 {
        row.operand == .scalar ? h.x(op.rs1) : UInt64(op.rs1)
    }
}
