import CoreGlue
import JITRuntime
import TernSpec

/// Vector loads and stores (V spec 7). Every element access records its index
/// in vstart first, so a fault leaves vstart at the faulting element.
enum VectorMemoryDriver {
    static func execute(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
        requireVector(op, h)
        guard case .memory(let mem) = op.vectorRow(h).kind else { vectorIllegal(op, h) }
        switch mem.mode {
        case .whole: whole(op, h, m, mem)
        case .mask: maskTransfer(op, h, m, mem)
        default: strided(op, h, m, mem)
        }
    }

    /// The guest address `a` as a host offset, trapping beyond the guest space.
    @inline(__always) static func address(_ a: UInt64, _ op: OpPtr, _ h: HartPtr, store: Bool) -> Int {
        h.pointee.curOp = op
        if _slowPath(a >= GuestMemory.size) { trap(op, h, store ? TernExitStoreFault : TernExitLoadFault, a) }
        return Int(bitPattern: UInt(a))
    }

    @inline(__always) static func load(_ m: MemPtr, _ at: Int, _ bytes: Int) -> UInt64 {
        let p = UnsafeRawPointer(m) + at
        switch bytes {
        case 1: return UInt64(p.load(as: UInt8.self))
        case 2: return UInt64(p.loadUnaligned(as: UInt16.self))
        case 4: return UInt64(p.loadUnaligned(as: UInt32.self))
        default: return p.loadUnaligned(as: UInt64.self)
        }
    }

    @inline(__always) static func store(_ m: MemPtr, _ at: Int, _ bytes: Int, _ v: UInt64) {
        let p = UnsafeMutableRawPointer(m) + at
        switch bytes {
        case 1: p.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
        case 2: p.storeBytes(of: UInt16(truncatingIfNeeded: v), as: UInt16.self)
        case 4: p.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
        default: p.storeBytes(of: v, as: UInt64.self)
        }
    }

    /// Copies `count` bytes between guest address `a` and the register file at byte
    /// `offset`, page by page. Before each page's part, vstart is set to the element
    /// (of `elementBytes`, the first being `firstElement`) its first byte belongs to,
    /// so a fault leaves vstart at the faulting element.
    static func transfer(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr, guest a: UInt64, offset: Int, elementBytes: Int,
                         firstElement: Int, count: Int, store: Bool) {
        let file = UnsafeMutableRawPointer(h) + Int(TernHartVOffset) + offset
        var done = 0
        while done < count {
            let at = a &+ UInt64(done)
            let n = Swift.min(4096 - Int(at & 4095), count - done)
            h.pointee.vstart = UInt64(firstElement + done / elementBytes)
            let host = UnsafeMutableRawPointer(m) + address(at, op, h, store: store)
            if store { host.copyMemory(from: file + done, byteCount: n) } else { (file + done).copyMemory(from: host, byteCount: n) }
            done += n
        }
    }

    /// Whether `bytes` at guest `a` can be read without a fault (fault-only-first).
    static func readable(_ m: MemPtr, _ a: UInt64, _ bytes: Int) -> Bool {
        guard a < GuestMemory.size, a &+ UInt64(bytes) <= GuestMemory.size else { return false }
        // The access (at most 8 fields of 8 bytes) spans at most two pages: probe its first and last byte.
        var scratch: UInt8 = 0
        return [Int(a), Int(a) + bytes - 1].allSatisfy { at in
            withUnsafeMutableBytes(of: &scratch) {
                tern_guarded_copy($0.baseAddress!, UnsafeRawPointer(m) + at, 1, m, Int(GuestMemory.size)) == 0
            }
        }
    }

    /// Unit-stride, fault-only-first, strided and indexed accesses, with segments.
    static func strided(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr, _ mem: VectorMemory) {
        guard let v = VectorContext(h) else { vectorIllegal(op, h) }
        let indexed = mem.mode == .indexedOrdered || mem.mode == .indexedUnordered
        let log2 = { (bytes: Int) in bytes.trailingZeroBitCount }
        let eewBytes = mem.eew / 8
        let dataBytes = indexed ? v.sewBytes : eewBytes
        let dataEmul = indexed ? v.lmul : log2(eewBytes) - log2(v.sewBytes) + v.lmul
        let nf = mem.fields, vd = Int(op.rd)
        guard dataEmul >= -3, dataEmul <= 3, VectorRules.aligned(vd, dataEmul) else { vectorIllegal(op, h) }
        let groupSize = dataEmul <= 0 ? 1 : 1 << dataEmul
        guard groupSize * nf <= 8, vd + groupSize * nf <= 32 else { vectorIllegal(op, h) }
        // A masked access may not name v0 as its data (a load's destination or a store's source, qemu).
        if !op.vm && vd == 0 { vectorIllegal(op, h) }
        if indexed {
            let indexEmul = log2(eewBytes) - log2(v.sewBytes) + v.lmul
            let vs2 = Int(op.rs2)
            guard indexEmul >= -3, indexEmul <= 3, VectorRules.aligned(vs2, indexEmul),
                  VectorRules.inputsLegal(vm: op.vm, (vs2, indexEmul, eewBytes), nil) else { vectorIllegal(op, h) }
            if !mem.store {
                if nf == 1 {
                    if eewBytes > v.sewBytes, vd != vs2, !VectorRules.noOverlap(vd, v.lmul, vs2, indexEmul) { vectorIllegal(op, h) }
                    if eewBytes < v.sewBytes, !VectorRules.noOverlap(vd, v.lmul, vs2, indexEmul) { vectorIllegal(op, h) }
                } else {
                    let indexSize = indexEmul <= 0 ? 1 : 1 << indexEmul
                    if VectorRules.overlaps(vd, groupSize * nf, vs2, indexSize) { vectorIllegal(op, h) }
                }
            }
        }
        var vl = v.vl
        if v.vstart >= vl { v.finish(); return }
        let base = h.x(op.rs1)
        let stride = mem.mode == .strided ? h.x(op.rs2) : 0
        let maxElements = (v.vlenb << Swift.max(dataEmul, 0)) / dataBytes
        func elementAddress(_ i: Int, _ k: Int) -> UInt64 {
            switch mem.mode {
            case .strided: return base &+ stride &* UInt64(i) &+ UInt64(k * dataBytes)
            case .indexedOrdered, .indexedUnordered:
                return base &+ v.get(Int(op.rs2), i, eewBytes) &+ UInt64(k * dataBytes)
            default: return base &+ UInt64((i * nf + k) * dataBytes)
            }
        }
        if mem.mode == .faultOnlyFirst {
            // Element 0 may trap; a later element that would trap ends vl there.
            for i in Swift.max(v.vstart, 1)..<vl where v.active(i, op.vm) {
                if !readable(m, elementAddress(i, 0), nf * dataBytes) { vl = i; h.pointee.vl = UInt64(i); break }
            }
        }
        if mem.mode == .unit && nf == 1 && op.vm {
            // Contiguous and unmasked: the bytes are the register group's, in order.
            transfer(op, h, m, guest: base &+ UInt64(v.vstart * dataBytes), offset: vd * v.vlenb + v.vstart * dataBytes,
                     elementBytes: dataBytes, firstElement: v.vstart, count: (vl - v.vstart) * dataBytes, store: mem.store)
        } else {
        for i in v.vstart..<vl {
            guard v.active(i, op.vm) else {
                if !mem.store { for k in 0..<nf { v.maskedOff(vd, i + k * maxElements, dataBytes) } }
                continue
            }
            h.pointee.vstart = UInt64(i)
            for k in 0..<nf {
                let a = address(elementAddress(i, k), op, h, store: mem.store)
                if mem.store {
                    store(m, a, dataBytes, v.get(vd, i + k * maxElements, dataBytes))
                } else {
                    v.set(vd, i + k * maxElements, dataBytes, load(m, a, dataBytes))
                }
            }
        }
        }
        h.pointee.vstart = 0
        if !mem.store && v.ta {
            for k in 0..<nf {
                var i = k * maxElements + vl
                while i < (k + 1) * maxElements { v.set(vd, i, dataBytes, .max); i += 1 }
            }
        }
    }

    /// vl<n>re<eew>.v and vs<n>r.v: n whole registers from vstart, ignoring vtype and vl.
    static func whole(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr, _ mem: VectorMemory) {
        let n = mem.fields, log = n == 1 ? 0 : n == 2 ? 1 : n == 4 ? 2 : 3
        guard VectorRules.aligned(Int(op.rd), log) else { vectorIllegal(op, h) }
        let vlenb = Int(h.pointee.vlenb), bytes = mem.eew / 8
        let count = n * vlenb / bytes, first = Int(h.pointee.vstart)
        if first < count {
            transfer(op, h, m, guest: h.x(op.rs1) &+ UInt64(first * bytes), offset: Int(op.rd) * vlenb + first * bytes,
                     elementBytes: bytes, firstElement: first, count: (count - first) * bytes, store: mem.store)
        }
        h.pointee.vstart = 0
    }

    /// vlm.v / vsm.v: ceil(vl / 8) bytes; a load's tail (mask destination) is agnostic.
    static func maskTransfer(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr, _ mem: VectorMemory) {
        guard let v = VectorContext(h) else { vectorIllegal(op, h) }
        let evl = (v.vl + 7) / 8, vd = Int(op.rd)
        if v.vstart >= evl { v.finish(); return }
        let base = h.x(op.rs1)
        for i in v.vstart..<evl {
            h.pointee.vstart = UInt64(i)
            let a = address(base &+ UInt64(i), op, h, store: mem.store)
            if mem.store { store(m, a, 1, v.get(vd, i, 1)) } else { v.set(vd, i, 1, load(m, a, 1)) }
        }
        h.pointee.vstart = 0
        if !mem.store { for i in evl..<v.vlenb { v.set(vd, i, 1, .max) } }
    }
}
