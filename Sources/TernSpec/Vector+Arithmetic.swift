/// The OP-V arithmetic rows: integer, fixed-point, mask, permutation and Zvbb
/// instructions, each with its element function (see Vector.swift).

/// One operand form of an OP-V instruction: mnemonic suffix, funct3, operand
/// kind, syntax, and the fixed vm bit ("." when the instruction may be masked).
struct VectorForm {
    let suffix: String, funct3: String, operand: VectorOperand, format: String, vm: String
    init(_ suffix: String, _ funct3: String, _ operand: VectorOperand, _ format: String = "vArith", vm: String = ".") {
        self.suffix = suffix; self.funct3 = funct3; self.operand = operand; self.format = format; self.vm = vm
    }
    static let ivv = VectorForm("vv", "000", .vector), ivx = VectorForm("vx", "100", .scalar)
    static let ivi = VectorForm("vi", "011", .simm), ivu = VectorForm("vi", "011", .uimm)
    static let mvv = VectorForm("vv", "010", .vector), mvx = VectorForm("vx", "110", .scalar)
    /// Widening `.w` forms and narrowing forms (vs2 is 2·SEW).
    static let iwv = VectorForm("wv", "000", .vector), iwx = VectorForm("wx", "100", .scalar), iwu = VectorForm("wi", "011", .uimm)
    static let mwv = VectorForm("wv", "010", .vector), mwx = VectorForm("wx", "110", .scalar)
    /// Reductions.
    static let ivs = VectorForm("vs", "000", .vector), mvs = VectorForm("vs", "010", .vector)
    /// With v0 as an explicit operand (carry, merge): vm = 0.
    static let ivvm = VectorForm("vvm", "000", .vector, "vArithV0", vm: "0")
    static let ivxm = VectorForm("vxm", "100", .scalar, "vArithV0", vm: "0")
    static let ivim = VectorForm("vim", "011", .simm, "vArithV0", vm: "0")
    /// vmadc/vmsbc without carry-in: vm = 1.
    static let ivv1 = VectorForm("vv", "000", .vector, vm: "1"), ivx1 = VectorForm("vx", "100", .scalar, vm: "1")
    static let ivi1 = VectorForm("vi", "011", .simm, vm: "1")
    /// Multiply-add syntax (vd, vs1/rs1, vs2).
    static let mac = VectorForm("vv", "010", .vector, "vMulAdd"), macx = VectorForm("vx", "110", .scalar, "vMulAdd")
    static let wmac = VectorForm("vv", "010", .vector, "vMulAdd"), wmacx = VectorForm("vx", "110", .scalar, "vMulAdd")
}

/// The rows of one funct6 in several forms.
private func rows(_ name: String, _ funct6: String, _ forms: [VectorForm], _ kind: VectorKind, ext: String = "v",
                  _ f: VectorElementFunction? = nil) -> [VectorInstruction] {
    forms.map { form in
        VectorInstruction("\(name).\(form.suffix)", "\(funct6) \(form.vm) ..... ..... \(form.funct3) ..... 1010111",
                          form.format, kind, form.operand, ext: ext, f)
    }
}

/// A row with fixed vs2/vs1 fields (unary and special forms).
private func fixed(_ name: String, _ funct6: String, vm: String = ".", vs2: String = ".....", vs1: String = ".....",
                   _ funct3: String, _ format: String, _ kind: VectorKind, _ operand: VectorOperand = .none,
                   ext: String = "v", _ f: VectorElementFunction? = nil) -> VectorInstruction {
    VectorInstruction(name, "\(funct6) \(vm) \(vs2) \(vs1) \(funct3) ..... 1010111", format, kind, operand, ext: ext, f)
}

// MARK: - Element functions

private func shiftAmount(_ b: UInt64, _ c: VectorElementContext) -> UInt64 { b & UInt64(c.sew - 1) }

/// The rounding increment of shifting `v` right by `d` bits under vxrm (V spec 3.8).
private func roundIncrement(_ v: Int128, _ d: Int, _ vxrm: Int) -> Int128 {
    guard d > 0 else { return 0 }
    let bit = { (i: Int) -> Int128 in (v >> Int128(i)) & 1 }
    let lowerNonZero = { (n: Int) -> Bool in n > 0 && v & ((Int128(1) << Int128(n)) - 1) != 0 }
    switch vxrm & 3 {
    case 0: return bit(d - 1)
    case 1: return bit(d - 1) & ((lowerNonZero(d - 1) || bit(d) == 1) ? 1 : 0)
    case 2: return 0
    default: return (bit(d) == 0 && lowerNonZero(d)) ? 1 : 0
    }
}

/// `v >> d` rounded under vxrm.
private func roundedShift(_ v: Int128, _ d: Int, _ vxrm: Int) -> Int128 { (v >> Int128(d)) + roundIncrement(v, d, vxrm) }

private func signed128(_ v: UInt64, _ c: VectorElementContext) -> Int128 { Int128(c.signed(v)) }

private func saturateSigned(_ v: Int128, _ c: inout VectorElementContext, bits: Int) -> UInt64 {
    let lo = -(Int128(1) << Int128(bits - 1)), hi = (Int128(1) << Int128(bits - 1)) - 1
    if v < lo { c.saturated = true; return UInt64(truncatingIfNeeded: lo) }
    if v > hi { c.saturated = true; return UInt64(truncatingIfNeeded: hi) }
    return UInt64(truncatingIfNeeded: v)
}

private func saturateUnsigned(_ v: Int128, _ c: inout VectorElementContext, bits: Int) -> UInt64 {
    let hi = (Int128(1) << Int128(bits)) - 1
    if v < 0 { c.saturated = true; return 0 }
    if v > hi { c.saturated = true; return UInt64(truncatingIfNeeded: hi) }
    return UInt64(truncatingIfNeeded: v)
}

private func mulHigh(_ a: UInt64, _ b: UInt64, _ c: VectorElementContext, signedA: Bool, signedB: Bool) -> UInt64 {
    let x = signedA ? signed128(a, c) : Int128(a), y = signedB ? signed128(b, c) : Int128(b)
    // The product of two 64-bit values fits in 128 bits (signed × unsigned too).
    let p = x.multipliedReportingOverflow(by: y).partialValue
    return UInt64(truncatingIfNeeded: p >> Int128(c.sew))
}

private func divSigned(_ a: UInt64, _ b: UInt64, _ c: VectorElementContext, remainder: Bool) -> UInt64 {
    let x = c.signed(a), y = c.signed(b)
    if y == 0 { return remainder ? a : .max }
    if x == c.minSigned && y == -1 { return remainder ? 0 : a }
    return UInt64(bitPattern: remainder ? x % y : x / y)
}

private func reverseBitsInBytes(_ v: UInt64) -> UInt64 {
    var out: UInt64 = 0
    for byte in 0..<8 {
        let b = UInt8(truncatingIfNeeded: v >> UInt64(8 * byte))
        var r: UInt8 = 0
        for i in 0..<8 where b & (1 << UInt8(i)) != 0 { r |= 1 << UInt8(7 - i) }
        out |= UInt64(r) << UInt64(8 * byte)
    }
    return out
}

private func reverseBytes(_ v: UInt64, _ sew: Int) -> UInt64 { v.byteSwapped >> UInt64(64 - sew) }

private func rotateLeft(_ a: UInt64, _ n: UInt64, _ c: VectorElementContext) -> UInt64 {
    let s = n & UInt64(c.sew - 1)
    return s == 0 ? a : (a << s | a >> (UInt64(c.sew) - s)) & c.ones
}

// MARK: - Rows

let vectorArithmeticInstructions: [VectorInstruction] = integerRows + fixedPointRows + maskAndPermutationRows + zvbbRows
    + vectorFloatInstructions

private let integerRows: [VectorInstruction] = [
    rows("vadd", "000000", [.ivv, .ivx, .ivi], .binary) { a, b, _, _ in a &+ b },
    rows("vsub", "000010", [.ivv, .ivx], .binary) { a, b, _, _ in a &- b },
    rows("vrsub", "000011", [.ivx, .ivi], .binary) { a, b, _, _ in b &- a },
    rows("vminu", "000100", [.ivv, .ivx], .binary) { a, b, _, _ in Swift.min(a, b) },
    rows("vmin", "000101", [.ivv, .ivx], .binary) { a, b, _, c in c.signed(a) < c.signed(b) ? a : b },
    rows("vmaxu", "000110", [.ivv, .ivx], .binary) { a, b, _, _ in Swift.max(a, b) },
    rows("vmax", "000111", [.ivv, .ivx], .binary) { a, b, _, c in c.signed(a) > c.signed(b) ? a : b },
    rows("vand", "001001", [.ivv, .ivx, .ivi], .binary) { a, b, _, _ in a & b },
    rows("vor", "001010", [.ivv, .ivx, .ivi], .binary) { a, b, _, _ in a | b },
    rows("vxor", "001011", [.ivv, .ivx, .ivi], .binary) { a, b, _, _ in a ^ b },
    rows("vadc", "010000", [.ivvm, .ivxm, .ivim], .carry) { a, b, d, _ in a &+ b &+ d },
    rows("vmadc", "010001", [.ivvm, .ivxm, .ivim, .ivv1, .ivx1, .ivi1], .carryOut) { a, b, d, c in
        UInt64(truncatingIfNeeded: (Int128(a) + Int128(b) + Int128(d)) >> Int128(c.sew)) & 1
    },
    rows("vsbc", "010010", [.ivvm, .ivxm], .carry) { a, b, d, _ in a &- b &- d },
    rows("vmsbc", "010011", [.ivvm, .ivxm, .ivv1, .ivx1], .carryOut) { a, b, d, _ in
        Int128(a) - Int128(b) - Int128(d) < 0 ? 1 : 0
    },
    rows("vmerge", "010111", [.ivvm, .ivxm, .ivim], .merge),
    [fixed("vmv.v.v", "010111", vm: "1", vs2: "00000", "000", "vMove", .merge, .vector),
     fixed("vmv.v.x", "010111", vm: "1", vs2: "00000", "100", "vMove", .merge, .scalar),
     fixed("vmv.v.i", "010111", vm: "1", vs2: "00000", "011", "vMove", .merge, .simm)],
    rows("vmseq", "011000", [.ivv, .ivx, .ivi], .compare) { a, b, _, _ in a == b ? 1 : 0 },
    rows("vmsne", "011001", [.ivv, .ivx, .ivi], .compare) { a, b, _, _ in a != b ? 1 : 0 },
    rows("vmsltu", "011010", [.ivv, .ivx], .compare) { a, b, _, _ in a < b ? 1 : 0 },
    rows("vmslt", "011011", [.ivv, .ivx], .compare) { a, b, _, c in c.signed(a) < c.signed(b) ? 1 : 0 },
    rows("vmsleu", "011100", [.ivv, .ivx, .ivi], .compare) { a, b, _, _ in a <= b ? 1 : 0 },
    rows("vmsle", "011101", [.ivv, .ivx, .ivi], .compare) { a, b, _, c in c.signed(a) <= c.signed(b) ? 1 : 0 },
    rows("vmsgtu", "011110", [.ivx, .ivi], .compare) { a, b, _, _ in a > b ? 1 : 0 },
    rows("vmsgt", "011111", [.ivx, .ivi], .compare) { a, b, _, c in c.signed(a) > c.signed(b) ? 1 : 0 },
    rows("vsll", "100101", [.ivv, .ivx, .ivu], .binary) { a, b, _, c in a << shiftAmount(b, c) },
    rows("vsrl", "101000", [.ivv, .ivx, .ivu], .binary) { a, b, _, c in a >> shiftAmount(b, c) },
    rows("vsra", "101001", [.ivv, .ivx, .ivu], .binary) { a, b, _, c in UInt64(bitPattern: c.signed(a) >> Int64(shiftAmount(b, c))) },
    rows("vnsrl", "101100", [.iwv, .iwx, .iwu], .narrow) { a, b, _, c in a >> shiftAmount(b, c) },
    rows("vnsra", "101101", [.iwv, .iwx, .iwu], .narrow) { a, b, _, c in UInt64(bitPattern: c.signed(a) >> Int64(shiftAmount(b, c))) },
    rows("vwredsumu", "110000", [.ivs], .widenReduce(.unsigned)) { acc, e, _, _ in acc &+ e },
    rows("vwredsum", "110001", [.ivs], .widenReduce(.signed)) { acc, e, _, _ in acc &+ e },
    // OPM
    rows("vredsum", "000000", [.mvs], .reduce) { acc, e, _, _ in acc &+ e },
    rows("vredand", "000001", [.mvs], .reduce) { acc, e, _, _ in acc & e },
    rows("vredor", "000010", [.mvs], .reduce) { acc, e, _, _ in acc | e },
    rows("vredxor", "000011", [.mvs], .reduce) { acc, e, _, _ in acc ^ e },
    rows("vredminu", "000100", [.mvs], .reduce) { acc, e, _, _ in Swift.min(acc, e) },
    rows("vredmin", "000101", [.mvs], .reduce) { acc, e, _, c in c.signed(acc) <= c.signed(e) ? acc : e },
    rows("vredmaxu", "000110", [.mvs], .reduce) { acc, e, _, _ in Swift.max(acc, e) },
    rows("vredmax", "000111", [.mvs], .reduce) { acc, e, _, c in c.signed(acc) >= c.signed(e) ? acc : e },
    rows("vdivu", "100000", [.mvv, .mvx], .binary) { a, b, _, _ in b == 0 ? .max : a / b },
    rows("vdiv", "100001", [.mvv, .mvx], .binary) { a, b, _, c in divSigned(a, b, c, remainder: false) },
    rows("vremu", "100010", [.mvv, .mvx], .binary) { a, b, _, _ in b == 0 ? a : a % b },
    rows("vrem", "100011", [.mvv, .mvx], .binary) { a, b, _, c in divSigned(a, b, c, remainder: true) },
    rows("vmulhu", "100100", [.mvv, .mvx], .binary) { a, b, _, c in mulHigh(a, b, c, signedA: false, signedB: false) },
    rows("vmul", "100101", [.mvv, .mvx], .binary) { a, b, _, _ in a &* b },
    rows("vmulhsu", "100110", [.mvv, .mvx], .binary) { a, b, _, c in mulHigh(a, b, c, signedA: true, signedB: false) },
    rows("vmulh", "100111", [.mvv, .mvx], .binary) { a, b, _, c in mulHigh(a, b, c, signedA: true, signedB: true) },
    rows("vmadd", "101001", [.mac, .macx], .binary) { a, b, d, _ in b &* d &+ a },
    rows("vnmsub", "101011", [.mac, .macx], .binary) { a, b, d, _ in a &- b &* d },
    rows("vmacc", "101101", [.mac, .macx], .binary) { a, b, d, _ in a &* b &+ d },
    rows("vnmsac", "101111", [.mac, .macx], .binary) { a, b, d, _ in d &- a &* b },
    rows("vwaddu", "110000", [.mvv, .mvx], .widen(.unsigned, .unsigned)) { a, b, _, _ in a &+ b },
    rows("vwadd", "110001", [.mvv, .mvx], .widen(.signed, .signed)) { a, b, _, _ in a &+ b },
    rows("vwsubu", "110010", [.mvv, .mvx], .widen(.unsigned, .unsigned)) { a, b, _, _ in a &- b },
    rows("vwsub", "110011", [.mvv, .mvx], .widen(.signed, .signed)) { a, b, _, _ in a &- b },
    rows("vwaddu", "110100", [.mwv, .mwx], .widen(.wide, .unsigned)) { a, b, _, _ in a &+ b },
    rows("vwadd", "110101", [.mwv, .mwx], .widen(.wide, .signed)) { a, b, _, _ in a &+ b },
    rows("vwsubu", "110110", [.mwv, .mwx], .widen(.wide, .unsigned)) { a, b, _, _ in a &- b },
    rows("vwsub", "110111", [.mwv, .mwx], .widen(.wide, .signed)) { a, b, _, _ in a &- b },
    rows("vwmulu", "111000", [.mvv, .mvx], .widen(.unsigned, .unsigned)) { a, b, _, _ in a &* b },
    rows("vwmulsu", "111010", [.mvv, .mvx], .widen(.signed, .unsigned)) { a, b, _, _ in a &* b },
    rows("vwmul", "111011", [.mvv, .mvx], .widen(.signed, .signed)) { a, b, _, _ in a &* b },
    rows("vwmaccu", "111100", [.wmac, .wmacx], .widen(.unsigned, .unsigned)) { a, b, d, _ in a &* b &+ d },
    rows("vwmacc", "111101", [.wmac, .wmacx], .widen(.signed, .signed)) { a, b, d, _ in a &* b &+ d },
    rows("vwmaccus", "111110", [.wmacx], .widen(.signed, .unsigned)) { a, b, d, _ in a &* b &+ d },
    rows("vwmaccsu", "111111", [.wmac, .wmacx], .widen(.unsigned, .signed)) { a, b, d, _ in a &* b &+ d },
    [2, 4, 8].flatMap { factor -> [VectorInstruction] in
        let code = factor == 8 ? 0b00010 : factor == 4 ? 0b00100 : 0b00110
        func vs1(_ s: Int) -> String { String((0..<5).reversed().map { (s >> $0) & 1 == 1 ? Character("1") : Character("0") }) }
        return [fixed("vzext.vf\(factor)", "010010", vs1: vs1(code), "010", "vUnary", .extend(factor: factor, signed: false)),
                fixed("vsext.vf\(factor)", "010010", vs1: vs1(code + 1), "010", "vUnary", .extend(factor: factor, signed: true))]
    },
].flatMap { $0 }

private let fixedPointRows: [VectorInstruction] = [
    rows("vsaddu", "100000", [.ivv, .ivx, .ivi], .binary) { a, b, _, c in saturateUnsigned(Int128(a) + Int128(b), &c, bits: c.sew) },
    rows("vsadd", "100001", [.ivv, .ivx, .ivi], .binary) { a, b, _, c in saturateSigned(signed128(a, c) + signed128(b, c), &c, bits: c.sew) },
    rows("vssubu", "100010", [.ivv, .ivx], .binary) { a, b, _, c in saturateUnsigned(Int128(a) - Int128(b), &c, bits: c.sew) },
    rows("vssub", "100011", [.ivv, .ivx], .binary) { a, b, _, c in saturateSigned(signed128(a, c) - signed128(b, c), &c, bits: c.sew) },
    rows("vaaddu", "001000", [.mvv, .mvx], .binary) { a, b, _, c in UInt64(truncatingIfNeeded: roundedShift(Int128(a) + Int128(b), 1, c.vxrm)) },
    rows("vaadd", "001001", [.mvv, .mvx], .binary) { a, b, _, c in
        UInt64(truncatingIfNeeded: roundedShift(signed128(a, c) + signed128(b, c), 1, c.vxrm))
    },
    rows("vasubu", "001010", [.mvv, .mvx], .binary) { a, b, _, c in UInt64(truncatingIfNeeded: roundedShift(Int128(a) - Int128(b), 1, c.vxrm)) },
    rows("vasub", "001011", [.mvv, .mvx], .binary) { a, b, _, c in
        UInt64(truncatingIfNeeded: roundedShift(signed128(a, c) - signed128(b, c), 1, c.vxrm))
    },
    rows("vsmul", "100111", [.ivv, .ivx], .binary) { a, b, _, c in
        saturateSigned(roundedShift(signed128(a, c) * signed128(b, c), c.sew - 1, c.vxrm), &c, bits: c.sew)
    },
    rows("vssrl", "101010", [.ivv, .ivx, .ivu], .binary) { a, b, _, c in
        UInt64(truncatingIfNeeded: roundedShift(Int128(a), Int(shiftAmount(b, c)), c.vxrm))
    },
    rows("vssra", "101011", [.ivv, .ivx, .ivu], .binary) { a, b, _, c in
        UInt64(truncatingIfNeeded: roundedShift(signed128(a, c), Int(shiftAmount(b, c)), c.vxrm))
    },
    // Narrowing clips: `c.sew` is 2·SEW here, the result saturates to SEW.
    rows("vnclipu", "101110", [.iwv, .iwx, .iwu], .narrow) { a, b, _, c in
        saturateUnsigned(roundedShift(Int128(a), Int(shiftAmount(b, c)), c.vxrm), &c, bits: c.sew / 2)
    },
    rows("vnclip", "101111", [.iwv, .iwx, .iwu], .narrow) { a, b, _, c in
        saturateSigned(roundedShift(signed128(a, c), Int(shiftAmount(b, c)), c.vxrm), &c, bits: c.sew / 2)
    },
].flatMap { $0 }

private let maskAndPermutationRows: [VectorInstruction] = [
    rows("vmandn", "011000", [VectorForm("mm", "010", .vector, vm: "1")], .maskLogical) { a, b, _, _ in a & ~b },
    rows("vmand", "011001", [VectorForm("mm", "010", .vector, vm: "1")], .maskLogical) { a, b, _, _ in a & b },
    rows("vmor", "011010", [VectorForm("mm", "010", .vector, vm: "1")], .maskLogical) { a, b, _, _ in a | b },
    rows("vmxor", "011011", [VectorForm("mm", "010", .vector, vm: "1")], .maskLogical) { a, b, _, _ in a ^ b },
    rows("vmorn", "011100", [VectorForm("mm", "010", .vector, vm: "1")], .maskLogical) { a, b, _, _ in a | ~b },
    rows("vmnand", "011101", [VectorForm("mm", "010", .vector, vm: "1")], .maskLogical) { a, b, _, _ in ~(a & b) },
    rows("vmnor", "011110", [VectorForm("mm", "010", .vector, vm: "1")], .maskLogical) { a, b, _, _ in ~(a | b) },
    rows("vmxnor", "011111", [VectorForm("mm", "010", .vector, vm: "1")], .maskLogical) { a, b, _, _ in ~(a ^ b) },
    [fixed("vmv.x.s", "010000", vm: "1", vs1: "00000", "010", "vToScalar", .moveToScalar),
     fixed("vcpop.m", "010000", vs1: "10000", "010", "vToScalar", .maskPopCount),
     fixed("vfirst.m", "010000", vs1: "10001", "010", "vToScalar", .maskFirst),
     fixed("vmv.s.x", "010000", vm: "1", vs2: "00000", "110", "vFromScalar", .moveFromScalar, .scalar),
     fixed("vmsbf.m", "010100", vs1: "00001", "010", "vUnary", .setBeforeFirst),
     fixed("vmsof.m", "010100", vs1: "00010", "010", "vUnary", .setOnlyFirst),
     fixed("vmsif.m", "010100", vs1: "00011", "010", "vUnary", .setIncludingFirst),
     fixed("viota.m", "010100", vs1: "10000", "010", "vUnary", .iota),
     fixed("vid.v", "010100", vs2: "00000", vs1: "10001", "010", "vId", .elementIndex),
     fixed("vcompress.vm", "010111", vm: "1", "010", "vArith", .compress, .vector)],
    rows("vslideup", "001110", [.ivx, .ivu], .slideUp),
    rows("vslidedown", "001111", [.ivx, .ivu], .slideDown),
    rows("vslide1up", "001110", [.mvx], .slide1Up),
    rows("vslide1down", "001111", [.mvx], .slide1Down),
    rows("vrgather", "001100", [.ivv, .ivx, .ivu], .gather),
    rows("vrgatherei16", "001110", [.ivv], .gatherEI16),
    [1, 2, 4, 8].map { n in
        let field = String((0..<5).reversed().map { ((n - 1) >> $0) & 1 == 1 ? Character("1") : Character("0") })
        return fixed("vmv\(n)r.v", "100111", vm: "1", vs1: field, "011", "vUnary", .wholeMove(n))
    },
].flatMap { $0 }

/// Zvbb (vector basic bit manipulation, RVA23U64).
private let zvbbRows: [VectorInstruction] = [
    rows("vandn", "000001", [.ivv, .ivx], .binary, ext: "zvbb") { a, b, _, _ in a & ~b },
    rows("vrol", "010101", [.ivv, .ivx], .binary, ext: "zvbb") { a, b, _, c in rotateLeft(a, b, c) },
    rows("vror", "010100", [.ivv, .ivx], .binary, ext: "zvbb") { a, b, _, c in rotateLeft(a, UInt64(c.sew) &- (b & UInt64(c.sew - 1)), c) },
    [VectorInstruction("vror.vi", "01010. . ..... ..... 011 ..... 1010111", "vRotateImm", .binary, .uimm, ext: "zvbb") { a, b, _, c in
        rotateLeft(a, UInt64(c.sew) &- (b & UInt64(c.sew - 1)), c)
     }],
    rows("vwsll", "110101", [.ivv, .ivx, .ivu], .widen(.unsigned, .unsigned), ext: "zvbb") { a, b, _, c in a << (b & UInt64(c.sew - 1)) },
    [fixed("vbrev8.v", "010010", vs1: "01000", "010", "vUnary", .binary, ext: "zvbb") { a, _, _, c in reverseBitsInBytes(a) & c.ones },
     fixed("vrev8.v", "010010", vs1: "01001", "010", "vUnary", .binary, ext: "zvbb") { a, _, _, c in reverseBytes(a, c.sew) },
     fixed("vbrev.v", "010010", vs1: "01010", "010", "vUnary", .binary, ext: "zvbb") { a, _, _, c in
         reverseBytes(reverseBitsInBytes(a), c.sew)
     },
     fixed("vclz.v", "010010", vs1: "01100", "010", "vUnary", .binary, ext: "zvbb") { a, _, _, c in
         UInt64(a.leadingZeroBitCount - (64 - c.sew))
     },
     fixed("vctz.v", "010010", vs1: "01101", "010", "vUnary", .binary, ext: "zvbb") { a, _, _, c in
         UInt64(Swift.min(a.trailingZeroBitCount, c.sew))
     },
     fixed("vcpop.v", "010010", vs1: "01110", "010", "vUnary", .binary, ext: "zvbb") { a, _, _, _ in UInt64(a.nonzeroBitCount) }],
].flatMap { $0 }
