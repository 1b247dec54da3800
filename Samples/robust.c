/* robust.c - robust mutexes whose owner dies (the kernel's robust futex list,
 * set_robust_list): the next locker gets EOWNERDEAD, makes the mutex
 * consistent and goes on.
 *   - a thread locks and exits without unlocking; the main thread locks after
 *     joining it;
 *   - a thread locks and ends with the exit system call itself, so glibc's own
 *     clean-up at pthread exit never runs: only the kernel's walk of the
 *     robust list marks the mutex;
 *   - a thread holds the mutex while the main thread waits in lock (FUTEX_WAITERS
 *     set), then exits: the waiter is woken with EOWNERDEAD;
 *   - a child process holds a process-shared robust mutex in shared memory and
 *     exits (exit_group): the parent's lock gets EOWNERDEAD;
 *   - a child process holds a process-shared robust mutex and calls execve: the
 *     kernel releases the robust list at exec (futex_exec_release), so the
 *     parent's lock gets EOWNERDEAD while the new program still runs;
 *   - a mutex unlocked before its owner exits is simply free (0).
 * The output is the same on Linux (a host build) and under tern; qemu-user has
 * no robust lists (set_robust_list is ENOSYS there: glibc refuses
 * process-shared robust mutexes with ENOTSUP, and a raw exit leaves the mutex
 * locked for ever). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t dead_owner, raw_exit, waited, tidy;
static volatile int holding;

static const char *name(int r) {
    return r == 0 ? "0" : r == EOWNERDEAD ? "EOWNERDEAD" : r == ENOTRECOVERABLE ? "ENOTRECOVERABLE" : strerror(r);
}

static void init_robust(pthread_mutex_t *m, int shared) {
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    if (shared) pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    int r = pthread_mutex_init(m, &a);
    if (r != 0) printf("init: %s\n", name(r));
    pthread_mutexattr_destroy(&a);
}

static void *lock_and_leave(void *arg) {
    pthread_mutex_lock((pthread_mutex_t *)arg);
    return NULL;
}

static void *lock_and_exit_syscall(void *arg) {
    pthread_mutex_lock((pthread_mutex_t *)arg);
    syscall(SYS_exit, 0);  /* the thread ends here; clear_child_tid still wakes the joiner */
    return NULL;
}

static void *hold_then_leave(void *arg) {
    pthread_mutex_lock(&waited);
    holding = 1;
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);  /* the main thread waits in lock by now */
    (void)arg;
    return NULL;
}

static void *lock_unlock_leave(void *arg) {
    pthread_mutex_lock(&tidy);
    pthread_mutex_unlock(&tidy);
    (void)arg;
    return NULL;
}

/* The program a child execs while it holds a robust mutex: says it runs
 * (one byte on descriptor `fd`) and waits to be killed. */
static int after_exec(int fd) {
    if (write(fd, "x", 1) != 1) return 1;
    for (;;) pause();
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "after-exec") == 0) return after_exec(atoi(argv[2]));
    pthread_t t;
    init_robust(&dead_owner, 0);
    pthread_create(&t, NULL, lock_and_leave, &dead_owner);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&dead_owner);
    printf("lock after the owner exited: %s\n", name(r));
    if (r == EOWNERDEAD) printf("consistent: %s\n", name(pthread_mutex_consistent(&dead_owner)));
    printf("unlock: %s\n", name(pthread_mutex_unlock(&dead_owner)));
    printf("lock again: %s\n", name(pthread_mutex_lock(&dead_owner)));
    pthread_mutex_unlock(&dead_owner);

    init_robust(&raw_exit, 0);
    pthread_create(&t, NULL, lock_and_exit_syscall, &raw_exit);
    pthread_join(t, NULL);
    r = pthread_mutex_lock(&raw_exit);
    printf("lock after an exit system call: %s\n", name(r));
    if (r == EOWNERDEAD) pthread_mutex_consistent(&raw_exit);
    pthread_mutex_unlock(&raw_exit);

    init_robust(&waited, 0);
    pthread_create(&t, NULL, hold_then_leave, NULL);
    while (!holding) sched_yield();
    r = pthread_mutex_lock(&waited);
    printf("waiter woken as the owner exited: %s\n", name(r));
    if (r == EOWNERDEAD) pthread_mutex_consistent(&waited);
    pthread_mutex_unlock(&waited);
    pthread_join(t, NULL);

    /* Without pthread_mutex_consistent, the mutex is unusable after unlock. */
    pthread_mutex_t *gone = &dead_owner;
    pthread_create(&t, NULL, lock_and_leave, gone);
    pthread_join(t, NULL);
    printf("lock (not made consistent): %s\n", name(pthread_mutex_lock(gone)));
    pthread_mutex_unlock(gone);
    printf("lock after that unlock: %s\n", name(pthread_mutex_lock(gone)));

    init_robust(&tidy, 0);
    pthread_create(&t, NULL, lock_unlock_leave, NULL);
    pthread_join(t, NULL);
    printf("lock of a mutex unlocked before the exit: %s\n", name(pthread_mutex_lock(&tidy)));
    pthread_mutex_unlock(&tidy);

    pthread_mutex_t *shared = mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) return 1;
    init_robust(shared, 1);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        pthread_mutex_lock(shared);
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    r = pthread_mutex_lock(shared);
    printf("shared mutex after the child exited: %s\n", name(r));
    if (r == EOWNERDEAD) pthread_mutex_consistent(shared);
    pthread_mutex_unlock(shared);

    int ran[2];
    if (pipe(ran) != 0) return 1;
    fflush(stdout);
    child = fork();
    if (child == 0) {
        pthread_mutex_lock(shared);
        char fd[16];
        snprintf(fd, sizeof fd, "%d", ran[1]);
        execl("/proc/self/exe", argv[0], "after-exec", fd, (char *)NULL);
        _exit(127);
    }
    char byte;
    if (read(ran[0], &byte, 1) != 1) return 1;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 5;
    r = pthread_mutex_timedlock(shared, &deadline);
    printf("shared mutex while the child runs the program it exec'd: %s\n", name(r));
    if (r == EOWNERDEAD) pthread_mutex_consistent(shared);
    if (r == 0 || r == EOWNERDEAD) pthread_mutex_unlock(shared);
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    return 0;
}
