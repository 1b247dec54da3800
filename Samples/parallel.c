/* parallel.c - a CPU-bound kernel split over T threads (argv[1], default 4):
 * every item i in [0, ITEMS * scale) (argv[2], default 1) runs a short
 * integer loop over a private 4 KiB table (hashing, branches, loads and
 * stores) and contributes a value that depends only on i. Threads take items
 * in fixed chunks, so the printed sums are the same for every thread count
 * and schedule; with T host cores T threads finish in about 1/T of the time. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { ITEMS = 4096, CHUNK = 64, MAX_THREADS = 64 };

static long items;
static _Atomic long next_chunk;
static _Atomic uint64_t total, checks;
static uint64_t per_thread_items[MAX_THREADS];

static uint64_t mix(uint64_t x) {
    x ^= x >> 31; x *= 0x7fb5d329728ea185ULL; x ^= x >> 27; x *= 0x81dadef4bc2dd44dULL; x ^= x >> 33;
    return x;
}

/* The value of item i: deterministic, about 20k instructions. */
static uint64_t item(long i) {
    uint32_t table[1024];
    uint64_t h = mix((uint64_t)i + 1);
    for (int k = 0; k < 1024; k++) table[k] = (uint32_t)(h >> (k & 31)) ^ (uint32_t)k;
    uint64_t acc = h;
    for (int r = 0; r < 2048; r++) {
        uint32_t j = (uint32_t)(acc >> 7) & 1023;
        uint32_t v = table[j];
        if (v & 1) acc = acc * 6364136223846793005ULL + v; else acc ^= (uint64_t)v << (r & 15);
        table[(j + r) & 1023] = v + (uint32_t)acc;
    }
    return acc;
}

static void *worker(void *arg) {
    long id = (long)(intptr_t)arg;
    uint64_t sum = 0, odd = 0, count = 0;
    for (;;) {
        long c = atomic_fetch_add(&next_chunk, 1);
        long start = c * CHUNK;
        if (start >= items) break;
        long end = start + CHUNK < items ? start + CHUNK : items;
        for (long i = start; i < end; i++) {
            uint64_t v = item(i);
            sum += v;
            odd += v & 1;
            count++;
        }
    }
    atomic_fetch_add(&total, sum);
    atomic_fetch_add(&checks, odd);
    per_thread_items[id] = count;
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 4;
    double scale = argc > 2 ? atof(argv[2]) : 1.0;
    if (threads < 1 || threads > MAX_THREADS || scale <= 0) {
        fprintf(stderr, "usage: parallel [THREADS 1-%d] [SCALE]\n", MAX_THREADS);
        return 2;
    }
    items = (long)(ITEMS * scale);
    if (items < 1) items = 1;
    pthread_t t[MAX_THREADS];
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i) != 0) { perror("pthread_create"); return 1; }
    }
    worker((void *)(intptr_t)0);
    for (int i = 1; i < threads; i++) pthread_join(t[i], NULL);
    uint64_t done = 0;
    for (int i = 0; i < threads; i++) done += per_thread_items[i];
    printf("parallel items=%ld done=%llu sum=%016llx odd=%llu\n", items, (unsigned long long)done,
           (unsigned long long)atomic_load(&total), (unsigned long long)atomic_load(&checks));
    return 0;
}
