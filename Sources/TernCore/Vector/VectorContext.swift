import CoreGlue
import JITRuntime
import TernSpec

/// Constants and whole-state operations of the V extension's hart state.
public enum VectorState {
    /// vtype's vill bit (XLEN - 1).
    public static let vill: UInt64 = 1 << 63
}

extension Hart {
    /// Copies vl, vtype, vstart, vxrm, vxsat and v0…v31 from `other`.
    public func copyVectorState(from other: Hart) {
        state.pointee.vl = other.state.pointee.vl
        state.pointee.vtype = other.state.pointee.vtype
        state.pointee.vstart = other.state.pointee.vstart
        state.pointee.vxrm = other.state.pointee.vxrm
        state.pointee.vxsat = other.state.pointee.vxsat
        vectorRegisterFile.copyMemory(from: UnsafeRawPointer(other.vectorRegisterFile), byteCount: 32 * Int(TERN_VLENB_MAX))
    }

    /// The vector register file: register n at byte n * vlenb.
    public var vectorRegisterFile: UnsafeMutableRawPointer { UnsafeMutableRawPointer(state) + Int(TernHartVOffset) }

    /// Whether the vector state differs from a fresh hart's (vtype vill, vl, vstart,
    /// vxrm, vxsat and v0-v31 zero): how "this thread has used V" shows in the state
    /// (Linux gives a thread a V context, and its signal frames the V record, from its
    /// first vector instruction on; a program that only read vlenb is not seen).
    public var vectorStateUsed: Bool {
        let s = state.pointee
        if s.vtype != VectorState.vill || s.vl != 0 || s.vstart != 0 || s.vxrm != 0 || s.vxsat != 0 { return true }
        return UnsafeRawBufferPointer(start: vectorRegisterFile, count: 32 * vlenb).contains { $0 != 0 }
    }

    /// VLEN / 8 of this hart's CPU model.
    public var vlenb: Int { Int(state.pointee.vlenb) }

    /// Whether this hart may run vector instructions and access the vector CSRs
    /// (Linux keeps it per thread: prctl(PR_RISCV_V_SET_CONTROL)); when false they
    /// raise an illegal-instruction stop, as a CPU model without V would, while
    /// other harts of the machine run the same translations with V.
    public var vectorEnabled: Bool {
        get { state.pointee.vectorOff == 0 }
        set { state.pointee.vectorOff = newValue ? 0 : 1 }
    }

    /// The bytes of vector register `n` (vlenb of them).
    public func vectorRegister(_ n: Int) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: vectorRegisterFile + (n & 31) * vlenb, count: vlenb))
    }

    /// Sets vector register `n` from `bytes` (at most vlenb).
    public func setVectorRegister(_ n: Int, _ bytes: [UInt8]) {
        let p = vectorRegisterFile + (n & 31) * vlenb
        for (i, b) in bytes.prefix(vlenb).enumerated() { p.storeBytes(of: b, toByteOffset: i, as: UInt8.self) }
    }
}

/// One vector instruction's view of the hart: the decoded vtype, vl, vstart
/// and the register file, with element and mask accessors and the policies.
struct VectorContext {
    let h: HartPtr
    let file: UnsafeMutableRawPointer
    let vlenb: Int
    /// SEW in bytes and bits.
    let sewBytes: Int
    var sew: Int { sewBytes * 8 }
    /// log2(LMUL), -3...3.
    let lmul: Int
    let vl: Int
    let vstart: Int
    /// Tail and mask agnostic (agnostic elements are filled with ones, as qemu does).
    let ta: Bool, ma: Bool

    /// Nil when vtype is illegal (vill).
    init?(_ h: HartPtr) {
        let vtype = h.pointee.vtype
        guard vtype & VectorState.vill == 0 else { return nil }
        self.h = h
        file = UnsafeMutableRawPointer(h) + Int(TernHartVOffset)
        vlenb = Int(h.pointee.vlenb)
        sewBytes = 1 << Int((vtype >> 3) & 7)
        let l = Int(vtype & 7)
        lmul = l >= 4 ? l - 8 : l
        vl = Int(h.pointee.vl)
        vstart = Int(h.pointee.vstart)
        ta = vtype & 0x40 != 0
        ma = vtype & 0x80 != 0
    }

    /// Elements of `bytes` in a group of 2^emul registers (VLMAX at that width).
    func maxElements(bytes: Int, emul: Int) -> Int {
        emul >= 0 ? (vlenb / bytes) << emul : (vlenb / bytes) >> -emul
    }
    var vlmax: Int { maxElements(bytes: sewBytes, emul: lmul) }

    /// The elements a destination of `bytes` per element and group 2^emul holds,
    /// tail included (a fractional group fills its whole register, as qemu does).
    func totalElements(bytes: Int, emul: Int) -> Int { (vlenb << Swift.max(emul, 0)) / bytes }

    @inline(__always) private func offset(_ reg: Int, _ i: Int, _ bytes: Int) -> Int? {
        let o = reg * vlenb + i * bytes
        return o >= 0 && o + bytes <= 32 * vlenb ? o : nil
    }

    @inline(__always) func get(_ reg: Int, _ i: Int, _ bytes: Int) -> UInt64 {
        guard let o = offset(reg, i, bytes) else { return 0 }
        switch bytes {
        case 1: return UInt64(file.load(fromByteOffset: o, as: UInt8.self))
        case 2: return UInt64(file.loadUnaligned(fromByteOffset: o, as: UInt16.self))
        case 4: return UInt64(file.loadUnaligned(fromByteOffset: o, as: UInt32.self))
        default: return file.loadUnaligned(fromByteOffset: o, as: UInt64.self)
        }
    }

    @inline(__always) func set(_ reg: Int, _ i: Int, _ bytes: Int, _ v: UInt64) {
        guard let o = offset(reg, i, bytes) else { return }
        switch bytes {
        case 1: file.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: o, as: UInt8.self)
        case 2: file.storeBytes(of: UInt16(truncatingIfNeeded: v), toByteOffset: o, as: UInt16.self)
        case 4: file.storeBytes(of: UInt32(truncatingIfNeeded: v), toByteOffset: o, as: UInt32.self)
        default: file.storeBytes(of: v, toByteOffset: o, as: UInt64.self)
        }
    }

    /// Mask bit `i` of register `reg`.
    @inline(__always) func mask(_ reg: Int, _ i: Int) -> Bool {
        guard i >= 0, i < vlenb * 8 else { return false }
        return file.load(fromByteOffset: reg * vlenb + i >> 3, as: UInt8.self) >> UInt8(i & 7) & 1 == 1
    }

    @inline(__always) func setMask(_ reg: Int, _ i: Int, _ v: Bool) {
        guard i >= 0, i < vlenb * 8 else { return }
        let o = reg * vlenb + i >> 3
        var byte = file.load(fromByteOffset: o, as: UInt8.self)
        byte = v ? byte | 1 << UInt8(i & 7) : byte & ~(1 << UInt8(i & 7))
        file.storeBytes(of: byte, toByteOffset: o, as: UInt8.self)
    }

    /// Whether element `i` is active under vm (vm = 1: unmasked).
    @inline(__always) func active(_ i: Int, _ vm: Bool) -> Bool { vm || mask(0, i) }

    /// A masked-off destination element: ones when mask-agnostic, else kept.
    @inline(__always) func maskedOff(_ reg: Int, _ i: Int, _ bytes: Int) {
        if ma { set(reg, i, bytes, .max) }
    }

    /// Tail elements [from, total) of a destination group: ones when tail-agnostic.
    func fillTail(_ reg: Int, from: Int, bytes: Int, emul: Int) {
        guard ta else { return }
        // The bytes of elements [from, total) inside the file, set at once: element by
        // element this was most of a short vmv.v.x or vadd (a memset's tail of 200+ bytes).
        let start = reg * vlenb + from * bytes
        let end = Swift.min(reg * vlenb + totalElements(bytes: bytes, emul: emul) * bytes, 32 * vlenb)
        guard from >= 0, end > start else { return }
        (file + start).initializeMemory(as: UInt8.self, repeating: 0xff, count: end - start)
    }

    /// Tail of a mask destination: bits [from, VLEN) set (mask results are always tail-agnostic).
    func fillMaskTail(_ reg: Int, from: Int) {
        var i = from
        while i < vlenb * 8 { setMask(reg, i, true); i += 1 }
    }

    func finish() { h.pointee.vstart = 0 }
}

/// Register-group rules (V spec 5.2, 5.3; as qemu checks them at translation).
enum VectorRules {
    /// `reg` is a multiple of the group size 2^emul.
    static func aligned(_ reg: Int, _ emul: Int) -> Bool { emul <= 0 || reg & ((1 << emul) - 1) == 0 }

    static func overlaps(_ a: Int, _ aSize: Int, _ b: Int, _ bSize: Int) -> Bool {
        a < b + bSize && b < a + aSize
    }

    /// qemu's require_noover: a destination group may overlap a narrower source
    /// only in the source's highest-numbered part (rule 3), never otherwise.
    static func noOverlap(_ dst: Int, _ dstEmul: Int, _ src: Int, _ srcEmul: Int) -> Bool {
        let dstSize = dstEmul <= 0 ? 1 : 1 << dstEmul, srcSize = srcEmul <= 0 ? 1 : 1 << srcEmul
        if dstSize > srcSize, dst < src, srcEmul >= 0, overlaps(dst, dstSize, src, srcSize),
           !overlaps(dst, dstSize, src + srcSize, srcSize) {
            return true
        }
        return !overlaps(dst, dstSize, src, srcSize)
    }
}

extension VectorRules {
    /// qemu's vext_check_input_eew: under a mask (vm = 0) no vector source
    /// (EEW ≠ 1) may be v0, and two sources of different EEW may not overlap.
    /// Sources are (register, EMUL, EEW in bytes); nil entries are absent.
    static func inputsLegal(vm: Bool, _ a: (Int, Int, Int)?, _ b: (Int, Int, Int)?) -> Bool {
        if !vm, a?.0 == 0 || b?.0 == 0 { return false }
        if let a, let b, a.2 != b.2,
           overlaps(a.0, 1 << Swift.max(a.1, 0), b.0, 1 << Swift.max(b.1, 0)) { return false }
        return true
    }
}

/// Ends the run with an illegal-instruction stop at `op`.
@inline(never)
func vectorIllegal(_ op: OpPtr, _ h: HartPtr) -> Never {
    trap(op, h, TernExitIllegal, op.pointee.pc)
}

/// Stops at `op` with an illegal instruction when V is off for the hart
/// (`Hart.vectorEnabled`): the first thing every vector op's driver does.
@inline(__always)
func requireVector(_ op: OpPtr, _ h: HartPtr) {
    if _slowPath(h.pointee.vectorOff != 0) { vectorIllegal(op, h) }
}
