/* exitgroup.c - exit_group while many threads are busy: threads spinning in
 * guest code, blocked in read(), in a futex wait (a condition variable), in
 * nanosleep, and making syscalls in a loop; once all run, one of them calls
 * exit(3) (exit_group from a secondary thread, with the main thread blocked in
 * pthread_join). The process must end at once with status 3 and no other output. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

enum { SPINNERS = 4, READERS = 3, WAITERS = 2, SLEEPERS = 2, CALLERS = 2 };
enum { TOTAL = SPINNERS + READERS + WAITERS + SLEEPERS + CALLERS };

static atomic_int running;
static int pipes[READERS][2];
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static volatile unsigned long spins[SPINNERS];

static void *spinner(void *arg) {
    long i = (long)arg;
    atomic_fetch_add(&running, 1);
    for (;;) spins[i]++;
    return NULL;
}

static void *reader(void *arg) {
    char c;
    atomic_fetch_add(&running, 1);
    ssize_t n = read(pipes[(long)arg][0], &c, 1);  /* nobody writes */
    printf("read returned %zd\n", n);
    return NULL;
}

static void *waiter(void *arg) {
    pthread_mutex_lock(&mutex);
    atomic_fetch_add(&running, 1);
    for (;;) pthread_cond_wait(&never, &mutex);
    (void)arg;
    return NULL;
}

static void *sleeper(void *arg) {
    atomic_fetch_add(&running, 1);
    for (;;) {
        struct timespec pause = {0, 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    (void)arg;
    return NULL;
}

static void *caller(void *arg) {
    atomic_fetch_add(&running, 1);
    for (;;) {
        if (getppid() == 1 && getpid() == 1) printf("impossible\n");
    }
    (void)arg;
    return NULL;
}

static void *ender(void *arg) {
    while (atomic_load(&running) < TOTAL) sched_yield();
    printf("all %d running\n", TOTAL);
    exit(3);
    (void)arg;
}

int main(void) {
    pthread_t t[TOTAL + 1];
    int n = 0;
    for (long i = 0; i < READERS; i++) {
        if (pipe(pipes[i]) != 0) return 1;
    }
    for (long i = 0; i < SPINNERS; i++) pthread_create(&t[n++], NULL, spinner, (void *)i);
    for (long i = 0; i < READERS; i++) pthread_create(&t[n++], NULL, reader, (void *)i);
    for (long i = 0; i < WAITERS; i++) pthread_create(&t[n++], NULL, waiter, NULL);
    for (long i = 0; i < SLEEPERS; i++) pthread_create(&t[n++], NULL, sleeper, NULL);
    for (long i = 0; i < CALLERS; i++) pthread_create(&t[n++], NULL, caller, NULL);
    pthread_create(&t[n], NULL, ender, NULL);
    pthread_join(t[n], NULL);
    printf("not reached\n");
    return 0;
}
