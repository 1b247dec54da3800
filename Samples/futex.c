/* futex.c - the futex and thread syscalls at their edges, by raw syscall:
 * wait on a changed value, a timed-out wait, wake with nobody waiting,
 * requeue and wake-op between two words, bad pointers and alignment, unknown
 * operations, clone flag combinations Linux refuses, and tgkill/tkill on
 * thread ids that do not exist. Errors print as errno names. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(void *uaddr, int op, uint32_t val, void *timeout, void *uaddr2, uint32_t val3) {
    return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

static void show(const char *what, long r) {
    if (r < 0) printf("%-34s -1 %s\n", what, strerrorname_np(errno));
    else printf("%-34s %ld\n", what, r);
}

static uint32_t word = 7, other = 3;
static volatile int woken;

static void *waiter(void *arg) {
    (void)arg;
    long r = futex(&word, FUTEX_WAIT_PRIVATE, 7, NULL, NULL, 0);
    woken = r == 0 ? 1 : -1;
    return NULL;
}

int main(void) {
    show("wait, value differs", futex(&word, FUTEX_WAIT_PRIVATE, 8, NULL, NULL, 0));
    struct timespec ms = {0, 1000000};
    show("wait 1 ms", futex(&word, FUTEX_WAIT_PRIVATE, 7, &ms, NULL, 0));
    show("wake, nobody waits", futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    show("wait on NULL", futex(NULL, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0));
    show("wake on unmapped", futex((void *)0x10, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    show("wait, misaligned", futex((char *)&word + 1, FUTEX_WAIT_PRIVATE, 7, NULL, NULL, 0));
    show("wait, bad timeout pointer", futex(&word, FUTEX_WAIT_PRIVATE, 7, (void *)0x10, NULL, 0));
    struct timespec bad = {0, 2000000000};
    show("wait, bad timeout value", futex(&word, FUTEX_WAIT_PRIVATE, 7, &bad, NULL, 0));
    show("unknown op", futex(&word, 99, 0, NULL, NULL, 0));
    show("cmp_requeue, value differs", futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &other, 5));
    show("cmp_requeue, nobody waits", futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &other, 7));
    show("wake_op (other += 2)", futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1, &other,
                                       FUTEX_OP(FUTEX_OP_ADD, 2, FUTEX_OP_CMP_EQ, 3)));
    printf("other is now %u\n", other);

    pthread_t t;
    if (pthread_create(&t, NULL, waiter, NULL) != 0) { printf("pthread_create failed\n"); return 1; }
    for (;;) {  /* wake it until it has gone */
        long n = futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
        if (n == 1) break;
        sched_yield();
    }
    pthread_join(t, NULL);
    printf("waiter woken: %d\n", woken);

    show("clone THREAD without SIGHAND", syscall(SYS_clone, CLONE_THREAD | CLONE_VM, 0, 0, 0, 0));
    show("tgkill, no such thread", syscall(SYS_tgkill, getpid(), 0x3fffffff, 0));
    show("tgkill, own thread, signal 0", syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), 0));
    show("tkill, bad signal", syscall(SYS_tkill, syscall(SYS_gettid), 1000));
    show("gettid == getpid", syscall(SYS_gettid) == getpid());
    return 0;
}
