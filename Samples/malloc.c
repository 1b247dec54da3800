/* malloc.c - allocation-heavy: a binary search tree of 20000 nodes with
 * deletions, a chained hash map, realloc-grown arrays and a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

typedef struct Node { uint64_t key; uint64_t val; struct Node *l, *r; } Node;

static uint64_t rng = 88172645463325252ULL;
static uint64_t xorshift(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static Node *insert(Node *t, uint64_t k, uint64_t v) {
    Node **p = &t;
    while (*p) {
        if (k == (*p)->key) { (*p)->val += v; return t; }
        p = k < (*p)->key ? &(*p)->l : &(*p)->r;
    }
    Node *n = malloc(sizeof *n);
    n->key = k; n->val = v; n->l = n->r = NULL;
    *p = n;
    return t;
}

static Node *delete(Node *t, uint64_t k, int *found) {
    if (!t) return NULL;
    if (k < t->key) { t->l = delete(t->l, k, found); return t; }
    if (k > t->key) { t->r = delete(t->r, k, found); return t; }
    *found = 1;
    if (!t->l || !t->r) { Node *c = t->l ? t->l : t->r; free(t); return c; }
    Node *m = t->r;
    while (m->l) m = m->l;
    t->key = m->key; t->val = m->val;
    int dummy = 0;
    t->r = delete(t->r, m->key, &dummy);
    return t;
}

static uint64_t walk(Node *t, uint64_t *count, int depth, int *maxdepth) {
    if (!t) return 0;
    if (depth > *maxdepth) *maxdepth = depth;
    uint64_t h = walk(t->l, count, depth + 1, maxdepth);
    (*count)++;
    h = h * 1000003 + t->key * 31 + t->val;
    return h ^ walk(t->r, count, depth + 1, maxdepth);
}

static void freetree(Node *t) { if (t) { freetree(t->l); freetree(t->r); free(t); } }

typedef struct Entry { char *key; int count; struct Entry *next; } Entry;

int main(void) {
    Node *root = NULL;
    for (int i = 0; i < 20000; i++) root = insert(root, xorshift() % 50000, (uint64_t)i);
    uint64_t count = 0; int depth = 0;
    uint64_t h = walk(root, &count, 0, &depth);
    printf("bst: nodes=%llu depth=%d hash=%016llx\n", (unsigned long long)count, depth, (unsigned long long)h);
    int removed = 0;
    for (uint64_t k = 0; k < 50000; k += 3) { int f = 0; root = delete(root, k, &f); removed += f; }
    count = 0; depth = 0;
    h = walk(root, &count, 0, &depth);
    printf("bst after delete: removed=%d nodes=%llu hash=%016llx\n", removed, (unsigned long long)count,
           (unsigned long long)h);
    freetree(root);

    enum { NB = 1024 };
    Entry **tab = calloc(NB, sizeof *tab);
    int distinct = 0;
    for (int i = 0; i < 15000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "k%llu", (unsigned long long)(xorshift() % 6000));
        uint32_t hh = 2166136261u;
        for (char *c = buf; *c; c++) hh = (hh ^ (uint8_t)*c) * 16777619u;
        Entry *e = tab[hh % NB];
        while (e && strcmp(e->key, buf) != 0) e = e->next;
        if (!e) {
            e = malloc(sizeof *e);
            e->key = strdup(buf); e->count = 0; e->next = tab[hh % NB]; tab[hh % NB] = e;
            distinct++;
        }
        e->count++;
    }
    int maxc = 0, longest = 0; uint64_t hs = 0;
    for (int b = 0; b < NB; b++) {
        int len = 0;
        for (Entry *e = tab[b]; e; e = e->next) {
            len++;
            if (e->count > maxc) maxc = e->count;
            for (char *c = e->key; *c; c++) hs += (uint64_t)*c * (uint64_t)e->count;
        }
        if (len > longest) longest = len;
    }
    printf("hash: distinct=%d maxcount=%d longest_chain=%d sum=%llu\n", distinct, maxc, longest,
           (unsigned long long)hs);
    for (int b = 0; b < NB; b++) {
        Entry *e = tab[b];
        while (e) { Entry *n = e->next; free(e->key); free(e); e = n; }
    }
    free(tab);

    size_t cap = 1, len = 0;
    uint32_t *arr = malloc(cap * sizeof *arr);
    int reallocs = 0;
    for (uint32_t i = 0; i < 100000; i++) {
        if (len == cap) { cap = cap * 3 / 2 + 1; arr = realloc(arr, cap * sizeof *arr); reallocs++; }
        arr[len++] = i * 2654435761u;
    }
    uint64_t s = 0;
    for (size_t i = 0; i < len; i++) s += arr[i] ^ (uint32_t)i;
    printf("realloc: len=%zu cap=%zu reallocs=%d sum=%llu\n", len, cap, reallocs, (unsigned long long)s);
    arr = realloc(arr, 10 * sizeof *arr);
    printf("shrunk: arr[9]=%u\n", arr[9]);
    free(arr);

    /* many small blocks of varied sizes, freed in a scrambled order */
    enum { NBLK = 5000 };
    static unsigned char *blk[NBLK];
    static size_t sz[NBLK];
    for (int i = 0; i < NBLK; i++) {
        sz[i] = 1 + xorshift() % 700;
        blk[i] = malloc(sz[i]);
        memset(blk[i], i & 0xff, sz[i]);
    }
    uint64_t cs = 0;
    for (int i = 0; i < NBLK; i++) { int j = (i * 7919) % NBLK; cs += blk[j][sz[j] - 1] * (uint64_t)sz[j]; free(blk[j]); }
    void *big = malloc(4 << 20);      /* mmap-backed allocation */
    memset(big, 0x5a, 4 << 20);
    cs += ((unsigned char *)big)[(4 << 20) - 1];
    free(big);
    printf("blocks: checksum=%llu\n", (unsigned long long)cs);
    return 0;
}
