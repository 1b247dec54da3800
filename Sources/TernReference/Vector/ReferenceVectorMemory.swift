import TernSpec

/// Vector loads and stores (V spec 7). Elements are accessed in order and
/// vstart holds the index of the element being accessed, so a fault leaves it
/// at the faulting element; the fault address is that element's.
extension ReferenceInterpreter {
    /// Unit-stride, fault-only-first, strided and indexed accesses, with segments.
    func elementTransfer(_ i: ReferenceVectorInstruction, _ m: VectorMemory, _ t: ReferenceVType) -> Outcome {
        let indexed = m.mode == .indexedOrdered || m.mode == .indexedUnordered
        let eewLog = (m.eew / 8).trailingZeroBitCount, sewLog = t.sewBytes.trailingZeroBitCount
        // Indexed: the data has SEW and LMUL, the indices EEW; otherwise the data has EEW.
        let dataBytes = indexed ? t.sewBytes : m.eew / 8
        let dataLog = indexed ? t.lmulLog : eewLog - sewLog + t.lmulLog
        let indexLog = eewLog - sewLog + t.lmulLog
        let group = Rules.size(dataLog), nf = m.fields
        guard dataLog >= -3, dataLog <= 3, Rules.aligned(i.vd, dataLog), group * nf <= 8, i.vd + group * nf <= 32,
              i.vm || i.vd != 0 else { return illegal(i) }
        if indexed {
            guard indexLog >= -3, indexLog <= 3, Rules.aligned(i.vs2, indexLog),
                  Rules.inputsLegal(vm: i.vm, [(i.vs2, indexLog, m.eew)]) else { return illegal(i) }
            // (A store's data and index groups of different EEW may share registers under
            // qemu, though 5.2 reserves it; the reference stores them too.)
            if !m.store {
                let legal = nf == 1
                    ? Rules.mayOverlap(dst: i.vd, dstBits: t.sew, dstLog: t.lmulLog, src: i.vs2, srcBits: m.eew, srcLog: indexLog)
                    : !Rules.overlap(i.vd, group * nf, i.vs2, Rules.size(indexLog))
                guard legal else { return illegal(i) }
            }
        }
        if noBody() { return .next }
        let base = x[i.rs1], step = m.mode == .strided ? x[i.vs2] : 0
        let perField = vector.vlenb * group / dataBytes
        func address(_ k: Int, _ field: Int) -> UInt64 {
            switch m.mode {
            case .strided: return base &+ step &* UInt64(k) &+ UInt64(field * dataBytes)
            case .indexedOrdered, .indexedUnordered:
                return base &+ vector.element(i.vs2, k, m.eew / 8) &+ UInt64(field * dataBytes)
            default: return base &+ UInt64((k * nf + field) * dataBytes)
            }
        }
        var vl = Int(vector.vl)
        if m.mode == .faultOnlyFirst {
            // Element 0 traps as usual; the first later element that would trap ends vl there.
            for k in max(Int(vector.vstart), 1)..<max(vl, 1) where k < vl && active(i, k) {
                if !memory.allows(address(k, 0), size: nf * dataBytes, .read) { vl = k; vector.vl = UInt64(k); break }
            }
        }
        for k in Int(vector.vstart)..<vl {
            guard active(i, k) else {
                if !m.store && t.ma { for f in 0..<nf { vector.setElement(i.vd, f * perField + k, dataBytes, .max) } }
                continue
            }
            vector.vstart = UInt64(k)
            for f in 0..<nf {
                let a = address(k, f)
                if m.store {
                    guard memory.write(a, size: dataBytes, vector.element(i.vd, f * perField + k, dataBytes)) else {
                        return .stop(.storeFault(address: a))
                    }
                } else {
                    guard let value = memory.read(a, size: dataBytes, .read) else { return .stop(.loadFault(address: a)) }
                    vector.setElement(i.vd, f * perField + k, dataBytes, value)
                }
            }
        }
        vector.vstart = 0
        if !m.store && t.ta {
            for f in 0..<nf {
                for k in stride(from: vl, to: perField, by: 1) { vector.setElement(i.vd, f * perField + k, dataBytes, .max) }
            }
        }
        return .next
    }

    /// vl<n>re<eew>.v and vs<n>r.v: n whole registers in elements of EEW from vstart,
    /// whatever vtype and vl are.
    func wholeRegisterTransfer(_ i: ReferenceVectorInstruction, _ m: VectorMemory) -> Outcome {
        guard Rules.aligned(i.vd, m.fields.trailingZeroBitCount) else { return illegal(i) }
        let bytes = m.eew / 8, count = m.fields * vector.vlenb / bytes
        for k in stride(from: Int(vector.vstart), to: count, by: 1) {
            vector.vstart = UInt64(k)
            let a = x[i.rs1] &+ UInt64(k * bytes)
            if m.store {
                guard memory.write(a, size: bytes, vector.element(i.vd, k, bytes)) else { return .stop(.storeFault(address: a)) }
            } else {
                guard let value = memory.read(a, size: bytes, .read) else { return .stop(.loadFault(address: a)) }
                vector.setElement(i.vd, k, bytes, value)
            }
        }
        vector.vstart = 0
        return .next
    }

    /// vlm.v / vsm.v: ceil(vl / 8) bytes; a loaded mask's tail bytes become ones.
    func maskTransfer(_ i: ReferenceVectorInstruction, _ m: VectorMemory, _ t: ReferenceVType) -> Outcome {
        let count = (Int(vector.vl) + 7) / 8
        if vector.vstart >= UInt64(count) { vector.vstart = 0; return .next }
        for k in Int(vector.vstart)..<count {
            vector.vstart = UInt64(k)
            let a = x[i.rs1] &+ UInt64(k)
            if m.store {
                guard memory.write(a, size: 1, vector.element(i.vd, k, 1)) else { return .stop(.storeFault(address: a)) }
            } else {
                guard let value = memory.read(a, size: 1, .read) else { return .stop(.loadFault(address: a)) }
                vector.setElement(i.vd, k, 1, value)
            }
        }
        vector.vstart = 0
        if !m.store { for k in count..<vector.vlenb { vector.setElement(i.vd, k, 1, 0xff) } }
        return .next
    }
}
