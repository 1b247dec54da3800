/* threadsignals.c - signals reach the thread Linux gives them to:
 *   1. pthread_kill to each of 4 busy threads (running guest code, no
 *      syscalls): the handler runs on the target thread;
 *   2. kill(getpid()) while every thread but one blocks the signal: the
 *      handler runs on that one;
 *   3. a SIGEV_THREAD_ID POSIX timer fires on the thread it names;
 *   4. a thread blocked in read() is interrupted: EINTR without SA_RESTART,
 *      the read restarted (and completing) with it;
 *   5. a synchronous fault (a store to a read-only page) is handled on the
 *      faulting thread, which recovers with siglongjmp;
 *   6. sigwait() in a dedicated thread accepts a process-directed signal
 *      every thread blocks.
 * Every printed line is independent of the schedule. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { WORKERS = 4 };

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

static __thread int my_index = -1;        /* which worker this thread is (-1: main) */
static pid_t worker_tid[WORKERS];
static volatile int hit_by[WORKERS];      /* 1 + index of the thread whose handler saw worker i's signal */
static int phase1[WORKERS];               /* hit_by after phase 1 */
static volatile int go_home;
static _Atomic int ready;

static void on_usr1(int sig, siginfo_t *info, void *ctx) {
    (void)sig; (void)info; (void)ctx;
    if (my_index >= 0) hit_by[my_index] = my_index + 1;
}

/* Busy loop in guest code until the thread's flag is set. */
static uint64_t spin_until(volatile int *flag) {
    uint64_t x = 1;
    while (!*flag) {
        for (int i = 0; i < 1000; i++) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    return x;
}

static pthread_barrier_t phase;

/* ---- phase 1 and 2: busy workers ---- */
static void *busy_worker(void *arg) {
    my_index = (int)(intptr_t)arg;
    worker_tid[my_index] = gettid_();
    /* Phase 2 needs every worker but the last to block SIGUSR1. */
    __atomic_fetch_add(&ready, 1, __ATOMIC_SEQ_CST);
    spin_until(&hit_by[my_index]);                 /* phase 1: pthread_kill */
    phase1[my_index] = hit_by[my_index];
    pthread_barrier_wait(&phase);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    if (my_index != WORKERS - 1) pthread_sigmask(SIG_BLOCK, &set, NULL);
    hit_by[my_index] = 0;
    pthread_barrier_wait(&phase);
    if (my_index == WORKERS - 1) spin_until(&hit_by[my_index]);  /* phase 2: kill(getpid()) */
    else spin_until(&go_home);
    return NULL;
}

/* ---- phase 3: SIGEV_THREAD_ID timer ---- */
static volatile int timer_fired_on = -2;
static volatile int timer_target_done;
static void on_alarm(int sig) { (void)sig; timer_fired_on = my_index; timer_target_done = 1; }

static void *timer_target(void *arg) {
    my_index = (int)(intptr_t)arg;
    worker_tid[my_index] = gettid_();
    pthread_barrier_wait(&phase);
    spin_until(&timer_target_done);
    return NULL;
}

/* ---- phase 4: interrupting a blocking read ---- */
static int fds[2];
static volatile int usr2_on_reader;
static void on_usr2(int sig) { (void)sig; if (my_index == 7) usr2_on_reader++; }
static volatile int reader_result_errno;
static volatile long reader_result;

static void *reader(void *arg) {
    (void)arg;
    my_index = 7;
    worker_tid[0] = gettid_();
    long v = 0;
    pthread_barrier_wait(&phase);
    ssize_t r = read(fds[0], &v, sizeof v);
    reader_result = r < 0 ? -1 : v;
    reader_result_errno = r < 0 ? errno : 0;
    return NULL;
}

static void interrupt_reader(int restart) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGUSR2, &sa, NULL);
    usr2_on_reader = 0;
    reader_result = -2;
    if (pipe(fds) != 0) { perror("pipe"); exit(1); }
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    pthread_barrier_wait(&phase);
    /* Signal until the handler has run on the reader at least once while it
     * waits in read() (a signal that comes before read() only runs the handler). */
    struct timespec pause = {0, 2000000};
    for (int i = 0; i < 50; i++) {
        nanosleep(&pause, NULL);
        pthread_kill(t, SIGUSR2);
        if (reader_result != -2) break;
    }
    if (restart) {
        long v = 42;
        if (write(fds[1], &v, sizeof v) != sizeof v) perror("write");
    } else {
        while (reader_result == -2) {
            nanosleep(&pause, NULL);
            pthread_kill(t, SIGUSR2);
        }
    }
    pthread_join(t, NULL);
    close(fds[0]);
    close(fds[1]);
    if (restart) {
        printf("read with SA_RESTART: returned %ld, handler ran on the reader: %s\n", reader_result,
               usr2_on_reader ? "yes" : "no");
    } else {
        printf("read without SA_RESTART: %s, handler ran on the reader: %s\n",
               reader_result == -1 && reader_result_errno == EINTR ? "EINTR" : "something else",
               usr2_on_reader ? "yes" : "no");
    }
}

/* ---- phase 5: a synchronous fault on one thread ---- */
static __thread sigjmp_buf recover;
static volatile int segv_on = -2;
static void on_segv(int sig, siginfo_t *info, void *ctx) {
    (void)sig; (void)info; (void)ctx;
    segv_on = my_index;
    siglongjmp(recover, 1);
}
static char *readonly;
static void *faulter(void *arg) {
    my_index = (int)(intptr_t)arg;
    if (sigsetjmp(recover, 1) == 0) {
        readonly[8] = 1;
        return (void *)1;  /* not reached */
    }
    return NULL;
}

/* ---- phase 6: sigwait in a dedicated thread ---- */
static volatile int waited_sig;
static void *waiter(void *arg) {
    (void)arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    int sig = 0;
    if (sigwait(&set, &sig) == 0) waited_sig = sig;
    return NULL;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    pthread_barrier_init(&phase, NULL, WORKERS + 1);

    /* 1: pthread_kill to each busy thread. */
    pthread_t w[WORKERS];
    for (int i = 0; i < WORKERS; i++) pthread_create(&w[i], NULL, busy_worker, (void *)(intptr_t)i);
    while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < WORKERS) sched_yield();
    for (int i = WORKERS - 1; i >= 0; i--) pthread_kill(w[i], SIGUSR1);
    pthread_barrier_wait(&phase);
    int own = 0;
    for (int i = 0; i < WORKERS; i++) own += phase1[i] == i + 1;
    printf("pthread_kill: %d of %d handlers ran on their target thread\n", own, WORKERS);

    /* 2: a process-directed signal goes to the one thread not blocking it. */
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL);
    pthread_barrier_wait(&phase);
    kill(getpid(), SIGUSR1);
    while (!hit_by[WORKERS - 1]) sched_yield();
    int others = 0;
    for (int i = 0; i < WORKERS - 1; i++) others += hit_by[i] != 0;
    printf("kill(getpid()): handled by the unblocked worker: %s, by a blocking thread: %d\n",
           hit_by[WORKERS - 1] == WORKERS ? "yes" : "no", others);
    go_home = 1;
    for (int i = 0; i < WORKERS; i++) pthread_join(w[i], NULL);
    pthread_sigmask(SIG_UNBLOCK, &usr1, NULL);

    /* 3: a timer that signals one thread. */
    signal(SIGALRM, on_alarm);
    pthread_barrier_destroy(&phase);
    pthread_barrier_init(&phase, NULL, 2);
    pthread_t tt;
    pthread_create(&tt, NULL, timer_target, (void *)(intptr_t)2);
    pthread_barrier_wait(&phase);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGALRM;
    ev._sigev_un._tid = worker_tid[2];
    timer_t timer;
    if (timer_create(CLOCK_MONOTONIC, &ev, &timer) != 0) { perror("timer_create"); return 1; }
    struct itimerspec its = {{0, 0}, {0, 5000000}};
    timer_settime(timer, 0, &its, NULL);
    pthread_join(tt, NULL);
    timer_delete(timer);
    printf("SIGEV_THREAD_ID timer: fired on worker %d\n", timer_fired_on);

    /* 4: EINTR and SA_RESTART in a thread blocked in read(). */
    interrupt_reader(0);
    interrupt_reader(1);

    /* 5: a fault handled on the faulting thread. */
    readonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    pthread_t f;
    void *fr = (void *)2;
    pthread_create(&f, NULL, faulter, (void *)(intptr_t)3);
    pthread_join(f, &fr);
    printf("SIGSEGV: handled on worker %d, thread recovered: %s, main unaffected: %s\n", segv_on,
           fr == NULL ? "yes" : "no", my_index == -1 ? "yes" : "no");

    /* 6: sigwait in a dedicated thread. */
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &usr2, NULL);  /* inherited by the waiter */
    pthread_t sw;
    pthread_create(&sw, NULL, waiter, NULL);
    kill(getpid(), SIGUSR2);
    pthread_join(sw, NULL);
    printf("sigwait: %s\n", waited_sig == SIGUSR2 ? "SIGUSR2" : "nothing");
    return 0;
}
