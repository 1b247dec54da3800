// Floating-point loops that clang -O3 -march=rva23u64 vectorises: saxpy/daxpy
// (vfmacc/vfmadd), sums reassociated under `#pragma clang fp reassociate`
// (vfredusum) and in source order (vfredosum), min/max reductions, sqrt and
// division, compares feeding selects (vmflt + vmerge), sign injection
// (fabs, copysign), integer <-> float conversions (vfcvt, RTZ truncation),
// float <-> double (vfwcvt.f.f, vfncvt.f.f), binary16 -> float (Zvfhmin),
// dot products in double. Inputs include ±0, ±inf, NaN, subnormals and huge
// values; every result's bits go into one checksum, and some are printed
// with %a. The same binary runs under qemu and tern at several VLENs.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1003   // not a multiple of any VLMAX: every loop has a tail

static uint64_t seed = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }

static float xf[N], yf[N], zf[N];
static double xd[N], yd[N], zd[N];
static int32_t i32[N];
static int64_t i64[N];
static _Float16 h16[N];

static uint64_t hash;
static void mix(const void *p, size_t n) {
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) hash = (hash ^ b[i]) * 0x100000001b3ull;
}

__attribute__((noinline)) static void saxpy(float *restrict d, const float *restrict x, const float *restrict y, float a, int n) {
    for (int i = 0; i < n; i++) d[i] = a * x[i] + y[i];
}
__attribute__((noinline)) static void daxpy(double *restrict d, const double *restrict x, const double *restrict y, double a, int n) {
    for (int i = 0; i < n; i++) d[i] = fma(a, x[i], y[i]);
}
__attribute__((noinline)) static float sum_fast(const float *x, int n) {
#pragma clang fp reassociate(on)
    float s = 0;
    for (int i = 0; i < n; i++) s += x[i];
    return s;
}
__attribute__((noinline)) static double sum_ordered(const double *x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) s += x[i];
    return s;
}
__attribute__((noinline)) static double dot(const double *x, const double *y, int n) {
#pragma clang fp reassociate(on)
    double s = 0;
    for (int i = 0; i < n; i++) s += x[i] * y[i];
    return s;
}
__attribute__((noinline)) static double dot_widen(const float *x, const float *y, int n) {
#pragma clang fp reassociate(on)
    double s = 0;
    for (int i = 0; i < n; i++) s += (double)x[i] * y[i];
    return s;
}
__attribute__((noinline)) static float maxabs(const float *x, int n) {
    float m = 0;
    for (int i = 0; i < n; i++) m = fmaxf(m, fabsf(x[i]));
    return m;
}
__attribute__((noinline)) static double minval(const double *x, int n) {
    double m = INFINITY;
    for (int i = 0; i < n; i++) m = fmin(m, x[i]);
    return m;
}
__attribute__((noinline)) static void clampdiv(float *restrict d, const float *restrict x, const float *restrict y, int n) {
    for (int i = 0; i < n; i++) d[i] = x[i] < y[i] ? x[i] / (y[i] + 1.0f) : sqrtf(fabsf(x[i]));
}
__attribute__((noinline)) static void signs(double *restrict d, const double *restrict x, const double *restrict y, int n) {
    for (int i = 0; i < n; i++) d[i] = copysign(fabs(x[i]) * 0.5, y[i]) - x[i];
}
__attribute__((noinline)) static void to_int(int32_t *restrict d, const float *restrict x, int n) {
    for (int i = 0; i < n; i++) d[i] = (int32_t)(x[i] * 1000.0f);
}
__attribute__((noinline)) static void from_int(double *restrict d, const int64_t *restrict x, const int32_t *restrict y, int n) {
    for (int i = 0; i < n; i++) d[i] = (double)x[i] + (double)y[i] * 0.25;
}
__attribute__((noinline)) static void widen_narrow(float *restrict d, double *restrict w, const float *restrict x, const double *restrict y, int n) {
    for (int i = 0; i < n; i++) { w[i] = (double)x[i] * 3.0; d[i] = (float)(y[i] / 3.0); }
}
__attribute__((noinline)) static void from_half(float *restrict d, const _Float16 *restrict h, int n) {
    for (int i = 0; i < n; i++) d[i] = (float)h[i];
}
__attribute__((noinline)) static int count_less(const float *x, const float *y, int n) {
    int c = 0;
    for (int i = 0; i < n; i++) c += x[i] < y[i];
    return c;
}

int main(void) {
    static const float specials[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1e-40f, -3e-39f, 3.4e38f, -1.0f, 0.5f};
    for (int i = 0; i < N; i++) {
        uint64_t r = rnd();
        xf[i] = (float)((int64_t)(r % 2000001) - 1000000) / 1024.0f;
        yf[i] = (float)((int64_t)((r >> 21) % 4001) - 2000) / 8.0f;
        xd[i] = (double)(int64_t)(r >> 3) / 9007199254740992.0;
        yd[i] = (double)((int64_t)(r % 1000003) - 500000) * 1.0e-3;
        i32[i] = (int32_t)(r >> 32);
        i64[i] = (int64_t)r >> (r & 31);
        uint16_t hb = (uint16_t)(r >> 40);
        memcpy(&h16[i], &hb, 2);
    }
    // A few IEEE specials in the float inputs (not in the sums, which would become NaN).
    for (int k = 0; k < 10; k++) { zf[k] = specials[k]; }

    saxpy(zf, xf, yf, 1.5f, N); mix(zf, sizeof zf);
    daxpy(zd, xd, yd, -0.75, N); mix(zd, sizeof zd);
    float s1 = sum_fast(xf, N);
    double s2 = sum_ordered(yd, N), s3 = dot(xd, yd, N), s4 = dot_widen(xf, yf, N);
    printf("sum_fast %a sum_ordered %a dot %a dot_widen %a\n", s1, s2, s3, s4);
    mix(&s1, sizeof s1); mix(&s2, sizeof s2); mix(&s3, sizeof s3); mix(&s4, sizeof s4);

    for (int k = 0; k < 10; k++) { xf[k * 97] = specials[k]; yd[k * 89] = (double)specials[(k + 3) % 10]; }
    float m1 = maxabs(xf, N); double m2 = minval(yd, N);
    printf("maxabs %a minval %a\n", m1, m2);
    mix(&m1, sizeof m1); mix(&m2, sizeof m2);
    clampdiv(zf, xf, yf, N); mix(zf, sizeof zf);
    signs(zd, yd, xd, N); mix(zd, sizeof zd);
    to_int(i32, xf, N); mix(i32, sizeof i32);
    from_int(zd, i64, i32, N); mix(zd, sizeof zd);
    widen_narrow(zf, xd, yf, yd, N); mix(zf, sizeof zf); mix(xd, sizeof xd);
    from_half(zf, h16, N); mix(zf, sizeof zf);
    int c = count_less(xf, yf, N);
    printf("count_less %d\n", c);
    printf("checksum %016llx\n", (unsigned long long)hash);
    return 0;
}
