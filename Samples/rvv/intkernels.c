// Integer loops that clang -O3 -march=rva23u64 vectorises (vsetvli with every
// SEW and LMUL it picks, unit-stride/strided/indexed loads and stores, masks,
// widening and narrowing, reductions, min/max, shifts, Zvbb rotates and counts,
// compress-like filters, tail handling). The checksums are printed; the same
// binary runs under qemu and tern at several VLENs and must print the same.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1003   // not a multiple of any VLMAX: every loop has a tail

static uint64_t seed = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; return seed; }

static int8_t a8[N], b8[N], c8[N];
static int16_t a16[N], b16[N], c16[N];
static int32_t a32[N], b32[N], c32[N];
static int64_t a64[N], b64[N], c64[N];
static uint32_t idx[N];
struct pair { int32_t x, y; };
static struct pair pairs[N];

static uint64_t hash;
static void mix(const void *p, size_t n) {
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) hash = (hash ^ b[i]) * 0x100000001b3ull;
}

__attribute__((noinline)) static void saxpy32(int32_t *restrict d, const int32_t *restrict x, const int32_t *restrict y, int32_t k, int n) {
    for (int i = 0; i < n; i++) d[i] = k * x[i] + y[i];
}
__attribute__((noinline)) static void minmax16(int16_t *restrict d, const int16_t *restrict x, const int16_t *restrict y, int n) {
    for (int i = 0; i < n; i++) d[i] = (int16_t)((x[i] < y[i] ? x[i] : y[i]) ^ (x[i] > y[i] ? x[i] : y[i]));
}
__attribute__((noinline)) static int64_t dot16(const int16_t *x, const int16_t *y, int n) {
    int64_t s = 0;
    for (int i = 0; i < n; i++) s += (int32_t)x[i] * y[i];
    return s;
}
__attribute__((noinline)) static void widen8(int32_t *restrict d, const int8_t *restrict x, const uint8_t *restrict y, int n) {
    for (int i = 0; i < n; i++) d[i] = x[i] * 7 + y[i];
}
__attribute__((noinline)) static void narrow_clip(int8_t *restrict d, const int32_t *restrict x, int n) {
    for (int i = 0; i < n; i++) {
        int32_t v = x[i] >> 20;
        d[i] = (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v);
    }
}
__attribute__((noinline)) static void select32(int32_t *restrict d, const int32_t *restrict x, const int32_t *restrict y, int n) {
    for (int i = 0; i < n; i++) d[i] = (x[i] & 1) ? x[i] - y[i] : (y[i] >> 3);
}
__attribute__((noinline)) static int64_t strided_sum(const struct pair *p, int n) {
    int64_t s = 0;
    for (int i = 0; i < n; i++) s += (int64_t)p[i].x * 3 - p[i].y;
    return s;
}
__attribute__((noinline)) static void gather32(int32_t *restrict d, const int32_t *restrict x, const uint32_t *restrict ix, int n) {
    for (int i = 0; i < n; i++) d[i] = x[ix[i]] + 1;
}
__attribute__((noinline)) static void scatter64(int64_t *restrict d, const int64_t *restrict x, const uint32_t *restrict ix, int n) {
    for (int i = 0; i < n; i++) d[ix[i]] = x[i] ^ (int64_t)i;
}
__attribute__((noinline)) static uint32_t max_u32(const int32_t *x, int n) {
    uint32_t m = 0;
    for (int i = 0; i < n; i++) { uint32_t v = (uint32_t)x[i]; m = v > m ? v : m; }
    return m;
}
__attribute__((noinline)) static int8_t xor_reduce8(const int8_t *x, int n) {
    int8_t r = 0;
    for (int i = 0; i < n; i++) r ^= x[i];
    return r;
}
__attribute__((noinline)) static void rotate_count(uint32_t *restrict d, const uint32_t *restrict x, int n) {
    for (int i = 0; i < n; i++) {
        uint32_t v = x[i];
        d[i] = ((v << 7) | (v >> 25)) + (uint32_t)__builtin_popcount(v) + (v ? (uint32_t)__builtin_clz(v) : 32u);
    }
}
__attribute__((noinline)) static void bswap64(uint64_t *restrict d, const uint64_t *restrict x, int n) {
    for (int i = 0; i < n; i++) d[i] = __builtin_bswap64(x[i]) & ~x[i];
}
__attribute__((noinline)) static int filter32(int32_t *restrict d, const int32_t *restrict x, int n) {
    int k = 0;
    for (int i = 0; i < n; i++) if (x[i] > 0) d[k++] = x[i];
    return k;
}
__attribute__((noinline)) static void shifts64(int64_t *restrict d, const int64_t *restrict x, const int64_t *restrict s, int n) {
    for (int i = 0; i < n; i++) d[i] = (x[i] >> (s[i] & 63)) + ((uint64_t)x[i] << (s[i] & 7));
}
__attribute__((noinline)) static void divide16(int16_t *restrict d, const int16_t *restrict x, const int16_t *restrict y, int n) {
    for (int i = 0; i < n; i++) d[i] = y[i] ? (int16_t)(x[i] / y[i] + x[i] % y[i]) : 0;
}
__attribute__((noinline)) static void avg_u8(uint8_t *restrict d, const uint8_t *restrict x, const uint8_t *restrict y, int n) {
    for (int i = 0; i < n; i++) d[i] = (uint8_t)((x[i] + y[i] + 1) >> 1);
}
__attribute__((noinline)) static void sat_add16(int16_t *restrict d, const int16_t *restrict x, const int16_t *restrict y, int n) {
    for (int i = 0; i < n; i++) { int32_t v = x[i] + y[i]; d[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v); }
}
__attribute__((noinline)) static void prefix_like(int32_t *restrict d, const int32_t *restrict x, int n) {
    for (int i = 1; i < n; i++) d[i] = x[i] - x[i - 1];
}

int main(void) {
    for (int i = 0; i < N; i++) {
        uint64_t r = rnd();
        a8[i] = (int8_t)r; b8[i] = (int8_t)(r >> 8);
        a16[i] = (int16_t)(r >> 16); b16[i] = (int16_t)(r >> 32);
        a32[i] = (int32_t)r; b32[i] = (int32_t)(r >> 29);
        a64[i] = (int64_t)rnd(); b64[i] = (int64_t)(r % 200);
        idx[i] = (uint32_t)(rnd() % N);
        pairs[i].x = (int32_t)(r >> 3); pairs[i].y = (int32_t)(r >> 40);
    }
    for (int n = 0; n <= N; n += n < 40 ? 1 : 97) {   // short lengths too: vl < VLMAX, vl = 0
        hash = 0xcbf29ce484222325ull;
        saxpy32(c32, a32, b32, 5, n); mix(c32, sizeof c32);
        minmax16(c16, a16, b16, n); mix(c16, sizeof c16);
        int64_t d = dot16(a16, b16, n); mix(&d, sizeof d);
        widen8(c32, a8, (const uint8_t *)b8, n); mix(c32, sizeof c32);
        narrow_clip(c8, a32, n); mix(c8, sizeof c8);
        select32(c32, a32, b32, n); mix(c32, sizeof c32);
        int64_t s = strided_sum(pairs, n); mix(&s, sizeof s);
        gather32(c32, a32, idx, n); mix(c32, sizeof c32);
        memset(c64, 0, sizeof c64);
        scatter64(c64, a64, idx, n); mix(c64, sizeof c64);
        uint32_t m = max_u32(a32, n); mix(&m, sizeof m);
        int8_t x = xor_reduce8(a8, n); mix(&x, sizeof x);
        rotate_count((uint32_t *)c32, (const uint32_t *)a32, n); mix(c32, sizeof c32);
        bswap64((uint64_t *)c64, (const uint64_t *)a64, n); mix(c64, sizeof c64);
        int k = filter32(c32, a32, n); mix(&k, sizeof k); mix(c32, (size_t)k * 4);
        shifts64(c64, a64, b64, n); mix(c64, sizeof c64);
        divide16(c16, a16, b16, n); mix(c16, sizeof c16);
        avg_u8((uint8_t *)c8, (const uint8_t *)a8, (const uint8_t *)b8, n); mix(c8, sizeof c8);
        sat_add16(c16, a16, b16, n); mix(c16, sizeof c16);
        prefix_like(c32, a32, n); mix(c32, sizeof c32);
        printf("n=%4d hash=%016llx dot=%lld sum=%lld max=%u xor=%d kept=%d\n", n, (unsigned long long)hash,
               (long long)d, (long long)s, m, x, k);
    }
    return 0;
}
