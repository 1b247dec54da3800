/* String building: formatting numbers (own itoa and snprintf), appending to a
 * growing buffer, splitting it back into fields and hashing them. */
#include "bench.h"
#include <string.h>

typedef struct { char *p; size_t len, cap; } Buf;

static void append(Buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        while (b->len + n + 1 > b->cap) b->cap = b->cap ? b->cap * 2 : 64;
        b->p = realloc(b->p, b->cap);
        if (!b->p) exit(2);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static size_t utoa(uint64_t v, char *out) {
    char tmp[24]; size_t n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 400);
    uint64_t s = 31, sum = 0;
    char num[64];
    for (long r = 0; r < reps; r++) {
        Buf b = {0};
        for (int i = 0; i < 20000; i++) {
            uint64_t v = bench_rand(&s) >> (i & 63);
            size_t n = utoa(v, num);
            append(&b, "key", 3);
            append(&b, num, n);
            append(&b, "=", 1);
            n = (size_t)snprintf(num, sizeof num, "%x:%d", (unsigned)(v & 0xffffff), i - 10000);
            append(&b, num, n);
            append(&b, ";", 1);
        }
        uint64_t h = 1469598103934665603ULL;
        char *save = 0;
        for (char *tok = strtok_r(b.p, ";", &save); tok; tok = strtok_r(0, ";", &save)) {
            size_t n = strlen(tok);
            for (size_t k = 0; k < n; k++) h = (h ^ (uint8_t)tok[k]) * 1099511628211ULL;
            char *eq = strchr(tok, '=');
            if (eq) sum += strtoull(tok + 3, 0, 10) & 0xffff;
        }
        sum = bench_mix(sum, h ^ b.len);
        free(b.p);
    }
    bench_report("strbuild", sum);
    return 0;
}
