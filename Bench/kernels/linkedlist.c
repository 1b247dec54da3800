/* Linked-list pointer chasing: 256 Ki nodes linked in a random order
 * (Sattolo cycle), traversed repeatedly, summing payloads. */
#include "bench.h"
#define N (1 << 18)

typedef struct Node { struct Node *next; uint64_t payload; } Node;

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 120);
    Node *nodes = malloc(sizeof(Node) * N);
    uint32_t *perm = malloc(sizeof(uint32_t) * N);
    if (!nodes || !perm) return 1;
    uint64_t s = 5;
    for (uint32_t i = 0; i < N; i++) perm[i] = i;
    for (uint32_t i = N - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(bench_rand(&s) % i);
        uint32_t t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }
    for (uint32_t i = 0; i < N; i++) {
        nodes[i].next = &nodes[perm[i]];
        nodes[i].payload = bench_rand(&s) & 0xFFFF;
    }
    uint64_t sum = 0;
    Node *p = nodes;
    for (long r = 0; r < reps; r++) {
        uint64_t acc = 0;
        for (long i = 0; i < N; i++) { acc += p->payload; p = p->next; }
        sum = bench_mix(sum, acc);
    }
    bench_report("linkedlist", sum);
    free(nodes); free(perm);
    return 0;
}
