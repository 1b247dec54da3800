/* Sorting: an introsort-style quicksort (median of three, insertion sort for
 * short ranges) of 256 Ki pseudo-random 64-bit keys, repeated with new data. */
#include "bench.h"
#define N (1 << 18)

static void insertion(uint64_t *a, long n) {
    for (long i = 1; i < n; i++) {
        uint64_t v = a[i]; long j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void quicksort(uint64_t *a, long n) {
    while (n > 16) {
        uint64_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint64_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            uint64_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        long left = j + 1;
        if (left < n - left) { quicksort(a, left); a += left; n -= left; }
        else { quicksort(a + left, n - left); n = left; }
    }
    insertion(a, n);
}

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 30);
    static uint64_t a[N];
    uint64_t s = 99, sum = 0;
    for (long r = 0; r < reps; r++) {
        for (long i = 0; i < N; i++) a[i] = bench_rand(&s) >> (r & 31);
        quicksort(a, N);
        for (long i = 1; i < N; i++) if (a[i - 1] > a[i]) { puts("sort: not sorted"); return 1; }
        for (long i = 0; i < N; i += 4097) sum = bench_mix(sum, a[i]);
    }
    bench_report("sort", sum);
    return 0;
}
