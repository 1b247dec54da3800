/// How the native tier runs the common vector shapes as x86-64 AVX2 code (the
/// vector counterpart of `nativeForms`): one row per vector instruction family
/// (the mnemonic before its first dot: `vadd` covers vadd.vv, vadd.vx and
/// vadd.vi). The native tier (Sources/TernCore/Native/NativeVector*.swift)
/// specialises each op on the SEW/LMUL it knows at translation time (the
/// element-wise shapes also masked by v0, blending) and keeps an exit to the
/// threaded driver for everything else (other vl, vstart, vtype; SEWs whose
/// entry is nil). Rows not
/// listed always call the driver.

/// One VEX-encoded 66-prefixed SIMD instruction: opcode map (0F or 0F38), opcode,
/// VEX.W, and the ModRM reg-field extension of the immediate-shift forms.
public struct X86SIMD: Sendable, Equatable {
    public let map: UInt8
    public let opcode: UInt8
    public let w: Bool
    public let ext: UInt8
    /// A 0F-map instruction.
    public static func op(_ opcode: UInt8, ext: UInt8 = 0) -> X86SIMD { X86SIMD(map: 1, opcode: opcode, w: false, ext: ext) }
    /// A 0F38-map instruction.
    public static func op38(_ opcode: UInt8, w: Bool = false) -> X86SIMD { X86SIMD(map: 2, opcode: opcode, w: w, ext: 0) }
}

/// The same instruction at every SEW (bitwise operations).
private func all(_ op: X86SIMD) -> [X86SIMD?] { [op, op, op, op] }

/// The x86 forms by SEW 8, 16, 32, 64 (nil: no AVX2 instruction; the driver runs it).
public typealias X86BySEW = [X86SIMD?]

/// paddb/w/d/q and psubb/w/d/q.
public let x86Add: X86BySEW = [.op(0xfc), .op(0xfd), .op(0xfe), .op(0xd4)]
public let x86Sub: X86BySEW = [.op(0xf8), .op(0xf9), .op(0xfa), .op(0xfb)]
/// pmullw, pmulld (no 8- or 64-bit element multiply in AVX2).
public let x86Mul: X86BySEW = [nil, .op(0xd5), .op38(0x40), nil]

/// pcmpeqb/w/d/q and pcmpgtb/w/d/q (signed greater than).
public let x86CompareEqual: X86BySEW = [.op(0x74), .op(0x75), .op(0x76), .op38(0x29)]
public let x86CompareGreater: X86BySEW = [.op(0x64), .op(0x65), .op(0x66), .op38(0x37)]

/// How a mask-register logical instruction combines vs2's and vs1's bits.
public enum NativeMaskLogic: Sendable { case and, or, xor }

/// What multiply-add computes (`p` is the product).
public enum NativeMultiplyAdd: Sendable {
    /// vmacc: vd + vs1·vs2; vnmsac: vd − vs1·vs2.
    case addToDestination, subtractFromDestination
    /// vmadd: vs1·vd + vs2; vnmsub: vs2 − vs1·vd.
    case addToSource, subtractFromSource
}

/// Which zero results of a floating-point element-wise op are exact (the
/// native fast path takes them; every other result must be a finite normal
/// number above the smallest normal, see `NativeVectorShape.floatLanewise`).
public enum NativeFloatZeros: Sendable {
    /// Every zero: a zero sum or difference of finite values is exact (x − x, ±0 ± ±0).
    case any
    /// A zero product with a zero factor (a zero from nonzero factors underflowed).
    case zeroFactor
    /// None (fused multiply-add: the driver computes them).
    case never
}

/// The shape of a natively compiled vector instruction family.
public enum NativeVectorShape: Sendable {
    /// vd[i] = op(vs2[i], operand) (`swapped`: op(operand, vs2[i])), the operand being
    /// vs1[i], x[rs1] or the immediate broadcast to SEW.
    case lanewise(X86BySEW, swapped: Bool)
    /// Shifts with the amount masked to SEW − 1: by an immediate (`immediate`: the
    /// 0F 71/72/73 form with its extension), by x[rs1] (`count`: the xmm-count form),
    /// by vs1[i] (`variable`: the 0F38 per-element form).
    case shift(immediate: X86BySEW, count: X86BySEW, variable: X86BySEW)
    /// vmacc/vnmsac/vmadd/vnmsub: `multiply` by SEW, then an add or subtract.
    case multiplyAdd(NativeMultiplyAdd)
    /// vmv.v.v/x/i, and vmerge (masked: v0 selects the operand over vs2).
    case move
    /// vid.v: element indices.
    case elementIndex
    /// vsetvli/vsetivli with a legal immediate vtype.
    case configuration
    /// Unit-stride (segments too) and whole-register loads and stores.
    case transfer
    /// vzext/vsext.vf2/4/8: pmovzx/pmovsx, opcode `base` + the index of the
    /// (source, destination) width pair: (8, 16), (8, 32), (8, 64), (16, 32), (16, 64), (32, 64).
    case extend(base: UInt8)
    /// Integer reductions without a mask: the op per SEW folds the group's
    /// chunks, then the halves of one register, then vs1[0] in.
    case reduce(X86BySEW)
    /// Integer compares into a mask register: the x86 compare by SEW of vs2
    /// with the operand (`swapped`: of the operand with vs2), its result
    /// inverted when `negated`; `unsigned` compares flip both sign bits first.
    case compare(X86BySEW, swapped: Bool, negated: Bool, unsigned: Bool)
    /// vmand.mm family: vs2's bits `logic` vs1's (inverted first when
    /// `invertOperand`), the result inverted when `invertResult`.
    case maskLogical(NativeMaskLogic, invertOperand: Bool, invertResult: Bool)
    /// vcpop.m (`first` false: x[rd] = active set bits) and vfirst.m (the index of the first, or -1).
    case maskCount(first: Bool)
    /// Widening shifts (vwsll): vs2 (and vs1) zero-extended to 2·SEW (pmovzx), then
    /// the shift forms by the destination's SEW, as `shift`.
    case widenShift(immediate: X86BySEW, count: X86BySEW, variable: X86BySEW)
    /// Floating point at SEW 32/64 (frm = RNE, NX already accrued): vd = vs2 op
    /// operand (`swapped`: operand op vs2), the operand vs1[i] or f[rs1]; `opcode`
    /// is the 0F-map packed form (ps at SEW 32, 66-prefixed pd at 64). Taken
    /// only when every active result is finite and normal above the smallest
    /// normal, or a zero `zeros` allows (then only NX can arise, and it is set).
    case floatLanewise(opcode: UInt8, swapped: Bool, zeros: NativeFloatZeros)
    /// Fused multiply-add at SEW 32/64 under the same conditions (no zero
    /// results): the 0F38 `opcode` of the x86 231 form (vfmadd/vfmsub/vfnmadd/
    /// vfnmsub231, VEX.W for pd) of the operand times vd's factor plus the
    /// addend: vd itself (`addendIsDestination`, vfmacc family, factor vs2) or
    /// vs2 (vfmadd family, factor vd).
    case floatMultiplyAdd(opcode: UInt8, addendIsDestination: Bool)
    /// vfredosum/vfredusum at SEW 32/64 without a mask: vs1[0] plus each
    /// element of vs2 in element order, one scalar add each, every partial
    /// sum checked as a `floatLanewise` result.
    case floatReduce
    /// vfmv.f.s at SEW 32/64: element 0 of vs2 into f[rd] (NaN-boxed at 32), whatever vl says.
    case floatToScalar
    /// vfwcvt.f.xu.v / vfwcvt.f.x.v at SEW 32: 32-bit integers to binary64 (exact).
    case floatWidenFromInteger(signed: Bool)
    /// vmul: `x86Mul` by SEW, and at SEW 64 (no 64-bit element multiply in
    /// AVX2) the low 64 bits from three 32×32→64 `vpmuludq` products.
    case multiply
    /// vnsrl.wi/.wx at SEW 32: vs2's 64-bit elements shifted (vpsrlq), their low halves.
    case narrowShift
}

/// One family's native shape.
public struct NativeVectorFormRow: Sendable {
    /// The mnemonic before its first dot (`vadd`, `vle32`, `vl2re32`, `vs1r`),
    /// or a whole mnemonic (`vfwcvt.f.xu.v`) for one row of a family.
    public let family: String
    public let shape: NativeVectorShape
    public init(_ family: String, _ shape: NativeVectorShape) { self.family = family; self.shape = shape }
}

/// The native tier's vector forms.
public let nativeVectorForms: [NativeVectorFormRow] = [
    NativeVectorFormRow("vsetvli", .configuration),
    NativeVectorFormRow("vsetivli", .configuration),
    NativeVectorFormRow("vadd", .lanewise(x86Add, swapped: false)),
    NativeVectorFormRow("vsub", .lanewise(x86Sub, swapped: false)),
    NativeVectorFormRow("vrsub", .lanewise(x86Sub, swapped: true)),
    NativeVectorFormRow("vand", .lanewise(all(.op(0xdb)), swapped: false)),
    NativeVectorFormRow("vor", .lanewise(all(.op(0xeb)), swapped: false)),
    NativeVectorFormRow("vxor", .lanewise(all(.op(0xef)), swapped: false)),
    // pandn computes ~first & second: vandn's vs2 & ~operand with the operand first.
    NativeVectorFormRow("vandn", .lanewise(all(.op(0xdf)), swapped: true)),
    NativeVectorFormRow("vminu", .lanewise([.op(0xda), .op38(0x3a), .op38(0x3b), nil], swapped: false)),
    NativeVectorFormRow("vmin", .lanewise([.op38(0x38), .op(0xea), .op38(0x39), nil], swapped: false)),
    NativeVectorFormRow("vmaxu", .lanewise([.op(0xde), .op38(0x3e), .op38(0x3f), nil], swapped: false)),
    NativeVectorFormRow("vmax", .lanewise([.op38(0x3c), .op(0xee), .op38(0x3d), nil], swapped: false)),
    NativeVectorFormRow("vmul", .multiply),
    NativeVectorFormRow("vmulh", .lanewise([nil, .op(0xe5), nil, nil], swapped: false)),
    NativeVectorFormRow("vmulhu", .lanewise([nil, .op(0xe4), nil, nil], swapped: false)),
    NativeVectorFormRow("vsll", .shift(immediate: [nil, .op(0x71, ext: 6), .op(0x72, ext: 6), .op(0x73, ext: 6)],
                                       count: [nil, .op(0xf1), .op(0xf2), .op(0xf3)],
                                       variable: [nil, nil, .op38(0x47), .op38(0x47, w: true)])),
    NativeVectorFormRow("vsrl", .shift(immediate: [nil, .op(0x71, ext: 2), .op(0x72, ext: 2), .op(0x73, ext: 2)],
                                       count: [nil, .op(0xd1), .op(0xd2), .op(0xd3)],
                                       variable: [nil, nil, .op38(0x45), .op38(0x45, w: true)])),
    NativeVectorFormRow("vsra", .shift(immediate: [nil, .op(0x71, ext: 4), .op(0x72, ext: 4), nil],
                                       count: [nil, .op(0xe1), .op(0xe2), nil],
                                       variable: [nil, nil, .op38(0x46), nil])),
    NativeVectorFormRow("vwsll", .widenShift(immediate: [nil, .op(0x71, ext: 6), .op(0x72, ext: 6), .op(0x73, ext: 6)],
                                             count: [nil, .op(0xf1), .op(0xf2), .op(0xf3)],
                                             variable: [nil, nil, .op38(0x47), .op38(0x47, w: true)])),
    NativeVectorFormRow("vzext", .extend(base: 0x30)),
    NativeVectorFormRow("vsext", .extend(base: 0x20)),
    NativeVectorFormRow("vredsum", .reduce(x86Add)),
    NativeVectorFormRow("vredand", .reduce(all(.op(0xdb)))),
    NativeVectorFormRow("vredor", .reduce(all(.op(0xeb)))),
    NativeVectorFormRow("vredxor", .reduce(all(.op(0xef)))),
    NativeVectorFormRow("vredminu", .reduce([.op(0xda), .op38(0x3a), .op38(0x3b), nil])),
    NativeVectorFormRow("vredmin", .reduce([.op38(0x38), .op(0xea), .op38(0x39), nil])),
    NativeVectorFormRow("vredmaxu", .reduce([.op(0xde), .op38(0x3e), .op38(0x3f), nil])),
    NativeVectorFormRow("vredmax", .reduce([.op38(0x3c), .op(0xee), .op38(0x3d), nil])),
    NativeVectorFormRow("vmacc", .multiplyAdd(.addToDestination)),
    NativeVectorFormRow("vnmsac", .multiplyAdd(.subtractFromDestination)),
    NativeVectorFormRow("vmadd", .multiplyAdd(.addToSource)),
    NativeVectorFormRow("vnmsub", .multiplyAdd(.subtractFromSource)),
    NativeVectorFormRow("vmseq", .compare(x86CompareEqual, swapped: false, negated: false, unsigned: false)),
    NativeVectorFormRow("vmsne", .compare(x86CompareEqual, swapped: false, negated: true, unsigned: false)),
    // vs2 < op as op > vs2; vs2 <= op as !(vs2 > op).
    NativeVectorFormRow("vmsltu", .compare(x86CompareGreater, swapped: true, negated: false, unsigned: true)),
    NativeVectorFormRow("vmslt", .compare(x86CompareGreater, swapped: true, negated: false, unsigned: false)),
    NativeVectorFormRow("vmsleu", .compare(x86CompareGreater, swapped: false, negated: true, unsigned: true)),
    NativeVectorFormRow("vmsle", .compare(x86CompareGreater, swapped: false, negated: true, unsigned: false)),
    NativeVectorFormRow("vmsgtu", .compare(x86CompareGreater, swapped: false, negated: false, unsigned: true)),
    NativeVectorFormRow("vmsgt", .compare(x86CompareGreater, swapped: false, negated: false, unsigned: false)),
    NativeVectorFormRow("vmand", .maskLogical(.and, invertOperand: false, invertResult: false)),
    NativeVectorFormRow("vmnand", .maskLogical(.and, invertOperand: false, invertResult: true)),
    NativeVectorFormRow("vmandn", .maskLogical(.and, invertOperand: true, invertResult: false)),
    NativeVectorFormRow("vmor", .maskLogical(.or, invertOperand: false, invertResult: false)),
    NativeVectorFormRow("vmnor", .maskLogical(.or, invertOperand: false, invertResult: true)),
    NativeVectorFormRow("vmorn", .maskLogical(.or, invertOperand: true, invertResult: false)),
    NativeVectorFormRow("vmxor", .maskLogical(.xor, invertOperand: false, invertResult: false)),
    NativeVectorFormRow("vmxnor", .maskLogical(.xor, invertOperand: false, invertResult: true)),
    NativeVectorFormRow("vcpop", .maskCount(first: false)),
    NativeVectorFormRow("vfirst", .maskCount(first: true)),
    NativeVectorFormRow("vmv", .move),
    NativeVectorFormRow("vmerge", .move),
    NativeVectorFormRow("vid", .elementIndex),
    NativeVectorFormRow("vnsrl", .narrowShift),
] + floatForms + transferForms

/// Vector floating point: addps/pd (58), mulps/pd (59), subps/pd (5C), divps/pd (5E), and the
/// FMA3 231 forms: vfmadd (B8: a·b + c), vfmsub (BA: a·b − c), vfnmadd
/// (BC: −a·b + c), vfnmsub (BE: −a·b − c).
private let floatForms: [NativeVectorFormRow] = [
    NativeVectorFormRow("vfadd", .floatLanewise(opcode: 0x58, swapped: false, zeros: .any)),
    NativeVectorFormRow("vfsub", .floatLanewise(opcode: 0x5c, swapped: false, zeros: .any)),
    NativeVectorFormRow("vfrsub", .floatLanewise(opcode: 0x5c, swapped: true, zeros: .any)),
    NativeVectorFormRow("vfmul", .floatLanewise(opcode: 0x59, swapped: false, zeros: .zeroFactor)),
    NativeVectorFormRow("vfdiv", .floatLanewise(opcode: 0x5e, swapped: false, zeros: .never)),
    NativeVectorFormRow("vfrdiv", .floatLanewise(opcode: 0x5e, swapped: true, zeros: .never)),
    NativeVectorFormRow("vfmacc", .floatMultiplyAdd(opcode: 0xb8, addendIsDestination: true)),
    NativeVectorFormRow("vfnmacc", .floatMultiplyAdd(opcode: 0xbe, addendIsDestination: true)),
    NativeVectorFormRow("vfmsac", .floatMultiplyAdd(opcode: 0xba, addendIsDestination: true)),
    NativeVectorFormRow("vfnmsac", .floatMultiplyAdd(opcode: 0xbc, addendIsDestination: true)),
    NativeVectorFormRow("vfmadd", .floatMultiplyAdd(opcode: 0xb8, addendIsDestination: false)),
    NativeVectorFormRow("vfnmadd", .floatMultiplyAdd(opcode: 0xbe, addendIsDestination: false)),
    NativeVectorFormRow("vfmsub", .floatMultiplyAdd(opcode: 0xba, addendIsDestination: false)),
    NativeVectorFormRow("vfnmsub", .floatMultiplyAdd(opcode: 0xbc, addendIsDestination: false)),
    NativeVectorFormRow("vfredosum", .floatReduce),
    NativeVectorFormRow("vfredusum", .floatReduce),
    NativeVectorFormRow("vfmv", .floatToScalar),
    NativeVectorFormRow("vfwcvt.f.xu.v", .floatWidenFromInteger(signed: false)),
    NativeVectorFormRow("vfwcvt.f.x.v", .floatWidenFromInteger(signed: true)),
]

/// Unit-stride loads and stores (1 to 8 fields) and whole-register transfers.
private let transferForms: [NativeVectorFormRow] = {
    var names: [String] = []
    for eew in [8, 16, 32, 64] {
        names += ["vle\(eew)", "vse\(eew)"]
        for nf in 2...8 { names += ["vlseg\(nf)e\(eew)", "vsseg\(nf)e\(eew)"] }
        for n in [1, 2, 4, 8] { names.append("vl\(n)re\(eew)") }
    }
    for n in [1, 2, 4, 8] { names.append("vs\(n)r") }
    return names.map { NativeVectorFormRow($0, .transfer) }
}()
