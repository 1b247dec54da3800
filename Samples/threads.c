/* threads.c - 8 POSIX threads sharing work: a mutex-protected table, a
 * condition-variable work queue, C11 atomics (fetch_add, compare-exchange
 * loops, a spin lock), thread-local storage, pthread_join return values, a
 * barrier and thread exit with a value. Every printed number is independent
 * of the schedule, so the output is deterministic. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { THREADS = 8, ITEMS = 4000, ROUNDS = 20000 };

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t table[64];

/* A bounded work queue with two condition variables. */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static int queue[16], head, tail, count, producers_done;

static _Atomic uint64_t atomic_sum;
static _Atomic uint32_t cas_max;
static atomic_flag spin = ATOMIC_FLAG_INIT;
static uint64_t spin_protected;
static _Thread_local uint64_t local_work;
static pthread_barrier_t barrier;
static _Atomic int distinct_tids;

static uint64_t mix(uint64_t x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL; x ^= x >> 33;
    return x;
}

static void push(int v) {
    pthread_mutex_lock(&queue_lock);
    while (count == 16) pthread_cond_wait(&not_full, &queue_lock);
    queue[tail] = v; tail = (tail + 1) % 16; count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&queue_lock);
}

/* -1 when the producers are done and the queue is empty. */
static int pop(void) {
    pthread_mutex_lock(&queue_lock);
    while (count == 0 && !producers_done) pthread_cond_wait(&not_empty, &queue_lock);
    int v = -1;
    if (count > 0) { v = queue[head]; head = (head + 1) % 16; count--; pthread_cond_signal(&not_full); }
    pthread_mutex_unlock(&queue_lock);
    return v;
}

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    if (syscall(SYS_gettid) != getpid()) atomic_fetch_add(&distinct_tids, 1);
    pthread_barrier_wait(&barrier);  /* everybody starts together */
    for (int i = 0; i < ROUNDS; i++) {
        uint64_t h = mix((uint64_t)id * ROUNDS + i);
        atomic_fetch_add_explicit(&atomic_sum, h & 0xffff, memory_order_relaxed);
        uint32_t seen = atomic_load(&cas_max), want = (uint32_t)(h >> 40);
        while (want > seen && !atomic_compare_exchange_weak(&cas_max, &seen, want)) {}
        if (i % 8 == 0) {
            pthread_mutex_lock(&table_lock);
            table[h % 64] += h >> 48;
            pthread_mutex_unlock(&table_lock);
        }
        if (i % 16 == 0) {
            while (atomic_flag_test_and_set_explicit(&spin, memory_order_acquire)) {}
            spin_protected += (uint64_t)id + 1;
            atomic_flag_clear_explicit(&spin, memory_order_release);
        }
        local_work += h & 1;
    }
    /* Half the threads produce queue items, the other half consume them. */
    uint64_t consumed = 0;
    if (id < THREADS / 2) {
        for (int i = 0; i < ITEMS; i++) push(id * ITEMS + i);
    } else {
        for (int v; (v = pop()) >= 0;) consumed += mix((uint64_t)v) & 0xfff;
    }
    uint64_t *result = malloc(2 * sizeof *result);
    result[0] = local_work;
    result[1] = consumed;
    if (id == THREADS - 1) pthread_exit(result);
    return result;
}

int main(void) {
    pthread_t threads[THREADS];
    pthread_barrier_init(&barrier, NULL, THREADS);
    for (int i = 0; i < THREADS; i++)
        if (pthread_create(&threads[i], NULL, worker, (void *)(intptr_t)i) != 0) { perror("pthread_create"); return 1; }
    uint64_t local_total = 0, consumed_total = 0;
    for (int i = 0; i < THREADS; i++) {
        void *ret;
        pthread_join(threads[i], &ret);
        uint64_t *r = ret;
        local_total += r[0];
        consumed_total += r[1];
        free(r);
        if (i == THREADS / 2 - 1) {  /* all producers have finished: release the consumers */
            pthread_mutex_lock(&queue_lock);
            producers_done = 1;
            pthread_cond_broadcast(&not_empty);
            pthread_mutex_unlock(&queue_lock);
        }
    }
    uint64_t table_sum = 0;
    for (int i = 0; i < 64; i++) table_sum = table_sum * 31 + table[i];
    uint64_t expected_consumed = 0;
    for (int v = 0; v < THREADS / 2 * ITEMS; v++) expected_consumed += mix((uint64_t)v) & 0xfff;
    printf("threads: %d, distinct thread ids: %d\n", THREADS, atomic_load(&distinct_tids));
    printf("atomic sum: %llu\n", (unsigned long long)atomic_load(&atomic_sum));
    printf("cas max: %u\n", atomic_load(&cas_max));
    printf("table checksum: %llu\n", (unsigned long long)table_sum);
    printf("spin-lock total: %llu (expected %llu)\n", (unsigned long long)spin_protected,
           (unsigned long long)(ROUNDS / 16 * (THREADS * (THREADS + 1) / 2)));
    printf("thread-local total: %llu\n", (unsigned long long)local_total);
    printf("queue: consumed %llu, expected %llu\n", (unsigned long long)consumed_total,
           (unsigned long long)expected_consumed);
    return consumed_total == expected_consumed ? 0 : 3;
}
