import TernFloat

// F and D: operands and results move as raw bits; arithmetic is TernFloat's.
// Single-precision operands are unboxed (an improperly boxed value reads as the
// canonical NaN), results are NaN-boxed; fmv.x.w and fsw use the raw low bits.

private func sext32(_ v: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: v))) }

extension ReferenceInterpreter {
    /// The rounding mode of `i`: its static field, or frm for DYN; nil when reserved.
    private func roundingMode(_ i: ReferenceInstruction) -> RoundingMode? {
        RoundingMode(rawValue: i.rm == 7 ? UInt8(truncatingIfNeeded: frm) : i.rm)
    }

    private func single(_ r: UInt8) -> UInt32 { NaNBox.unbox(f[Int(r)]) }
    private func double(_ r: UInt8) -> UInt64 { f[Int(r)] }

    func executeFloat(_ i: ReferenceInstruction) -> Outcome {
        let base = x[Int(i.rs1)]
        switch i.opcode {
        case .flw, .fld:
            let address = base &+ UInt64(bitPattern: i.imm)
            let size = i.opcode == .flw ? 4 : 8
            guard let v = memory.read(address, size: size, .read) else { return .stop(.loadFault(address: address)) }
            setF(i.rd, size == 4 ? NaNBox.box(UInt32(truncatingIfNeeded: v)) : v, i)
            return .next
        case .fsw, .fsd:
            let address = base &+ UInt64(bitPattern: i.imm)
            guard memory.write(address, size: i.opcode == .fsw ? 4 : 8, f[Int(i.rs2)]) else {
                return .stop(.storeFault(address: address))
            }
            return .next
        case .fsgnjS, .fsgnjnS, .fsgnjxS:
            let a = single(i.rs1), b = single(i.rs2), sign: UInt32 = 1 << 31
            let s = i.opcode == .fsgnjS ? b & sign : i.opcode == .fsgnjnS ? ~b & sign : (a ^ b) & sign
            setF(i.rd, NaNBox.box(a & ~sign | s), i)
            return .next
        case .fsgnjD, .fsgnjnD, .fsgnjxD:
            let a = double(i.rs1), b = double(i.rs2), sign: UInt64 = 1 << 63
            let s = i.opcode == .fsgnjD ? b & sign : i.opcode == .fsgnjnD ? ~b & sign : (a ^ b) & sign
            setF(i.rd, a & ~sign | s, i)
            return .next
        case .fminS: setF(i.rd, NaNBox.box(F32.min(single(i.rs1), single(i.rs2), &fflags)), i); return .next
        case .fmaxS: setF(i.rd, NaNBox.box(F32.max(single(i.rs1), single(i.rs2), &fflags)), i); return .next
        case .fminD: setF(i.rd, F64.min(double(i.rs1), double(i.rs2), &fflags), i); return .next
        case .fmaxD: setF(i.rd, F64.max(double(i.rs1), double(i.rs2), &fflags), i); return .next
        case .feqS: setX(i.rd, F32.eq(single(i.rs1), single(i.rs2), &fflags) ? 1 : 0, i); return .next
        case .fltS: setX(i.rd, F32.lt(single(i.rs1), single(i.rs2), &fflags) ? 1 : 0, i); return .next
        case .fleS: setX(i.rd, F32.le(single(i.rs1), single(i.rs2), &fflags) ? 1 : 0, i); return .next
        case .feqD: setX(i.rd, F64.eq(double(i.rs1), double(i.rs2), &fflags) ? 1 : 0, i); return .next
        case .fltD: setX(i.rd, F64.lt(double(i.rs1), double(i.rs2), &fflags) ? 1 : 0, i); return .next
        case .fleD: setX(i.rd, F64.le(double(i.rs1), double(i.rs2), &fflags) ? 1 : 0, i); return .next
        case .fclassS: setX(i.rd, F32.classify(single(i.rs1)), i); return .next
        case .fclassD: setX(i.rd, F64.classify(double(i.rs1)), i); return .next
        case .fmvXW: setX(i.rd, sext32(UInt32(truncatingIfNeeded: f[Int(i.rs1)])), i); return .next
        case .fmvXD: setX(i.rd, f[Int(i.rs1)], i); return .next
        case .fmvWX: setF(i.rd, NaNBox.box(UInt32(truncatingIfNeeded: base)), i); return .next
        case .fmvDX: setF(i.rd, base, i); return .next
        default:
            guard let rm = roundingMode(i) else { return illegal(i) }
            return executeRounded(i, rm)
        }
    }

    /// Operations that take a rounding mode.
    private func executeRounded(_ i: ReferenceInstruction, _ rm: RoundingMode) -> Outcome {
        let xs = x[Int(i.rs1)]
        let a32 = single(i.rs1), b32 = single(i.rs2), c32 = single(i.rs3)
        let a64 = double(i.rs1), b64 = double(i.rs2), c64 = double(i.rs3)
        let n32: UInt32 = 1 << 31, n64: UInt64 = 1 << 63
        switch i.opcode {
        case .faddS: setF(i.rd, NaNBox.box(F32.add(a32, b32, rm, &fflags)), i)
        case .fsubS: setF(i.rd, NaNBox.box(F32.sub(a32, b32, rm, &fflags)), i)
        case .fmulS: setF(i.rd, NaNBox.box(F32.mul(a32, b32, rm, &fflags)), i)
        case .fdivS: setF(i.rd, NaNBox.box(F32.div(a32, b32, rm, &fflags)), i)
        case .fsqrtS: setF(i.rd, NaNBox.box(F32.sqrt(a32, rm, &fflags)), i)
        // fmadd: a·b+c; fmsub: a·b−c; fnmsub: −(a·b)+c; fnmadd: −(a·b)−c.
        case .fmaddS: setF(i.rd, NaNBox.box(F32.fma(a32, b32, c32, rm, &fflags)), i)
        case .fmsubS: setF(i.rd, NaNBox.box(F32.fma(a32, b32, c32 ^ n32, rm, &fflags)), i)
        case .fnmsubS: setF(i.rd, NaNBox.box(F32.fma(a32 ^ n32, b32, c32, rm, &fflags)), i)
        case .fnmaddS: setF(i.rd, NaNBox.box(F32.fma(a32 ^ n32, b32, c32 ^ n32, rm, &fflags)), i)
        case .faddD: setF(i.rd, F64.add(a64, b64, rm, &fflags), i)
        case .fsubD: setF(i.rd, F64.sub(a64, b64, rm, &fflags), i)
        case .fmulD: setF(i.rd, F64.mul(a64, b64, rm, &fflags), i)
        case .fdivD: setF(i.rd, F64.div(a64, b64, rm, &fflags), i)
        case .fsqrtD: setF(i.rd, F64.sqrt(a64, rm, &fflags), i)
        case .fmaddD: setF(i.rd, F64.fma(a64, b64, c64, rm, &fflags), i)
        case .fmsubD: setF(i.rd, F64.fma(a64, b64, c64 ^ n64, rm, &fflags), i)
        case .fnmsubD: setF(i.rd, F64.fma(a64 ^ n64, b64, c64, rm, &fflags), i)
        case .fnmaddD: setF(i.rd, F64.fma(a64 ^ n64, b64, c64 ^ n64, rm, &fflags), i)
        case .fcvtSD: setF(i.rd, NaNBox.box(F64.toF32(a64, rm, &fflags)), i)
        case .fcvtDS: setF(i.rd, F32.toF64(a32, &fflags), i)
        case .fcvtWS: setX(i.rd, UInt64(bitPattern: Int64(F32.toInt32(a32, rm, &fflags))), i)
        case .fcvtWuS: setX(i.rd, sext32(F32.toUInt32(a32, rm, &fflags)), i)
        case .fcvtLS: setX(i.rd, UInt64(bitPattern: F32.toInt64(a32, rm, &fflags)), i)
        case .fcvtLuS: setX(i.rd, F32.toUInt64(a32, rm, &fflags), i)
        case .fcvtWD: setX(i.rd, UInt64(bitPattern: Int64(F64.toInt32(a64, rm, &fflags))), i)
        case .fcvtWuD: setX(i.rd, sext32(F64.toUInt32(a64, rm, &fflags)), i)
        case .fcvtLD: setX(i.rd, UInt64(bitPattern: F64.toInt64(a64, rm, &fflags)), i)
        case .fcvtLuD: setX(i.rd, F64.toUInt64(a64, rm, &fflags), i)
        case .fcvtSW: setF(i.rd, NaNBox.box(F32.fromInt32(Int32(truncatingIfNeeded: xs), rm, &fflags)), i)
        case .fcvtSWu: setF(i.rd, NaNBox.box(F32.fromUInt32(UInt32(truncatingIfNeeded: xs), rm, &fflags)), i)
        case .fcvtSL: setF(i.rd, NaNBox.box(F32.fromInt64(Int64(bitPattern: xs), rm, &fflags)), i)
        case .fcvtSLu: setF(i.rd, NaNBox.box(F32.fromUInt64(xs, rm, &fflags)), i)
        case .fcvtDW: setF(i.rd, F64.fromInt32(Int32(truncatingIfNeeded: xs), rm, &fflags), i)
        case .fcvtDWu: setF(i.rd, F64.fromUInt32(UInt32(truncatingIfNeeded: xs), rm, &fflags), i)
        case .fcvtDL: setF(i.rd, F64.fromInt64(Int64(bitPattern: xs), rm, &fflags), i)
        case .fcvtDLu: setF(i.rd, F64.fromUInt64(xs, rm, &fflags), i)
        default: return illegal(i)
        }
        return .next
    }
}
