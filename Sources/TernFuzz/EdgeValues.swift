/// Operand values that sit on the edges RISC-V semantics care about: integer range
/// limits, shift widths, and IEEE specials (±0, ±∞, signalling and quiet NaNs with
/// payloads, subnormals, conversion range limits) for single and double precision.
public enum EdgeValues {
    /// Integer register values (64-bit patterns).
    public static let integers: [UInt64] = [
        0, 1, 2, 3, 0xffff_ffff_ffff_ffff, 0xffff_ffff_ffff_fffe,
        0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff, 0x8000_0000_0000_0001,
        0x0000_0000_8000_0000, 0xffff_ffff_8000_0000, 0x0000_0000_7fff_ffff,
        0xffff_ffff_7fff_ffff, 0x0000_0000_ffff_ffff, 0x0000_0001_0000_0000,
        31, 32, 63, 64, 0x1f, 0x3f, 0x40, 0xff, 0x80, 0xffff, 0x8000, 0x7fff,
        0x0000_0000_0000_0800, 0xffff_ffff_ffff_f800,
        // Integer → FP rounding boundaries: 2^24±1, 2^53±1 and their negatives, 2^64-1.
        0x0000_0000_0100_0001, 0x0000_0000_00ff_ffff, 0xffff_ffff_feff_ffff,
        0x0020_0000_0000_0001, 0x001f_ffff_ffff_ffff, 0xffdf_ffff_ffff_ffff,
        0x7fff_ffff_ffff_fc00, 0xffff_ffff_ffff_fc01,
    ]

    /// Double-precision bit patterns.
    public static let doubles: [UInt64] = [
        0x0000_0000_0000_0000, 0x8000_0000_0000_0000,            // ±0
        0x7ff0_0000_0000_0000, 0xfff0_0000_0000_0000,            // ±∞
        0x7ff8_0000_0000_0000, 0xfff8_0000_0000_0000,            // canonical / negative qNaN
        0x7ff8_dead_beef_0001, 0x7ff0_0000_0000_0001,            // qNaN payload, sNaN
        0xfff4_0000_0000_1234, 0x7ff7_ffff_ffff_ffff,            // sNaNs
        0x0000_0000_0000_0001, 0x000f_ffff_ffff_ffff,            // subnormals
        0x8008_0000_0000_0000, 0x0010_0000_0000_0000,            // -subnormal, min normal
        0x7fef_ffff_ffff_ffff, 0xffef_ffff_ffff_ffff,            // ±max
        0x3ff0_0000_0000_0000, 0xbff0_0000_0000_0000,            // ±1
        0x3fe0_0000_0000_0000, 0x3ff8_0000_0000_0000,            // 0.5, 1.5
        0x4004_0000_0000_0000, 0xc004_0000_0000_0000,            // ±2.5
        0x3fe0_0000_0000_0001, 0xbfdf_ffff_ffff_ffff,            // just above / below ±0.5
        0x41df_ffff_ffc0_0000, 0x41df_ffff_ffe0_0000,            // 2^31-1, 2^31-0.5
        0x41e0_0000_0000_0000, 0xc1e0_0000_0000_0000,            // ±2^31
        0xc1e0_0000_0020_0000, 0x41ef_ffff_ffe0_0000,            // -2^31-1, 2^32-1
        0x41ef_ffff_fff0_0000, 0x41f0_0000_0000_0000,            // 2^32-0.5, 2^32
        0x43df_ffff_ffff_ffff, 0x43e0_0000_0000_0000,            // below 2^63, 2^63
        0xc3e0_0000_0000_0000, 0xc3e0_0000_0000_0001,            // -2^63, below -2^63
        0x43ef_ffff_ffff_ffff, 0x43f0_0000_0000_0000,            // below 2^64, 2^64
        0x47ef_ffff_e000_0000, 0x47f0_0000_0000_0000,            // float max, beyond float range
        0x3690_0000_0000_0000, 0x36a0_0000_0000_0000,            // float subnormal range
        0x3810_0000_0000_0000, 0x380f_ffff_ffff_ffff,            // float min normal and below
        0x3ff0_0000_0000_0001, 0x4340_0000_0000_0001,            // 1+ulp, 2^53+2
    ]

    /// Single-precision bit patterns.
    public static let singles: [UInt32] = [
        0x0000_0000, 0x8000_0000, 0x7f80_0000, 0xff80_0000,      // ±0, ±∞
        0x7fc0_0000, 0xffc0_0000, 0x7fc1_2345, 0x7f80_0001,      // qNaNs, sNaN
        0xffa0_0000, 0x7fbf_ffff,                                // sNaNs
        0x0000_0001, 0x007f_ffff, 0x8040_0000, 0x0080_0000,      // subnormals, min normal
        0x7f7f_ffff, 0xff7f_ffff, 0x3f80_0000, 0xbf80_0000,      // ±max, ±1
        0x3f00_0000, 0x3fc0_0000, 0x4020_0000, 0xc020_0000,      // 0.5, 1.5, ±2.5
        0x3f00_0001, 0x4eff_ffff, 0x4f00_0000, 0xcf00_0000,      // 0.5+ulp, <2^31, ±2^31
        0xcf00_0001, 0x4f7f_ffff, 0x4f80_0000, 0x5eff_ffff,      // <-2^31, <2^32, 2^32, <2^63
        0x5f00_0000, 0xdf00_0000, 0xdf00_0001, 0x5f7f_ffff,      // 2^63, -2^63, <-2^63, <2^64
        0x5f80_0000, 0x3f80_0001, 0x4b00_0001,                   // 2^64, 1+ulp, 2^23+1
    ]

    /// Singles a `lui` can build (low 12 bits zero), and doubles a `lui` and a shift by 32
    /// can build (low 44 bits zero): every class of special value has members here.
    public static let luiSingles: [UInt32] = singles.filter { $0 & 0xfff == 0 } + [0x7fa0_0000, 0x0040_0000]
    public static let luiDoubles: [UInt64] = doubles.filter { $0 & 0xfff_ffff_ffff == 0 }
        + [0x7ff4_0000_0000_0000, 0x0008_0000_0000_0000]

    /// A random integer operand: an edge value, a float pattern, or random bits.
    public static func integer(_ r: inout Xoshiro) -> UInt64 {
        switch r.below(10) {
        case 0...3: return r.pick(integers)
        case 4: return r.pick(doubles)
        case 5: return UInt64(r.pick(singles))
        case 6: return UInt64(bitPattern: Int64(r.below(4096)) - 2048)
        default: return r.next()
        }
    }

    /// Half-precision edge values: zeros, ±1, infinities, quiet and signalling NaNs,
    /// the smallest and largest subnormals and normals, halfway and near-integer values.
    public static let halves: [UInt16] = [
        0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7c01, 0x7d00, 0xfd55,
        0x0001, 0x8001, 0x03ff, 0x83ff, 0x0200, 0x0400, 0x8400, 0x7bff, 0xfbff, 0x3800, 0xb800,
        0x3e00, 0x4100, 0xc100, 0x3555, 0x3bff, 0x3c01, 0x5bff, 0x7800, 0x6bff, 0x0401, 0x4248,
    ]

    /// A random FP register value: a double, a single NaN-boxed (mostly properly,
    /// sometimes with a non-canonical upper half, which reads as the canonical NaN),
    /// or a half NaN-boxed.
    public static func fpRegister(_ r: inout Xoshiro) -> UInt64 {
        switch r.below(10) {
        case 0...3: return r.pick(doubles)
        case 4...7: return boxed(r.pick(singles), &r)
        case 8: return r.chance(50) ? r.next() : 0xffff_ffff_ffff_0000 | UInt64(r.pick(halves))
        default: return boxed(UInt32(truncatingIfNeeded: r.next()), &r)
        }
    }

    /// Themes of related special values as (double, single) bit patterns; a sequence's
    /// palette draws on one or two, so operands such as (+0, −0) or (sNaN, x) meet in one
    /// instruction far more often than with independent values ("swarm" testing).
    public static let fpThemes: [[(UInt64, UInt32)]] = [
        [(0, 0), (0x8000_0000_0000_0000, 0x8000_0000), (0x3ff0_0000_0000_0000, 0x3f80_0000),
         (0xbff0_0000_0000_0000, 0xbf80_0000)],
        [(0x7ff8_0000_0000_0000, 0x7fc0_0000), (0x7ff0_0000_0000_0001, 0x7f80_0001),
         (0xfff8_0000_0000_0000, 0xffc0_0000), (0x7ff8_dead_beef_0001, 0x7fc1_2345),
         (0x3ff0_0000_0000_0000, 0x3f80_0000), (0xfff0_0000_0000_0000, 0xff80_0000)],
        [(0x7ff0_0000_0000_0000, 0x7f80_0000), (0xfff0_0000_0000_0000, 0xff80_0000),
         (0x7fef_ffff_ffff_ffff, 0x7f7f_ffff), (0xffef_ffff_ffff_ffff, 0xff7f_ffff),
         (0, 0), (0x4000_0000_0000_0000, 0x4000_0000)],
        [(1, 1), (0x000f_ffff_ffff_ffff, 0x007f_ffff), (0x0010_0000_0000_0000, 0x0080_0000),
         (0x8000_0000_0000_0001, 0x8000_0001), (0x3fe0_0000_0000_0000, 0x3f00_0000),
         (0x0020_0000_0000_0000, 0x0100_0000)],
        [(0x3fe0_0000_0000_0000, 0x3f00_0000), (0x3ff8_0000_0000_0000, 0x3fc0_0000),
         (0x4004_0000_0000_0000, 0x4020_0000), (0xc004_0000_0000_0000, 0xc020_0000),
         (0x3fe0_0000_0000_0001, 0x3f00_0001), (0x3ff0_0000_0000_0001, 0x3f80_0001)],
        [(0x41e0_0000_0000_0000, 0x4f00_0000), (0xc1e0_0000_0000_0000, 0xcf00_0000),
         (0x41df_ffff_ffc0_0000, 0x4eff_ffff), (0x41f0_0000_0000_0000, 0x4f80_0000),
         (0x43e0_0000_0000_0000, 0x5f00_0000), (0xc3e0_0000_0000_0000, 0xdf00_0000),
         (0x43f0_0000_0000_0000, 0x5f80_0000), (0x43ef_ffff_ffff_ffff, 0x5f7f_ffff),
         (0xc3e0_0000_0000_0001, 0xdf00_0001), (0x41ef_ffff_ffe0_0000, 0x4f7f_ffff)],
    ]

    /// A per-sequence palette of FP values (pairs of double and single patterns) from one
    /// or two themes and a random value.
    public static func fpPalette(_ r: inout Xoshiro) -> [(UInt64, UInt32)] {
        var p = r.pick(fpThemes)
        if r.chance(30) { p += r.pick(fpThemes) }
        let d = r.pick(doubles), f = r.pick(singles)
        p.append((d, f))
        return p
    }

    /// A register value from a palette: the double, or the single NaN-boxed.
    public static func fromPalette(_ p: [(UInt64, UInt32)], _ r: inout Xoshiro) -> UInt64 {
        let (d, f) = r.pick(p)
        return r.chance(50) ? d : boxed(f, &r)
    }

    /// A per-sequence palette of integer values (see `fpThemes`).
    public static func integerPalette(_ r: inout Xoshiro) -> [UInt64] {
        (0..<(2 + r.below(6))).map { _ in integer(&r) }
    }

    /// An ordinary value of a format of `width` bytes (2, 4, 8): either sign, an
    /// exponent within a few binades of 1, random fraction bits (so results of
    /// arithmetic on such values stay normal and are mostly inexact).
    public static func ordinaryFloat(width: Int, _ r: inout Xoshiro) -> UInt64 {
        let fraction = width == 2 ? 10 : width == 4 ? 23 : 52, bias = (1 << (8 * width - fraction - 2)) - 1
        let sign = r.next() & 1, exponent = UInt64(bias - 6 + r.below(13))
        return sign << UInt64(8 * width - 1) | exponent << UInt64(fraction) | r.next() & ((1 << UInt64(fraction)) - 1)
    }

    /// `bits` NaN-boxed; one time in ten the box is broken.
    static func boxed(_ bits: UInt32, _ r: inout Xoshiro) -> UInt64 {
        let upper: UInt64 = r.chance(90) ? 0xffff_ffff : (r.chance(50) ? 0 : r.next() >> 32)
        return upper << 32 | UInt64(bits)
    }
}
