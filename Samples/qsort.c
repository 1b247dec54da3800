/* qsort.c - qsort of structs with multiple keys (stable-ified by an index
 * tiebreak), bsearch, and sorting integers and doubles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

typedef struct { char name[12]; int dept; double salary; int id; } Emp;

static uint32_t seed = 2463534242u;
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static int by_dept_salary_name(const void *pa, const void *pb) {
    const Emp *a = pa, *b = pb;
    if (a->dept != b->dept) return a->dept < b->dept ? -1 : 1;
    if (a->salary != b->salary) return a->salary > b->salary ? -1 : 1; /* descending */
    int c = strcmp(a->name, b->name);
    if (c) return c;
    return (a->id > b->id) - (a->id < b->id);
}
static int by_id(const void *pa, const void *pb) {
    const Emp *a = pa, *b = pb;
    return (a->id > b->id) - (a->id < b->id);
}
static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}
static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    enum { N = 3000 };
    static Emp e[N];
    static const char *syl[] = {"ka", "ri", "to", "mu", "se", "no", "va", "li"};
    for (int i = 0; i < N; i++) {
        e[i].name[0] = 0;
        for (int k = 0; k < 3; k++) strcat(e[i].name, syl[rnd() % 8]);
        e[i].dept = (int)(rnd() % 7);
        e[i].salary = 30000 + (rnd() % 500) * 100.0;
        e[i].id = (int)(rnd() % 1000000) * 10 + i % 10;
    }
    qsort(e, N, sizeof e[0], by_dept_salary_name);
    for (int i = 0; i < 5; i++)
        printf("%-8s dept=%d salary=%.0f id=%d\n", e[i].name, e[i].dept, e[i].salary, e[i].id);
    int ok = 1;
    for (int i = 1; i < N; i++) if (by_dept_salary_name(&e[i - 1], &e[i]) > 0) ok = 0;
    printf("multi-key order ok=%d\n", ok);
    uint64_t h = 0;
    for (int i = 0; i < N; i++) h = h * 131 + (uint64_t)e[i].id;
    printf("order hash=%016llx\n", (unsigned long long)h);
    int counts[7] = {0};
    for (int i = 0; i < N; i++) counts[e[i].dept]++;
    printf("dept counts:");
    for (int i = 0; i < 7; i++) printf(" %d", counts[i]);
    printf("\n");

    qsort(e, N, sizeof e[0], by_id);
    int found = 0, missing = 0;
    for (int i = 0; i < N; i += 7) {
        Emp key = e[i];
        Emp *p = bsearch(&key, e, N, sizeof e[0], by_id);
        if (p && p->id == key.id) found++;
        key.id = -5 - i;
        if (!bsearch(&key, e, N, sizeof e[0], by_id)) missing++;
    }
    printf("bsearch found=%d missing=%d\n", found, missing);

    static int64_t v[20000];
    for (int i = 0; i < 20000; i++) v[i] = (int64_t)((uint64_t)rnd() << 32 | rnd());
    qsort(v, 20000, sizeof v[0], cmp_i64);
    printf("i64 min=%lld median=%lld max=%lld\n", (long long)v[0], (long long)v[10000], (long long)v[19999]);
    double dv[1000];
    for (int i = 0; i < 1000; i++) dv[i] = (double)(int32_t)rnd() / 3.0;
    qsort(dv, 1000, sizeof dv[0], cmp_dbl);
    printf("dbl min=%.17g max=%.17g\n", dv[0], dv[999]);
    int64_t key = v[12345];
    int64_t *p = bsearch(&key, v, 20000, sizeof v[0], cmp_i64);
    printf("bsearch i64 idx=%ld\n", p ? (long)(p - v) : -1L);
    return 0;
}
