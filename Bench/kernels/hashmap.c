/* Open-addressing hash map (linear probing, 64-bit keys and values): inserts,
 * updates, lookups and misses over 128 Ki keys in a 256 Ki-slot table, repeated. */
#include "bench.h"
#include <string.h>
#define SLOTS (1 << 18)
#define KEYS (1 << 17)

typedef struct { uint64_t key, value; } Slot;
static Slot table[SLOTS];

static inline uint64_t hash(uint64_t k) {
    k ^= k >> 33; k *= 0xff51afd7ed558ccdULL; k ^= k >> 33; return k;
}

static void put(uint64_t k, uint64_t v) {
    uint64_t i = hash(k) & (SLOTS - 1);
    while (table[i].key != 0 && table[i].key != k) i = (i + 1) & (SLOTS - 1);
    if (table[i].key == k) table[i].value += v; else { table[i].key = k; table[i].value = v; }
}

static int get(uint64_t k, uint64_t *v) {
    uint64_t i = hash(k) & (SLOTS - 1);
    while (table[i].key != 0) {
        if (table[i].key == k) { *v = table[i].value; return 1; }
        i = (i + 1) & (SLOTS - 1);
    }
    return 0;
}

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 80);
    uint64_t sum = 0;
    for (long r = 0; r < reps; r++) {
        memset(table, 0, sizeof table);
        uint64_t s = 1234 + r;
        for (long i = 0; i < KEYS; i++) { uint64_t k = (bench_rand(&s) & 0xFFFFF) | 1; put(k, i); }
        uint64_t found = 0, v;
        for (uint64_t k = 1; k < 0x100000; k += 2) if (get(k, &v)) { found++; sum += v; }
        sum = bench_mix(sum, found);
    }
    bench_report("hashmap", sum);
    return 0;
}
