import CoreGlue
import TernFloat
import TernSpec

/// Applies an arithmetic, mask or permutation row over vl, vstart, masks and
/// the tail/mask policies (agnostic elements become all ones, as qemu fills them).
enum VectorArithmeticDriver {
    static func execute(_ op: OpPtr, _ h: HartPtr) {
        requireVector(op, h)
        let row = op.vectorRow(h)
        if case .wholeMove(let n) = row.kind { return wholeMove(op, h, registers: n) }
        guard let v = VectorContext(h) else { vectorIllegal(op, h) }
        if let fp = row.float {
            // qemu's require_rvf family (SEW per row, binary16 with Zvfh) and frm: an
            // invalid frm makes every FP row illegal, even with vl = 0 or a static mode.
            if !fp.legal(sew: v.sew, zvfh: op.zvfh) || h.pointee.frm > 4 { vectorIllegal(op, h) }
        }
        switch row.kind {
        case .binary, .carry, .merge: elementwise(row, op, h, v)
        case .widen(let ea, let eb): widen(row, op, h, v, ea, eb)
        case .narrow: narrow(row, op, h, v)
        case .compare, .carryOut: compare(row, op, h, v)
        case .reduce: reduce(row, op, h, v, widen: nil)
        case .widenReduce(let e): reduce(row, op, h, v, widen: e)
        case .extend(let factor, let signed): extend(op, h, v, factor: factor, signed: signed)
        default: VectorPermutation.execute(row, op, h, v)
        }
    }

    /// The second operand's value for element `i` at `bytes` (vs1, x[rs1] or the immediate).
    @inline(__always)
    static func operand(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr, _ v: VectorContext, _ i: Int, _ bytes: Int) -> UInt64 {
        let ones: UInt64 = bytes == 8 ? .max : (1 << UInt64(bytes * 8)) - 1
        switch row.operand {
        case .vector: return v.get(Int(op.rs1), i, bytes)
        case .scalar: return h.x(op.rs1) & ones
        case .simm: return op.uimm & ones
        case .uimm: return (UInt64(op.rs1) | UInt64(op.rs3 & 1) << 5) & ones
        case .float: return unboxed(h.f(op.rs1), bytes: bytes)
        case .none: return 0
        }
    }

    /// An f register's value at `bytes` (2, 4, 8): its low bits when NaN-boxed, else the canonical NaN.
    @inline(__always) static func unboxed(_ r: UInt64, bytes: Int) -> UInt64 {
        switch bytes {
        case 2: UInt64(F16.unboxed(r))
        case 4: UInt64(F32.unboxed(r))
        default: r
        }
    }

    /// The element context of `row` at `sew` bits: vxrm, and for FP rows the rounding mode.
    @inline(__always) static func elementContext(_ row: VectorRow, _ h: HartPtr, sew: Int) -> VectorElementContext {
        var c = VectorElementContext(sew: sew, vxrm: Int(h.pointee.vxrm))
        if let fp = row.float {
            c.rm = fp.rounding ?? RoundingMode(rawValue: UInt8(truncatingIfNeeded: h.pointee.frm)) ?? .rne
            // Start from the flags already accrued (`accrue` ORs them back unchanged):
            // with NX set, TernFloat's inline host fast paths apply to every element
            // instead of the exact out-of-line path that must detect inexactness.
            c.fflags = h.pointee.fflags
        }
        return c
    }

    /// qemu's common checks: every group aligned, and a masked op's vd is not v0.
    @inline(__always)
    static func requireAligned(_ op: OpPtr, _ h: HartPtr, _ a: (UInt8, Int), _ b: (UInt8, Int)? = nil, _ c: (UInt8, Int)? = nil) {
        if !VectorRules.aligned(Int(a.0), a.1) { vectorIllegal(op, h) }
        if let b, !VectorRules.aligned(Int(b.0), b.1) { vectorIllegal(op, h) }
        if let c, !VectorRules.aligned(Int(c.0), c.1) { vectorIllegal(op, h) }
    }
    static func requireVM(_ op: OpPtr, _ h: HartPtr) { if !op.vm && op.rd == 0 { vectorIllegal(op, h) } }

    /// Leaves nothing to do when vstart >= vl (vstart is reset, nothing is written).
    @inline(__always) static func nothingToDo(_ v: VectorContext) -> Bool {
        if v.vstart >= v.vl { v.finish(); return true }
        return false
    }

    /// Folds what the elements raised into the hart: vxsat, fflags.
    @inline(__always) static func accrue(_ c: VectorElementContext, _ h: HartPtr) {
        if c.saturated { h.pointee.vxsat = 1 }
        if c.fflags != 0 { h.pointee.fflags |= c.fflags }
    }

    /// The input-EEW rule for vs2 and (when the row reads a vector) vs1.
    static func sources(_ op: OpPtr, _ h: HartPtr, _ v: VectorContext, _ row: VectorRow,
                        vs2: (Int, Int, Int)?, vs1Emul: Int, vs1Bytes: Int) {
        let vs1 = row.operand == .vector ? (Int(op.rs1), vs1Emul, vs1Bytes) : nil
        if !VectorRules.inputsLegal(vm: op.vm, vs1, vs2) { vectorIllegal(op, h) }
    }

    /// binary, carry (vadc/vsbc) and merge (vmerge, vmv.v.*).
    static func elementwise(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr, _ v: VectorContext) {
        let vd = Int(op.rd), vs2 = Int(op.rs2), b = v.sewBytes
        let usesVs2: Bool
        if case .merge = row.kind { usesVs2 = !op.vm } else { usesVs2 = true }
        requireAligned(op, h, (op.rd, v.lmul), usesVs2 ? (op.rs2, v.lmul) : nil, row.operand == .vector ? (op.rs1, v.lmul) : nil)
        requireVM(op, h)
        sources(op, h, v, row, vs2: usesVs2 ? (vs2, v.lmul, b) : nil, vs1Emul: v.lmul, vs1Bytes: b)
        if nothingToDo(v) { return }
        var c = elementContext(row, h, sew: v.sew)
        let ones = c.ones
        switch row.kind {
        case .merge where op.vm && row.operand != .vector:
            // vmv.v.x/.v.i: one value for every element.
            let x = operand(row, op, h, v, 0, b), d = v.file + vd * v.vlenb
            switch b {
            case 1: splat(UInt8(truncatingIfNeeded: x), d, v)
            case 2: splat(UInt16(truncatingIfNeeded: x), d, v)
            case 4: splat(UInt32(truncatingIfNeeded: x), d, v)
            default: splat(x, d, v)
            }
        case .merge:
            for i in v.vstart..<v.vl {
                let x = op.vm || v.mask(0, i) ? operand(row, op, h, v, i, b) : v.get(vs2, i, b)
                v.set(vd, i, b, x)
            }
        case .carry:
            let f = row.function!
            for i in v.vstart..<v.vl {
                let r = f(v.get(vs2, i, b), operand(row, op, h, v, i, b), v.mask(0, i) ? 1 : 0, &c)
                v.set(vd, i, b, r & ones)
            }
        default:
            // One loop per element width: typed loads and stores, the scalar operand read once.
            let f = row.function!
            let scalar: UInt64? = row.operand == .vector ? nil : operand(row, op, h, v, 0, b)
            switch b {
            case 1: binaryLoop(UInt8.self, f, op, v, &c, scalar: scalar)
            case 2: binaryLoop(UInt16.self, f, op, v, &c, scalar: scalar)
            case 4: binaryLoop(UInt32.self, f, op, v, &c, scalar: scalar)
            default: binaryLoop(UInt64.self, f, op, v, &c, scalar: scalar)
            }
        }
        accrue(c, h)
        v.finish()
        v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)
    }

    /// vd[i] = `x` for the elements vstart..<vl of the group at `d` (aligned: inside the file).
    @inline(__always)
    static func splat<T: FixedWidthInteger>(_ x: T, _ d: UnsafeMutableRawPointer, _ v: VectorContext) {
        let size = MemoryLayout<T>.size
        for i in v.vstart..<v.vl { d.storeBytes(of: x, toByteOffset: i * size, as: T.self) }
    }

    /// vd[i] = f(vs2[i], vs1[i] or `scalar`, vd[i]) for the active elements of SEW `T`
    /// (register groups are aligned and vl ≤ VLMAX: every access is inside the file).
    @inline(__always)
    static func binaryLoop<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, _ f: VectorElementFunction, _ op: OpPtr,
                                                                   _ v: VectorContext, _ c: inout VectorElementContext,
                                                                   scalar: UInt64?) {
        let size = MemoryLayout<T>.size
        let d = v.file + Int(op.rd) * v.vlenb, a = v.file + Int(op.rs2) * v.vlenb, s1 = v.file + Int(op.rs1) * v.vlenb
        let vm = op.vm
        for i in v.vstart..<v.vl {
            let o = i * size
            guard vm || v.mask(0, i) else { if v.ma { d.storeBytes(of: T.max, toByteOffset: o, as: T.self) }; continue }
            let x = scalar ?? UInt64(s1.load(fromByteOffset: o, as: T.self))
            let r = f(UInt64(a.load(fromByteOffset: o, as: T.self)), x, UInt64(d.load(fromByteOffset: o, as: T.self)), &c)
            d.storeBytes(of: T(truncatingIfNeeded: r), toByteOffset: o, as: T.self)
        }
    }

    /// `x` (of `bytes`) extended to 64 bits as `e` says.
    @inline(__always) static func extended(_ x: UInt64, _ e: VectorExtend, bytes: Int) -> UInt64 {
        guard e == .signed, bytes < 8 else { return x }
        let s = UInt64(64 - bytes * 8)
        return UInt64(bitPattern: Int64(bitPattern: x << s) >> Int64(s))
    }

    static func widen(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr, _ v: VectorContext, _ ea: VectorExtend, _ eb: VectorExtend) {
        guard v.lmul <= 2, v.sewBytes < 8 else { vectorIllegal(op, h) }
        let vd = Int(op.rd), vs2 = Int(op.rs2), b = v.sewBytes, wb = 2 * b
        requireAligned(op, h, (op.rd, v.lmul + 1), (op.rs2, ea == .wide ? v.lmul + 1 : v.lmul),
                       row.operand == .vector ? (op.rs1, v.lmul) : nil)
        requireVM(op, h)
        if ea != .wide, !VectorRules.noOverlap(vd, v.lmul + 1, vs2, v.lmul) { vectorIllegal(op, h) }
        if row.operand == .vector, !VectorRules.noOverlap(vd, v.lmul + 1, Int(op.rs1), v.lmul) { vectorIllegal(op, h) }
        sources(op, h, v, row, vs2: ea == .wide ? (vs2, v.lmul + 1, wb) : (vs2, v.lmul, b), vs1Emul: v.lmul, vs1Bytes: b)
        if nothingToDo(v) { return }
        var c = elementContext(row, h, sew: 2 * v.sew)
        let ones = c.ones, f = row.function!
        for i in v.vstart..<v.vl {
            guard v.active(i, op.vm) else { v.maskedOff(vd, i, wb); continue }
            let a = ea == .wide ? v.get(vs2, i, wb) : extended(v.get(vs2, i, b), ea, bytes: b) & ones
            let x = extended(operand(row, op, h, v, i, b), eb, bytes: b) & ones
            v.set(vd, i, wb, f(a, x, v.get(vd, i, wb), &c) & ones)
        }
        accrue(c, h)
        v.finish()
        v.fillTail(vd, from: v.vl, bytes: wb, emul: v.lmul + 1)
    }

    static func narrow(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr, _ v: VectorContext) {
        guard v.lmul <= 2, v.sewBytes < 8 else { vectorIllegal(op, h) }
        let vd = Int(op.rd), vs2 = Int(op.rs2), b = v.sewBytes, wb = 2 * b
        requireAligned(op, h, (op.rd, v.lmul), (op.rs2, v.lmul + 1), row.operand == .vector ? (op.rs1, v.lmul) : nil)
        requireVM(op, h)
        if vd != vs2, !VectorRules.noOverlap(vd, v.lmul, vs2, v.lmul + 1) { vectorIllegal(op, h) }
        sources(op, h, v, row, vs2: (vs2, v.lmul + 1, wb), vs1Emul: v.lmul, vs1Bytes: b)
        if nothingToDo(v) { return }
        var c = elementContext(row, h, sew: 2 * v.sew)
        let f = row.function!
        let ones: UInt64 = b == 8 ? .max : (1 << UInt64(v.sew)) - 1
        for i in v.vstart..<v.vl {
            guard v.active(i, op.vm) else { v.maskedOff(vd, i, b); continue }
            v.set(vd, i, b, f(v.get(vs2, i, wb), operand(row, op, h, v, i, b), 0, &c) & ones)
        }
        accrue(c, h)
        v.finish()
        v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)
    }

    /// Mask-producing compares, vmadc and vmsbc.
    static func compare(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr, _ v: VectorContext) {
        let vd = Int(op.rd), vs2 = Int(op.rs2), b = v.sewBytes
        requireAligned(op, h, (op.rs2, v.lmul), row.operand == .vector ? (op.rs1, v.lmul) : nil)
        if vd != vs2, !VectorRules.noOverlap(vd, 0, vs2, v.lmul) { vectorIllegal(op, h) }
        if row.operand == .vector, vd != Int(op.rs1), !VectorRules.noOverlap(vd, 0, Int(op.rs1), v.lmul) { vectorIllegal(op, h) }
        sources(op, h, v, row, vs2: (vs2, v.lmul, b), vs1Emul: v.lmul, vs1Bytes: b)
        if nothingToDo(v) { return }
        var c = elementContext(row, h, sew: v.sew)
        let f = row.function!
        let carryIn: Bool
        if case .carryOut = row.kind { carryIn = true } else { carryIn = false }
        for i in v.vstart..<v.vl {
            if carryIn {
                let r = f(v.get(vs2, i, b), operand(row, op, h, v, i, b), !op.vm && v.mask(0, i) ? 1 : 0, &c)
                v.setMask(vd, i, r & 1 == 1)
                continue
            }
            guard v.active(i, op.vm) else { if v.ma { v.setMask(vd, i, true) }; continue }
            v.setMask(vd, i, f(v.get(vs2, i, b), operand(row, op, h, v, i, b), 0, &c) & 1 == 1)
        }
        accrue(c, h)
        v.finish()
        v.fillMaskTail(vd, from: v.vl)
    }

    static func reduce(_ row: VectorRow, _ op: OpPtr, _ h: HartPtr, _ v: VectorContext, widen: VectorExtend?) {
        if widen != nil, v.sewBytes >= 8 { vectorIllegal(op, h) }
        requireAligned(op, h, (op.rs2, v.lmul))
        if v.vstart != 0 { vectorIllegal(op, h) }
        let b = v.sewBytes, ab = widen == nil ? b : 2 * b
        if !VectorRules.inputsLegal(vm: op.vm, (Int(op.rs2), v.lmul, b), (Int(op.rs1), 0, ab)) { vectorIllegal(op, h) }
        if nothingToDo(v) { return }
        var c = elementContext(row, h, sew: ab * 8)
        let ones = c.ones, f = row.function!
        var acc = v.get(Int(op.rs1), 0, ab)
        for i in 0..<v.vl where v.active(i, op.vm) {
            let e = v.get(Int(op.rs2), i, b)
            acc = f(acc, widen.map { extended(e, $0, bytes: b) & ones } ?? e, 0, &c) & ones
        }
        accrue(c, h)
        v.set(Int(op.rd), 0, ab, acc)
        v.finish()
        if v.ta { for i in 1..<(v.vlenb / ab) { v.set(Int(op.rd), i, ab, .max) } }
    }

    static func extend(_ op: OpPtr, _ h: HartPtr, _ v: VectorContext, factor: Int, signed: Bool) {
        let shift = factor == 2 ? 1 : factor == 4 ? 2 : 3
        let srcEmul = v.lmul - shift, sb = v.sewBytes / factor
        guard sb >= 1, srcEmul >= -3 else { vectorIllegal(op, h) }
        requireAligned(op, h, (op.rd, v.lmul), (op.rs2, srcEmul))
        requireVM(op, h)
        if !VectorRules.noOverlap(Int(op.rd), v.lmul, Int(op.rs2), srcEmul) { vectorIllegal(op, h) }
        if !VectorRules.inputsLegal(vm: op.vm, (Int(op.rs2), srcEmul, sb), nil) { vectorIllegal(op, h) }
        if nothingToDo(v) { return }
        let vd = Int(op.rd), b = v.sewBytes
        let ones: UInt64 = b == 8 ? .max : (1 << UInt64(v.sew)) - 1
        for i in v.vstart..<v.vl {
            guard v.active(i, op.vm) else { v.maskedOff(vd, i, b); continue }
            let x = v.get(Int(op.rs2), i, sb)
            v.set(vd, i, b, (signed ? extended(x, .signed, bytes: sb) : x) & ones)
        }
        v.finish()
        v.fillTail(vd, from: v.vl, bytes: b, emul: v.lmul)
    }

    /// vmv<n>r.v: whole registers from vstart (in SEW elements), whatever LMUL says (vill: illegal, as qemu).
    static func wholeMove(_ op: OpPtr, _ h: HartPtr, registers n: Int) {
        let log = n == 1 ? 0 : n == 2 ? 1 : n == 4 ? 2 : 3
        guard h.pointee.vtype & VectorState.vill == 0, VectorRules.aligned(Int(op.rd), log), VectorRules.aligned(Int(op.rs2), log) else { vectorIllegal(op, h) }
        let vlenb = Int(h.pointee.vlenb)
        let sewBytes = 1 << Int((h.pointee.vtype >> 3) & 7)
        let start = Int(h.pointee.vstart) * sewBytes, size = n * vlenb
        let file = UnsafeMutableRawPointer(h) + Int(TernHartVOffset)
        if start < size {
            (file + Int(op.rd) * vlenb + start).copyMemory(from: file + Int(op.rs2) * vlenb + start, byteCount: size - start)
        }
        h.pointee.vstart = 0
    }
}
