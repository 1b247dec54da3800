/* Signals: a SIGSEGV handler (SA_SIGINFO, on a sigaltstack) that recovers with
 * siglongjmp, SIGALRM from setitimer interrupting a busy loop, raise() with a
 * blocked-then-unblocked signal, SA_RESETHAND, and a read interrupted by
 * SIGALRM with and without SA_RESTART. Output is deterministic. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static sigjmp_buf recover;
static volatile sig_atomic_t alarms, usr1, faults;
static volatile uintptr_t fault_addr;
static volatile int on_altstack;
static char altstack[65536];

static void on_segv(int sig, siginfo_t *info, void *uc) {
    (void)uc;
    faults++;
    fault_addr = (uintptr_t)info->si_addr;
    char probe;
    on_altstack = (uintptr_t)&probe >= (uintptr_t)altstack && (uintptr_t)&probe < (uintptr_t)altstack + sizeof altstack;
    printf("handler: signal %d code %d\n", sig, info->si_code);
    siglongjmp(recover, 1);
}

static void on_alarm(int sig) { (void)sig; alarms++; }
static void on_usr1(int sig) { (void)sig; usr1++; }

int main(void) {
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
    if (sigaltstack(&ss, NULL) != 0) { perror("sigaltstack"); return 1; }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    for (int i = 0; i < 3; i++) {
        if (sigsetjmp(recover, 1) == 0) {
            volatile int *p = (volatile int *)(uintptr_t)(0x10 + i * 0x1000);
            *p = 1;
            printf("not reached\n");
        } else {
            printf("recovered %d: addr 0x%lx altstack %d\n", faults, (unsigned long)fault_addr, on_altstack);
        }
    }

    /* SIGALRM from an interval timer while computing. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { .it_interval = { 0, 10000 }, .it_value = { 0, 10000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    volatile uint64_t h = 0;
    while (alarms < 3) h = h * 31 + 7;
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    printf("alarms >= 3: %d\n", alarms >= 3);

    /* Blocked signal stays pending until unblocked. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    sigset_t pending;
    sigpending(&pending);
    printf("pending while blocked: %d, delivered: %d\n", sigismember(&pending, SIGUSR1), usr1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("after unblock delivered: %d\n", usr1);
    sigaction(SIGUSR1, NULL, &sa);
    printf("SA_RESETHAND reset to default: %d\n", sa.sa_handler == SIG_DFL);

    /* A blocking read interrupted by SIGALRM: EINTR without SA_RESTART. The
       timer repeats until the read returns: on a loaded machine the first
       expiry may come before the read starts (its handler runs then, and the
       read would wait forever for a single alarm). */
    int fds[2];
    if (pipe(fds) != 0) return 1;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarms = 0;
    struct itimerval repeating = { { 0, 50000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &repeating, NULL);
    char c;
    ssize_t n = read(fds[0], &c, 1);
    int readErrno = errno;
    setitimer(ITIMER_REAL, &off, NULL);
    printf("read: %zd errno %s alarms >= 1: %d\n", n, n < 0 && readErrno == EINTR ? "EINTR" : "other", alarms >= 1);

    /* Ignored signal: nothing happens. */
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    printf("ignored SIGUSR2\n");

    /* Default action of SIGTERM ends the process with it. */
    fflush(stdout);
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
    printf("not reached\n");
    return 0;
}
