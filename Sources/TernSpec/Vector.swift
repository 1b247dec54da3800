/// The vector extension (RVV 1.0) as data: one `VectorInstruction` per
/// instruction, holding its encoding, operand kinds, class and element
/// semantics (one small function over one element or pair). Generic drivers
/// (the threaded engine's `Sources/TernCore/Vector`, the reference
/// interpreter's `ReferenceVector`) apply a row over SEW, LMUL, vl, vstart,
/// masks and the tail/mask policies; `tern-gen` turns the rows into decoder
/// rows (`vectorInstructionRows`), and the fuzzer draws from them.
///
/// Adding a vector instruction: one row in `vectorArithmeticInstructions`
/// (or a new class with its driver in both executors), `make generate`.

import TernFloat

/// What an element function may read and change besides its operands.
public struct VectorElementContext: Sendable {
    /// The element width in bits of the operation (8, 16, 32, 64; 2·SEW for widening ops).
    public var sew: Int
    /// The fixed-point rounding mode (vxrm).
    public var vxrm: Int
    /// Set by a saturating operation that saturated (ORed into vxsat).
    public var saturated: Bool
    /// The rounding mode of a floating-point row (frm, or the row's static mode).
    public var rm: RoundingMode
    /// Floating-point exception flags raised (ORed into fflags).
    public var fflags: UInt32
    public init(sew: Int, vxrm: Int = 0, rm: RoundingMode = .rne) {
        self.sew = sew; self.vxrm = vxrm; self.saturated = false; self.rm = rm; self.fflags = 0
    }

    /// All ones in the element width.
    @inline(__always) public var ones: UInt64 { sew == 64 ? .max : (1 << UInt64(sew)) &- 1 }
    /// `v` as a signed value of the element width.
    @inline(__always) public func signed(_ v: UInt64) -> Int64 {
        let s = UInt64(64 - sew)
        return Int64(bitPattern: v << s) >> Int64(s)
    }
    /// The most negative and most positive signed values of the element width.
    @inline(__always) public var minSigned: Int64 { sew == 64 ? .min : -(1 << Int64(sew - 1)) }
    @inline(__always) public var maxSigned: Int64 { sew == 64 ? .max : (1 << Int64(sew - 1)) - 1 }
}

/// An element function: `a` is the vs2 element, `b` the vs1 element, x[rs1] or
/// the immediate, `d` the old vd element (multiply-add) or the carry-in bit;
/// operands are zero-extended to 64 bits, the result is truncated to the
/// element width by the driver.
public typealias VectorElementFunction = @Sendable (_ a: UInt64, _ b: UInt64, _ d: UInt64,
                                                    _ c: inout VectorElementContext) -> UInt64

/// Where the second operand of an arithmetic instruction comes from (OP-V funct3).
public enum VectorOperand: String, Sendable {
    /// vs1 (OPIVV, OPMVV).
    case vector
    /// x[rs1] (OPIVX, OPMVX).
    case scalar
    /// The 5-bit immediate, sign-extended (OPIVI).
    case simm
    /// The 5-bit immediate, zero-extended (OPIVI shifts, slides, vrgather.vi, vnclip).
    case uimm
    /// f[rs1] at SEW (OPFVF): its low SEW bits when NaN-boxed, else the canonical NaN.
    case float
    /// No second operand (unary forms).
    case none
}

/// How a widening instruction extends an operand to 2·SEW.
public enum VectorExtend: Sendable, Equatable {
    case signed, unsigned
    /// Already 2·SEW wide (the `.w` forms' vs2).
    case wide
}

/// The memory instruction classes (mop/lumop/sumop of LOAD-FP/STORE-FP).
public enum VectorMemoryMode: Sendable, Equatable {
    case unit, strided, indexedUnordered, indexedOrdered, faultOnlyFirst
    /// vl<n>re<eew>.v / vs<n>r.v: whole registers, ignoring vtype and vl.
    case whole
    /// vlm.v / vsm.v: ceil(vl/8) bytes.
    case mask
}

/// One vector memory instruction's shape.
public struct VectorMemory: Sendable, Equatable {
    public let mode: VectorMemoryMode
    /// The data (unit, strided, whole) or index (indexed) element width in bits.
    public let eew: Int
    /// Fields per segment (1 = no segment), or registers for whole-register forms.
    public let fields: Int
    public let store: Bool
}

/// vsetvli, vsetivli, vsetvl.
public enum VectorConfig: Sendable, Equatable { case vsetvli, vsetivli, vsetvl }

/// The class of a vector instruction: which generic driver applies it.
public enum VectorKind: Sendable {
    /// vd[i] = f(vs2[i], op[i], vd[i]) at SEW.
    case binary
    /// As `binary` with a 2·SEW destination; the operands extended as given (vs2, op).
    case widen(VectorExtend, VectorExtend)
    /// vs2 is 2·SEW wide, the result SEW (f sees `sew` = 2·SEW and its result is truncated).
    case narrow
    /// A mask result bit per element: f returns 0 or 1.
    case compare
    /// vadc/vsbc: f gets the v0 mask bit as `d` (vm = 0 only).
    case carry
    /// vmadc/vmsbc: a mask result; the carry-in is the v0 bit when vm = 0, else 0.
    case carryOut
    /// vmerge (vm = 0: v0 selects op over vs2) and vmv.v.* (vm = 1: op).
    case merge
    /// vd[0] = f(... f(vs1[0], vs2[i]) ...) over the active elements.
    case reduce
    /// As `reduce` with a 2·SEW accumulator; vs2 elements extended as given.
    case widenReduce(VectorExtend)
    /// Mask-register logical operations over vl bits (vd, vs2, vs1 are masks).
    case maskLogical
    /// vzext/vsext.vf2/4/8: vs2 elements of SEW/factor extended.
    case extend(factor: Int, signed: Bool)
    /// vcpop.m, vfirst.m: a count or index into x[rd].
    case maskPopCount, maskFirst
    /// vmsbf.m, vmsif.m, vmsof.m.
    case setBeforeFirst, setIncludingFirst, setOnlyFirst
    /// viota.m, vid.v.
    case iota, elementIndex
    /// vmv.x.s, vmv.s.x (and vfmv.s.f with a `.float` operand).
    case moveToScalar, moveFromScalar
    /// vfmv.f.s: element 0 into f[rd], NaN-boxed.
    case moveToFloat
    case slideUp, slideDown, slide1Up, slide1Down
    /// vrgather.vv/vx/vi and vrgatherei16.vv (16-bit indices).
    case gather, gatherEI16
    case compress
    /// vmv<n>r.v: n whole registers (`n` in the row).
    case wholeMove(Int)
    case config(VectorConfig)
    case memory(VectorMemory)
}

/// One vector instruction.
public struct VectorInstruction: Sendable {
    /// The mnemonic as objdump prints it (`vadd.vv`).
    public let mnemonic: String
    /// The encoding (as `InstructionRow.pattern`).
    public let pattern: String
    /// The operand syntax (a `TernISA.Format` case name).
    public let format: String
    public let kind: VectorKind
    public let operand: VectorOperand
    /// The element semantics (nil for classes that need none: moves, slides, memory...).
    public let function: VectorElementFunction?
    /// The extension (`v`, `zvbb`...).
    public let ext: String
    /// For a floating-point row: the element widths it is legal at and its rounding.
    public let float: VectorFloat?

    public init(_ mnemonic: String, _ pattern: String, _ format: String, _ kind: VectorKind,
                _ operand: VectorOperand = .none, ext: String = "v", float: VectorFloat? = nil,
                _ function: VectorElementFunction? = nil) {
        self.mnemonic = mnemonic; self.pattern = pattern; self.format = format; self.kind = kind
        self.operand = operand; self.function = function; self.ext = ext; self.float = float
    }

    /// The threaded engine op executing the row.
    public var op: String {
        switch kind {
        case .config: "vconfig"
        case .memory: "vmemory"
        default: "varith"
        }
    }

    /// Whether the instruction writes an integer register (vsetvl*, vmv.x.s, vcpop.m, vfirst.m).
    public var writesX: Bool {
        switch kind {
        case .config, .maskPopCount, .maskFirst, .moveToScalar: true
        default: false
        }
    }
}

/// Every vector instruction: configuration, memory, then arithmetic (the
/// `Opcode` order of the vector rows).
public let vectorInstructions: [VectorInstruction] = vectorConfigInstructions + vectorMemoryInstructions
    + vectorArithmeticInstructions

/// The vector rows as decoder rows (appended to `allInstructions`).
public let vectorInstructionRows: [InstructionRow] = vectorInstructions.map { v in
    let selection: Selection = v.writesX ? .effect : .other
    return InstructionRow(v.mnemonic, v.pattern, v.format, v.ext, op: v.op, selection, fuzz: "vector")
}

let vectorConfigInstructions: [VectorInstruction] = [
    VectorInstruction("vsetvli",  "0........... ..... 111 ..... 1010111", "vsetvli", .config(.vsetvli)),
    VectorInstruction("vsetivli", "11.......... ..... 111 ..... 1010111", "vsetivli", .config(.vsetivli)),
    VectorInstruction("vsetvl",   "1000000 ..... ..... 111 ..... 1010111", "reg", .config(.vsetvl)),
]

/// The width field of LOAD-FP/STORE-FP for each element width.
private let widthField = [8: "000", 16: "101", 32: "110", 64: "111"]

private func bits3(_ v: Int) -> String {
    String((0..<3).reversed().map { (v >> $0) & 1 == 1 ? Character("1") : Character("0") })
}

/// Loads and stores: unit-stride, fault-only-first, strided, indexed (ordered
/// and unordered), each with 1…8 segment fields; whole-register and mask forms.
let vectorMemoryInstructions: [VectorInstruction] = {
    var out: [VectorInstruction] = []
    for store in [false, true] {
        let major = store ? "0100111" : "0000111"
        let l = store ? "vs" : "vl"
        for eew in [8, 16, 32, 64] {
            let w = widthField[eew]!
            for nf in 1...8 {
                let seg = nf == 1 ? "" : "seg\(nf)"
                let nfBits = bits3(nf - 1)
                func row(_ name: String, _ mop: String, _ rs2: String, _ format: String, _ mode: VectorMemoryMode) -> VectorInstruction {
                    VectorInstruction(name, "\(nfBits)0\(mop). \(rs2) ..... \(w) ..... \(major)", format,
                                      .memory(VectorMemory(mode: mode, eew: eew, fields: nf, store: store)))
                }
                out.append(row("\(l)\(seg)e\(eew).v", "00", "00000", "vMem", .unit))
                if !store { out.append(row("\(l)\(seg)e\(eew)ff.v", "00", "10000", "vMem", .faultOnlyFirst)) }
                out.append(row("\(l)s\(seg)e\(eew).v", "10", ".....", "vMemStrided", .strided))
                out.append(row("\(l)ux\(seg)ei\(eew).v", "01", ".....", "vMemIndexed", .indexedUnordered))
                out.append(row("\(l)ox\(seg)ei\(eew).v", "11", ".....", "vMemIndexed", .indexedOrdered))
            }
            for n in [1, 2, 4, 8] where !store || eew == 8 {
                let name = store ? "vs\(n)r.v" : "vl\(n)re\(eew).v"
                out.append(VectorInstruction(name, "\(bits3(n - 1))0001 01000 ..... \(w) ..... \(major)", "vMemWhole",
                                             .memory(VectorMemory(mode: .whole, eew: eew, fields: n, store: store))))
            }
        }
        out.append(VectorInstruction(store ? "vsm.v" : "vlm.v", "0000001 01011 ..... 000 ..... \(major)", "vMemWhole",
                                     .memory(VectorMemory(mode: .mask, eew: 8, fields: 1, store: store))))
    }
    return out
}()
