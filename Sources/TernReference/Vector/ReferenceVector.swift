import TernSpec

/// The V extension in the reference interpreter: each class of row applied
/// over vstart, vl, masks and the tail/mask policies with plain element loops
/// over `ReferenceVectorState`, written from the V 1.0 specification apart
/// from the engines' drivers. Agnostic elements are filled with ones, as
/// qemu-riscv64 fills them (the specification allows that or leaving them).
extension ReferenceInterpreter {
    /// The illegal-instruction stop of vector instruction `i`.
    func illegal(_ i: ReferenceVectorInstruction) -> Outcome { .stop(.illegalInstruction(bits: i.bits)) }

    /// Executes vector instruction `i`.
    func executeVector(_ i: ReferenceVectorInstruction) -> Outcome {
        guard vector.vlenb > 0, vector.extensions.contains(i.row.ext) else { return illegal(i) }
        switch i.row.kind {
        case .config(let form): return configure(i, form)
        case .memory(let m):
            if m.mode == .whole { return wholeRegisterTransfer(i, m) }
            guard let t = ReferenceVType(vector.vtype) else { return illegal(i) }
            return m.mode == .mask ? maskTransfer(i, m, t) : elementTransfer(i, m, t)
        default:
            guard let t = ReferenceVType(vector.vtype) else { return illegal(i) }
            if let fp = i.row.float, !floatLegal(fp, t) { return illegal(i) }
            return arithmetic(i, t)
        }
    }

    /// vsetvli, vsetivli, vsetvl (V spec 6): vl = min(AVL, VLMAX); an unsupported
    /// vtype sets vill with vl = 0.
    func configure(_ i: ReferenceVectorInstruction, _ form: VectorConfig) -> Outcome {
        let vtype: UInt64, avl: UInt64
        switch form {
        case .vsetivli:
            vtype = UInt64((i.bits >> 20) & 0x3ff)
            avl = UInt64(i.rs1)
        case .vsetvli, .vsetvl:
            vtype = form == .vsetvl ? x[i.vs2] : UInt64((i.bits >> 20) & 0x7ff)
            if i.rs1 != 0 { avl = x[i.rs1] } else if i.vd != 0 { avl = .max } else { avl = vector.vl }
        }
        let vsew = (vtype >> 3) & 7, vlmul = vtype & 7
        // ELEN = 64: SEW ≤ 64 and LMUL ≥ SEW / ELEN; vtype bits 8..62 are reserved.
        let sewBits = 8 << Int(min(vsew, 7))
        let lmulTimes8 = vlmul < 4 ? 8 << Int(vlmul) : 8 >> Int(8 - vlmul)
        let supported = vtype >> 8 == 0 && vsew <= 3 && vlmul != 4 && sewBits * 8 <= 64 * lmulTimes8
        if supported, let t = ReferenceVType(vtype) {
            vector.vtype = vtype
            vector.vl = min(avl, UInt64(t.vlmax(vlenb: vector.vlenb)))
        } else {
            vector.vtype = ReferenceVectorState.vill
            vector.vl = 0
        }
        vector.vstart = 0
        if i.vd != 0 { x[i.vd] = vector.vl }
        return .next
    }

    /// All ones in `bytes` bytes.
    func ones(_ bytes: Int) -> UInt64 { bytes >= 8 ? .max : (1 << UInt64(8 * bytes)) - 1 }

    /// `v` of `bytes` bytes sign-extended to 64 bits.
    func signExtend(_ v: UInt64, bytes: Int) -> UInt64 {
        guard bytes < 8 else { return v }
        let s = UInt64(64 - 8 * bytes)
        return UInt64(bitPattern: Int64(bitPattern: v << s) >> Int64(s))
    }

    /// Whether element `idx` is active (unmasked, or its v0 bit set).
    func active(_ i: ReferenceVectorInstruction, _ idx: Int) -> Bool { i.vm || vector.maskBit(0, idx) }

    /// Writes ones over elements [from, total) of the group at `reg` when
    /// tail-agnostic; `total` is the whole group (a fractional group: its register).
    func fillTail(_ reg: Int, from: Int, bytes: Int, emulLog: Int, _ t: ReferenceVType) {
        guard t.ta else { return }
        let total = vector.vlenb * ReferenceVectorRules.size(emulLog) / bytes
        for k in stride(from: from, to: total, by: 1) { vector.setElement(reg, k, bytes, .max) }
    }

    /// A mask result's tail, bits [from, VLEN): ones (always agnostic).
    func fillMaskTail(_ reg: Int, from: Int) {
        for k in stride(from: from, to: vector.vlenb * 8, by: 1) { vector.setMaskBit(reg, k, true) }
    }

    /// The second operand of element `idx` in `bytes` bytes: vs1, x[rs1] or the immediate.
    func operand(_ i: ReferenceVectorInstruction, _ idx: Int, _ bytes: Int) -> UInt64 {
        switch i.row.operand {
        case .vector: return vector.element(i.rs1, idx, bytes)
        case .scalar: return x[i.rs1] & ones(bytes)
        case .simm: return i.simm5 & ones(bytes)
        case .uimm: return i.uimm & ones(bytes)
        case .float: return floatScalar(i.rs1, bytes: bytes)
        case .none: return 0
        }
    }

    /// The scalar a slide1 or scalar move inserts: x[rs1] in SEW bits, or f[rs1] at SEW.
    func scalar(_ i: ReferenceVectorInstruction, _ bytes: Int) -> UInt64 {
        i.row.operand == .float ? floatScalar(i.rs1, bytes: bytes) : x[i.rs1] & ones(bytes)
    }
}
