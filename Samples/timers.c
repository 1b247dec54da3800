/* timers.c - POSIX timers: a periodic CLOCK_MONOTONIC timer delivering SIGALRM
 * (counted with sigsuspend), a one-shot SIGEV_NONE timer read back with
 * timer_gettime, a SIGEV_THREAD_ID timer aimed at one thread, overrun counts,
 * and the errors of bad arguments. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t ticks, usr1_in_thread;
static pid_t worker_tid;

static void on_alarm(int sig) { (void)sig; ticks++; }
static void on_usr1(int sig) { (void)sig; usr1_in_thread = 1; }

static void *worker(void *arg) {
    (void)arg;
    worker_tid = (pid_t)syscall(SYS_gettid);
    while (!usr1_in_thread) {
        struct timespec t = {0, 1000000};
        nanosleep(&t, NULL);
    }
    return NULL;
}

int main(void) {
    signal(SIGALRM, on_alarm);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);

    timer_t periodic;
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGALRM;
    if (timer_create(CLOCK_MONOTONIC, &ev, &periodic) != 0) { perror("timer_create"); return 1; }
    struct itimerspec spec = {{0, 5 * 1000 * 1000}, {0, 5 * 1000 * 1000}};
    if (timer_settime(periodic, 0, &spec, NULL) != 0) { perror("timer_settime"); return 1; }
    while (ticks < 3) sigsuspend(&old);
    struct itimerspec now;
    timer_gettime(periodic, &now);
    printf("periodic: %s ticks, interval %ld ns, overrun >= 0: %d\n", ticks >= 3 ? ">= 3" : "< 3",
           now.it_interval.tv_nsec, timer_getoverrun(periodic) >= 0);
    timer_delete(periodic);
    sigprocmask(SIG_SETMASK, &old, NULL);

    timer_t quiet;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    timer_create(CLOCK_REALTIME, &ev, &quiet);
    struct itimerspec once = {{0, 0}, {100, 0}};
    timer_settime(quiet, 0, &once, NULL);
    timer_gettime(quiet, &now);
    printf("one-shot: remaining %s, no interval: %d\n",
           now.it_value.tv_sec > 90 && now.it_value.tv_sec <= 100 ? "in (90, 100] s" : "wrong", now.it_interval.tv_sec == 0);
    struct itimerspec disarm = {{0, 0}, {0, 0}}, previous;
    timer_settime(quiet, 0, &disarm, &previous);
    printf("disarmed, previous value > 90 s: %d\n", previous.it_value.tv_sec > 90);
    timer_delete(quiet);

    /* SIGEV_THREAD_ID: the signal goes to one thread. */
    signal(SIGUSR1, on_usr1);
    pthread_t t;
    if (pthread_create(&t, NULL, worker, NULL) != 0) { printf("pthread_create failed\n"); return 1; }
    while (!worker_tid) { struct timespec w = {0, 1000000}; nanosleep(&w, NULL); }
    timer_t targeted;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = SIGUSR1;
    ev._sigev_un._tid = worker_tid;
    if (timer_create(CLOCK_MONOTONIC, &ev, &targeted) != 0) { perror("timer_create thread"); return 1; }
    struct itimerspec soon = {{0, 0}, {0, 2 * 1000 * 1000}};
    timer_settime(targeted, 0, &soon, NULL);
    pthread_join(t, NULL);
    printf("thread-directed timer fired: %d\n", (int)usr1_in_thread);
    timer_delete(targeted);

    errno = 0;
    printf("delete twice: %d %s\n", timer_delete(targeted), strerror(errno));
    struct itimerspec bad = {{0, 0}, {0, 2000000000}};
    timer_create(CLOCK_MONOTONIC, NULL, &quiet);
    errno = 0;
    printf("bad nanoseconds: %d %s\n", timer_settime(quiet, 0, &bad, NULL), strerror(errno));
    errno = 0;
    printf("bad clock: %d %s\n", timer_create(12345, NULL, &quiet), strerror(errno));
    return 0;
}
