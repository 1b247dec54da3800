// Half-precision (Zfh) and Zfa kernels that clang compiles to fadd.h/fmul.h/
// fmadd.h/fdiv.h/fcvt.*.h, fli, fminm/fmaxm, fround/froundnx and flt/fle with
// -march=rv64gc_..._zfa_zfh: a small filter over _Float16 samples, rounding of
// single and double values in each direction, IEEE 754-2019 minimum/maximum and
// quiet comparisons; results and the accrued fflags are printed as bits.
// cpu: rva23u64,zfh=true   (RVA23U64 has Zfhmin; the arithmetic needs Zfh)
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t state = 0x9e3779b9u;
static uint32_t next(void) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; return state; }

static uint16_t bits16(_Float16 h) { uint16_t b; memcpy(&b, &h, 2); return b; }
static uint32_t bits32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static uint64_t bits64(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }

__attribute__((noinline)) static _Float16 filter(const _Float16 *x, int n) {
    _Float16 acc = (_Float16)0.0f, prev = (_Float16)1.0f;
    for (int i = 0; i < n; i++) {
        acc = acc * (_Float16)0.875f + x[i] * (_Float16)0.125f;   // fmadd.h / fmul.h with fli constants
        prev = prev > x[i] ? x[i] : prev;
    }
    return acc + prev;
}

__attribute__((noinline)) static float roundings(float x, uint32_t *out) {
    out[0] = bits32(roundf(x));
    out[1] = bits32(floorf(x));
    out[2] = bits32(ceilf(x));
    out[3] = bits32(truncf(x));
    out[4] = bits32(rintf(x));
    out[5] = bits32(nearbyintf(x));
    return roundf(x) + 0.25f;
}

__attribute__((noinline)) static double droundings(double x, uint64_t *out) {
    out[0] = bits64(round(x));
    out[1] = bits64(floor(x));
    out[2] = bits64(rint(x));
    return trunc(x) * 2.0;
}

int main(void) {
    _Float16 xs[64];
    for (int i = 0; i < 64; i++) xs[i] = (_Float16)((int)(next() % 2001) - 1000) / (_Float16)37.0f;
    uint32_t sum = 0;
    for (int round = 0; round < 200; round++) {
        _Float16 y = filter(xs, 64);
        sum = sum * 31 + bits16(y);
        xs[round & 63] = y * (_Float16)1.5f - (_Float16)0.25f;
    }
    printf("filter %08x\n", sum);

    _Float16 big = (_Float16)60000.0f, tiny = (_Float16)6.0e-8f;
    feclearexcept(FE_ALL_EXCEPT);
    _Float16 over = big * (_Float16)2.0f, under = tiny / (_Float16)3.0f;
    printf("half edges %04x %04x %04x %04x flags %x\n", bits16(over), bits16(under),
           bits16((_Float16)sqrtf((float)(_Float16)2.0f)), bits16((_Float16)-0.0f), fetestexcept(FE_ALL_EXCEPT));
    printf("half conv %d %lld %08x %016llx\n", (int)(_Float16)-123.75f, (long long)(_Float16)65504.0f,
           bits32((float)(_Float16)0.1f), (unsigned long long)bits64((double)(_Float16)-3.5f));

    const float fv[] = {2.5f, -2.5f, 0.49999997f, -0.5f, 1e10f, -1.5f, 3.5f, 0.0f, -0.0f, 7.25f};
    for (int i = 0; i < 10; i++) {
        uint32_t r[6];
        feclearexcept(FE_ALL_EXCEPT);
        float s = roundings(fv[i], r);
        printf("round %08x: %08x %08x %08x %08x %08x %08x -> %08x flags %x\n", bits32(fv[i]),
               r[0], r[1], r[2], r[3], r[4], r[5], bits32(s), fetestexcept(FE_ALL_EXCEPT));
    }
    const double dv[] = {2.5, -0.5000000000000001, 4503599627370495.5, -7.75};
    for (int i = 0; i < 4; i++) {
        uint64_t r[3];
        double s = droundings(dv[i], r);
        printf("dround %016llx: %016llx %016llx %016llx -> %016llx\n", (unsigned long long)bits64(dv[i]),
               (unsigned long long)r[0], (unsigned long long)r[1], (unsigned long long)r[2], (unsigned long long)bits64(s));
    }
    volatile float qn = __builtin_nanf(""), one = 1.0f, negz = -0.0f;
    feclearexcept(FE_ALL_EXCEPT);
    int q = __builtin_isless(qn, one) + 2 * __builtin_islessequal(one, qn) + 4 * __builtin_isless(negz, 0.0f);
    printf("quiet compares %d flags %x\n", q, fetestexcept(FE_ALL_EXCEPT));
    printf("minimum %08x %08x %08x %08x\n", bits32(__builtin_elementwise_minimum((float)qn, (float)one)), bits32(__builtin_elementwise_maximum((float)negz, 0.0f)),
           bits32(__builtin_elementwise_minimum((float)negz, 0.0f)), bits32(__builtin_elementwise_maximum((float)one, 2.0f)));
    return 0;
}
