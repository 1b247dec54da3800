// The same vector code run under many vtypes: a block without its own vsetvli
// (the native tier specialises it on the vtype it first sees and must fall
// back exactly when a later call brings another SEW, LMUL, vl or policy), and
// the same operations after an in-block vsetvl of each vtype. Unit-stride
// accesses start at offsets that cross page boundaries. Prints a checksum of
// every result (compared with qemu at VLEN 128 and 256, each engine).
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#define PAGE 4096
static uint8_t src[3 * PAGE] __attribute__((aligned(PAGE)));
static uint8_t dst[3 * PAGE] __attribute__((aligned(PAGE)));
static uint8_t regs[8 * 64 * 4];  // v8..v31 as stored by vs8r.v (VLEN up to 512)

static uint64_t checksum(const uint8_t *p, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

// Integer ops on v8..v31 under whatever vtype is current (no vsetvli here).
__attribute__((noinline)) static void ops(long x) {
    __asm__ volatile(
        "vadd.vv v16, v8, v24\n\t"
        "vsub.vx v24, v16, %0\n\t"
        "vrsub.vi v8, v24, 5\n\t"
        "vand.vx v16, v8, %0\n\t"
        "vor.vv v24, v24, v16\n\t"
        "vxor.vi v8, v8, -7\n\t"
        "vminu.vv v16, v8, v24\n\t"
        "vmax.vx v24, v16, %0\n\t"
        "vmul.vv v8, v8, v16\n\t"
        "vmulh.vx v16, v24, %0\n\t"
        "vmacc.vx v24, %0, v8\n\t"
        "vnmsac.vv v8, v16, v24\n\t"
        "vmadd.vx v16, %0, v8\n\t"
        "vnmsub.vv v24, v16, v8\n\t"
        "vsll.vi v8, v24, 3\n\t"
        "vsrl.vx v16, v8, %0\n\t"
        "vsra.vv v24, v16, v8\n\t"
        "vsra.vi v8, v24, 1\n\t"
        "vandn.vv v16, v8, v24\n\t"
        "vmv.v.x v8, %0\n\t"
        "vid.v v16\n\t"
        // Masked ops last, so inactive elements (kept, or ones under ma) reach the checksum.
        "vadd.vv v24, v24, v8, v0.t\n\t"
        "vmacc.vx v16, %0, v24, v0.t\n\t"
        "vsll.vi v8, v16, 2, v0.t\n\t"
        "vsub.vx v24, v8, %0, v0.t\n\t"
        "vmerge.vvm v16, v8, v24, v0\n\t"
        "vmerge.vxm v24, v16, %0, v0\n\t"
        "vmerge.vim v8, v24, -3, v0\n\t"
        :
        : "r"(x)
        : "memory");
}

// Extensions (SEW/2, /4, /8 sources) and widening shifts (2·SEW destinations),
// each called only where the vtype makes it legal.
__attribute__((noinline)) static void extend2(void) { __asm__ volatile("vzext.vf2 v16, v8\n\tvsext.vf2 v24, v16" ::: "memory"); }
__attribute__((noinline)) static void extend4(void) { __asm__ volatile("vsext.vf4 v24, v8\n\tvzext.vf4 v16, v24" ::: "memory"); }
__attribute__((noinline)) static void extend8(void) { __asm__ volatile("vzext.vf8 v16, v24\n\tvsext.vf8 v8, v16" ::: "memory"); }
__attribute__((noinline)) static void widen(long x) {
    __asm__ volatile("vwsll.vi v16, v8, 3\n\tvwsll.vx v16, v24, %0\n\tvwsll.vv v16, v8, v24" : : "r"(x) : "memory");
}

// Segment loads and stores of 2 and 4 fields at `off`.
__attribute__((noinline)) static void segments2(long off) {
    __asm__ volatile("add t0, %0, %1\n\tadd t1, %2, %1\n\tvlseg2e8.v v8, (t0)\n\tvlseg2e16.v v16, (t0)\n\t"
                     "vsseg2e8.v v16, (t1)\n\tvadd.vv v8, v8, v16\n\tvsseg2e16.v v8, (t1)"
                     : : "r"(src), "r"(off), "r"(dst) : "t0", "t1", "memory");
}
__attribute__((noinline)) static void segments4(long off) {
    __asm__ volatile("add t0, %0, %1\n\tadd t1, %2, %1\n\tvlseg4e8.v v8, (t0)\n\tvsseg4e8.v v8, (t1)"
                     : : "r"(src), "r"(off), "r"(dst) : "t0", "t1", "memory");
}

// Unit-stride transfers of EEW bits at `off` into the page-aligned buffers (an
// element-wise op between them), then whole-register ones.
#define TRANSFER(eew)                                                              \
    __attribute__((noinline)) static void transfer##eew(long off) {               \
        __asm__ volatile("add t0, %0, %1\n\tadd t1, %2, %1\n\t"                   \
                         "vle" #eew ".v v8, (t0)\n\t"                             \
                         "vadd.vv v8, v8, v8\n\t"                                 \
                         "vse" #eew ".v v8, (t1)\n\t"                             \
                         "vl2re" #eew ".v v16, (t0)\n\t"                          \
                         "vs4r.v v16, (t1)\n\t"                                   \
                         :                                                         \
                         : "r"(src), "r"(off), "r"(dst)                            \
                         : "t0", "t1", "memory");                                  \
    }
TRANSFER(8)
TRANSFER(16)
TRANSFER(32)
TRANSFER(64)
static void (*const transfer[4])(long) = {transfer8, transfer16, transfer32, transfer64};

static void save(void) {
    __asm__ volatile("vs8r.v v8, (%0)\n\tadd t0, %0, %1\n\tvs8r.v v16, (t0)\n\tadd t0, t0, %1\n\tvs8r.v v24, (t0)"
                     :
                     : "r"(regs), "r"(8 * 64)
                     : "t0", "memory");
}

static void reset(void) {
    __asm__ volatile("vl8re8.v v8, (%0)\n\tadd t0, %0, %1\n\tvl8re8.v v16, (t0)\n\tadd t0, t0, %1\n\tvl8re8.v v24, (t0)\n\t"
                     "vl1re8.v v0, (%0)"
                     :
                     : "r"(src + 100), "r"(8 * 64)
                     : "t0", "memory");
}

static unsigned long setvl(unsigned long avl, unsigned long vtype) {
    unsigned long vl;
    __asm__ volatile("vsetvl %0, %1, %2" : "=r"(vl) : "r"(avl), "r"(vtype));
    return vl;
}

int main(void) {
    for (size_t i = 0; i < sizeof src; i++) src[i] = (uint8_t)(i * 131 + (i >> 7) * 17 + 3);
    unsigned long vlenb;
    __asm__ volatile("csrr %0, vlenb" : "=r"(vlenb));
    // SEW 8..64, LMUL 1..8 and some fractional ones; every policy; vl = VLMAX or less.
    static const unsigned long lmuls[] = {0, 1, 2, 3, 7, 6};
    uint64_t all = 0;
    int n = 0;
    for (int round = 0; round < 3; round++) {
        for (unsigned long sew = 0; sew < 4; sew++) {
            for (unsigned li = 0; li < sizeof lmuls / sizeof lmuls[0]; li++) {
                for (unsigned long policy = 0; policy < 4; policy++) {
                    unsigned long vtype = lmuls[li] | sew << 3 | policy << 6;
                    for (int a = 0; a < 3; a++) {
                        unsigned long avl = a == 0 ? ~0ul : a == 1 ? 3 : vlenb;
                        long lmul = lmuls[li] >= 4 ? (long)lmuls[li] - 8 : (long)lmuls[li];
                        if (lmul < 0 && (64 >> -lmul) < (8 << sew)) continue;  // illegal (vill)
                        reset();
                        unsigned long vl = setvl(avl, vtype);
                        long x = (long)(round * 977 + sew * 31 + li * 7 + a) - 20;
                        ops(x);
                        if (lmul >= 0) {
                            if (sew >= 1) extend2();
                            if (sew >= 2) extend4();
                            if (sew == 3) extend8();
                            if (sew < 3 && lmul <= 2) widen(x);
                        }
                        save();
                        uint64_t h = checksum(regs, 3 * 8 * vlenb);
                        memset(dst, 0, sizeof dst);
                        long off = round == 0 ? PAGE - 8 * (long)a - 1 : PAGE * 2 - 32 * (long)round;
                        long emul8 = -(long)sew + lmul;  // EMUL of EEW 8, and of EEW 16
                        if (emul8 <= 2 && emul8 + 1 <= 2 && emul8 >= -3) segments2(off);
                        if (emul8 <= 1 && emul8 >= -3) segments4(off);
                        for (int e = 0; e < 4; e++) {
                            long emul = e - (long)sew + lmul;  // EMUL = EEW / SEW * LMUL
                            if (emul >= -3 && emul <= 3) transfer[e](off);
                        }
                        save();
                        h ^= checksum(dst, sizeof dst) * 3 + checksum(regs, 3 * 8 * vlenb);
                        all = all * 31 + h;
                        if (getenv("VT_ALL") || (round == 0 && policy == 0 && a != 1)) printf("r%d p%lu a%d ", round, policy, a), printf("sew %lu lmul %lu vl %lu: %016llx\n", sew, lmuls[li], vl, (unsigned long long)h);
                        n++;
                    }
                }
            }
        }
    }
    printf("%d configurations, checksum %016llx\n", n, (unsigned long long)all);
    return 0;
}
