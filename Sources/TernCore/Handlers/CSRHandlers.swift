import CoreGlue
import CoreGlue.ThreadedGlue
#if canImport(Glibc)
import Glibc
#endif

// Zicsr for user mode: fflags, frm, fcsr, cycle, time, instret.
// Op layout: aux low 16 bits = CSR number, imm = zimm (immediate forms), rs1 =
// source register (x0 for immediate forms), rs2 = 1 when the instruction writes.

/// User-mode CSR numbers.
enum CSR {
    static let fflags: UInt32 = 0x001, frm: UInt32 = 0x002, fcsr: UInt32 = 0x003
    static let cycle: UInt32 = 0xC00, time: UInt32 = 0xC01, instret: UInt32 = 0xC02
    static let vstart: UInt32 = 0x008, vxsat: UInt32 = 0x009, vxrm: UInt32 = 0x00A, vcsr: UInt32 = 0x00F
    static let vl: UInt32 = 0xC20, vtype: UInt32 = 0xC21, vlenb: UInt32 = 0xC22
    /// The V extension's CSRs (illegal without V).
    static let vector: Set<UInt32> = [vstart, vxsat, vxrm, vcsr, vl, vtype, vlenb]
}

/// Reads a CSR, or nil when it does not exist in user mode.
@inline(never)
func csrRead(_ csr: UInt32, _ op: OpPtr, _ h: HartPtr) -> UInt64? {
    switch csr {
    case CSR.fflags: return UInt64(h.pointee.fflags)
    case CSR.frm: return UInt64(h.pointee.frm)
    case CSR.fcsr: return UInt64(h.pointee.frm << 5 | h.pointee.fflags)
    case CSR.cycle, CSR.instret: return h.pointee.retired &+ UInt64(op.pointee.aux >> 16)
    case CSR.time:
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        // 10 MHz timebase, as on QEMU's virt machine.
        return UInt64(ts.tv_sec) &* 10_000_000 &+ UInt64(ts.tv_nsec) / 100
    case CSR.vstart: return h.pointee.vstart
    case CSR.vxsat: return UInt64(h.pointee.vxsat)
    case CSR.vxrm: return UInt64(h.pointee.vxrm)
    case CSR.vcsr: return UInt64(h.pointee.vxrm << 1 | h.pointee.vxsat)
    case CSR.vl: return h.pointee.vl
    case CSR.vtype: return h.pointee.vtype
    case CSR.vlenb: return UInt64(h.pointee.vlenb)
    default: return nil
    }
}

/// Writes a CSR; false when it is read-only or does not exist.
@inline(never)
func csrWrite(_ csr: UInt32, _ value: UInt64, _ h: HartPtr) -> Bool {
    switch csr {
    case CSR.fflags: h.pointee.fflags = UInt32(value & 0x1f)
    case CSR.frm: h.pointee.frm = UInt32(value & 7)
    case CSR.fcsr:
        h.pointee.fflags = UInt32(value & 0x1f)
        h.pointee.frm = UInt32((value >> 5) & 7)
    case CSR.vstart:
        // WARL: as many bits as an element index at SEW = 8, LMUL = 8 needs (qemu).
        h.pointee.vstart = value & (UInt64(h.pointee.vlenb) * 8 - 1)
    case CSR.vxsat: h.pointee.vxsat = UInt32(value & 1)
    case CSR.vxrm: h.pointee.vxrm = UInt32(value & 3)
    case CSR.vcsr:
        h.pointee.vxsat = UInt32(value & 1)
        h.pointee.vxrm = UInt32((value >> 1) & 3)
    default: return false
    }
    return true
}

@inline(__always)
private func csrOp(_ op: OpPtr, _ h: HartPtr, _ combine: (UInt64, UInt64) -> UInt64) {
    let csr = op.pointee.aux & 0xffff
    if _slowPath(h.pointee.vectorOff != 0), CSR.vector.contains(csr) { illegalCSR(op, h) }
    let source = h.x(op.rs1) | op.uimm
    guard let old = csrRead(csr, op, h) else { illegalCSR(op, h) }
    if op.rs2 != 0, !csrWrite(csr, combine(old, source), h) { illegalCSR(op, h) }
    h.setX(op.rd, old)
}

@inline(never)
private func illegalCSR(_ op: OpPtr, _ h: HartPtr) -> Never {
    trap(op, h, TernExitIllegal, op.pointee.pc)
}

@_silgen_name("tern_exec_csrrw") func exec_csrrw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { csrOp(op, h) { _, s in s } }
@_silgen_name("tern_exec_csrrs") func exec_csrrs(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { csrOp(op, h) { $0 | $1 } }
@_silgen_name("tern_exec_csrrc") func exec_csrrc(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { csrOp(op, h) { $0 & ~$1 } }

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let csrHandlerGroup = HandlerGroup(handlers: tern_handlers_CSR, names: tern_names_CSR)
