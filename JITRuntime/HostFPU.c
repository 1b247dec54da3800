// Host FPU control: the out-of-line parts (FMA3 needs a per-function target).
#include "HostFPU.h"

#if defined(__x86_64__)

static int tern_fpu_fma_state = -1;  // -1 unknown, 0 absent, 1 present

int tern_fpu_has_fma(void) {
    int s = __atomic_load_n(&tern_fpu_fma_state, __ATOMIC_RELAXED);
    if (s < 0) {
        __builtin_cpu_init();
        s = __builtin_cpu_supports("fma") ? 1 : 0;
        __atomic_store_n(&tern_fpu_fma_state, s, __ATOMIC_RELAXED);
    }
    return s;
}

__attribute__((target("fma"))) static uint64_t fma64_hw(uint64_t a, uint64_t b, uint64_t c, uint32_t rm,
                                                        uint32_t *fflags) {
    double x, y, z;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    memcpy(&z, &c, 8);
    uint32_t csr = tern_fpu_mxcsr_for(rm), saved, out;
    __asm__ volatile("stmxcsr %[saved]\n\t"
                     "ldmxcsr %[csr]\n\t"
                     "vfmadd231sd %[y], %[x], %[z]\n\t"
                     "stmxcsr %[out]\n\t"
                     "ldmxcsr %[saved]"
                     : [z] "+x"(z), [saved] "=m"(saved), [out] "=m"(out)
                     : [x] "x"(x), [y] "x"(y), [csr] "m"(csr));
    *fflags |= tern_fpu_fflags_from_mxcsr(out);
    uint64_t r;
    memcpy(&r, &z, 8);
    return r;
}

__attribute__((target("fma"))) static uint32_t fma32_hw(uint32_t a, uint32_t b, uint32_t c, uint32_t rm,
                                                        uint32_t *fflags) {
    float x, y, z;
    memcpy(&x, &a, 4);
    memcpy(&y, &b, 4);
    memcpy(&z, &c, 4);
    uint32_t csr = tern_fpu_mxcsr_for(rm), saved, out;
    __asm__ volatile("stmxcsr %[saved]\n\t"
                     "ldmxcsr %[csr]\n\t"
                     "vfmadd231ss %[y], %[x], %[z]\n\t"
                     "stmxcsr %[out]\n\t"
                     "ldmxcsr %[saved]"
                     : [z] "+x"(z), [saved] "=m"(saved), [out] "=m"(out)
                     : [x] "x"(x), [y] "x"(y), [csr] "m"(csr));
    *fflags |= tern_fpu_fflags_from_mxcsr(out);
    uint32_t r;
    memcpy(&r, &z, 4);
    return r;
}

int tern_fpu_fma64(uint64_t a, uint64_t b, uint64_t c, uint32_t rm, uint64_t *result, uint32_t *fflags) {
    if (!tern_fpu_has_fma()) return 0;
    uint64_t r = fma64_hw(a, b, c, rm, fflags);
    if ((r & 0x7fffffffffffffffull) > 0x7ff0000000000000ull) r = 0x7ff8000000000000ull;
    *result = r;
    return 1;
}

int tern_fpu_fma32(uint32_t a, uint32_t b, uint32_t c, uint32_t rm, uint32_t *result, uint32_t *fflags) {
    if (!tern_fpu_has_fma()) return 0;
    uint32_t r = fma32_hw(a, b, c, rm, fflags);
    if ((r & 0x7fffffffu) > 0x7f800000u) r = 0x7fc00000u;
    *result = r;
    return 1;
}

__attribute__((target("fma"))) uint64_t tern_fpu_fma64_rne(uint64_t a, uint64_t b, uint64_t c) {
    double x, y, z;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    memcpy(&z, &c, 8);
    __asm__ volatile("vfmadd231sd %[y], %[x], %[z]" : [z] "+x"(z) : [x] "x"(x), [y] "x"(y));
    uint64_t r;
    memcpy(&r, &z, 8);
    return r;
}

#endif
