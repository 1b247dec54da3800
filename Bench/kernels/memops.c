/* Memory and string primitives through libc: memset, memcpy, memmove, memcmp,
 * strlen and strchr over buffers of mixed sizes. */
#include "bench.h"
#include <string.h>
#define SIZE (1 << 16)

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 200000);
    static char a[SIZE], b[SIZE];
    uint64_t s = 23, sum = 0;
    for (long r = 0; r < reps; r++) {
        size_t n = SIZE - (r & 255);
        memset(a, 'a' + (int)(r % 26), n - 1);
        a[n - 1] = 0;
        memcpy(b, a, n);
        sum += strlen(b);
        memmove(b + 3, b, n - 64);
        sum += (uint64_t)(memcmp(a, b, n) & 0xff);
        for (int k = 0; k < 64; k++) {
            size_t off = bench_rand(&s) % (SIZE / 2);
            size_t len = 1 + bench_rand(&s) % 255;
            memcpy(a + off, b + (off ^ 17), len);
            a[off + len] = 0;
            sum += strlen(a + off);
            char *c = strchr(a + off, 'a' + k % 26);
            sum += c ? (uint64_t)(c - a) : 7;
        }
        sum = bench_mix(sum, (uint64_t)a[r % SIZE]);
    }
    bench_report("memops", sum);
    return 0;
}
