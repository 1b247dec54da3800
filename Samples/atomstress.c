/* atomstress.c - atomics and memory ordering under real parallelism, written
 * with the RISC-V instructions themselves (inline asm) so that each one is
 * what the test says:
 *   - AMO counters: amoadd.w/.d, amoor/amoand/amoxor.d bit patterns,
 *     amomax/amominu.w, amoswap.d hand-offs from every thread at once;
 *   - an LR/SC spin lock (lr.w.aq / sc.w.rl) guarding plain read-modify-writes
 *     of a two-word record that must never be seen torn;
 *   - a bounded lock-free MPMC queue (Vyukov's, sequence numbers, CAS by
 *     lr.d/sc.d loops): every pushed value is popped exactly once;
 *   - store->load ordering: the two-thread store-buffering litmus test with
 *     `fence rw,rw` between each store and load; the outcome r0 = r1 = 0 is
 *     forbidden (x86-64 needs MFENCE to forbid it);
 *   - message passing with fence w,w / fence r,r.
 * Every printed number is independent of the schedule. argv[1] = threads
 * (default 4), argv[2] = work scale (default 1). Exit status 1 on a failure. */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_THREADS = 16, QUEUE_SIZE = 64 };

static int threads;
static long rounds;
static pthread_barrier_t start;
static int failures;

static void fail(const char *what, unsigned long long a, unsigned long long b) {
    printf("FAIL %s: %llu %llu\n", what, a, b);
    __atomic_fetch_add(&failures, 1, __ATOMIC_SEQ_CST);
}

/* ---- single instructions ---- */
static inline uint32_t amoadd_w(uint32_t *p, uint32_t v) {
    uint32_t old;
    __asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}
static inline uint64_t amoadd_d(uint64_t *p, uint64_t v) {
    uint64_t old;
    __asm__ volatile("amoadd.d %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}
static inline uint64_t amoor_d(uint64_t *p, uint64_t v) {
    uint64_t old;
    __asm__ volatile("amoor.d.aqrl %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}
static inline uint64_t amoand_d(uint64_t *p, uint64_t v) {
    uint64_t old;
    __asm__ volatile("amoand.d %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}
static inline uint64_t amoxor_d(uint64_t *p, uint64_t v) {
    uint64_t old;
    __asm__ volatile("amoxor.d %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}
static inline uint32_t amomax_w(uint32_t *p, uint32_t v) {
    uint32_t old;
    __asm__ volatile("amomax.w %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}
static inline uint32_t amominu_w(uint32_t *p, uint32_t v) {
    uint32_t old;
    __asm__ volatile("amominu.w %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}
static inline uint64_t amoswap_d(uint64_t *p, uint64_t v) {
    uint64_t old;
    __asm__ volatile("amoswap.d.aqrl %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}
/* Compare-and-swap by an lr.d/sc.d loop; returns the value seen. */
static inline uint64_t cas_d(uint64_t *p, uint64_t expected, uint64_t desired) {
    uint64_t seen, fail;
    __asm__ volatile("1: lr.d.aqrl %0, (%2)\n"
                     "   bne %0, %3, 2f\n"
                     "   sc.d.rl %1, %4, (%2)\n"
                     "   bnez %1, 1b\n"
                     "2:"
                     : "=&r"(seen), "=&r"(fail) : "r"(p), "r"(expected), "r"(desired) : "memory");
    return seen;
}
static inline void fence_rw_rw(void) { __asm__ volatile("fence rw, rw" ::: "memory"); }
static inline void fence_w_w(void) { __asm__ volatile("fence w, w" ::: "memory"); }
static inline void fence_r_r(void) { __asm__ volatile("fence r, r" ::: "memory"); }
static inline void store_w(volatile uint32_t *p, uint32_t v) { __asm__ volatile("sw %1, 0(%0)" :: "r"(p), "r"(v) : "memory"); }
static inline uint32_t load_w(volatile uint32_t *p) {
    uint32_t v;
    __asm__ volatile("lw %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");
    return v;
}

/* ---- AMO counters ---- */
static uint32_t counter32, max32, minu32 = 0xffffffffu;
static uint64_t counter64, bits_or, bits_and = ~0ULL, bits_xor, swapped_total, swap_slot;

static void amo_counters(int id) {
    for (long i = 0; i < rounds; i++) {
        amoadd_w(&counter32, 1);
        amoadd_d(&counter64, (uint64_t)id + 1);
        uint32_t v = (uint32_t)((i * 2654435761u) ^ (uint32_t)id);
        amomax_w(&max32, v & 0x7fffffff);
        amominu_w(&minu32, v | 0x100);
        if (i < 64) {
            amoor_d(&bits_or, 1ULL << ((id * 64 + i) % 64));
            amoand_d(&bits_and, ~(1ULL << ((id + i) % 64)));
        }
        amoxor_d(&bits_xor, (uint64_t)(i & 0xff) << (8 * (id % 8)));
        /* Hand values around: whatever is swapped out is added exactly once. */
        uint64_t got = amoswap_d(&swap_slot, (uint64_t)id * rounds + i + 1);
        amoadd_d(&swapped_total, got);
    }
}

/* ---- LR/SC spin lock ---- */
static uint32_t lock_word;
static volatile uint64_t record_a, record_b;  /* record_a + record_b == 0 always, under the lock */
static uint64_t locked_increments;

static void spin_lock(uint32_t *l) {
    uint32_t seen, fail, one = 1;
    __asm__ volatile("1: lr.w.aq %0, (%2)\n"
                     "   bnez %0, 1b\n"
                     "   sc.w.rl %1, %3, (%2)\n"
                     "   bnez %1, 1b\n"
                     : "=&r"(seen), "=&r"(fail) : "r"(l), "r"(one) : "memory");
}
static void spin_unlock(uint32_t *l) { __asm__ volatile("amoswap.w.rl zero, zero, (%0)" :: "r"(l) : "memory"); }

static void lrsc_lock(int id) {
    for (long i = 0; i < rounds / 4; i++) {
        spin_lock(&lock_word);
        uint64_t a = record_a, b = record_b;
        if (a + b != 0) fail("torn record under the lr/sc lock", a, b);
        record_a = a + (uint64_t)id + 1;
        record_b = b - (uint64_t)id - 1;
        locked_increments++;
        spin_unlock(&lock_word);
    }
}

/* ---- Vyukov bounded MPMC queue ---- */
struct cell { uint64_t sequence; uint64_t value; };
static struct cell cells[QUEUE_SIZE];
static uint64_t enqueue_pos, dequeue_pos;
static uint64_t popped_sum, popped_count, pushed_sum;

static int enqueue(uint64_t v) {
    uint64_t pos = __atomic_load_n(&enqueue_pos, __ATOMIC_RELAXED);
    for (;;) {
        struct cell *c = &cells[pos % QUEUE_SIZE];
        uint64_t seq = __atomic_load_n(&c->sequence, __ATOMIC_ACQUIRE);
        int64_t dif = (int64_t)seq - (int64_t)pos;
        if (dif == 0) {
            uint64_t seen = cas_d(&enqueue_pos, pos, pos + 1);
            if (seen == pos) {
                c->value = v;
                __atomic_store_n(&c->sequence, pos + 1, __ATOMIC_RELEASE);
                return 1;
            }
            pos = seen;
        } else if (dif < 0) {
            return 0;  /* full */
        } else {
            pos = __atomic_load_n(&enqueue_pos, __ATOMIC_RELAXED);
        }
    }
}

static int dequeue(uint64_t *v) {
    uint64_t pos = __atomic_load_n(&dequeue_pos, __ATOMIC_RELAXED);
    for (;;) {
        struct cell *c = &cells[pos % QUEUE_SIZE];
        uint64_t seq = __atomic_load_n(&c->sequence, __ATOMIC_ACQUIRE);
        int64_t dif = (int64_t)seq - (int64_t)(pos + 1);
        if (dif == 0) {
            uint64_t seen = cas_d(&dequeue_pos, pos, pos + 1);
            if (seen == pos) {
                *v = c->value;
                __atomic_store_n(&c->sequence, pos + QUEUE_SIZE, __ATOMIC_RELEASE);
                return 1;
            }
            pos = seen;
        } else if (dif < 0) {
            return 0;  /* empty */
        } else {
            pos = __atomic_load_n(&dequeue_pos, __ATOMIC_RELAXED);
        }
    }
}

static void queue_work(int id) {
    long per = rounds / 2;
    uint64_t pushed = 0, got_sum = 0, got_count = 0, v;
    for (long i = 0; i < per; i++) {
        uint64_t value = ((uint64_t)id << 32) | (uint64_t)i;
        while (!enqueue(value)) {
            if (dequeue(&v)) { got_sum += v; got_count++; }
        }
        pushed += value;
        if (dequeue(&v)) { got_sum += v; got_count++; }
    }
    amoadd_d(&pushed_sum, pushed);
    amoadd_d(&popped_sum, got_sum);
    amoadd_d(&popped_count, got_count);
}

/* ---- store buffering (SB) and message passing (MP) litmus tests ---- */
/* SB over 256 pairs of cache lines per trial: thread 0 stores x[k], then
 * loads y[k]; thread 1 stores y[k], then loads x[k]. With `fence rw,rw`
 * between each store and load, no k may end with both loads seeing 0. The
 * two threads walk k at the same pace, and a store to a line the other core
 * just read stays in the store buffer long enough for a missing MFENCE to
 * show (a build without the fence sees the outcome in every run here). */
enum { SB_PAIRS = 256 };
struct line { volatile uint32_t v; char pad[60]; };
static struct line sb_x[SB_PAIRS], sb_y[SB_PAIRS];
static uint32_t sb_r0[SB_PAIRS], sb_r1[SB_PAIRS];
static uint64_t sb_forbidden, sb_trials;
static volatile uint32_t mp_data, mp_flag;

/* A spinning two-thread barrier (sense reversal): both threads leave it
 * within a few instructions of each other, so the litmus accesses overlap. */
static uint32_t pair_count, pair_sense;
static void pair_wait(uint32_t *local_sense) {
    *local_sense ^= 1;
    if (amoadd_w(&pair_count, 1) == 1) {
        __atomic_store_n(&pair_count, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&pair_sense, *local_sense, __ATOMIC_RELEASE);
    } else {
        long spins = 0;
        while (__atomic_load_n(&pair_sense, __ATOMIC_ACQUIRE) != *local_sense) {
            if (++spins % 4096 == 0) sched_yield();  /* fewer cores than threads */
        }
    }
}

static void litmus(int id, long trials) {
    uint32_t sense = 0;
    for (long t = 0; t < trials; t++) {
        pair_wait(&sense);
        if (id == 0) {
            for (int k = 0; k < SB_PAIRS; k++) {
                store_w(&sb_x[k].v, 1);
                fence_rw_rw();
                sb_r0[k] = load_w(&sb_y[k].v);
            }
        } else {
            for (int k = 0; k < SB_PAIRS; k++) {
                store_w(&sb_y[k].v, 1);
                fence_rw_rw();
                sb_r1[k] = load_w(&sb_x[k].v);
            }
        }
        pair_wait(&sense);
        if (id == 0) {
            for (int k = 0; k < SB_PAIRS; k++) {
                sb_trials++;
                if (sb_r0[k] == 0 && sb_r1[k] == 0) sb_forbidden++;
                sb_x[k].v = sb_y[k].v = 0;
            }
            mp_data = 0;
            mp_flag = 0;
        }
        pair_wait(&sense);
        /* Message passing: data, fence w,w, flag / flag, fence r,r, data. */
        if (id == 0) {
            store_w(&mp_data, (uint32_t)t + 7);
            fence_w_w();
            store_w(&mp_flag, 1);
        } else {
            for (long spins = 1; load_w(&mp_flag) == 0; spins++) {
                if (spins % 4096 == 0) sched_yield();
            }
            fence_r_r();
            uint32_t d = load_w(&mp_data);
            if (d != (uint32_t)t + 7) fail("message passing saw stale data", d, (unsigned long long)t + 7);
        }
    }
}

static long litmus_trials;

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    pthread_barrier_wait(&start);
    amo_counters(id);
    pthread_barrier_wait(&start);
    lrsc_lock(id);
    pthread_barrier_wait(&start);
    queue_work(id);
    pthread_barrier_wait(&start);
    if (id < 2) litmus(id, litmus_trials);
    return NULL;
}

int main(int argc, char **argv) {
    threads = argc > 1 ? atoi(argv[1]) : 4;
    double scale = argc > 2 ? atof(argv[2]) : 1.0;
    if (threads < 2 || threads > MAX_THREADS || scale <= 0) {
        fprintf(stderr, "usage: atomstress [THREADS 2-%d] [SCALE]\n", MAX_THREADS);
        return 2;
    }
    rounds = (long)(20000 * scale);
    if (rounds < 256) rounds = 256;
    litmus_trials = (long)(100 * scale);
    if (litmus_trials < 10) litmus_trials = 10;
    for (int i = 0; i < QUEUE_SIZE; i++) cells[i].sequence = (uint64_t)i;
    pthread_barrier_init(&start, NULL, (unsigned)threads);
    pthread_t t[MAX_THREADS];
    for (int i = 1; i < threads; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i) != 0) { perror("pthread_create"); return 1; }
    }
    worker((void *)0);
    for (int i = 1; i < threads; i++) pthread_join(t[i], NULL);

    /* Expected values, computed from the arguments alone. */
    uint64_t want64 = 0, swaps = 0, wantOr = 0, wantAnd = ~0ULL, wantXor = 0;
    uint32_t wantMax = 0, wantMin = 0xffffffffu;
    for (int id = 0; id < threads; id++) {
        want64 += (uint64_t)(id + 1) * (uint64_t)rounds;
        for (long i = 0; i < rounds; i++) {
            uint32_t v = (uint32_t)((i * 2654435761u) ^ (uint32_t)id);
            if ((v & 0x7fffffff) > wantMax) wantMax = v & 0x7fffffff;
            if ((v | 0x100) < wantMin) wantMin = v | 0x100;
            if (i < 64) {
                wantOr |= 1ULL << ((id * 64 + i) % 64);
                wantAnd &= ~(1ULL << ((id + i) % 64));
            }
            wantXor ^= (uint64_t)(i & 0xff) << (8 * (id % 8));
            swaps += (uint64_t)id * rounds + i + 1;
        }
    }
    if (counter32 != (uint32_t)(threads * rounds)) fail("amoadd.w count", counter32, (unsigned long long)threads * rounds);
    if (counter64 != want64) fail("amoadd.d sum", counter64, want64);
    if (max32 != wantMax) fail("amomax.w", max32, wantMax);
    if (minu32 != wantMin) fail("amominu.w", minu32, wantMin);
    if (bits_or != wantOr) fail("amoor.d", bits_or, wantOr);
    if (bits_and != wantAnd) fail("amoand.d", bits_and, wantAnd);
    if (bits_xor != wantXor) fail("amoxor.d", bits_xor, wantXor);
    /* Everything ever swapped in is either swapped out (and summed) or still in the slot. */
    if (swapped_total + swap_slot != swaps) fail("amoswap.d hand-offs", swapped_total + swap_slot, swaps);
    if (locked_increments != (uint64_t)threads * (uint64_t)(rounds / 4)) fail("lr/sc lock count", locked_increments, 0);
    if (record_a + record_b != 0) fail("lr/sc record", record_a, record_b);
    /* Drain what is left in the queue. */
    uint64_t v;
    while (dequeue(&v)) { popped_sum += v; popped_count++; }
    if (popped_count != (uint64_t)threads * (uint64_t)(rounds / 2)) fail("queue count", popped_count, 0);
    if (popped_sum != pushed_sum) fail("queue sum", popped_sum, pushed_sum);
    if (sb_forbidden != 0) fail("store buffering: r0 = r1 = 0 after fence rw,rw", sb_forbidden, sb_trials);
    printf("atomstress threads=%d rounds=%ld amo=%u/%llu lock=%llu queue=%llu litmus=%llu failures=%d\n", threads, rounds,
           counter32, (unsigned long long)counter64, (unsigned long long)locked_increments,
           (unsigned long long)popped_count, (unsigned long long)sb_trials, failures);
    return failures ? 1 : 0;
}
