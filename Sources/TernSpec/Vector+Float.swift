/// The OP-V floating-point rows (OPFVV funct3 001, OPFVF funct3 101; V spec
/// 13, 14.3, 14.4, 16.2, 16.3): arithmetic, widening, fused multiply-add,
/// estimates, min/max, sign injection, compares, classify, merge and moves,
/// conversions, reductions and the slide1 forms. Element semantics in
/// VectorFloatElements.swift; which SEWs are legal in `VectorFloat`.

extension VectorForm {
    static let fvv = VectorForm("vv", "001", .vector), fvf = VectorForm("vf", "101", .float)
    static let fwv = VectorForm("wv", "001", .vector), fwf = VectorForm("wf", "101", .float)
    static let fvs = VectorForm("vs", "001", .vector)
    static let fmac = VectorForm("vv", "001", .vector, "vMulAdd"), fmacf = VectorForm("vf", "101", .float, "vMulAdd")
}

/// The rows of one funct6 in several OPF forms.
private func frows(_ name: String, _ funct6: String, _ forms: [VectorForm], _ kind: VectorKind, _ float: VectorFloat,
                   _ f: VectorElementFunction? = nil) -> [VectorInstruction] {
    forms.map { form in
        VectorInstruction("\(name).\(form.suffix)", "\(funct6) \(form.vm) ..... ..... \(form.funct3) ..... 1010111",
                          form.format, kind, form.operand, float: float, f)
    }
}

/// A VFUNARY0/VFUNARY1 row (funct3 001, the vs1 field selects the operation).
private func unary(_ name: String, _ funct6: String, _ vs1: String, _ kind: VectorKind, _ float: VectorFloat,
                   _ f: @escaping VectorElementFunction) -> VectorInstruction {
    VectorInstruction(name, "\(funct6) . ..... \(vs1) 001 ..... 1010111", "vUnary", kind, .none, float: float, f)
}

let vectorFloatInstructions: [VectorInstruction] = [
    frows("vfadd", "000000", [.fvv, .fvf], .binary, .single, FloatElement.add.function),
    frows("vfsub", "000010", [.fvv, .fvf], .binary, .single, FloatElement.sub.function),
    frows("vfrsub", "100111", [.fvf], .binary, .single, FloatElement.rsub.function),
    frows("vfmul", "100100", [.fvv, .fvf], .binary, .single, FloatElement.mul.function),
    frows("vfdiv", "100000", [.fvv, .fvf], .binary, .single, FloatElement.div.function),
    frows("vfrdiv", "100001", [.fvf], .binary, .single, FloatElement.rdiv.function),
    frows("vfmin", "000100", [.fvv, .fvf], .binary, .single, FloatElement.min.function),
    frows("vfmax", "000110", [.fvv, .fvf], .binary, .single, FloatElement.max.function),
    frows("vfsgnj", "001000", [.fvv, .fvf], .binary, .single, FloatElement.sgnj.function),
    frows("vfsgnjn", "001001", [.fvv, .fvf], .binary, .single, FloatElement.sgnjn.function),
    frows("vfsgnjx", "001010", [.fvv, .fvf], .binary, .single, FloatElement.sgnjx.function),
    frows("vfmadd", "101000", [.fmac, .fmacf], .binary, .single, FloatElement.madd.function),
    frows("vfnmadd", "101001", [.fmac, .fmacf], .binary, .single, FloatElement.nmadd.function),
    frows("vfmsub", "101010", [.fmac, .fmacf], .binary, .single, FloatElement.msub.function),
    frows("vfnmsub", "101011", [.fmac, .fmacf], .binary, .single, FloatElement.nmsub.function),
    frows("vfmacc", "101100", [.fmac, .fmacf], .binary, .single, FloatElement.macc.function),
    frows("vfnmacc", "101101", [.fmac, .fmacf], .binary, .single, FloatElement.nmacc.function),
    frows("vfmsac", "101110", [.fmac, .fmacf], .binary, .single, FloatElement.msac.function),
    frows("vfnmsac", "101111", [.fmac, .fmacf], .binary, .single, FloatElement.nmsac.function),
    // Widening: 2·SEW = SEW op SEW, and the .w forms 2·SEW = 2·SEW op SEW.
    frows("vfwadd", "110000", [.fvv, .fvf], .widen(.unsigned, .unsigned), .widening, FloatElement.add.widening(wideA: false)),
    frows("vfwsub", "110010", [.fvv, .fvf], .widen(.unsigned, .unsigned), .widening, FloatElement.sub.widening(wideA: false)),
    frows("vfwadd", "110100", [.fwv, .fwf], .widen(.wide, .unsigned), .widening, FloatElement.add.widening(wideA: true)),
    frows("vfwsub", "110110", [.fwv, .fwf], .widen(.wide, .unsigned), .widening, FloatElement.sub.widening(wideA: true)),
    frows("vfwmul", "111000", [.fvv, .fvf], .widen(.unsigned, .unsigned), .widening, FloatElement.mul.widening(wideA: false)),
    frows("vfwmacc", "111100", [.fmac, .fmacf], .widen(.unsigned, .unsigned), .widening, FloatElement.macc.widening(wideA: false)),
    frows("vfwnmacc", "111101", [.fmac, .fmacf], .widen(.unsigned, .unsigned), .widening, FloatElement.nmacc.widening(wideA: false)),
    frows("vfwmsac", "111110", [.fmac, .fmacf], .widen(.unsigned, .unsigned), .widening, FloatElement.msac.widening(wideA: false)),
    frows("vfwnmsac", "111111", [.fmac, .fmacf], .widen(.unsigned, .unsigned), .widening, FloatElement.nmsac.widening(wideA: false)),
    // Compares write mask bits.
    frows("vmfeq", "011000", [.fvv, .fvf], .compare, .single, FloatElement.eq.function),
    frows("vmfle", "011001", [.fvv, .fvf], .compare, .single, FloatElement.le.function),
    frows("vmflt", "011011", [.fvv, .fvf], .compare, .single, FloatElement.lt.function),
    frows("vmfne", "011100", [.fvv, .fvf], .compare, .single, FloatElement.ne.function),
    frows("vmfgt", "011101", [.fvf], .compare, .single, FloatElement.gt.function),
    frows("vmfge", "011111", [.fvf], .compare, .single, FloatElement.ge.function),
    // Reductions: vfredusum sums in element order as vfredosum does (qemu 11's
    // order, which the spec allows for the unordered sum; docs/ARCHITECTURE.md).
    frows("vfredusum", "000001", [.fvs], .reduce, .single, FloatElement.add.function),
    frows("vfredosum", "000011", [.fvs], .reduce, .single, FloatElement.add.function),
    frows("vfredmin", "000101", [.fvs], .reduce, .single, FloatElement.min.function),
    frows("vfredmax", "000111", [.fvs], .reduce, .single, FloatElement.max.function),
    frows("vfwredusum", "110001", [.fvs], .widenReduce(.unsigned), .widening, FloatElement.add.widening(wideA: true)),
    frows("vfwredosum", "110011", [.fvs], .widenReduce(.unsigned), .widening, FloatElement.add.widening(wideA: true)),
    // Merge, moves and slides (no arithmetic: values move unchanged, the scalar NaN-unboxed).
    frows("vfmerge", "010111", [VectorForm("vfm", "101", .float, "vArithV0", vm: "0")], .merge, .single),
    [VectorInstruction("vfmv.v.f", "010111 1 00000 ..... 101 ..... 1010111", "vMove", .merge, .float, float: .single),
     VectorInstruction("vfmv.f.s", "010000 1 ..... 00000 001 ..... 1010111", "vToScalar", .moveToFloat, float: .single),
     VectorInstruction("vfmv.s.f", "010000 1 00000 ..... 101 ..... 1010111", "vFromScalar", .moveFromScalar, .float,
                       float: .single)],
    frows("vfslide1up", "001110", [.fvf], .slide1Up, .single),
    frows("vfslide1down", "001111", [.fvf], .slide1Down, .single),
    // VFUNARY1.
    [unary("vfsqrt.v", "010011", "00000", .binary, .single, FloatElement.sqrt.function),
     unary("vfrsqrt7.v", "010011", "00100", .binary, .single, FloatElement.rsqrt7.function),
     unary("vfrec7.v", "010011", "00101", .binary, .single, FloatElement.rec7.function),
     unary("vfclass.v", "010011", "10000", .binary, .single, FloatElement.classify.function)],
    // VFUNARY0: conversions.
    [unary("vfcvt.xu.f.v", "010010", "00000", .binary, .single, FloatElement.toInteger(signed: false).function),
     unary("vfcvt.x.f.v", "010010", "00001", .binary, .single, FloatElement.toInteger(signed: true).function),
     unary("vfcvt.f.xu.v", "010010", "00010", .binary, .single, FloatElement.fromInteger(signed: false).function),
     unary("vfcvt.f.x.v", "010010", "00011", .binary, .single, FloatElement.fromInteger(signed: true).function),
     unary("vfcvt.rtz.xu.f.v", "010010", "00110", .binary, VectorFloat.single.towardZero,
           FloatElement.toInteger(signed: false).function),
     unary("vfcvt.rtz.x.f.v", "010010", "00111", .binary, VectorFloat.single.towardZero,
           FloatElement.toInteger(signed: true).function),
     unary("vfwcvt.xu.f.v", "010010", "01000", .widen(.unsigned, .unsigned), .widening,
           FloatConversion.widenToInteger(signed: false).function),
     unary("vfwcvt.x.f.v", "010010", "01001", .widen(.unsigned, .unsigned), .widening,
           FloatConversion.widenToInteger(signed: true).function),
     unary("vfwcvt.f.xu.v", "010010", "01010", .widen(.unsigned, .unsigned), .integerHalf,
           FloatConversion.widenFromInteger(signed: false).function),
     unary("vfwcvt.f.x.v", "010010", "01011", .widen(.unsigned, .unsigned), .integerHalf,
           FloatConversion.widenFromInteger(signed: true).function),
     unary("vfwcvt.f.f.v", "010010", "01100", .widen(.unsigned, .unsigned), .halfConversion,
           FloatConversion.widenFloat.function),
     unary("vfwcvt.rtz.xu.f.v", "010010", "01110", .widen(.unsigned, .unsigned), VectorFloat.widening.towardZero,
           FloatConversion.widenToInteger(signed: false).function),
     unary("vfwcvt.rtz.x.f.v", "010010", "01111", .widen(.unsigned, .unsigned), VectorFloat.widening.towardZero,
           FloatConversion.widenToInteger(signed: true).function),
     unary("vfncvt.xu.f.w", "010010", "10000", .narrow, .integerHalf, FloatConversion.narrowToInteger(signed: false).function),
     unary("vfncvt.x.f.w", "010010", "10001", .narrow, .integerHalf, FloatConversion.narrowToInteger(signed: true).function),
     unary("vfncvt.f.xu.w", "010010", "10010", .narrow, .widening, FloatConversion.narrowFromInteger(signed: false).function),
     unary("vfncvt.f.x.w", "010010", "10011", .narrow, .widening, FloatConversion.narrowFromInteger(signed: true).function),
     unary("vfncvt.f.f.w", "010010", "10100", .narrow, .halfConversion, FloatConversion.narrowFloat(odd: false).function),
     unary("vfncvt.rod.f.f.w", "010010", "10101", .narrow, .widening, FloatConversion.narrowFloat(odd: true).function),
     unary("vfncvt.rtz.xu.f.w", "010010", "10110", .narrow, VectorFloat.integerHalf.towardZero,
           FloatConversion.narrowToInteger(signed: false).function),
     unary("vfncvt.rtz.x.f.w", "010010", "10111", .narrow, VectorFloat.integerHalf.towardZero,
           FloatConversion.narrowToInteger(signed: true).function)],
].flatMap { $0 }
