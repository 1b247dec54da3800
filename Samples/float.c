/* float.c - float and double arithmetic printed exactly (%.17g / %.9g and
 * %a): sqrt, fma, conversions at range limits (fcvt saturation via inline
 * asm), NaN/inf/-0 handling, min/max, fclass, NaN-boxing, the four rounding
 * modes, and the accrued exception flags. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <string.h>
#include <math.h>
#include <fenv.h>

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static void pd(const char *what, double d) {
    printf("%-22s %.17g %a [%016" PRIx64 "]\n", what, d, d, dbits(d));
}
static void pf(const char *what, float f) {
    printf("%-22s %.9g %a [%08" PRIx32 "]\n", what, (double)f, (double)f, fbits(f));
}

static void flags(const char *what) {
    int e = fetestexcept(FE_ALL_EXCEPT);
    printf("flags %-16s NV=%d DZ=%d OF=%d UF=%d NX=%d\n", what, !!(e & FE_INVALID),
           !!(e & FE_DIVBYZERO), !!(e & FE_OVERFLOW), !!(e & FE_UNDERFLOW), !!(e & FE_INEXACT));
    feclearexcept(FE_ALL_EXCEPT);
}

#define CVT(op, T, x) ({ T r_; __asm__ volatile(op " %0, %1, rtz" : "=r"(r_) : "f"(x)); r_; })
#define CVTRM(op, rm, T, x) ({ T r_; __asm__ volatile(op " %0, %1, " rm : "=r"(r_) : "f"(x)); r_; })

int main(void) {
    volatile double two = 2.0, three = 3.0, zero = 0.0, one = 1.0, big = 1e308, tiny = 1e-308;
    volatile float twof = 2.0f, threef = 3.0f, onef = 1.0f;

    pd("sqrt(2)", sqrt(two));
    pf("sqrtf(2)", sqrtf(twof));
    pd("1/3", one / three);
    pf("1f/3f", onef / threef);
    pd("fma(1/3,3,-1)", fma(one / three, three, -one));
    pd("1/3*3-1", one / three * three - one);
    pf("fmaf(1/3,3,-1)", fmaf(onef / threef, threef, -onef));
    pd("fma(0.1,10,-1)", fma(0.1, 10.0 * one, -one));
    pd("sqrt(-1)", sqrt(-one));
    pd("-0.0", -zero);
    pd("-0.0 + 0.0", -zero + zero);
    pd("-0.0 * 5", -zero * 5);
    pd("1/-0", one / -zero);
    pd("inf-inf", (one / zero) - (one / zero));
    pd("0/0", zero / zero);
    pd("fmin(-0,0)", fmin(-zero, zero));
    pd("fmax(-0,0)", fmax(-zero, zero));
    pd("fmin(NaN,1)", fmin(zero / zero, one));
    pd("fmax(1,NaN)", fmax(one, zero / zero));
    pd("big*10", big * 10);
    pd("tiny/1e10", tiny / 1e10);
    pd("denormal min", 4.9406564584124654e-324 * one);
    pd("floor(-2.5)", floor(-2.5 * one));
    pd("ceil(-2.5)", ceil(-2.5 * one));
    pd("round(-2.5)", round(-2.5 * one));
    pd("trunc(-2.7)", trunc(-2.7 * one));
    pd("rint(2.5)", rint(2.5 * one));
    pd("exp(1)", exp(one));
    pd("log(10)", log(10 * one));
    pd("sin(1)", sin(one));
    pd("atan2(1,-1)", atan2(one, -one));
    pd("pow(2,0.5)", pow(two, 0.5));
    pd("(double)(float)0.1", (double)(float)(0.1 * one));
    pf("(float)1e40", (float)(1e40 * one));
    pf("(float)1e-50", (float)(1e-50 * one));
    pd("copysign(3,-0)", copysign(three, -zero));
    printf("isnan(0/0)=%d isinf(1/0)=%d signbit(-0)=%d\n", isnan(zero / zero), isinf(one / zero) != 0,
           signbit(-zero) != 0);
    printf("NaN==NaN %d, NaN<1 %d, -0==0 %d\n", (zero / zero) == (zero / zero), (zero / zero) < one,
           -zero == zero);

    /* fcvt saturation (rtz) */
    double cv[] = {0.0, -0.0, 1.5, -1.5, 2147483647.5, 2147483648.0, -2147483648.9, -2147483649.0,
                   4294967295.5, 4294967296.0, 9.2233720368547758e18, -9.2233720368547758e18,
                   1.8446744073709552e19, 1e300, -1e300, INFINITY, -INFINITY, NAN, -1.0};
    for (size_t i = 0; i < sizeof cv / sizeof cv[0]; i++) {
        volatile double d = cv[i];
        feclearexcept(FE_ALL_EXCEPT);
        int32_t w = CVT("fcvt.w.d", int32_t, d);
        int nvw = fetestexcept(FE_INVALID) != 0;
        feclearexcept(FE_ALL_EXCEPT);
        uint32_t wu = CVT("fcvt.wu.d", uint32_t, d);
        int64_t l = CVT("fcvt.l.d", int64_t, d);
        uint64_t lu = CVT("fcvt.lu.d", uint64_t, d);
        int nv = fetestexcept(FE_INVALID) != 0;
        printf("cvt %-24.17g w=%" PRId32 "%s wu=%" PRIu32 " l=%" PRId64 " lu=%" PRIu64 "%s\n", d, w,
               nvw ? "(NV)" : "", wu, l, lu, nv ? " (NV)" : "");
    }
    float cf[] = {3e9f, -3e9f, 1e20f, -1e20f, NAN, INFINITY, 2.5f, -2.5f};
    for (size_t i = 0; i < sizeof cf / sizeof cf[0]; i++) {
        volatile float f = cf[i];
        int32_t w = CVT("fcvt.w.s", int32_t, f);
        uint32_t wu = CVT("fcvt.wu.s", uint32_t, f);
        int64_t l = CVT("fcvt.l.s", int64_t, f);
        uint64_t lu = CVT("fcvt.lu.s", uint64_t, f);
        printf("cvtf %-14.9g w=%" PRId32 " wu=%" PRIu32 " l=%" PRId64 " lu=%" PRIu64 "\n", (double)f, w,
               wu, l, lu);
    }
    /* static rounding modes on conversion */
    double rv[] = {2.5, -2.5, 3.5, -0.5, 1.49999};
    for (size_t i = 0; i < sizeof rv / sizeof rv[0]; i++) {
        volatile double d = rv[i];
        printf("cvt-rm %-8g rne=%" PRId64 " rtz=%" PRId64 " rdn=%" PRId64 " rup=%" PRId64 " rmm=%" PRId64 "\n",
               d, CVTRM("fcvt.l.d", "rne", int64_t, d), CVTRM("fcvt.l.d", "rtz", int64_t, d),
               CVTRM("fcvt.l.d", "rdn", int64_t, d), CVTRM("fcvt.l.d", "rup", int64_t, d),
               CVTRM("fcvt.l.d", "rmm", int64_t, d));
    }
    feclearexcept(FE_ALL_EXCEPT);

    /* canonical NaN, fclass, NaN boxing */
    {
        double q = zero / zero;
        feclearexcept(FE_ALL_EXCEPT);
        printf("0/0 bits=%016" PRIx64 "\n", dbits(q));
        uint64_t r;
        double nanpay;
        volatile uint64_t payload = 0x7ff4000000000123ULL; /* signalling NaN with payload */
        uint64_t pl = payload;
        memcpy(&nanpay, &pl, 8);
        double sum = nanpay + one;
        printf("sNaN+1 bits=%016" PRIx64 "\n", dbits(sum));
        flags("sNaN+1");
        double vals[] = {-INFINITY, -1.0, -1e-310, -0.0, 0.0, 1e-310, 1.0, INFINITY, nanpay, NAN};
        for (int i = 0; i < 10; i++) {
            __asm__ volatile("fclass.d %0, %1" : "=r"(r) : "f"(vals[i]));
            printf("fclass.d[%d]=0x%03" PRIx64 "\n", i, r);
        }
        float fr;
        uint64_t unboxed = 0x000000003f800000ULL, boxed = 0xffffffff3f800000ULL;
        __asm__ volatile("fmv.d.x %0, %1\n\tfadd.s %0, %0, %0" : "=&f"(fr) : "r"(unboxed));
        printf("unboxed 1.0f + itself = %08" PRIx32 "\n", fbits(fr));
        __asm__ volatile("fmv.d.x %0, %1\n\tfadd.s %0, %0, %0" : "=&f"(fr) : "r"(boxed));
        printf("boxed   1.0f + itself = %08" PRIx32 "\n", fbits(fr));
        uint64_t raw;
        float fone = onef;
        __asm__ volatile("fmv.x.w %0, %1" : "=r"(raw) : "f"(fone));
        printf("fmv.x.w(1.0f)=%016" PRIx64 "\n", raw);
        float fneg = -onef;
        __asm__ volatile("fmv.x.w %0, %1" : "=r"(raw) : "f"(fneg));
        printf("fmv.x.w(-1.0f)=%016" PRIx64 "\n", raw);
        double sg;
        __asm__ volatile("fsgnjn.d %0, %1, %2" : "=f"(sg) : "f"(three * one), "f"(-one));
        pd("fsgnjn(3,-1)", sg);
        __asm__ volatile("fsgnjx.d %0, %1, %2" : "=f"(sg) : "f"(-three * one), "f"(-one));
        pd("fsgnjx(-3,-1)", sg);
        feclearexcept(FE_ALL_EXCEPT);
    }

    /* rounding modes */
    static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
    static const char *names[] = {"nearest", "towardzero", "downward", "upward"};
    for (int m = 0; m < 4; m++) {
        double r[6];
        float rf[2];
        if (fesetround(modes[m]) != 0) printf("fesetround failed\n");
        int got = fegetround();
        r[0] = one / three;
        r[1] = -one / three;
        r[2] = two / three;
        r[3] = sqrt(two);
        r[4] = big * 10;
        r[5] = fma(one / three, three, -one);
        rf[0] = onef / threef;
        rf[1] = -twof / threef;
        long lr = lrint(2.5 * one);
        long lr2 = lrint(-2.5 * one);
        fesetround(FE_TONEAREST);
        printf("mode %-10s get_ok=%d\n", names[m], got == modes[m]);
        pd("  1/3", r[0]);
        pd("  -1/3", r[1]);
        pd("  2/3", r[2]);
        pd("  sqrt(2)", r[3]);
        pd("  1e308*10", r[4]);
        pd("  fma(1/3,3,-1)", r[5]);
        pf("  1f/3f", rf[0]);
        pf("  -2f/3f", rf[1]);
        printf("  lrint(2.5)=%ld lrint(-2.5)=%ld\n", lr, lr2);
    }

    /* exception flags */
    feclearexcept(FE_ALL_EXCEPT);
    flags("none");
    volatile double t;
    t = one / three; (void)t; flags("1/3");
    t = one / zero; (void)t; flags("1/0");
    t = zero / zero; (void)t; flags("0/0");
    t = big * big; (void)t; flags("big*big");
    t = tiny * tiny; (void)t; flags("tiny*tiny");
    t = two * three; (void)t; flags("2*3");
    t = sqrt(-one); (void)t; flags("sqrt(-1)");
    volatile float tf = onef / (float)zero; (void)tf; flags("1f/0f");
    { volatile double q = zero / zero; feclearexcept(FE_ALL_EXCEPT); volatile int c = q < one; (void)c; } flags("NaN<1");
    { volatile double q = zero / zero; feclearexcept(FE_ALL_EXCEPT); volatile int c = q == one; (void)c; } flags("NaN==1");
    { int64_t i = CVT("fcvt.l.d", int64_t, big); (void)i; } flags("cvt.l(1e308)");
    { int64_t i = CVT("fcvt.l.d", int64_t, 2.5 * one); (void)i; } flags("cvt.l(2.5)");
    feraiseexcept(FE_OVERFLOW); flags("raise OF");

    /* a small numeric kernel */
    double acc = 0;
    for (int i = 1; i <= 20000; i++) acc += 1.0 / ((double)i * i);
    pd("sum 1/i^2", acc);
    float accf = 0;
    for (int i = 1; i <= 20000; i++) accf += 1.0f / ((float)i * (float)i);
    pf("sumf 1/i^2", accf);
    return 0;
}
