/* ints.c - integer kernels: CRC-32, a 64-bit mix/hash, division and
 * remainder (including RISC-V's defined results for division by zero and
 * signed overflow, exercised with inline asm), bit tricks, and 128-bit
 * multiplication (mulh/mulhu/mulhsu). */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

#define ASM_RR(op, T, a, b) ({ T r_; __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b)); r_; })

static uint32_t crc32(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
    }
    return ~c;
}

static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int popc(uint64_t x) { int n = 0; while (x) { x &= x - 1; n++; } return n; }

int main(void) {
    static uint8_t buf[16384];
    uint64_t s = 12345;
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(splitmix(&s) >> 56);
    printf("crc32(\"123456789\")=%08" PRIx32 "\n", crc32((const uint8_t *)"123456789", 9));
    printf("crc32(buf)=%08" PRIx32 "\n", crc32(buf, sizeof buf));

    uint64_t h = 0;
    s = 1;
    for (int i = 0; i < 100000; i++) {
        uint64_t v = splitmix(&s);
        h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
        h = (h << 13) | (h >> 51);
    }
    printf("mix=%016" PRIx64 "\n", h);

    /* Ordinary C division and remainder with mixed signs. */
    volatile int64_t xs[] = {7, -7, 1000000007, -1000000007, INT64_MAX, INT64_MIN + 1};
    volatile int64_t ys[] = {2, -2, 3, -3, 10, -10};
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j += 3) {
            int64_t x = xs[i], y = ys[j + (i & 1)];
            printf("%" PRId64 "/%" PRId64 "=%" PRId64 " %%=%" PRId64 " u/=%" PRIu64 " u%%=%" PRIu64 "\n",
                   x, y, x / y, x % y, (uint64_t)x / (uint64_t)y, (uint64_t)x % (uint64_t)y);
        }
    volatile int32_t a32 = -2147483647 - 1, b32 = 7;
    printf("i32: %d/%d=%d %d%%%d=%d\n", a32, b32, a32 / b32, a32, b32, a32 % b32);

    /* RISC-V defined corner cases, via inline asm (C would make these UB). */
    int64_t x = 12345, zero = 0, m1 = -1, mn = INT64_MIN;
    printf("div   12345/0=%" PRId64 "\n", ASM_RR("div", int64_t, x, zero));
    printf("divu  12345/0=%" PRIx64 "\n", ASM_RR("divu", uint64_t, x, zero));
    printf("rem   12345%%0=%" PRId64 "\n", ASM_RR("rem", int64_t, x, zero));
    printf("remu  12345%%0=%" PRIu64 "\n", ASM_RR("remu", uint64_t, x, zero));
    printf("div   MIN/-1=%" PRId64 "\n", ASM_RR("div", int64_t, mn, m1));
    printf("rem   MIN%%-1=%" PRId64 "\n", ASM_RR("rem", int64_t, mn, m1));
    int64_t w = -5, wmin = (int64_t)INT32_MIN, big = 0x123456789LL;
    printf("divw  -5/0=%" PRId64 "\n", ASM_RR("divw", int64_t, w, zero));
    printf("divuw -5/0=%" PRIx64 "\n", ASM_RR("divuw", uint64_t, w, zero));
    printf("remw  -5%%0=%" PRId64 "\n", ASM_RR("remw", int64_t, w, zero));
    printf("remuw -5%%0=%" PRIx64 "\n", ASM_RR("remuw", uint64_t, w, zero));
    printf("divw  I32MIN/-1=%" PRId64 "\n", ASM_RR("divw", int64_t, wmin, m1));
    printf("remw  I32MIN%%-1=%" PRId64 "\n", ASM_RR("remw", int64_t, wmin, m1));
    printf("divuw 0x123456789/7=%" PRIx64 "\n", ASM_RR("divuw", uint64_t, big, (int64_t)7));
    printf("remuw 0x123456789%%7=%" PRIx64 "\n", ASM_RR("remuw", uint64_t, big, (int64_t)7));
    printf("divw  -0x80000007/3=%" PRId64 "\n", ASM_RR("divw", int64_t, (int64_t)-0x80000007LL, (int64_t)3));
    printf("addw  0x7fffffff+1=%" PRId64 "\n", ASM_RR("addw", int64_t, (int64_t)0x7fffffff, (int64_t)1));
    printf("sllw  1<<31=%" PRId64 "\n", ASM_RR("sllw", int64_t, (int64_t)1, (int64_t)31));
    printf("sraw  big>>4=%" PRId64 "\n", ASM_RR("sraw", int64_t, (int64_t)0xF0000000LL, (int64_t)4));
    printf("srlw  big>>4=%" PRId64 "\n", ASM_RR("srlw", int64_t, (int64_t)0xF0000000LL, (int64_t)4));
    printf("sll   1<<(65&63)=%" PRId64 "\n", ASM_RR("sll", int64_t, (int64_t)1, (int64_t)65));
    printf("slt   -1<1=%" PRId64 " sltu=%" PRId64 "\n", ASM_RR("slt", int64_t, m1, (int64_t)1),
           ASM_RR("sltu", int64_t, m1, (int64_t)1));

    /* Bit tricks. */
    uint64_t acc = 0;
    s = 99;
    for (int i = 0; i < 2000; i++) {
        uint64_t v = splitmix(&s);
        int pc = popc(v);
        if (pc != __builtin_popcountll(v)) printf("popcount mismatch at %d\n", i);
        acc += (uint64_t)pc * 131 + (uint64_t)(v ? __builtin_ctzll(v) : 64) * 7 + (uint64_t)(v ? __builtin_clzll(v) : 64);
        acc ^= __builtin_bswap64(v) >> (i & 31);
        acc += (v & -v) ^ (v | (v - 1));
    }
    printf("bits=%016" PRIx64 "\n", acc);
    printf("parity(0xdeadbeef)=%d clz32(1)=%d ctz32(0x80)=%d\n", __builtin_parity(0xdeadbeefu),
           __builtin_clz(1u), __builtin_ctz(0x80u));

    /* 128-bit products. */
    volatile int64_t pa = -0x123456789abcdefLL, pb = 0x7edcba9876543210LL;
    volatile uint64_t ua = 0xFFFFFFFFFFFFFFFFULL, ub = 0xFFFFFFFFFFFFFFFEULL;
    __int128 sp = (__int128)pa * pb;
    unsigned __int128 up = (unsigned __int128)ua * ub;
    printf("smul128 hi=%016" PRIx64 " lo=%016" PRIx64 "\n", (uint64_t)(sp >> 64), (uint64_t)sp);
    printf("umul128 hi=%016" PRIx64 " lo=%016" PRIx64 "\n", (uint64_t)(up >> 64), (uint64_t)up);
    printf("mulh   =%016" PRIx64 "\n", ASM_RR("mulh", uint64_t, pa, pb));
    printf("mulhu  =%016" PRIx64 "\n", ASM_RR("mulhu", uint64_t, ua, ub));
    printf("mulhsu =%016" PRIx64 "\n", ASM_RR("mulhsu", uint64_t, (int64_t)-3, ua));
    printf("mulhsu2=%016" PRIx64 "\n", ASM_RR("mulhsu", uint64_t, mn, ua));
    printf("mulw   =%" PRId64 "\n", ASM_RR("mulw", int64_t, (int64_t)0x12345678, (int64_t)0x9abcdef));
    unsigned __int128 f = 1;
    for (int i = 1; i <= 30; i++) f *= (unsigned)i;
    printf("30! = %016" PRIx64 "%016" PRIx64 "\n", (uint64_t)(f >> 64), (uint64_t)f);
    return 0;
}
