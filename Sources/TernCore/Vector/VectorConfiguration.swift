import CoreGlue
import TernSpec

/// vsetvli, vsetivli, vsetvl (V spec 6; qemu's helper_vsetvl rules for vill).
enum VectorConfiguration {
    /// The vl a vtype and requested AVL give, or nil when the vtype is illegal.
    static func apply(vtype: UInt64, avl: UInt64, vlenb: Int) -> (vl: UInt64, vtype: UInt64)? {
        let vlmul = Int(vtype & 7), vsew = Int((vtype >> 3) & 7)
        let sew = 8 << vsew, elen = 64
        // Bits 8..62 are reserved (vediv included); bit 63 is vill.
        guard vtype & VectorState.vill == 0, (vtype >> 8) & ((1 << 55) - 1) == 0, vsew <= 3, vlmul != 4 else { return nil }
        // Fractional LMUL: LMUL ≥ SEW / ELEN (qemu: ELEN >> (8 - vlmul) < SEW sets vill).
        if vlmul >= 5, (elen >> (8 - vlmul)) < sew { return nil }
        let lmul = vlmul >= 4 ? vlmul - 8 : vlmul
        let perRegister = vlenb / (sew / 8)
        let vlmax = UInt64(lmul >= 0 ? perRegister << lmul : perRegister >> -lmul)
        return (Swift.min(avl, vlmax), vtype)
    }

    static func execute(_ op: OpPtr, _ h: HartPtr) {
        requireVector(op, h)
        let row = op.vectorRow(h)
        guard case .config(let kind) = row.kind else { vectorIllegal(op, h) }
        let rdIsX0 = op.rd == UInt8(TERN_X_SINK)
        let vtype: UInt64, avl: UInt64
        switch kind {
        case .vsetivli:
            vtype = op.uimm; avl = UInt64(op.rs1)
        case .vsetvli, .vsetvl:
            vtype = kind == .vsetvl ? h.x(op.rs2) : op.uimm
            if op.rs1 != 0 { avl = h.x(op.rs1) } else if rdIsX0 { avl = h.pointee.vl } else { avl = .max }
        }
        if let (vl, t) = apply(vtype: vtype, avl: avl, vlenb: Int(h.pointee.vlenb)) {
            h.pointee.vl = vl; h.pointee.vtype = t
        } else {
            h.pointee.vl = 0; h.pointee.vtype = VectorState.vill
        }
        h.pointee.vstart = 0
        h.setX(op.rd, h.pointee.vl)
    }
}
