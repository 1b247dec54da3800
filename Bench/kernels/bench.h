/* Shared helpers for the Tern benchmark kernels.
 * Every kernel takes one optional argument, its repeat count (default BENCH_REPS,
 * set per kernel), and prints one line "<name> <checksum>" so that runs under
 * tern, qemu-riscv64 and natively can be checked for equal results. */
#ifndef TERN_BENCH_H
#define TERN_BENCH_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Repeat count from argv[1], or `fallback`. */
static inline long bench_reps(int argc, char **argv, long fallback) {
    if (argc > 1) {
        long n = strtol(argv[1], 0, 10);
        if (n > 0) return n;
    }
    return fallback;
}

/* xorshift64*: deterministic input data. */
static inline uint64_t bench_rand(uint64_t *s) {
    uint64_t x = *s;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* Folds a 64-bit value into a running checksum (order-sensitive). */
static inline uint64_t bench_mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h;
}

static inline void bench_report(const char *name, uint64_t checksum) {
    printf("%s %016llx\n", name, (unsigned long long)checksum);
}
#endif
