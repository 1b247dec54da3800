// Bit manipulation and conditional-select kernels that clang compiles to Zba,
// Zbb, Zbs, Zicond and Zcb instructions with -march=rv64gc_zba_zbb_zbs_zicond_zcb
// (sh*add, add.uw, andn/orn/xnor, clz/ctz/cpop, min/max, rev8, orc.b, rol/ror,
// sext/zext, bset/bclr/binv/bext, czero.*, c.lbu/c.zext.*/c.mul...).
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0x243f6a8885a308d3ull;
static uint64_t next(void) {
    state ^= state << 13; state ^= state >> 7; state ^= state << 17;
    return state;
}

__attribute__((noinline)) static uint64_t rotl(uint64_t x, unsigned k) { return (x << (k & 63)) | (x >> ((64 - k) & 63)); }
__attribute__((noinline)) static uint32_t rotr32(uint32_t x, unsigned k) { return (x >> (k & 31)) | (x << ((32 - k) & 31)); }
__attribute__((noinline)) static int64_t select_nz(int64_t c, int64_t a, int64_t b) { return c ? a : b; }
__attribute__((noinline)) static uint64_t index_sum(const uint64_t *p, const uint32_t *idx, int n) {
    uint64_t s = 0;
    for (int i = 0; i < n; i++) s += p[idx[i]];
    return s;
}

int main(void) {
    uint64_t acc = 0;
    uint64_t table[64];
    uint32_t idx[256];
    for (int i = 0; i < 64; i++) table[i] = next();
    for (int i = 0; i < 256; i++) idx[i] = (uint32_t)next() & 63;
    for (int round = 0; round < 2000; round++) {
        uint64_t a = next(), b = next();
        unsigned k = (unsigned)(b & 63);
        acc += (uint64_t)__builtin_popcountll(a);
        acc += a ? (uint64_t)__builtin_clzll(a) : 64;
        acc += b ? (uint64_t)__builtin_ctzll(b) : 64;
        acc ^= a & ~b;
        acc += a | ~b;
        acc ^= ~(a ^ b);
        acc += (int64_t)a < (int64_t)b ? a : b;
        acc += a > b ? a : b;
        acc ^= __builtin_bswap64(a);
        acc += rotl(a, k) ^ rotr32((uint32_t)b, k);
        acc += (uint64_t)(int64_t)(int8_t)a + (uint64_t)(uint16_t)b + (uint64_t)(int64_t)(int16_t)(a >> 3);
        acc |= 1ull << (a & 63);
        acc &= ~(1ull << (b & 63));
        acc ^= 1ull << ((a >> 8) & 63);
        acc += (b >> (a & 63)) & 1;
        acc += (uint64_t)select_nz((int64_t)(a & 1), (int64_t)a, (int64_t)b);
        acc += (uint32_t)a + b;                 // add.uw
        acc += table[(uint32_t)b & 63] * 3;
    }
    acc += index_sum(table, idx, 256);
    char text[64];
    snprintf(text, sizeof text, "%016llx", (unsigned long long)acc);
    unsigned char counts[16] = {0};
    for (size_t i = 0; i < strlen(text); i++) counts[(unsigned char)text[i] & 15]++;
    unsigned prod = 1;
    for (int i = 0; i < 16; i++) prod = prod * (counts[i] + 1) % 65521;
    printf("bitops: %s %u\n", text, prod);
    return (int)(acc & 0x3f);
}
