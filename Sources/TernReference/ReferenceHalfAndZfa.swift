import TernFloat

// Zfhmin, Zfh and Zfa. Half-precision operands are unboxed (a value whose upper
// 48 bits are not all ones reads as the canonical NaN 0x7e00) and results boxed;
// fmv.x.h sign-extends the raw low 16 bits, fsh stores them. Arithmetic is
// TernFloat's (checked against exact-arithmetic vectors); the fli constants are
// transcribed here from the Zfa chapter's table.

private func sext16(_ v: UInt16) -> UInt64 { UInt64(bitPattern: Int64(Int16(bitPattern: v))) }
private func sext32(_ v: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: v))) }

/// The Zfa fli table ("Immediate values loaded by the FLI.S instruction"): sign,
/// biased binary32 exponent and the two leading significand bits of entries 0…31.
private let fliSingleFields: [(sign: UInt32, exponent: UInt32, top: UInt32)] = [
    (1, 0b0111_1111, 0), (0, 0b0000_0001, 0), (0, 0b0110_1111, 0), (0, 0b0111_0000, 0),
    (0, 0b0111_0111, 0), (0, 0b0111_1000, 0), (0, 0b0111_1011, 0), (0, 0b0111_1100, 0),
    (0, 0b0111_1101, 0), (0, 0b0111_1101, 1), (0, 0b0111_1101, 2), (0, 0b0111_1101, 3),
    (0, 0b0111_1110, 0), (0, 0b0111_1110, 1), (0, 0b0111_1110, 2), (0, 0b0111_1110, 3),
    (0, 0b0111_1111, 0), (0, 0b0111_1111, 1), (0, 0b0111_1111, 2), (0, 0b0111_1111, 3),
    (0, 0b1000_0000, 0), (0, 0b1000_0000, 1), (0, 0b1000_0000, 2), (0, 0b1000_0001, 0),
    (0, 0b1000_0010, 0), (0, 0b1000_0011, 0), (0, 0b1000_0110, 0), (0, 0b1000_0111, 0),
    (0, 0b1000_1110, 0), (0, 0b1000_1111, 0), (0, 0b1111_1111, 0), (0, 0b1111_1111, 2),
]

/// fli.s entry `n`.
private func fliSingle(_ n: Int) -> UInt32 {
    let e = fliSingleFields[n]
    return e.sign << 31 | e.exponent << 23 | e.top << 21
}

/// fli.d entry `n`: the same values; entry 1 is binary64's own minimum normal.
private func fliDouble(_ n: Int) -> UInt64 {
    switch n {
    case 1: return 0x0010_0000_0000_0000
    case 30: return 0x7ff0_0000_0000_0000
    case 31: return 0x7ff8_0000_0000_0000
    default:
        let e = fliSingleFields[n]
        return UInt64(e.sign) << 63 | UInt64(Int(e.exponent) - 127 + 1023) << 52 | UInt64(e.top) << 50
    }
}

/// fli.h entries: binary16's minimum normal for entry 1, 2^-16 and 2^-15 are
/// subnormal, 2^16 overflows to +∞ (the chapter's note on FLI.H).
private let fliHalf: [UInt16] = [
    0xbc00, 0x0400, 0x0100, 0x0200, 0x1c00, 0x2000, 0x2c00, 0x3000,
    0x3400, 0x3500, 0x3600, 0x3700, 0x3800, 0x3900, 0x3a00, 0x3b00,
    0x3c00, 0x3d00, 0x3e00, 0x3f00, 0x4000, 0x4100, 0x4200, 0x4400,
    0x4800, 0x4c00, 0x5800, 0x5c00, 0x7800, 0x7c00, 0x7c00, 0x7e00,
]

extension ReferenceInterpreter {
    private func half(_ r: UInt8) -> UInt16 { NaNBox.unbox16(f[Int(r)]) }
    private func single(_ r: UInt8) -> UInt32 { NaNBox.unbox(f[Int(r)]) }
    private func double(_ r: UInt8) -> UInt64 { f[Int(r)] }
    private func setH(_ rd: UInt8, _ v: UInt16, _ i: ReferenceInstruction) { setF(rd, NaNBox.box16(v), i) }

    /// Zfhmin, Zfh and Zfa instructions.
    func executeHalfAndZfa(_ i: ReferenceInstruction) -> Outcome {
        let a16 = half(i.rs1), b16 = half(i.rs2)
        switch i.opcode {
        case .flh:
            let address = x[Int(i.rs1)] &+ UInt64(bitPattern: i.imm)
            guard let v = memory.read(address, size: 2, .read) else { return .stop(.loadFault(address: address)) }
            setH(i.rd, UInt16(truncatingIfNeeded: v), i)
        case .fsh:
            let address = x[Int(i.rs1)] &+ UInt64(bitPattern: i.imm)
            guard memory.write(address, size: 2, f[Int(i.rs2)]) else { return .stop(.storeFault(address: address)) }
        case .fmvXH: setX(i.rd, sext16(UInt16(truncatingIfNeeded: f[Int(i.rs1)])), i)
        case .fmvHX: setH(i.rd, UInt16(truncatingIfNeeded: x[Int(i.rs1)]), i)
        case .fsgnjH, .fsgnjnH, .fsgnjxH:
            let sign: UInt16 = 0x8000
            let s = i.opcode == .fsgnjH ? b16 & sign : i.opcode == .fsgnjnH ? ~b16 & sign : (a16 ^ b16) & sign
            setH(i.rd, a16 & ~sign | s, i)
        case .fminH: setH(i.rd, F16.min(a16, b16, &fflags), i)
        case .fmaxH: setH(i.rd, F16.max(a16, b16, &fflags), i)
        case .feqH: setX(i.rd, F16.eq(a16, b16, &fflags) ? 1 : 0, i)
        case .fltH: setX(i.rd, F16.lt(a16, b16, &fflags) ? 1 : 0, i)
        case .fleH: setX(i.rd, F16.le(a16, b16, &fflags) ? 1 : 0, i)
        case .fclassH: setX(i.rd, F16.classify(a16), i)
        // Zfa
        case .fliS: setF(i.rd, NaNBox.box(fliSingle(Int(i.rs1))), i)
        case .fliD: setF(i.rd, fliDouble(Int(i.rs1)), i)
        case .fliH: setH(i.rd, fliHalf[Int(i.rs1)], i)
        case .fminmS: setF(i.rd, NaNBox.box(F32.minimum(single(i.rs1), single(i.rs2), &fflags)), i)
        case .fmaxmS: setF(i.rd, NaNBox.box(F32.maximum(single(i.rs1), single(i.rs2), &fflags)), i)
        case .fminmD: setF(i.rd, F64.minimum(double(i.rs1), double(i.rs2), &fflags), i)
        case .fmaxmD: setF(i.rd, F64.maximum(double(i.rs1), double(i.rs2), &fflags), i)
        case .fminmH: setH(i.rd, F16.minimum(a16, b16, &fflags), i)
        case .fmaxmH: setH(i.rd, F16.maximum(a16, b16, &fflags), i)
        case .fleqS: setX(i.rd, F32.leQuiet(single(i.rs1), single(i.rs2), &fflags) ? 1 : 0, i)
        case .fltqS: setX(i.rd, F32.ltQuiet(single(i.rs1), single(i.rs2), &fflags) ? 1 : 0, i)
        case .fleqD: setX(i.rd, F64.leQuiet(double(i.rs1), double(i.rs2), &fflags) ? 1 : 0, i)
        case .fltqD: setX(i.rd, F64.ltQuiet(double(i.rs1), double(i.rs2), &fflags) ? 1 : 0, i)
        case .fleqH: setX(i.rd, F16.leQuiet(a16, b16, &fflags) ? 1 : 0, i)
        case .fltqH: setX(i.rd, F16.ltQuiet(a16, b16, &fflags) ? 1 : 0, i)
        case .fcvtmodWD:
            // rm must be RTZ (the row fixes it); flags as fcvt.w.d.
            setX(i.rd, F64.toInt32Modular(double(i.rs1), &fflags), i)
        default:
            guard let rm = RoundingMode(rawValue: i.rm == 7 ? UInt8(truncatingIfNeeded: frm) : i.rm) else { return illegal(i) }
            return executeHalfRounded(i, rm)
        }
        return .next
    }

    /// The Zfh/Zfhmin/Zfa operations that take a rounding mode.
    private func executeHalfRounded(_ i: ReferenceInstruction, _ rm: RoundingMode) -> Outcome {
        let a = half(i.rs1), b = half(i.rs2), c = half(i.rs3), xs = x[Int(i.rs1)]
        let n: UInt16 = 0x8000
        switch i.opcode {
        case .faddH: setH(i.rd, F16.add(a, b, rm, &fflags), i)
        case .fsubH: setH(i.rd, F16.sub(a, b, rm, &fflags), i)
        case .fmulH: setH(i.rd, F16.mul(a, b, rm, &fflags), i)
        case .fdivH: setH(i.rd, F16.div(a, b, rm, &fflags), i)
        case .fsqrtH: setH(i.rd, F16.sqrt(a, rm, &fflags), i)
        // fmadd: a·b+c; fmsub: a·b−c; fnmsub: −(a·b)+c; fnmadd: −(a·b)−c.
        case .fmaddH: setH(i.rd, F16.fma(a, b, c, rm, &fflags), i)
        case .fmsubH: setH(i.rd, F16.fma(a, b, c ^ n, rm, &fflags), i)
        case .fnmsubH: setH(i.rd, F16.fma(a ^ n, b, c, rm, &fflags), i)
        case .fnmaddH: setH(i.rd, F16.fma(a ^ n, b, c ^ n, rm, &fflags), i)
        case .fcvtSH: setF(i.rd, NaNBox.box(F16.toF32(a, &fflags)), i)
        case .fcvtDH: setF(i.rd, F16.toF64(a, &fflags), i)
        case .fcvtHS: setH(i.rd, F16.fromF32(single(i.rs1), rm, &fflags), i)
        case .fcvtHD: setH(i.rd, F16.fromF64(double(i.rs1), rm, &fflags), i)
        case .fcvtWH: setX(i.rd, UInt64(bitPattern: Int64(F16.toInt32(a, rm, &fflags))), i)
        case .fcvtWuH: setX(i.rd, sext32(F16.toUInt32(a, rm, &fflags)), i)
        case .fcvtLH: setX(i.rd, UInt64(bitPattern: F16.toInt64(a, rm, &fflags)), i)
        case .fcvtLuH: setX(i.rd, F16.toUInt64(a, rm, &fflags), i)
        case .fcvtHW: setH(i.rd, F16.fromInt32(Int32(truncatingIfNeeded: xs), rm, &fflags), i)
        case .fcvtHWu: setH(i.rd, F16.fromUInt32(UInt32(truncatingIfNeeded: xs), rm, &fflags), i)
        case .fcvtHL: setH(i.rd, F16.fromInt64(Int64(bitPattern: xs), rm, &fflags), i)
        case .fcvtHLu: setH(i.rd, F16.fromUInt64(xs, rm, &fflags), i)
        case .froundS: setF(i.rd, NaNBox.box(F32.roundToIntegral(single(i.rs1), rm, exact: false, &fflags)), i)
        case .froundnxS: setF(i.rd, NaNBox.box(F32.roundToIntegral(single(i.rs1), rm, exact: true, &fflags)), i)
        case .froundD: setF(i.rd, F64.roundToIntegral(double(i.rs1), rm, exact: false, &fflags), i)
        case .froundnxD: setF(i.rd, F64.roundToIntegral(double(i.rs1), rm, exact: true, &fflags), i)
        case .froundH: setH(i.rd, F16.roundToIntegral(a, rm, exact: false, &fflags), i)
        case .froundnxH: setH(i.rd, F16.roundToIntegral(a, rm, exact: true, &fflags), i)
        default: return illegal(i)
        }
        return .next
    }
}
