// Exact software arithmetic for either format (RISC-V NaN and flag rules): the reference
// implementation and the path for RMM and for hosts without an exact hardware path.

@inline(__always)
private func shiftRightJam(_ x: UInt64, _ d: Int) -> UInt64 {
    if d == 0 { return x }
    if d >= 64 { return x != 0 ? 1 : 0 }
    return (x >> UInt64(d)) | ((x << UInt64(64 - d)) != 0 ? 1 : 0)
}

/// 128-bit right shift whose lost bits are OR-ed into the lowest bit.
@inline(__always)
private func shiftRightJam128(_ hi: UInt64, _ lo: UInt64, _ d: Int) -> (UInt64, UInt64) {
    if d == 0 { return (hi, lo) }
    if d < 64 {
        let jam: UInt64 = (lo << UInt64(64 - d)) != 0 ? 1 : 0
        return (hi >> UInt64(d), (lo >> UInt64(d)) | (hi << UInt64(64 - d)) | jam)
    }
    if d < 128 {
        let s = d - 64
        let lost = lo != 0 || (s > 0 && (hi << UInt64(64 - s)) != 0)
        return (0, (hi >> UInt64(s)) | (lost ? 1 : 0))
    }
    return (0, (hi | lo) != 0 ? 1 : 0)
}

/// Canonical NaN with NV when either operand is signalling.
@inline(__always)
private func nanResult(_ fmt: FPFormat, _ flags: inout UInt32, _ xs: UInt64...) -> UInt64 {
    for x in xs where fmt.isSNaN(x) { flags |= FFlags.nv }
    return fmt.canonicalNaN
}

@usableFromInline
enum SoftFloat {
    /// a + b.
    @usableFromInline
    static func add(_ a: UInt64, _ b: UInt64, _ fmt: FPFormat, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        if fmt.isNaN(a) || fmt.isNaN(b) { return nanResult(fmt, &flags, a, b) }
        let sa = fmt.sign(a), sb = fmt.sign(b)
        if fmt.isInf(a) {
            if fmt.isInf(b) && sa != sb {
                flags |= FFlags.nv
                return fmt.canonicalNaN
            }
            return a
        }
        if fmt.isInf(b) { return b }
        if fmt.isZero(a) {
            if fmt.isZero(b) { return sa == sb ? a : fmt.zero(rm == .rdn) }
            return b
        }
        if fmt.isZero(b) { return a }
        var (ea, ma) = fmt.unpack(a)
        var (eb, mb) = fmt.unpack(b)
        // Leading bit at 62: one bit of headroom for the carry.
        ma >>= 1; ea += 1
        mb >>= 1; eb += 1
        var negative = sa
        var negB = sb
        if ea < eb || (ea == eb && ma < mb) {
            swap(&ea, &eb); swap(&ma, &mb)
            negative = sb; negB = sa
        }
        mb = shiftRightJam(mb, ea - eb)
        if negative == negB {
            return roundPack(negative, ea, ma + mb, fmt, rm, &flags)
        }
        let d = ma - mb
        if d == 0 { return fmt.zero(rm == .rdn) }
        return roundPack(negative, ea, d, fmt, rm, &flags)
    }

    /// a * b.
    @usableFromInline
    static func mul(_ a: UInt64, _ b: UInt64, _ fmt: FPFormat, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        if fmt.isNaN(a) || fmt.isNaN(b) { return nanResult(fmt, &flags, a, b) }
        let negative = fmt.sign(a) != fmt.sign(b)
        if fmt.isInf(a) || fmt.isInf(b) {
            if fmt.isZero(a) || fmt.isZero(b) {
                flags |= FFlags.nv
                return fmt.canonicalNaN
            }
            return fmt.zero(negative) | fmt.infinity
        }
        if fmt.isZero(a) || fmt.isZero(b) { return fmt.zero(negative) }
        return mulFinite(a, b, negative, fmt, rm, &flags)
    }

    @inline(__always)
    private static func mulFinite(_ a: UInt64, _ b: UInt64, _ negative: Bool, _ fmt: FPFormat, _ rm: RoundingMode,
                                  _ flags: inout UInt32) -> UInt64 {
        let (ea, ma) = fmt.unpack(a)
        let (eb, mb) = fmt.unpack(b)
        let p = ma.multipliedFullWidth(by: mb)
        return roundPack(negative, ea + eb + 64, p.high | (p.low != 0 ? 1 : 0), fmt, rm, &flags)
    }

    /// a / b.
    @usableFromInline
    static func div(_ a: UInt64, _ b: UInt64, _ fmt: FPFormat, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        if fmt.isNaN(a) || fmt.isNaN(b) { return nanResult(fmt, &flags, a, b) }
        let negative = fmt.sign(a) != fmt.sign(b)
        if fmt.isInf(a) {
            if fmt.isInf(b) {
                flags |= FFlags.nv
                return fmt.canonicalNaN
            }
            return fmt.zero(negative) | fmt.infinity
        }
        if fmt.isInf(b) { return fmt.zero(negative) }
        if fmt.isZero(b) {
            if fmt.isZero(a) {
                flags |= FFlags.nv
                return fmt.canonicalNaN
            }
            flags |= FFlags.dz
            return fmt.zero(negative) | fmt.infinity
        }
        if fmt.isZero(a) { return fmt.zero(negative) }
        let (ea, ma) = fmt.unpack(a)
        let (eb, mb) = fmt.unpack(b)
        let (q, r): (UInt64, UInt64)
        let e: Int
        if ma >= mb {
            (q, r) = mb.dividingFullWidth((ma >> 1, ma << 63))
            e = ea - eb - 63
        } else {
            (q, r) = mb.dividingFullWidth((ma, 0))
            e = ea - eb - 64
        }
        return roundPack(negative, e, q | (r != 0 ? 1 : 0), fmt, rm, &flags)
    }

    /// sqrt(a).
    @usableFromInline
    static func sqrt(_ a: UInt64, _ fmt: FPFormat, _ rm: RoundingMode, _ flags: inout UInt32) -> UInt64 {
        if fmt.isNaN(a) { return nanResult(fmt, &flags, a) }
        if fmt.isZero(a) { return a }
        if fmt.sign(a) {
            flags |= FFlags.nv
            return fmt.canonicalNaN
        }
        if fmt.isInf(a) { return a }
        let (e, m) = fmt.unpack(a)
        // N = m * 2^k in [2^122, 2^124) with e - k even; r = floor(sqrt(N)) in [2^61, 2^62).
        let k = (e & 1) != 0 ? 59 : 60
        let nHi = m >> UInt64(64 - k), nLo = m << UInt64(k)
        let estimate = (Double(nHi) * 0x1p64 + Double(nLo)).squareRoot()
        var r = UInt64(estimate)
        // One Newton step, then exact correction.
        let (qn, _) = r.dividingFullWidth((nHi, nLo))
        r = (r + qn) >> 1
        @inline(__always) func sq(_ x: UInt64) -> (UInt64, UInt64) {
            let p = x.multipliedFullWidth(by: x)
            return (p.high, p.low)
        }
        @inline(__always) func greater(_ x: (UInt64, UInt64), _ y: (UInt64, UInt64)) -> Bool {
            x.0 > y.0 || (x.0 == y.0 && x.1 > y.1)
        }
        while greater(sq(r), (nHi, nLo)) { r -= 1 }
        while !greater(sq(r + 1), (nHi, nLo)) { r += 1 }
        let s = sq(r)
        let exact = s.0 == nHi && s.1 == nLo
        return roundPack(false, (e - k) / 2, r | (exact ? 0 : 1), fmt, rm, &flags)
    }

    /// a * b + c with a single rounding. NV for inf*0 even when c is a quiet NaN.
    @usableFromInline
    static func fma(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ fmt: FPFormat, _ rm: RoundingMode,
                    _ flags: inout UInt32) -> UInt64 {
        if fmt.isSNaN(a) || fmt.isSNaN(b) || fmt.isSNaN(c) { flags |= FFlags.nv }
        if (fmt.isInf(a) && fmt.isZero(b)) || (fmt.isZero(a) && fmt.isInf(b)) {
            flags |= FFlags.nv
            return fmt.canonicalNaN
        }
        if fmt.isNaN(a) || fmt.isNaN(b) || fmt.isNaN(c) { return fmt.canonicalNaN }
        let negP = fmt.sign(a) != fmt.sign(b)
        let negC = fmt.sign(c)
        if fmt.isInf(a) || fmt.isInf(b) {
            if fmt.isInf(c) && negC != negP {
                flags |= FFlags.nv
                return fmt.canonicalNaN
            }
            return fmt.zero(negP) | fmt.infinity
        }
        if fmt.isInf(c) { return c }
        if fmt.isZero(a) || fmt.isZero(b) {
            if fmt.isZero(c) { return negP == negC ? c : fmt.zero(rm == .rdn) }
            return c
        }
        if fmt.isZero(c) { return mulFinite(a, b, negP, fmt, rm, &flags) }

        let (ea, ma) = fmt.unpack(a)
        let (eb, mb) = fmt.unpack(b)
        let (ec, mc) = fmt.unpack(c)
        // Product and addend both with their leading bit at 125 (the product exactly: its low bits are zero).
        let prod = ma.multipliedFullWidth(by: mb)
        var pHi = prod.high >> 2, pLo = (prod.low >> 2) | (prod.high << 62)
        var eP = ea + eb + 2
        if pHi >> 61 == 0 {  // leading bit at 124: move it to 125 like the addend
            pHi = (pHi << 1) | (pLo >> 63)
            pLo <<= 1
            eP -= 1
        }
        var cHi = mc >> 2, cLo = mc << 62
        var eC = ec - 62
        var negX = negP, negY = negC
        // Order so the first operand has the larger magnitude.
        if eP < eC || (eP == eC && (pHi < cHi || (pHi == cHi && pLo < cLo))) {
            swap(&pHi, &cHi); swap(&pLo, &cLo); swap(&eP, &eC); swap(&negX, &negY)
        }
        (cHi, cLo) = shiftRightJam128(cHi, cLo, eP - eC)
        var rHi: UInt64, rLo: UInt64
        if negX == negY {
            let (lo, carry) = pLo.addingReportingOverflow(cLo)
            rLo = lo
            rHi = pHi &+ cHi &+ (carry ? 1 : 0)
        } else {
            let (lo, borrow) = pLo.subtractingReportingOverflow(cLo)
            rLo = lo
            rHi = pHi &- cHi &- (borrow ? 1 : 0)
            if rHi == 0 && rLo == 0 { return fmt.zero(rm == .rdn) }
        }
        if rHi == 0 { return roundPack(negX, eP, rLo, fmt, rm, &flags) }
        let lz = rHi.leadingZeroBitCount
        if lz > 0 {
            rHi = (rHi << UInt64(lz)) | (rLo >> UInt64(64 - lz))
            rLo <<= UInt64(lz)
        }
        return roundPack(negX, eP - lz + 64, rHi | (rLo != 0 ? 1 : 0), fmt, rm, &flags)
    }
}
