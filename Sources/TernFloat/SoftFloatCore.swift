// Exact software IEEE-754 core shared by binary32 and binary64: format description,
// unpacking, and the single rounding step (tininess detected after rounding).
// Values of either format travel as UInt64 bit patterns (binary32 in the low 32 bits).

/// An IEEE binary interchange format.
@usableFromInline
struct FPFormat: Sendable {
    @usableFromInline let fracBits: Int
    @usableFromInline let expBits: Int

    @usableFromInline init(fracBits: Int, expBits: Int) {
        self.fracBits = fracBits
        self.expBits = expBits
    }

    @usableFromInline static let f32 = FPFormat(fracBits: 23, expBits: 8)
    @usableFromInline static let f64 = FPFormat(fracBits: 52, expBits: 11)
    @usableFromInline static let f16 = FPFormat(fracBits: 10, expBits: 5)

    @inline(__always) var precision: Int { fracBits + 1 }
    @inline(__always) var bias: Int { (1 << (expBits - 1)) - 1 }
    @inline(__always) var emin: Int { 1 - bias }
    @inline(__always) var emax: Int { bias }
    @inline(__always) var signBit: UInt64 { 1 << UInt64(fracBits + expBits) }
    @inline(__always) var fracMask: UInt64 { (1 << UInt64(fracBits)) - 1 }
    @inline(__always) var expField: UInt64 { ((1 << UInt64(expBits)) - 1) << UInt64(fracBits) }
    @inline(__always) var infinity: UInt64 { expField }
    @inline(__always) var maxFinite: UInt64 { expField - 1 }
    @inline(__always) var canonicalNaN: UInt64 { expField | (1 << UInt64(fracBits - 1)) }
    @inline(__always) var quietBit: UInt64 { 1 << UInt64(fracBits - 1) }

    @inline(__always) func sign(_ x: UInt64) -> Bool { x & signBit != 0 }
    @inline(__always) func magnitude(_ x: UInt64) -> UInt64 { x & (signBit - 1) }
    @inline(__always) func isNaN(_ x: UInt64) -> Bool { magnitude(x) > expField }
    @inline(__always) func isSNaN(_ x: UInt64) -> Bool { isNaN(x) && x & quietBit == 0 }
    @inline(__always) func isInf(_ x: UInt64) -> Bool { magnitude(x) == expField }
    @inline(__always) func isZero(_ x: UInt64) -> Bool { magnitude(x) == 0 }

    /// Finite nonzero `x` as `sig * 2^exp` with `sig` normalised so bit 63 is set.
    @inline(__always) func unpack(_ x: UInt64) -> (exp: Int, sig: UInt64) {
        let e = Int((x & expField) >> UInt64(fracBits))
        let f = x & fracMask
        let sig: UInt64
        let exp: Int
        if e == 0 {
            sig = f
            exp = emin - fracBits
        } else {
            sig = f | (1 << UInt64(fracBits))
            exp = e - bias - fracBits
        }
        let lz = sig.leadingZeroBitCount
        return (exp - lz, sig << UInt64(lz))
    }

    /// Signed zero of this format.
    @inline(__always) func zero(_ negative: Bool) -> UInt64 { negative ? signBit : 0 }
}

/// Whether rounding must increment the kept significand.
@inline(__always)
func roundIncrement(_ rm: RoundingMode, negative: Bool, above: Bool, tie: Bool, inexact: Bool, odd: Bool) -> Bool {
    switch rm {
    case .rne: return above || (tie && odd)
    case .rmm: return above || tie
    case .rtz: return false
    case .rdn: return negative && inexact
    case .rup: return !negative && inexact
    }
}

/// Rounds `sig * 2^exp` (plus a sticky fraction below the lowest bit of `sig` when
/// `sig`'s lowest bit was jammed by the caller) to `fmt` under `rm`, raising NX, UF, OF.
/// `sig` must be nonzero. When bits were jammed, `sig` must carry at least precision+2
/// significant bits so the left normalisation here cannot move the jam into the rounding bits.
@usableFromInline
func roundPack(_ negative: Bool, _ exp: Int, _ sigIn: UInt64, _ fmt: FPFormat, _ rm: RoundingMode,
               _ flags: inout UInt32) -> UInt64 {
    let lz = sigIn.leadingZeroBitCount
    let sig = sigIn << UInt64(lz)
    var e = exp - lz + 63  // exponent of the leading bit
    let p = fmt.precision
    let signBits = fmt.zero(negative)

    // Rounding at full precision with an unbounded exponent range.
    let shift = UInt64(64 - p)
    let half: UInt64 = 1 << (shift - 1)
    let rem = sig & ((1 << shift) - 1)
    var q = sig >> shift
    let inexactN = rem != 0
    if roundIncrement(rm, negative: negative, above: rem > half, tie: rem == half, inexact: inexactN,
                      odd: q & 1 != 0) {
        q += 1
    }
    if q == 1 << UInt64(p) {
        q >>= 1
        e += 1
    }

    if e >= fmt.emin {
        if e > fmt.emax {
            flags |= FFlags.of | FFlags.nx
            let toInf: Bool
            switch rm {
            case .rne, .rmm: toInf = true
            case .rtz: toInf = false
            case .rdn: toInf = negative
            case .rup: toInf = !negative
            }
            return signBits | (toInf ? fmt.infinity : fmt.maxFinite)
        }
        // Not tiny. (A value just below the minimum normal whose unbounded rounding carried
        // to it rounds the same way at subnormal precision, with the same inexactness.)
        if inexactN { flags |= FFlags.nx }
        return signBits | (UInt64(e + fmt.bias) << UInt64(fmt.fracBits)) | (q & fmt.fracMask)
    }

    // Tiny after rounding: denormalise and round again at the reduced precision.
    let dshift = 64 - p + (fmt.emin - (exp - lz + 63))
    var above = false, tie = false, inexact = true, odd = false
    var qs: UInt64 = 0
    if dshift < 64 {
        let h: UInt64 = 1 << UInt64(dshift - 1)
        let r = sig & ((1 << UInt64(dshift)) - 1)
        qs = sig >> UInt64(dshift)
        above = r > h
        tie = r == h
        inexact = r != 0
        odd = qs & 1 != 0
    } else if dshift == 64 {
        above = sig > 1 << 63
        tie = sig == 1 << 63
    }
    if roundIncrement(rm, negative: negative, above: above, tie: tie, inexact: inexact, odd: odd) {
        qs += 1
    }
    if inexact { flags |= FFlags.nx | FFlags.uf }
    return signBits | qs
}
