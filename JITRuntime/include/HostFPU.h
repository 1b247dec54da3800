// Host FPU control: IEEE operations under an explicit rounding mode with exact
// exception flags, for the floating-point semantics library (TernFloat).
//
// Every helper takes raw IEEE bit patterns and a rounding mode in RISC-V encoding
// (0 RNE, 1 RTZ, 2 RDN, 3 RUP; RMM is not supported by the host and must be done
// in software). Flags raised by the operation are OR-ed into *fflags in RISC-V
// fflags bit order (NX=1, UF=2, OF=4, DZ=8, NV=16). A NaN result is replaced by
// the canonical quiet NaN of the format.
//
// On x86-64 the mode change, the operation and the flag read are one volatile
// asm block, so the compiler cannot move or fold the operation across the
// MXCSR change. The caller's MXCSR is restored afterwards.
#ifndef TERN_HOST_FPU_H
#define TERN_HOST_FPU_H

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#define TERN_HOST_FPU_AVAILABLE 1

/// MXCSR image for RISC-V rounding mode `rm` (0..3): all exceptions masked,
/// flags clear, DAZ/FTZ off.
static inline uint32_t tern_fpu_mxcsr_for(uint32_t rm) {
    return 0x1f80u | (((0x9Cu >> ((rm & 3u) * 2u)) & 3u) << 13);
}

/// Maps x86 MXCSR exception flags (IE DE ZE OE UE PE) to RISC-V fflags; DE is ignored.
static inline uint32_t tern_fpu_fflags_from_mxcsr(uint32_t x) {
    return ((x >> 5) & 1u) | ((x >> 3) & 2u) | ((x >> 1) & 4u) | ((x << 1) & 8u) | ((x << 4) & 16u);
}

#define TERN_FPU_BINOP64(name, insn)                                                        \
    static inline uint64_t name(uint64_t a, uint64_t b, uint32_t rm, uint32_t *fflags) {   \
        double x, y;                                                                        \
        memcpy(&x, &a, 8);                                                                  \
        memcpy(&y, &b, 8);                                                                  \
        uint32_t csr = tern_fpu_mxcsr_for(rm), saved, out;                                  \
        __asm__ volatile("stmxcsr %[saved]\n\t"                                             \
                         "ldmxcsr %[csr]\n\t" insn " %[y], %[x]\n\t"                        \
                         "stmxcsr %[out]\n\t"                                               \
                         "ldmxcsr %[saved]"                                                 \
                         : [x] "+x"(x), [saved] "=m"(saved), [out] "=m"(out)                \
                         : [y] "x"(y), [csr] "m"(csr));                                     \
        *fflags |= tern_fpu_fflags_from_mxcsr(out);                                         \
        uint64_t r;                                                                         \
        memcpy(&r, &x, 8);                                                                  \
        if ((r & 0x7fffffffffffffffull) > 0x7ff0000000000000ull) r = 0x7ff8000000000000ull; \
        return r;                                                                           \
    }

#define TERN_FPU_BINOP32(name, insn)                                                        \
    static inline uint32_t name(uint32_t a, uint32_t b, uint32_t rm, uint32_t *fflags) {   \
        float x, y;                                                                         \
        memcpy(&x, &a, 4);                                                                  \
        memcpy(&y, &b, 4);                                                                  \
        uint32_t csr = tern_fpu_mxcsr_for(rm), saved, out;                                  \
        __asm__ volatile("stmxcsr %[saved]\n\t"                                             \
                         "ldmxcsr %[csr]\n\t" insn " %[y], %[x]\n\t"                        \
                         "stmxcsr %[out]\n\t"                                               \
                         "ldmxcsr %[saved]"                                                 \
                         : [x] "+x"(x), [saved] "=m"(saved), [out] "=m"(out)                \
                         : [y] "x"(y), [csr] "m"(csr));                                     \
        *fflags |= tern_fpu_fflags_from_mxcsr(out);                                         \
        uint32_t r;                                                                         \
        memcpy(&r, &x, 4);                                                                  \
        if ((r & 0x7fffffffu) > 0x7f800000u) r = 0x7fc00000u;                               \
        return r;                                                                           \
    }

/// a + b, a - b, a * b, a / b (binary64).
TERN_FPU_BINOP64(tern_fpu_add64, "addsd")
TERN_FPU_BINOP64(tern_fpu_sub64, "subsd")
TERN_FPU_BINOP64(tern_fpu_mul64, "mulsd")
TERN_FPU_BINOP64(tern_fpu_div64, "divsd")
/// sqrt(b); `a` is ignored (binary64).
TERN_FPU_BINOP64(tern_fpu_sqrt64_, "sqrtsd")
/// a + b, a - b, a * b, a / b (binary32).
TERN_FPU_BINOP32(tern_fpu_add32, "addss")
TERN_FPU_BINOP32(tern_fpu_sub32, "subss")
TERN_FPU_BINOP32(tern_fpu_mul32, "mulss")
TERN_FPU_BINOP32(tern_fpu_div32, "divss")
/// sqrt(b); `a` is ignored (binary32).
TERN_FPU_BINOP32(tern_fpu_sqrt32_, "sqrtss")

/// sqrt(a) (binary64).
static inline uint64_t tern_fpu_sqrt64(uint64_t a, uint32_t rm, uint32_t *fflags) {
    return tern_fpu_sqrt64_(a, a, rm, fflags);
}
/// sqrt(a) (binary32).
static inline uint32_t tern_fpu_sqrt32(uint32_t a, uint32_t rm, uint32_t *fflags) {
    return tern_fpu_sqrt32_(a, a, rm, fflags);
}

/// binary64 → binary32 narrowing.
static inline uint32_t tern_fpu_f64_to_f32(uint64_t a, uint32_t rm, uint32_t *fflags) {
    double x;
    float y;
    memcpy(&x, &a, 8);
    uint32_t csr = tern_fpu_mxcsr_for(rm), saved, out;
    __asm__ volatile("stmxcsr %[saved]\n\t"
                     "ldmxcsr %[csr]\n\t"
                     "cvtsd2ss %[x], %[y]\n\t"
                     "stmxcsr %[out]\n\t"
                     "ldmxcsr %[saved]"
                     : [y] "=x"(y), [saved] "=m"(saved), [out] "=m"(out)
                     : [x] "x"(x), [csr] "m"(csr));
    *fflags |= tern_fpu_fflags_from_mxcsr(out);
    uint32_t r;
    memcpy(&r, &y, 4);
    if ((r & 0x7fffffffu) > 0x7f800000u) r = 0x7fc00000u;
    return r;
}

/// Fused a*b + c under `rm` with exact flags (binary64). Returns 0 and leaves
/// *result untouched when the host has no FMA3; 1 on success.
int tern_fpu_fma64(uint64_t a, uint64_t b, uint64_t c, uint32_t rm, uint64_t *result, uint32_t *fflags);
/// Fused a*b + c under `rm` with exact flags (binary32). Same contract as tern_fpu_fma64.
int tern_fpu_fma32(uint32_t a, uint32_t b, uint32_t c, uint32_t rm, uint32_t *result, uint32_t *fflags);
/// Fused a*b + c in the caller's (round-to-nearest-even) mode, no flag capture.
/// Only valid when tern_fpu_has_fma() is nonzero.
uint64_t tern_fpu_fma64_rne(uint64_t a, uint64_t b, uint64_t c);
/// Nonzero when the host CPU implements FMA3.
int tern_fpu_has_fma(void);

#else
#define TERN_HOST_FPU_AVAILABLE 0
#endif

#endif
