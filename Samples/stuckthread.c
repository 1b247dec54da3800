/* stuckthread.c - a thread that blocks every signal and then waits in a read
 * that nothing will ever satisfy, while the main thread ends the process. The
 * host kernel cannot interrupt such a wait with a signal: an embedder that
 * ends the guest (GuestVM) must still get the thread's host thread back
 * (GuestVMTests). With an argument, the main thread waits for a limit to
 * end the guest instead of exiting. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static volatile int blocked;

static void *waiter(void *arg) {
    (void)arg;
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    blocked = 1;
    char c;
    ssize_t n = read(fds[0], &c, 1);  /* nothing writes: waits until the process ends */
    printf("read returned %zd\n", n);
    return NULL;
}

int main(int argc, char **argv) {
    (void)argv;
    if (pipe(fds) != 0) return 1;
    pthread_t t;
    if (pthread_create(&t, NULL, waiter, NULL) != 0) return 1;
    while (!blocked) usleep(1000);
    usleep(20000);  /* into its read */
    printf("waiting\n");
    fflush(stdout);
    if (argc > 1) for (;;) {}  /* spins until a limit ends the guest */
    return 0;
}
