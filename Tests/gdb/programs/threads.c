/* gdb sessions: a stop with three threads, each blocked at a known place. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int pipes[2][2];
volatile int reached;

static void *worker(void *arg) {
    long id = (long)arg;
    char c;
    if (read(pipes[id][0], &c, 1) != 1) return (void *)-1;
    return (void *)(id + c);
}

void checkpoint(void) { reached++; }

int main(void) {
    pthread_t t[2];
    for (long i = 0; i < 2; i++) {
        if (pipe(pipes[i]) != 0 || pthread_create(&t[i], 0, worker, (void *)i) != 0) return 1;
    }
    struct timespec pause = {0, 300000000};
    nanosleep(&pause, 0);  /* the workers are blocked in read() by now */
    checkpoint();
    long sum = 0;
    for (int i = 0; i < 2; i++) {
        void *r;
        if (write(pipes[i][1], "A", 1) != 1 || pthread_join(t[i], &r) != 0) return 2;
        sum += (long)r;
    }
    printf("reached=%d sum=%ld\n", reached, sum);
    return 0;
}
