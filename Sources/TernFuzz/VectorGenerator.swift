import TernISA
import TernSpec

/// Vector units: a vsetvli/vsetivli (random SEW, LMUL including fractional ones,
/// policies and AVL), the operand set-up an access needs (a small stride, index
/// vectors within the buffer), then one vector instruction with register groups
/// chosen to be legal (aligned, overlapping only where the spec allows), masked
/// or not. Every memory access stays inside the scratch buffer.
extension Generator {
    /// The vector row of opcode `o`.
    static func vectorRow(_ o: Opcode) -> VectorInstruction {
        vectorInstructions[Int(o.rawValue) - Int(Opcode.vsetvli.rawValue)]
    }

    /// The family of a vector opcode: its mnemonic before the first dot (`vmseq`).
    static func vectorFamily(_ o: Opcode) -> String { String(vectorRow(o).mnemonic.prefix { $0 != "." }) }

    /// The families the native tier compiles (`nativeVectorForms`): `--vector-families native`.
    public static let nativeVectorFamilies: Set<String> = Set(nativeVectorForms.map { String($0.family.prefix { $0 != "." }) })

    /// Every vector instruction family.
    public static let allVectorFamilies: Set<String> = Set(vectorInstructions.map { String($0.mnemonic.prefix { $0 != "." }) })

    static func groupSize(_ emul: Int) -> Int { emul <= 0 ? 1 : 1 << emul }

    /// A random register aligned to a group of 2^emul, whose group does not overlap `avoid`.
    mutating func vreg(_ emul: Int, avoid: [(Int, Int)] = [], notV0: Bool = false) -> UInt8? {
        let g = Self.groupSize(emul)
        for _ in 0..<40 {
            let reg = r.below(32 / g) * g
            if notV0 && reg == 0 { continue }
            if avoid.contains(where: { reg < $0.0 + $0.1 && $0.0 < reg + g }) { continue }
            return UInt8(reg)
        }
        return nil
    }

    /// The vtype value for SEW 8·2^sew, LMUL 2^lmul and random policies.
    mutating func vtypeValue(sew: Int, lmul: Int) -> Int64 {
        Int64((lmul & 7) | sew << 3) | (r.chance(50) ? 0x40 : 0) | (r.chance(50) ? 0x80 : 0)
    }

    /// Elements per group at SEW 8·2^sew and LMUL 2^lmul.
    func vlmax(sew: Int, lmul: Int) -> Int {
        let perRegister = vlenb >> sew
        return lmul >= 0 ? perRegister << lmul : perRegister >> -lmul
    }

    /// Whether SEW/LMUL is a legal vtype (fractional LMUL needs ELEN·LMUL ≥ SEW, ELEN = 64).
    func legal(sew: Int, lmul: Int) -> Bool {
        sew <= 3 && lmul >= -3 && lmul <= 3 && (lmul >= 0 || 64 >> -lmul >= 8 << sew)
    }

    /// A vsetvli/vsetivli giving `sew`/`lmul` and vl ≤ `maxVL`.
    mutating func setVType(sew: Int, lmul: Int, maxVL: Int) -> [FuzzItem] {
        let vtype = vtypeValue(sew: sew, lmul: lmul)
        let cap = Swift.min(maxVL, vlmax(sew: sew, lmul: lmul))
        let avl = r.chance(10) ? 0 : r.chance(40) ? cap : r.below(cap + 1)
        let rd = self.rd()
        if avl < 32 && r.chance(60) {
            return [op(.vsetivli, rd: rd, rs1: UInt8(avl), imm: vtype)]
        }
        if avl == vlmax(sew: sew, lmul: lmul) && r.chance(50) {
            return [op(.vsetvli, rd: rdNonZero(), rs1: 0, imm: vtype)]
        }
        let t = rdNonZero()
        return [op(.addi, rd: t, rs1: 0, imm: Int64(avl)), op(.vsetvli, rd: rd, rs1: t, imm: vtype)]
    }

    mutating func vectorItems() -> [FuzzItem] {
        for _ in 0..<20 {
            let o = r.pick(vectorOps ?? enabledOps(.vector))
            if let items = vectorUnit(o) { return items }
        }
        return [op(.vsetivli, rd: rd(), rs1: UInt8(r.below(32)), imm: vtypeValue(sew: 0, lmul: 0))]
    }

    /// One unit for `o`, or nil when the drawn shape cannot be made legal.
    mutating func vectorUnit(_ o: Opcode) -> [FuzzItem]? {
        let row = Self.vectorRow(o)
        var sew = r.below(4), lmul = r.below(7) - 3
        let vm: UInt8 = r.chance(60) ? 1 : 0
        func fix() -> Bool { legal(sew: sew, lmul: lmul) }
        switch row.kind {
        case .config:
            // Random vtype values, legal or not (vill), and random AVLs.
            switch o {
            case .vsetvl: return [op(o, rd: rd(), rs1: rs(), rs2: rs())]
            case .vsetivli: return [op(o, rd: rd(), rs1: UInt8(r.below(32)), imm: Int64(r.below(r.chance(80) ? 256 : 1024)))]
            default: return [op(o, rd: rd(), rs1: rs(), imm: Int64(r.below(r.chance(80) ? 256 : 2048)))]
            }
        case .memory(let mem):
            return vectorMemoryUnit(o, mem, vm: vm)
        case .wholeMove(let n):
            let log = n.trailingZeroBitCount
            guard let vd = vreg(log), let vs2 = vreg(log) else { return nil }
            // A legal vtype first: vmv<n>r.v is illegal under vill (qemu), as a random vsetvl may leave it.
            let setup = fix() ? setVType(sew: sew, lmul: lmul, maxVL: 1 << 20) : setVType(sew: 0, lmul: 0, maxVL: 1 << 20)
            return setup + [op(o, rd: vd, rs2: vs2, rm: 1)]
        case .widen, .narrow, .widenReduce:
            sew = Swift.min(sew, 2); lmul = Swift.min(lmul, 2)
        case .extend(let factor, _):
            let s = factor.trailingZeroBitCount
            sew = Swift.max(sew, s); if lmul - s < -3 { lmul = s - 3 }
        case .gatherEI16:
            if 1 - sew + lmul > 3 { lmul = 2 + sew - 1 }
            if 1 - sew + lmul < -3 { return nil }
        default: break
        }
        if let fp = row.float {
            // Floating point: an element width the row is legal at on this model (binary16 needs Zvfh).
            let widths = (0..<4).filter { fp.legal(sew: 8 << $0, zvfh: extensions.contains(.zvfh)) }
            guard !widths.isEmpty else { return nil }
            sew = r.pick(widths)
            while !fix() && lmul < 0 { lmul += 1 }
        }
        guard fix() else { return nil }
        let setup = setVType(sew: sew, lmul: lmul, maxVL: 1 << 20)
        let masked = vm == 0
        let src = row.operand == .vector
        var rs1: UInt8 = 0, imm: Int64 = 0
        switch row.operand {
        case .scalar: rs1 = rs()
        case .float: rs1 = fReg()
        case .simm, .uimm: rs1 = UInt8(r.chance(30) ? r.pick([0, 1, 15, 16, 31]) : r.below(32)); imm = Int64(rs1)
        default: break
        }
        var rs3: UInt8 = 0
        if o == .vrorVi { rs3 = UInt8(r.below(2)) }
        func unit(_ vd: UInt8?, _ vs2: UInt8?, _ vs1: UInt8? = nil, rm: UInt8? = nil, elementSources: Bool = true) -> [FuzzItem]? {
            guard let vd, let vs2 else { return nil }
            if src { guard let vs1 else { return nil }; rs1 = vs1 }
            // Under a mask no element source may be v0 (it would have two EEWs).
            if (rm ?? vm) == 0 && elementSources && (vs2 == 0 || (src && rs1 == 0)) { return nil }
            return setup + [op(o, rd: vd, rs1: rs1, rs2: vs2, rs3: rs3, imm: imm, rm: rm ?? vm)]
        }
        let l = lmul, g = Self.groupSize
        switch row.kind {
        case .binary, .merge, .carry:
            var forcedMask: UInt8? = nil
            if case .carry = row.kind { forcedMask = 0 }
            if case .merge = row.kind, o != .vmvVV, o != .vmvVX, o != .vmvVI, o != .vfmvVF { forcedMask = 0 }
            if o == .vmvVV || o == .vmvVX || o == .vmvVI || o == .vfmvVF { forcedMask = 1 }
            let m = forcedMask ?? vm
            let vd = vreg(l, notV0: m == 0)
            let vs2 = r.chance(20) ? vd : vreg(l)
            return unit(vd, vs2, r.chance(20) ? vd : vreg(l), rm: m)
        case .widen(let ea, _):
            guard let vd = vreg(l + 1, notV0: masked) else { return nil }
            let avoid = [(Int(vd), g(l + 1))]
            guard let vs2 = ea == .wide ? (r.chance(30) ? vd : vreg(l + 1)) : vreg(l, avoid: avoid) else { return nil }
            // Sources of different EEW (the .w forms) may not overlap.
            return unit(vd, vs2, vreg(l, avoid: avoid + (ea == .wide ? [(Int(vs2), g(l + 1))] : [])))
        case .narrow:
            guard let vs2 = vreg(l + 1) else { return nil }
            let vd = r.chance(30) ? vs2 : vreg(l, avoid: [(Int(vs2), g(l + 1))], notV0: masked)
            if masked && vd == 0 { return nil }
            return unit(vd, vs2, vreg(l, avoid: [(Int(vs2), g(l + 1))]))
        case .compare, .carryOut:
            var m = vm
            if o.mnemonic.hasSuffix("m") { m = 0 } else if case .carryOut = row.kind { m = 1 }
            guard let vs2 = vreg(l), let vs1 = vreg(l) else { return nil }
            let vd = r.chance(30) ? vs2 : vreg(0, avoid: [(Int(vs2), g(l)), (Int(vs1), g(l))])
            return unit(vd, vs2, vs1, rm: m)
        case .reduce:
            return unit(vreg(0), vreg(l), vreg(0))
        case .widenReduce:
            guard let vs2 = vreg(l) else { return nil }
            return unit(vreg(0), vs2, vreg(0, avoid: [(Int(vs2), g(l))]))
        case .maskLogical:
            return unit(vreg(0), vreg(0), vreg(0), rm: 1, elementSources: false)
        case .extend(let factor, _):
            guard let vd = vreg(l, notV0: masked) else { return nil }
            return unit(vd, vreg(l - factor.trailingZeroBitCount, avoid: [(Int(vd), g(l))]))
        case .maskPopCount, .maskFirst, .moveToScalar:
            return setup + [op(o, rd: rd(), rs2: UInt8(r.below(32)), rm: row.kind.isMoveToScalar ? 1 : vm)]
        case .moveFromScalar:
            return setup + [op(o, rd: UInt8(r.below(32)), rs1: row.operand == .float ? fReg() : rs(), rm: 1)]
        case .moveToFloat:
            return setup + [op(o, rd: fReg(), rs2: UInt8(r.below(32)), rm: 1)]
        case .setBeforeFirst, .setIncludingFirst, .setOnlyFirst:
            guard let vs2 = vreg(0) else { return nil }
            return unit(vreg(0, avoid: [(Int(vs2), 1)], notV0: masked), vs2, elementSources: false)
        case .iota:
            guard let vs2 = vreg(0) else { return nil }
            return unit(vreg(l, avoid: [(Int(vs2), 1)], notV0: masked), vs2, elementSources: false)
        case .elementIndex:
            guard let vd = vreg(l, notV0: masked) else { return nil }
            return setup + [op(o, rd: vd, rm: vm)]
        case .slideUp, .slide1Up, .gather:
            guard let vd = vreg(l, notV0: masked) else { return nil }
            let avoid = [(Int(vd), g(l))]
            if row.operand == .scalar, case .slideUp = row.kind, r.chance(70) {
                // A small slide amount most of the time.
                let t = rdNonZero()
                rs1 = t
                return setup + [op(.addi, rd: t, rs1: 0, imm: Int64(r.below(2 * vlmax(sew: sew, lmul: lmul) + 2))),
                                op(o, rd: vd, rs1: t, rs2: vreg(l, avoid: avoid, notV0: masked) ?? 8, rm: vm)]
            }
            return unit(vd, vreg(l, avoid: avoid), vreg(l, avoid: avoid))
        case .slideDown, .slide1Down:
            guard let vd = vreg(l, notV0: masked) else { return nil }
            if row.operand == .scalar, case .slideDown = row.kind, r.chance(70) {
                let t = rdNonZero()
                return setup + [op(.addi, rd: t, rs1: 0, imm: Int64(r.below(2 * vlmax(sew: sew, lmul: lmul) + 2))),
                                op(o, rd: vd, rs1: t, rs2: vreg(l, notV0: masked) ?? 8, rm: vm)]
            }
            return unit(vd, r.chance(20) ? vd : vreg(l))
        case .gatherEI16:
            let ie = 1 - sew + l
            guard let vd = vreg(l, notV0: masked) else { return nil }
            let avoid = [(Int(vd), g(l))]
            guard let vs2 = vreg(l, avoid: avoid) else { return nil }
            return unit(vd, vs2, vreg(ie, avoid: avoid + (sew == 1 ? [] : [(Int(vs2), g(l))])))
        case .compress:
            guard let vd = vreg(l) else { return nil }
            let avoid = [(Int(vd), g(l))]
            return unit(vd, vreg(l, avoid: avoid), vreg(0, avoid: avoid), rm: 1, elementSources: false)
        default:
            return nil
        }
    }

    /// A load or store inside the scratch buffer.
    mutating func vectorMemoryUnit(_ o: Opcode, _ mem: VectorMemory, vm: UInt8) -> [FuzzItem]? {
        let eewLog = (mem.eew / 8).trailingZeroBitCount
        let buffer = MachineState.bufferSize
        if mem.mode == .whole {
            let log = mem.fields.trailingZeroBitCount
            guard mem.fields * vlenb <= buffer, let vd = vreg(log) else { return nil }
            let (t, setup) = bufferAddress(maxBytes: mem.fields * vlenb, align: mem.eew / 8)
            return setup + [op(o, rd: vd, rs1: t, rm: 1)]
        }
        let indexed = mem.mode == .indexedOrdered || mem.mode == .indexedUnordered
        // The data EMUL (EEW/SEW·LMUL for non-indexed accesses) so that the fields' groups fit in 8 registers.
        let maxEmul = mem.fields == 1 ? 3 : mem.fields == 2 ? 2 : mem.fields <= 4 ? 1 : 0
        var sew = 0, lmul = 0, dataEmul = 0, found = false
        for _ in 0..<8 {
            sew = mem.mode == .mask ? 0 : r.below(4)
            dataEmul = r.below(maxEmul + 4) - 3
            lmul = indexed || mem.mode == .mask ? dataEmul : dataEmul - eewLog + sew
            if legal(sew: sew, lmul: lmul) { found = true; break }
        }
        guard found else { return nil }
        let dataBytes = indexed ? 1 << sew : mem.eew / 8
        let gs = Self.groupSize(dataEmul)
        guard gs * mem.fields <= 8 else { return nil }
        // Bytes one element (all its fields) spans; keep vl so every access fits.
        let stride: Int = mem.mode == .strided ? r.pick([0, dataBytes * mem.fields, dataBytes * mem.fields + dataBytes, 1, 16]) : 0
        let span = indexed ? 0 : mem.mode == .strided ? stride : mem.fields * dataBytes
        let maxVL = mem.mode == .mask ? 8 * buffer / 2 : span == 0 ? 1 << 20 : Swift.max(1, (buffer / 2 - mem.fields * dataBytes) / Swift.max(span, 1))
        var items: [FuzzItem] = []
        var indexReg: UInt8 = 0
        let vdCandidates = (0..<(32 / gs)).map { $0 * gs }.filter { $0 + gs * mem.fields <= 32 && !(vm == 0 && $0 == 0) }
        guard !vdCandidates.isEmpty else { return nil }
        let vd = UInt8(r.pick(vdCandidates))
        if indexed {
            // Index vector: EEW elements, each masked to 0…15 (vand.vi with 15 under the index EEW).
            let indexEmul = eewLog - sew + lmul
            guard indexEmul >= -3, indexEmul <= 3, legal(sew: eewLog, lmul: indexEmul) else { return nil }
            guard let ix = vreg(indexEmul, avoid: [(Int(vd), gs * mem.fields)], notV0: vm == 0) else { return nil }
            indexReg = ix
            items += [op(.vsetvli, rd: rdNonZero(), rs1: 0, imm: Int64((indexEmul & 7) | eewLog << 3)),
                      op(.vandVi, rd: ix, rs1: 15, rs2: ix, imm: 15, rm: 1)]
        }
        items += setVType(sew: sew, lmul: lmul, maxVL: maxVL)
        let (base, baseSetup) = bufferAddress(maxBytes: indexed ? 16 + mem.fields * dataBytes : buffer / 2, align: dataBytes)
        items += baseSetup
        var rs2: UInt8 = 0
        switch mem.mode {
        case .strided:
            busy.insert(base)
            let t = rdNonZero()
            busy.remove(base)
            items.append(op(.addi, rd: t, rs1: 0, imm: Int64(stride)))
            rs2 = t
        case .indexedOrdered, .indexedUnordered: rs2 = indexReg
        default: break
        }
        let nfField = mem.mode == .mask ? 0 : UInt8(mem.fields - 1)
        items.append(op(o, rd: vd, rs1: base, rs2: rs2, rs3: nfField, rm: mem.mode == .mask ? 1 : vm))
        return items
    }

    /// A register holding an address in the scratch buffer with at least
    /// `maxBytes` after it (sp itself, or sp plus a small aligned offset).
    mutating func bufferAddress(maxBytes: Int, align: Int) -> (UInt8, [FuzzItem]) {
        let room = MachineState.bufferSize - maxBytes
        if room <= 0 || r.chance(30) { return (Self.bufferBase, []) }
        let t = rdNonZero()
        var off = r.below(room + 1)
        if r.chance(80) { off &= ~(align - 1) }
        return (t, [op(.addi, rd: t, rs1: Self.bufferBase, imm: Int64(off))])
    }
}

extension VectorKind {
    var isMoveToScalar: Bool { if case .moveToScalar = self { return true } else { return false } }
}

extension Generator {
    /// An FP register for a scalar operand or result (the sequence's hot ones mostly).
    mutating func fReg() -> UInt8 { r.chance(60) && !hotF.isEmpty ? r.pick(hotF) : UInt8(r.below(32)) }

    /// Vector register contents of FP elements of one width (2, 4 or 8 bytes):
    /// edge values (±0, ±∞, quiet and signalling NaNs, subnormals, rounding and
    /// conversion boundaries) mixed with random patterns.
    mutating func floatVectorWord(width: Int) -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<(8 / width) {
            var e: UInt64
            switch width {
            case 2: e = r.chance(75) ? UInt64(r.pick(EdgeValues.halves)) : r.next() & 0xffff
            case 4: e = r.chance(75) ? UInt64(r.chance(20) && !fpPalette.isEmpty ? r.pick(fpPalette).1 : r.pick(EdgeValues.singles))
                                     : r.next() & 0xffff_ffff
            default: e = r.chance(75) ? (r.chance(20) && !fpPalette.isEmpty ? r.pick(fpPalette).0 : r.pick(EdgeValues.doubles)) : r.next()
            }
            if ordinaryFloats && r.chance(98) { e = EdgeValues.ordinaryFloat(width: width, &r) }
            w |= e << UInt64(8 * width * k)
        }
        return w
    }
}
