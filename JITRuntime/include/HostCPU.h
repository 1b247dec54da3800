// Host CPU features the native tier may use (CPUID), so that generated code
// never contains an instruction the host lacks.
#ifndef TERN_HOST_CPU_H
#define TERN_HOST_CPU_H

#include <stdint.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

/// Feature bits of `tern_host_cpu_features`.
enum {
    TERN_HOST_POPCNT = 1u << 0,    // CPUID.1:ECX.POPCNT[23]
    TERN_HOST_LZCNT = 1u << 1,     // CPUID.80000001H:ECX.ABM/LZCNT[5]
    TERN_HOST_BMI1 = 1u << 2,      // CPUID.7.0:EBX.BMI1[3] (TZCNT, ANDN)
    TERN_HOST_BMI2 = 1u << 3,      // CPUID.7.0:EBX.BMI2[8] (RORX)
    TERN_HOST_PCLMULQDQ = 1u << 4, // CPUID.1:ECX.PCLMULQDQ[1]
    TERN_HOST_SSE41 = 1u << 5,     // CPUID.1:ECX.SSE4_1[19] (PEXTRQ)
    TERN_HOST_AVX2 = 1u << 6,      // CPUID.7.0:EBX.AVX2[5], with the OS saving ymm state (OSXSAVE, XCR0 bits 1-2)
    TERN_HOST_FMA = 1u << 7,       // CPUID.1:ECX.FMA[12] (FMA3), with the OS saving ymm state
};

/// The features of the host CPU (0 on other architectures).
static inline uint32_t tern_host_cpu_features(void) {
    uint32_t out = 0;
#if defined(__x86_64__)
    unsigned a, b, c, d;
    int ymmState = 0;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        if (c & (1u << 27)) {  // OSXSAVE: XGETBV tells whether the OS saves xmm and ymm state
            unsigned lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            ymmState = (lo & 6u) == 6u;
        }
        if (c & (1u << 23)) out |= TERN_HOST_POPCNT;
        if (c & (1u << 1)) out |= TERN_HOST_PCLMULQDQ;
        if (c & (1u << 19)) out |= TERN_HOST_SSE41;
        if ((c & (1u << 12)) && ymmState) out |= TERN_HOST_FMA;
    }
    if (__get_cpuid(0x80000001u, &a, &b, &c, &d) && (c & (1u << 5))) out |= TERN_HOST_LZCNT;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & (1u << 3)) out |= TERN_HOST_BMI1;
        if (b & (1u << 8)) out |= TERN_HOST_BMI2;
        if ((b & (1u << 5)) && ymmState) out |= TERN_HOST_AVX2;
    }
#endif
    return out;
}
#endif
