import CoreGlue
import CoreGlue.ThreadedGlue

// Loads and stores through the hart's data TLB (bare-metal mode with address
// translation; the Linux personality never selects these ops). The virtual
// address is x[rs1] + imm; a TLB hit adds the entry's host delta, a miss asks
// the personality (`TernHart.tlbMiss`), which fills the TLB or reports a trap.
// An access that crosses a page boundary translates both pages before touching
// either, so a fault on the second page leaves memory unchanged.

@inline(__always) private func sx<T: BinaryInteger>(_ v: T) -> UInt64 { UInt64(bitPattern: Int64(v)) }

/// Host address of the guest virtual address `a` for an access of `size` bytes
/// that stays within one page.
@inline(__always)
private func tlbHost(_ op: OpPtr, _ h: HartPtr, _ a: UInt64, size: Int, write: Bool) -> UnsafeMutableRawPointer {
    let page = a >> 12
    let entry = h.pointee.tlb.advanced(by: Int(truncatingIfNeeded: page) & Int(TERN_TLB_SIZE - 1))
    let tag = write ? entry.pointee.writePage : entry.pointee.readPage
    if _fastPath(tag == page) {
        return UnsafeMutableRawPointer(bitPattern: Int(bitPattern: UInt(a)) &+ Int(entry.pointee.addend))!
    }
    return tlbMiss(op, h, a, size: size, write: write)
}

/// The slow path: asks the personality; traps when it refuses the access.
@inline(never)
private func tlbMiss(_ op: OpPtr, _ h: HartPtr, _ a: UInt64, size: Int, write: Bool) -> UnsafeMutableRawPointer {
    h.pointee.curOp = op
    var addend: Int64 = 0
    let refused = h.pointee.tlbMiss(h.pointee.tlbContext, a, UInt32(size), write ? 1 : 0, &addend)
    if refused != 0 { trap(op, h, write ? TernExitStoreFault : TernExitLoadFault, a) }
    return UnsafeMutableRawPointer(bitPattern: Int(bitPattern: UInt(a)) &+ Int(addend))!
}

/// Bytes of an access of `size` bytes at `a` that lie in its first page.
@inline(__always) private func firstPart(_ a: UInt64, _ size: Int) -> Int { Int(4096 - (a & 4095)) }

/// Loads a `T` at the virtual address `x[rs1] + imm`.
@inline(__always)
func translatedLoad<T: FixedWidthInteger>(_ op: OpPtr, _ h: HartPtr, _: T.Type) -> T {
    let a = h.x(op.rs1) &+ op.uimm
    let size = MemoryLayout<T>.size
    h.pointee.curOp = op
    if _fastPath(a & 4095 <= UInt64(4096 - size)) {
        return tlbHost(op, h, a, size: size, write: false).loadUnaligned(as: T.self)
    }
    return crossingLoad(op, h, a, T.self)
}

/// A load split over two pages.
@inline(never)
private func crossingLoad<T: FixedWidthInteger>(_ op: OpPtr, _ h: HartPtr, _ a: UInt64, _: T.Type) -> T {
    let size = MemoryLayout<T>.size, first = firstPart(a, size)
    let low = tlbHost(op, h, a, size: first, write: false)
    let high = tlbHost(op, h, a &+ UInt64(first), size: size - first, write: false)
    var value: UInt64 = 0
    for i in 0 ..< size {
        let byte = i < first ? low.load(fromByteOffset: i, as: UInt8.self) : high.load(fromByteOffset: i - first, as: UInt8.self)
        value |= UInt64(byte) << (8 * UInt64(i))
    }
    return T(truncatingIfNeeded: value)
}

/// Stores the low bytes of `v` at the virtual address `x[rs1] + imm`.
@inline(__always)
func translatedStore<T: FixedWidthInteger>(_ op: OpPtr, _ h: HartPtr, _ v: T) {
    let a = h.x(op.rs1) &+ op.uimm
    let size = MemoryLayout<T>.size
    h.pointee.curOp = op
    if _fastPath(a & 4095 <= UInt64(4096 - size)) {
        tlbHost(op, h, a, size: size, write: true).storeBytes(of: v, as: T.self)
        return
    }
    crossingStore(op, h, a, UInt64(truncatingIfNeeded: v), size: size)
}

/// A store split over two pages: both are translated before either is written.
@inline(never)
private func crossingStore(_ op: OpPtr, _ h: HartPtr, _ a: UInt64, _ v: UInt64, size: Int) {
    let first = firstPart(a, size)
    let low = tlbHost(op, h, a, size: first, write: true)
    let high = tlbHost(op, h, a &+ UInt64(first), size: size - first, write: true)
    for i in 0 ..< size {
        let byte = UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))
        if i < first { low.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) } else {
            high.storeBytes(of: byte, toByteOffset: i - first, as: UInt8.self)
        }
    }
}

@inline(__always) @_silgen_name("tern_exec_vlb") func exec_vlb(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, sx(translatedLoad(op, h, Int8.self))) }
@inline(__always) @_silgen_name("tern_exec_vlh") func exec_vlh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, sx(translatedLoad(op, h, Int16.self))) }
@inline(__always) @_silgen_name("tern_exec_vlw") func exec_vlw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, sx(translatedLoad(op, h, Int32.self))) }
@inline(__always) @_silgen_name("tern_exec_vld") func exec_vld(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, translatedLoad(op, h, UInt64.self)) }
@inline(__always) @_silgen_name("tern_exec_vlbu") func exec_vlbu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, UInt64(translatedLoad(op, h, UInt8.self))) }
@inline(__always) @_silgen_name("tern_exec_vlhu") func exec_vlhu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, UInt64(translatedLoad(op, h, UInt16.self))) }
@inline(__always) @_silgen_name("tern_exec_vlwu") func exec_vlwu(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setX(op.rd, UInt64(translatedLoad(op, h, UInt32.self))) }

@inline(__always) @_silgen_name("tern_exec_vsb") func exec_vsb(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { translatedStore(op, h, UInt8(truncatingIfNeeded: h.x(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_vsh") func exec_vsh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { translatedStore(op, h, UInt16(truncatingIfNeeded: h.x(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_vsw") func exec_vsw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { translatedStore(op, h, UInt32(truncatingIfNeeded: h.x(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_vsd") func exec_vsd(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { translatedStore(op, h, h.x(op.rs2)) }

@inline(__always) @_silgen_name("tern_exec_vflw") func exec_vflw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, 0xffff_ffff_0000_0000 | UInt64(translatedLoad(op, h, UInt32.self)))
}
@inline(__always) @_silgen_name("tern_exec_vfld") func exec_vfld(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { h.setF(op.rd, translatedLoad(op, h, UInt64.self)) }
@inline(__always) @_silgen_name("tern_exec_vfsw") func exec_vfsw(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { translatedStore(op, h, UInt32(truncatingIfNeeded: h.f(op.rs2))) }
@inline(__always) @_silgen_name("tern_exec_vfsd") func exec_vfsd(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { translatedStore(op, h, h.f(op.rs2)) }
@inline(__always) @_silgen_name("tern_exec_vflh") func exec_vflh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    h.setF(op.rd, 0xffff_ffff_ffff_0000 | UInt64(translatedLoad(op, h, UInt16.self)))
}
@inline(__always) @_silgen_name("tern_exec_vfsh") func exec_vfsh(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) { translatedStore(op, h, UInt16(truncatingIfNeeded: h.f(op.rs2))) }

/// Direct loads and stores and their translated forms (the translator swaps
/// them while `Translator.addressTranslation` is set).
let translatedMemoryOps: [TernOpID: TernOpID] = [
    TernOp_lb: TernOp_vlb, TernOp_lh: TernOp_vlh, TernOp_lw: TernOp_vlw, TernOp_ld: TernOp_vld,
    TernOp_lbu: TernOp_vlbu, TernOp_lhu: TernOp_vlhu, TernOp_lwu: TernOp_vlwu,
    TernOp_sb: TernOp_vsb, TernOp_sh: TernOp_vsh, TernOp_sw: TernOp_vsw, TernOp_sd: TernOp_vsd,
    TernOp_flw: TernOp_vflw, TernOp_fld: TernOp_vfld, TernOp_fsw: TernOp_vfsw, TernOp_fsd: TernOp_vfsd,
    TernOp_flh: TernOp_vflh, TernOp_fsh: TernOp_vfsh,
]

/// This file's tail-call stubs (see memoryHandlerGroup).
let translatedMemoryHandlerGroup = HandlerGroup(handlers: tern_handlers_TranslatedMemory, names: tern_names_TranslatedMemory)
