#!/usr/bin/env python3
"""testfloat-style test vectors for RISC-V F/D, computed independently of TernFloat.

Every result is derived from exact rational arithmetic (fractions.Fraction): the
operands are decoded to exact values, the operation is carried out exactly (square
roots by integer square root with a sticky bit), and the exact result is rounded to
the destination format under the rounding mode, with the IEEE 754 / RISC-V rules for
flags (tininess after rounding), signed zeros, saturating float-to-integer
conversion and the canonical NaN. Nothing here shares code with the Swift
implementation under test.

    fpvectors.py SEED COUNT

prints COUNT lines `OP RM A B C RESULT FLAGS` (hex; unused operands 0), operands
drawn by a seeded generator biased to edge cases, every operation and rounding mode
(RNE RTZ RDN RUP RMM = 0..4) equally often.
"""
import random
import sys
from fractions import Fraction

NX, UF, OF, DZ, NV = 1, 2, 4, 8, 16


class Fmt:
    def __init__(self, ebits, fbits):
        self.ebits, self.fbits = ebits, fbits
        self.p = fbits + 1                      # precision
        self.bias = (1 << (ebits - 1)) - 1
        self.emin = 1 - self.bias
        self.emax = self.bias
        self.width = ebits + fbits + 1
        self.qnan = ((1 << ebits) - 1) << fbits | 1 << (fbits - 1)

    def decode(self, bits):
        """('nan', quiet?) | ('inf', sign) | ('num', sign, Fraction)."""
        sign = bits >> (self.width - 1) & 1
        e = bits >> self.fbits & ((1 << self.ebits) - 1)
        f = bits & ((1 << self.fbits) - 1)
        if e == (1 << self.ebits) - 1:
            if f:
                return ('nan', bool(f >> (self.fbits - 1) & 1))
            return ('inf', sign)
        if e == 0:
            v = Fraction(f, 1 << (self.fbits - self.emin))
        else:
            v = Fraction((1 << self.fbits) | f) * Fraction(2) ** (e - self.bias - self.fbits)
        return ('num', sign, v)

    def inf(self, sign):
        return sign << (self.width - 1) | ((1 << self.ebits) - 1) << self.fbits

    def maxfinite(self, sign):
        return sign << (self.width - 1) | ((1 << self.ebits) - 2) << self.fbits | ((1 << self.fbits) - 1)

    def zero(self, sign):
        return sign << (self.width - 1)


F16, F32, F64 = Fmt(5, 10), Fmt(8, 23), Fmt(11, 52)


def floor_log2(x):
    """e with 2**e <= x < 2**(e+1), x a positive Fraction."""
    e = x.numerator.bit_length() - x.denominator.bit_length()
    if Fraction(2) ** e > x:
        e -= 1
    elif Fraction(2) ** (e + 1) <= x:
        e += 1
    return e


def round_int(q, sign, rm):
    """q >= 0 rational rounded to an integer magnitude by mode rm; (n, inexact)."""
    n = q.numerator // q.denominator
    r = q - n
    if r == 0:
        return n, False
    up = {0: r > Fraction(1, 2) or (r == Fraction(1, 2) and n % 2 == 1),
          1: False, 2: sign == 1, 3: sign == 0, 4: r >= Fraction(1, 2)}[rm]
    return n + (1 if up else 0), True


def round_to(fmt, sign, x, rm, flags=0, sticky=False):
    """Rounds sign * x (x > 0 an exact Fraction) to fmt. With `sticky` the true
    value lies strictly above x by less than any bit x has (inexact square roots).
    Returns (bits, flags)."""
    rnd = round_sticky if sticky else round_int
    e = floor_log2(x)
    # Tininess is detected after rounding: round to p bits with an unbounded
    # exponent; tiny when that is still below 2**emin.
    n_unb, _ = rnd(x / Fraction(2) ** (e - fmt.p + 1), sign, rm)
    tiny = e < fmt.emin and not (e == fmt.emin - 1 and n_unb == 1 << fmt.p)
    qe = max(e, fmt.emin) - fmt.p + 1           # exponent of the last kept bit
    n, inexact = rnd(x / Fraction(2) ** qe, sign, rm)
    if n == 1 << fmt.p:                         # rounding carried into a new bit
        n >>= 1
        qe += 1
    if n == 0:
        result = fmt.zero(sign)
    else:
        biased = qe + fmt.p - 1 + fmt.bias if n >> (fmt.p - 1) else 0
        if biased >= (1 << fmt.ebits) - 1:
            to_inf = rm in (0, 4) or (rm == 2 and sign) or (rm == 3 and not sign)
            return (fmt.inf(sign) if to_inf else fmt.maxfinite(sign)), flags | OF | NX
        result = sign << (fmt.width - 1) | biased << fmt.fbits | (n & ((1 << fmt.fbits) - 1))
    if inexact:
        flags |= NX | (UF if tiny else 0)
    return result, flags


def round_sticky(q, sign, rm):
    """round_int for a value a little above q (never exactly representable)."""
    n = q.numerator // q.denominator
    r = q - n
    up = {0: r >= Fraction(1, 2), 1: False, 2: sign == 1, 3: sign == 0, 4: r >= Fraction(1, 2)}[rm]
    return n + (1 if up else 0), True


def is_snan(fmt, bits):
    d = fmt.decode(bits)
    return d[0] == 'nan' and not d[1]


def nan_result(fmt, ops, invalid=False):
    flags = NV if invalid or any(is_snan(fmt, b) for b in ops) else 0
    return fmt.qnan, flags


def value(d):
    return -d[2] if d[1] else d[2]


def add(fmt, a, b, rm):
    da, db = fmt.decode(a), fmt.decode(b)
    if da[0] == 'nan' or db[0] == 'nan':
        return nan_result(fmt, [a, b])
    if da[0] == 'inf' and db[0] == 'inf':
        if da[1] != db[1]:
            return nan_result(fmt, [a, b], invalid=True)
        return fmt.inf(da[1]), 0
    if da[0] == 'inf':
        return fmt.inf(da[1]), 0
    if db[0] == 'inf':
        return fmt.inf(db[1]), 0
    s = value(da) + value(db)
    if s == 0:
        if da[2] == 0 and db[2] == 0 and da[1] == db[1]:
            return fmt.zero(da[1]), 0
        return fmt.zero(1 if rm == 2 else 0), 0
    return round_to(fmt, 1 if s < 0 else 0, abs(s), rm)


def mul(fmt, a, b, rm):
    da, db = fmt.decode(a), fmt.decode(b)
    if da[0] == 'nan' or db[0] == 'nan':
        return nan_result(fmt, [a, b])
    sign = (da[1] ^ db[1])
    if da[0] == 'inf' or db[0] == 'inf':
        if (da[0] == 'num' and da[2] == 0) or (db[0] == 'num' and db[2] == 0):
            return nan_result(fmt, [a, b], invalid=True)
        return fmt.inf(sign), 0
    return round_to(fmt, sign, da[2] * db[2], rm)


def div(fmt, a, b, rm):
    da, db = fmt.decode(a), fmt.decode(b)
    if da[0] == 'nan' or db[0] == 'nan':
        return nan_result(fmt, [a, b])
    sign = da[1] ^ db[1]
    if da[0] == 'inf':
        if db[0] == 'inf':
            return nan_result(fmt, [a, b], invalid=True)
        return fmt.inf(sign), 0
    if db[0] == 'inf':
        return fmt.zero(sign), 0
    if db[2] == 0:
        if da[2] == 0:
            return nan_result(fmt, [a, b], invalid=True)
        return fmt.inf(sign), DZ
    return round_to(fmt, sign, da[2] / db[2], rm)


def sqrt(fmt, a, rm):
    da = fmt.decode(a)
    if da[0] == 'nan':
        return nan_result(fmt, [a])
    if da[0] == 'inf':
        return (fmt.inf(0), 0) if da[1] == 0 else nan_result(fmt, [a], invalid=True)
    if da[2] == 0:
        return fmt.zero(da[1]), 0
    if da[1]:
        return nan_result(fmt, [a], invalid=True)
    x = da[2]
    # sqrt(x) to 2p+8 fractional bits below its leading bit, plus whether it is exact.
    e = floor_log2(x) // 2
    k = fmt.p * 2 + 8 - e
    scaled = x * Fraction(4) ** k                  # sqrt(x) * 2**k = sqrt(scaled)
    n = scaled.numerator // scaled.denominator     # floor, scaled is large
    r = isqrt(n)
    exact = r * r == scaled
    y = Fraction(r) / Fraction(4) ** k * Fraction(2) ** k
    return round_to(fmt, 0, y, rm, sticky=not exact)


def isqrt(n):
    import math
    return math.isqrt(n)


def fma(fmt, a, b, c, rm):
    da, db, dc = fmt.decode(a), fmt.decode(b), fmt.decode(c)
    zero_inf = ((da[0] == 'inf' and db[0] == 'num' and db[2] == 0) or
                (db[0] == 'inf' and da[0] == 'num' and da[2] == 0))
    if zero_inf:
        return nan_result(fmt, [a, b, c], invalid=True)
    if 'nan' in (da[0], db[0], dc[0]):
        return nan_result(fmt, [a, b, c])
    psign = da[1] ^ db[1]
    if da[0] == 'inf' or db[0] == 'inf':
        if dc[0] == 'inf' and dc[1] != psign:
            return nan_result(fmt, [a, b, c], invalid=True)
        return fmt.inf(psign), 0
    if dc[0] == 'inf':
        return fmt.inf(dc[1]), 0
    p = da[2] * db[2]
    s = (-p if psign else p) + value(dc)
    if s == 0:
        if p == 0 and dc[2] == 0 and psign == dc[1]:
            return fmt.zero(psign), 0
        return fmt.zero(1 if rm == 2 else 0), 0
    return round_to(fmt, 1 if s < 0 else 0, abs(s), rm)


def to_int(fmt, a, rm, bits, signed):
    d = fmt.decode(a)
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    mask = (1 << 64) - 1
    if d[0] == 'nan':
        return hi & mask, NV
    if d[0] == 'inf':
        return (lo if d[1] else hi) & mask, NV
    n, inexact = round_int(d[2], d[1], rm)
    v = -n if d[1] else n
    if v < lo or v > hi:
        return (lo if d[1] else hi) & mask, NV
    return v & mask, NX if inexact else 0


def from_int(fmt, v, rm):
    if v == 0:
        return fmt.zero(0), 0
    return round_to(fmt, 1 if v < 0 else 0, Fraction(abs(v)), rm)


def convert(src, dst, a, rm):
    d = src.decode(a)
    if d[0] == 'nan':
        return dst.qnan, (0 if d[1] else NV)
    if d[0] == 'inf':
        return dst.inf(d[1]), 0
    if d[2] == 0:
        return dst.zero(d[1]), 0
    return round_to(dst, d[1], d[2], rm)


def round_integral(fmt, a, rm, exact):
    """Zfa fround (exact=False) / froundnx: a rounded to an integral value of fmt."""
    d = fmt.decode(a)
    if d[0] == 'nan':
        return fmt.qnan, (0 if d[1] else NV)
    if d[0] == 'inf' or d[2] == 0:
        return a, 0
    n, inexact = round_int(d[2], d[1], rm)
    if n == 0:
        r = fmt.zero(d[1])
    else:
        r = round_to(fmt, d[1], Fraction(n), 0)[0]      # an integer of at most p bits: exact
    return r, (NX if exact and inexact else 0)


def fcvtmod(a):
    """Zfa fcvtmod.w.d: truncate, take the integer modulo 2**32, sign-extend to 64 bits;
    flags as fcvt.w.d with RTZ; NaN and infinities give 0."""
    d = F64.decode(a)
    if d[0] != 'num':
        return 0, NV
    n = d[2].numerator // d[2].denominator
    inexact = Fraction(n) != d[2]
    v = -n if d[1] else n
    in_range = -(1 << 31) <= v < (1 << 31)
    low = v & 0xffffffff
    if low >> 31:
        low |= 0xffffffff00000000
    return low, (NX if inexact else 0) if in_range else NV


def order(fmt, a, b):
    """-1, 0, 1 for two non-NaN patterns (+0 == -0)."""
    va, vb = fmt.decode(a), fmt.decode(b)
    x = (-1 if va[1] else 1) * (Fraction(10) ** 400 if va[0] == 'inf' else va[2])
    y = (-1 if vb[1] else 1) * (Fraction(10) ** 400 if vb[0] == 'inf' else vb[2])
    return (x > y) - (x < y)


def min_max(fmt, a, b, maximum, propagate):
    """fmin/fmax (minimumNumber/maximumNumber) and Zfa fminm/fmaxm (minimum/maximum)."""
    na, nb = fmt.decode(a)[0] == 'nan', fmt.decode(b)[0] == 'nan'
    flags = NV if is_snan(fmt, a) or is_snan(fmt, b) else 0
    if na or nb:
        if propagate or (na and nb):
            return fmt.qnan, flags
        return (b if na else a), flags
    o = order(fmt, a, b)
    sign = 1 << (fmt.width - 1)
    if o == 0:      # equal; for zeros -0 < +0
        neg_a = a & sign != 0
        return (b if neg_a else a) if maximum else (a if neg_a else b), 0
    return (a if (o > 0) == maximum else b), 0


def compare(fmt, a, b, kind, quiet):
    """feq, flt, fle (and Zfa fltq/fleq with quiet): (0 or 1, flags)."""
    if fmt.decode(a)[0] == 'nan' or fmt.decode(b)[0] == 'nan':
        signalling = is_snan(fmt, a) or is_snan(fmt, b)
        return 0, (NV if signalling or (kind != 'eq' and not quiet) else 0)
    o = order(fmt, a, b)
    return int({'eq': o == 0, 'lt': o < 0, 'le': o <= 0}[kind]), 0


def gen_value(rng, fmt, near=None):
    """Bit patterns biased to zeros, subnormals, extremes, NaNs and near exponents."""
    emax = (1 << fmt.ebits) - 1
    sign = rng.getrandbits(1)
    frac = rng.getrandbits(fmt.fbits)
    k = rng.randrange(16)
    if k == 0:
        frac &= ~((1 << rng.randrange(fmt.fbits)) - 1)
    elif k == 1:
        frac |= (1 << rng.randrange(fmt.fbits)) - 1
    c = rng.randrange(12)
    if c == 0:
        e = 0
    elif c == 1:
        e = 1 + rng.randrange(3)
    elif c == 2:
        e = emax
    elif c == 3:
        e = emax - 1 - rng.randrange(3)
    elif c in (4, 5, 6, 7) and near is not None:
        e = min(max(near + rng.randrange(-30, 31), 0), emax)
    elif c == 8:
        e = fmt.bias + rng.randrange(-2, 64)
        e = min(max(e, 0), emax)
    elif c == 9:
        return sign << (fmt.width - 1) | (emax << fmt.fbits if rng.getrandbits(1) else 0)
    else:
        e = rng.randrange(emax + 1)
    return sign << (fmt.width - 1) | e << fmt.fbits | frac


def gen_int(rng, bits):
    c = rng.randrange(6)
    if c == 0:
        return rng.choice([0, 1, -1, (1 << (bits - 1)) - 1, -(1 << (bits - 1)), (1 << bits) - 1])
    v = rng.getrandbits(rng.randrange(1, bits + 1))
    return v


def main():
    seed, count = int(sys.argv[1], 0), int(sys.argv[2])
    rng = random.Random(seed)
    ops = []
    for f, name in ((F32, 's'), (F64, 'd'), (F16, 'h')):
        for op in ('add', 'sub', 'mul', 'div', 'sqrt', 'fma', 'fmsub', 'fnmsub', 'fnmadd'):
            ops.append((op + '.' + name, f))
        for w in ('w', 'wu', 'l', 'lu'):
            ops.append(('fcvt.' + w + '.' + name, f))
            ops.append(('fcvt.' + name + '.' + w, f))
        for op in ('fround', 'froundnx', 'fminm', 'fmaxm', 'fleq', 'fltq'):
            ops.append((op + '.' + name, f))
    for op in ('fmin', 'fmax', 'feq', 'flt', 'fle'):
        ops.append((op + '.h', F16))
    ops += [('fcvt.s.d', F64), ('fcvt.d.s', F32), ('fcvt.h.s', F32), ('fcvt.s.h', F16), ('fcvt.h.d', F64),
            ('fcvt.d.h', F16), ('fcvtmod.w.d', F64)]
    formats = {'s': F32, 'd': F64, 'h': F16}
    for i in range(count):
        name, fmt = ops[i % len(ops)]
        rm = (i // len(ops)) % 5
        a = gen_value(rng, fmt)
        ea = a >> fmt.fbits & ((1 << fmt.ebits) - 1)
        b = gen_value(rng, fmt, near=ea if rng.randrange(3) == 0 else None)
        c = gen_value(rng, fmt, near=ea if rng.randrange(2) == 0 else None)
        op = name.split('.')[0]
        sign_bit = 1 << (fmt.width - 1)
        if op == 'add':
            r = add(fmt, a, b, rm)
        elif op == 'sub':
            r = add(fmt, a, b ^ sign_bit, rm)
            # sub of NaN operands: the flip must not turn a NaN into anything else
        elif op == 'mul':
            r = mul(fmt, a, b, rm)
        elif op == 'div':
            r = div(fmt, a, b, rm)
        elif op == 'sqrt':
            b = c = 0
            r = sqrt(fmt, a, rm)
        elif op in ('fma', 'fmsub', 'fnmsub', 'fnmadd'):
            na = a ^ sign_bit if op in ('fnmsub', 'fnmadd') else a
            nc = c ^ sign_bit if op in ('fmsub', 'fnmadd') else c
            r = fma(fmt, na, b, nc, rm)
        elif name.startswith('fcvt.') and name.split('.')[1] in ('w', 'wu', 'l', 'lu'):
            w = name.split('.')[1]
            bits = 32 if w in ('w', 'wu') else 64
            # operands near the integer range limits
            if rng.randrange(2):
                a = gen_value(rng, fmt, near=fmt.bias + bits - rng.randrange(4))
            b = c = 0
            r = to_int(fmt, a, rm, bits, signed=w in ('w', 'l'))
        elif op in ('fround', 'froundnx'):
            if rng.randrange(2):        # values with a fraction near the integers
                a = gen_value(rng, fmt, near=fmt.bias + rng.randrange(-2, fmt.p + 2))
            b = c = 0
            r = round_integral(fmt, a, rm, exact=op == 'froundnx')
        elif op == 'fcvtmod':
            if rng.randrange(2):
                a = gen_value(rng, fmt, near=fmt.bias + 31 + rng.randrange(-3, 40))
            b = c = 0
            r = fcvtmod(a)
        elif op in ('fmin', 'fmax', 'fminm', 'fmaxm'):
            c = 0
            if rng.randrange(4) == 0:
                b = a ^ (1 << (fmt.width - 1)) if rng.randrange(2) else a
            r = min_max(fmt, a, b, maximum=op in ('fmax', 'fmaxm'), propagate=op in ('fminm', 'fmaxm'))
        elif op in ('feq', 'flt', 'fle', 'fleq', 'fltq'):
            c = 0
            if rng.randrange(4) == 0:
                b = a ^ (1 << (fmt.width - 1)) if rng.randrange(2) else a
            kind = {'feq': 'eq', 'flt': 'lt', 'fle': 'le', 'fleq': 'le', 'fltq': 'lt'}[op]
            r = compare(fmt, a, b, kind, quiet=op in ('fleq', 'fltq'))
        elif op == 'fcvt' and name.split('.')[1] in formats and name.split('.')[2] in formats:
            b = c = 0
            r = convert(fmt, formats[name.split('.')[1]], a, rm)
        else:
            w = name.split('.')[2]
            bits = 32 if w in ('w', 'wu') else 64
            v = gen_int(rng, bits)
            signed = w in ('w', 'l')
            v &= (1 << bits) - 1
            sv = v - (1 << bits) if signed and v >> (bits - 1) else v
            a, b, c = v, 0, 0
            r = from_int(fmt, sv, rm)
        print('%s %d %x %x %x %x %x' % (name, rm, a, b, c, r[0], r[1]))


if __name__ == '__main__':
    main()
