/* smcthreads.c - self-modifying code in one thread while others run it.
 * A writer thread rewrites `f` (li a0, V; ret) on an RWX page 2000 times,
 * each time publishing V with a release store after the new instruction is
 * in place; it also runs `f` itself after `fence.i` and must get exactly V.
 * Reader threads loop: acquire V1, fence.i, call f, acquire V2; RISC-V
 * requires V1 <= f() <= V2 + 1 (the code they run is at least as new as the
 * version they saw, and at most one ahead). `g`, on the same page, never
 * changes and must always return 77. A second round does the same through
 * the riscv_flush_icache syscall (__builtin___clear_cache) instead of fence.i.
 * The printed numbers are independent of the schedule. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

enum { VERSIONS = 2000, READERS = 2 };

typedef long (*fn)(void);
static uint32_t *page;
static fn f, g;
static long version;
static int use_syscall;
static long violations, writer_mismatches, g_wrong;

static uint32_t li_a0(long v) { return ((uint32_t)v << 20) | (10u << 7) | 0x13u; }  /* addi a0, zero, v */
static const uint32_t ret_insn = 0x00008067u;                                        /* jalr zero, 0(ra) */

static void sync_icache(void *start, void *end) {
    if (use_syscall) __builtin___clear_cache(start, end);
    else __asm__ volatile("fence.i" ::: "memory");
}

static void *reader(void *arg) {
    (void)arg;
    long bad = 0, calls = 0, gbad = 0;
    for (;;) {
        long v1 = __atomic_load_n(&version, __ATOMIC_ACQUIRE);
        sync_icache(page, page + 32);
        long r = f();
        long v2 = __atomic_load_n(&version, __ATOMIC_ACQUIRE);
        if (r < v1 || r > v2 + 1) bad++;
        if (g() != 77) gbad++;
        calls++;
        if (v1 == VERSIONS) break;
    }
    __atomic_fetch_add(&violations, bad, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&g_wrong, gbad, __ATOMIC_SEQ_CST);
    return (void *)calls;
}

static void round_trip(int through_syscall) {
    use_syscall = through_syscall;
    version = 0;
    page[0] = li_a0(0);
    page[1] = ret_insn;
    sync_icache(page, page + 32);
    pthread_t r[READERS];
    for (int i = 0; i < READERS; i++) pthread_create(&r[i], NULL, reader, NULL);
    for (long v = 1; v <= VERSIONS; v++) {
        __atomic_store_n(&page[0], li_a0(v), __ATOMIC_RELAXED);
        __atomic_store_n(&version, v, __ATOMIC_RELEASE);
        sync_icache(page, page + 32);
        if (f() != v) writer_mismatches++;
        /* Give the readers time to run the current version. */
        for (volatile int spin = 0; spin < 2000; spin++) {}
    }
    long total = 0;
    for (int i = 0; i < READERS; i++) {
        void *calls;
        pthread_join(r[i], &calls);
        total += (long)calls;
    }
    printf("%s: versions %d, readers %d ran f %s, violations %ld, writer mismatches %ld, g wrong %ld\n",
           through_syscall ? "riscv_flush_icache" : "fence.i", VERSIONS, READERS,
           total >= READERS ? "yes" : "no", violations, writer_mismatches, g_wrong);
}

int main(void) {
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) { perror("mmap"); return 1; }
    page[16] = li_a0(77);
    page[17] = ret_insn;
    f = (fn)(void *)page;
    g = (fn)(void *)(page + 16);
    round_trip(0);
    round_trip(1);
    return violations || writer_mismatches || g_wrong ? 1 : 0;
}
