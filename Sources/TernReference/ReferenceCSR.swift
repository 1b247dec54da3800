
// Zicsr in user mode: fflags, frm, fcsr (read-write); cycle, time, instret
// (read-only, number bits 11:10 = 11); with V, vstart, vxsat, vxrm, vcsr
// (read-write) and vl, vtype, vlenb (read-only). Anything else is illegal.

extension ReferenceInterpreter {
    private func readCSR(_ number: Int64) -> UInt64? {
        switch number {
        case 0x001: return UInt64(fflags)
        case 0x002: return UInt64(frm)
        case 0x003: return UInt64(frm << 5 | fflags)
        case 0xC00, 0xC02: return retired
        case 0xC01:
            readNondeterministicState = true
            return clock()
        case 0x008, 0x009, 0x00A, 0x00F, 0xC20, 0xC21, 0xC22:
            guard vector.vlenb > 0 else { return nil }
            switch number {
            case 0x008: return vector.vstart
            case 0x009: return vector.vxsat
            case 0x00A: return vector.vxrm
            case 0x00F: return vector.vxrm << 1 | vector.vxsat
            case 0xC20: return vector.vl
            case 0xC21: return vector.vtype
            default: return UInt64(vector.vlenb)
            }
        default: return nil
        }
    }

    private func writeCSR(_ number: Int64, _ v: UInt64) -> Bool {
        switch number {
        case 0x001: fflags = UInt32(v & 0x1f)
        case 0x002: frm = UInt32(v & 7)
        case 0x003: fflags = UInt32(v & 0x1f); frm = UInt32((v >> 5) & 7)
        // vstart is WARL; qemu keeps the bits of an element index at SEW 8, LMUL 8 (log2 VLEN).
        case 0x008 where vector.vlenb > 0: vector.vstart = v & UInt64(vector.vlenb * 8 - 1)
        case 0x009 where vector.vlenb > 0: vector.vxsat = v & 1
        case 0x00A where vector.vlenb > 0: vector.vxrm = v & 3
        case 0x00F where vector.vlenb > 0: vector.vxsat = v & 1; vector.vxrm = (v >> 1) & 3
        default: return false
        }
        return true
    }

    func executeCSR(_ i: ReferenceInstruction) -> Outcome {
        let immediate = [.csrrwi, .csrrsi, .csrrci].contains(i.opcode)
        let source = immediate ? UInt64(i.rs1) : x[Int(i.rs1)]
        let isWrite = i.opcode == .csrrw || i.opcode == .csrrwi
        // csrrs/csrrc with x0 / zimm 0 do not write (so read-only CSRs are fine).
        let writes = isWrite || i.rs1 != 0
        guard let old = readCSR(i.imm) else { return illegal(i) }
        if writes {
            let new: UInt64
            switch i.opcode {
            case .csrrw, .csrrwi: new = source
            case .csrrs, .csrrsi: new = old | source
            default: new = old & ~source
            }
            guard writeCSR(i.imm, new) else { return illegal(i) }
        }
        setX(i.rd, old, i)
        return .next
    }
}
