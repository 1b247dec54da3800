/* threadexit.c - how a threaded process ends: the main thread leaves with
 * pthread_exit while workers go on; a worker that is the last thread to
 * return ends the process with status 0 (argument "last"), or a worker ends
 * it with exit(5) (exit_group from a secondary thread, the default). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int last;

static void *worker(void *arg) {
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);  /* the main thread has gone by now */
    printf("worker %d done\n", (int)(long)arg);
    fflush(stdout);
    if (!last && (long)arg == 1) exit(5);
    return NULL;
}

int main(int argc, char **argv) {
    last = argc > 1 && strcmp(argv[1], "last") == 0;
    pthread_t t;
    if (pthread_create(&t, NULL, worker, (void *)1L) != 0) { printf("pthread_create failed\n"); return 1; }
    printf("main leaves\n");
    fflush(stdout);
    pthread_exit(NULL);
}
