import TernFloat

// The element semantics of the vector floating-point rows, written once over
// TernFloat's `FloatFormat` and applied at the format of the element width
// (`VectorElementContext.sew`: 16 → binary16, 32 → binary32, 64 → binary64).
// Flags accrue into `c.fflags`, the rounding mode is `c.rm` (frm, or the row's
// static RTZ); every NaN result is the canonical NaN (TernFloat's rule).

/// The SEWs at which a floating-point row is legal, and its rounding mode
/// (qemu 11's checks, probed per instruction and SEW under `-cpu rva23u64` with
/// and without `zvfh=true`; they follow which element widths are binary16).
public struct VectorFloat: Sendable {
    /// Legal SEWs with V (Zve64d) and Zvfhmin: bit log2(SEW) − 3.
    public let sews: UInt8
    /// SEWs legal only with Zvfh (a binary16 operand or result Zvfhmin lacks).
    public let zvfhSEWs: UInt8
    /// A static rounding mode (the `.rtz` conversions), nil for frm.
    public let rounding: RoundingMode?

    static func mask(_ widths: [Int]) -> UInt8 { widths.reduce(0) { $0 | 1 << UInt8($1.trailingZeroBitCount - 3) } }

    public init(sews: [Int], zvfhSEWs: [Int], rounding: RoundingMode? = nil) {
        self.sews = Self.mask(sews); self.zvfhSEWs = Self.mask(zvfhSEWs); self.rounding = rounding
    }
    init(masks sews: UInt8, _ zvfhSEWs: UInt8, rounding: RoundingMode?) {
        self.sews = sews; self.zvfhSEWs = zvfhSEWs; self.rounding = rounding
    }

    /// Whether the row may run at `sew` (8…64) with Zvfh present or not.
    @inline(__always)
    public func legal(sew: Int, zvfh: Bool) -> Bool {
        let bit: UInt8 = 1 << UInt8(truncatingIfNeeded: sew.trailingZeroBitCount - 3)
        return (sews | (zvfh ? zvfhSEWs : 0)) & bit != 0
    }

    /// SEW-wide floating point: binary16 needs Zvfh.
    public static let single = VectorFloat(sews: [32, 64], zvfhSEWs: [16])
    /// SEW-wide float operands, 2·SEW-wide float or integer results (and the `.w` forms).
    public static let widening = VectorFloat(sews: [32], zvfhSEWs: [16])
    /// SEW-wide integers with 2·SEW-wide floats (vfwcvt.f.x*.v, vfncvt.x*.f.w).
    public static let integerHalf = VectorFloat(sews: [16, 32], zvfhSEWs: [8])
    /// binary16 ↔ binary32 and binary32 ↔ binary64 conversions (Zvfhmin).
    public static let halfConversion = VectorFloat(sews: [16, 32], zvfhSEWs: [])

    /// The same widths rounding towards zero.
    public var towardZero: VectorFloat { VectorFloat(masks: sews, zvfhSEWs, rounding: .rtz) }
}

/// A floating-point element operation on operands of one format.
enum FloatElement: Sendable {
    case add, sub, rsub, mul, div, rdiv, min, max, sgnj, sgnjn, sgnjx
    /// a = vs2, b = vs1 or f[rs1], d = vd.
    case macc, nmacc, msac, nmsac, madd, nmadd, msub, nmsub
    /// Compares (a = vs2, b = vs1 or f[rs1]): 0 or 1.
    case eq, ne, lt, le, gt, ge
    /// Unary (a = vs2).
    case sqrt, rsqrt7, rec7, classify
    /// Same-width conversions to and from integers.
    case toInteger(signed: Bool), fromInteger(signed: Bool)

    /// The element function at the context's width.
    var function: VectorElementFunction {
        { a, b, d, c in
            switch c.sew {
            case 16: self.apply(F16.self, a, b, d, &c)
            case 32: self.apply(F32.self, a, b, d, &c)
            default: self.apply(F64.self, a, b, d, &c)
            }
        }
    }

    /// The operation on `a`, `b`, `d` of format `F` (low bits; the result zero-extended).
    @inline(__always)
    func apply<F: FloatFormat>(_: F.Type, _ a: UInt64, _ b: UInt64, _ d: UInt64, _ c: inout VectorElementContext) -> UInt64 {
        let x = F.Bits(truncatingIfNeeded: a), y = F.Bits(truncatingIfNeeded: b), z = F.Bits(truncatingIfNeeded: d)
        let rm = c.rm, s = F.signBit
        let r: F.Bits
        switch self {
        case .add: r = F.add(x, y, rm, &c.fflags)
        case .sub: r = F.sub(x, y, rm, &c.fflags)
        case .rsub: r = F.sub(y, x, rm, &c.fflags)
        case .mul: r = F.mul(x, y, rm, &c.fflags)
        case .div: r = F.div(x, y, rm, &c.fflags)
        case .rdiv: r = F.div(y, x, rm, &c.fflags)
        case .min: r = F.min(x, y, &c.fflags)
        case .max: r = F.max(x, y, &c.fflags)
        case .sgnj: r = x & ~s | y & s
        case .sgnjn: r = x & ~s | ~y & s
        case .sgnjx: r = x ^ y & s
        // Negating the product flips a factor's sign (exact); negating the addend flips its sign.
        case .macc: r = F.fma(x, y, z, rm, &c.fflags)
        case .nmacc: r = F.fma(x ^ s, y, z ^ s, rm, &c.fflags)
        case .msac: r = F.fma(x, y, z ^ s, rm, &c.fflags)
        case .nmsac: r = F.fma(x ^ s, y, z, rm, &c.fflags)
        case .madd: r = F.fma(z, y, x, rm, &c.fflags)
        case .nmadd: r = F.fma(z ^ s, y, x ^ s, rm, &c.fflags)
        case .msub: r = F.fma(z, y, x ^ s, rm, &c.fflags)
        case .nmsub: r = F.fma(z ^ s, y, x, rm, &c.fflags)
        case .eq: return F.eq(x, y, &c.fflags) ? 1 : 0
        case .ne: return F.eq(x, y, &c.fflags) ? 0 : 1
        case .lt: return F.lt(x, y, &c.fflags) ? 1 : 0
        case .le: return F.le(x, y, &c.fflags) ? 1 : 0
        case .gt: return F.lt(y, x, &c.fflags) ? 1 : 0
        case .ge: return F.le(y, x, &c.fflags) ? 1 : 0
        case .sqrt: r = F.sqrt(x, rm, &c.fflags)
        case .rsqrt7: r = F.reciprocalSqrtEstimate(x, &c.fflags)
        case .rec7: r = F.reciprocalEstimate(x, rm, &c.fflags)
        case .classify: return F.classify(x)
        case .toInteger(let signed): return F.toInteger(x, rm, signed: signed, bits: F.Bits.bitWidth, &c.fflags)
        case .fromInteger(let signed): r = F.fromInteger(a, signed: signed, bits: F.Bits.bitWidth, rm, &c.fflags)
        }
        return UInt64(r)
    }

    /// The widening form: `c.sew` is 2·SEW; the SEW-wide operands (`a` unless
    /// `wideA`, and `b`) are converted exactly to 2·SEW first (NV for a
    /// signalling NaN, as qemu's float16_to_float32 / float32_to_float64).
    func widening(wideA: Bool) -> VectorElementFunction {
        { a, b, d, c in
            if c.sew == 32 {
                let x = wideA ? a : UInt64(F16.convert(UInt16(truncatingIfNeeded: a), to: F32.self, .rne, &c.fflags))
                let y = UInt64(F16.convert(UInt16(truncatingIfNeeded: b), to: F32.self, .rne, &c.fflags))
                return self.apply(F32.self, x, y, d, &c)
            }
            let x = wideA ? a : UInt64(F32.convert(UInt32(truncatingIfNeeded: a), to: F64.self, .rne, &c.fflags))
            let y = UInt64(F32.convert(UInt32(truncatingIfNeeded: b), to: F64.self, .rne, &c.fflags))
            return self.apply(F64.self, x, y, d, &c)
        }
    }
}

/// The widening and narrowing conversions. Widening rows see `c.sew` = 2·SEW
/// and a SEW-wide `a`; narrowing rows see `c.sew` = 2·SEW and a 2·SEW-wide `a`.
enum FloatConversion: Sendable {
    /// vfwcvt.x[u].f.v: SEW float → 2·SEW integer.
    case widenToInteger(signed: Bool)
    /// vfwcvt.f.x[u].v: SEW integer → 2·SEW float (exact).
    case widenFromInteger(signed: Bool)
    /// vfwcvt.f.f.v (exact).
    case widenFloat
    /// vfncvt.x[u].f.w: 2·SEW float → SEW integer.
    case narrowToInteger(signed: Bool)
    /// vfncvt.f.x[u].w: 2·SEW integer → SEW float.
    case narrowFromInteger(signed: Bool)
    /// vfncvt.f.f.w, and vfncvt.rod.f.f.w rounding to odd.
    case narrowFloat(odd: Bool)

    var function: VectorElementFunction {
        { a, _, _, c in
            let wide = c.sew, half = c.sew / 2
            switch self {
            case .widenToInteger(let signed):
                return wide == 32 ? F16.toInteger(UInt16(truncatingIfNeeded: a), c.rm, signed: signed, bits: 32, &c.fflags)
                                  : F32.toInteger(UInt32(truncatingIfNeeded: a), c.rm, signed: signed, bits: 64, &c.fflags)
            case .widenFromInteger(let signed):
                switch wide {
                case 16: return UInt64(F16.fromInteger(a, signed: signed, bits: 8, c.rm, &c.fflags))
                case 32: return UInt64(F32.fromInteger(a, signed: signed, bits: 16, c.rm, &c.fflags))
                default: return F64.fromInteger(a, signed: signed, bits: 32, c.rm, &c.fflags)
                }
            case .widenFloat:
                return wide == 32 ? UInt64(F16.convert(UInt16(truncatingIfNeeded: a), to: F32.self, .rne, &c.fflags))
                                  : F32.convert(UInt32(truncatingIfNeeded: a), to: F64.self, .rne, &c.fflags)
            case .narrowToInteger(let signed):
                switch wide {
                case 16: return F16.toInteger(UInt16(truncatingIfNeeded: a), c.rm, signed: signed, bits: half, &c.fflags)
                case 32: return F32.toInteger(UInt32(truncatingIfNeeded: a), c.rm, signed: signed, bits: half, &c.fflags)
                default: return F64.toInteger(a, c.rm, signed: signed, bits: half, &c.fflags)
                }
            case .narrowFromInteger(let signed):
                return wide == 32 ? UInt64(F16.fromInteger(a, signed: signed, bits: 32, c.rm, &c.fflags))
                                  : UInt64(F32.fromInteger(a, signed: signed, bits: 64, c.rm, &c.fflags))
            case .narrowFloat(let odd):
                if wide == 32 {
                    let x = UInt32(truncatingIfNeeded: a)
                    return UInt64(odd ? F32.convertRoundingToOdd(x, to: F16.self, &c.fflags) : F32.convert(x, to: F16.self, c.rm, &c.fflags))
                }
                return UInt64(odd ? F64.convertRoundingToOdd(a, to: F32.self, &c.fflags) : F64.convert(a, to: F32.self, c.rm, &c.fflags))
            }
        }
    }
}
