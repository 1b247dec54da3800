/* forkthreads.c - fork from a multithreaded process while its other threads
 * run guest code, allocate memory and take a mutex: each child has only the
 * forking thread, can allocate, format and start threads of its own, and
 * exits with a status computed from its own work; the parent's threads go on
 * and finish their exact counts. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { WORKERS = 3, FORKS = 12, ROUNDS = 20000 };

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static long shared_total;
static atomic_int stop;

static void *worker(void *arg) {
    long id = (long)arg, mine = 0;
    for (long i = 0; i < ROUNDS; i++) {
        char *p = malloc(16 + (i & 255));
        memset(p, (int)id, 16);
        mine += p[3];
        free(p);
        pthread_mutex_lock(&mutex);
        shared_total++;
        pthread_mutex_unlock(&mutex);
    }
    return (void *)mine;
}

static void *child_thread(void *arg) {
    long n = (long)arg, sum = 0;
    for (long i = 1; i <= n; i++) sum += i;
    return (void *)sum;
}

int main(void) {
    pthread_t t[WORKERS];
    for (long i = 0; i < WORKERS; i++) pthread_create(&t[i], NULL, worker, (void *)(i + 1));
    int good = 0;
    for (int f = 0; f < FORKS; f++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            /* The child: malloc (glibc's fork keeps its locks usable), stdio
               and a thread of its own work (not `mutex`: a worker may have
               held it at the fork, and nobody unlocks it in the child). */
            char *buffer = malloc(1000);
            snprintf(buffer, 1000, "child %d", f);
            pthread_t c;
            void *r;
            if (pthread_create(&c, NULL, child_thread, (void *)(long)(f + 10)) != 0) _exit(100);
            pthread_join(c, &r);
            long expect = (long)(f + 10) * (f + 11) / 2;
            _exit((long)r == expect && strcmp(buffer, "child x") != 0 ? 20 + f : 101);
        }
        int status;
        if (pid < 0 || waitpid(pid, &status, 0) != pid) return 1;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 20 + f) good++;
        else printf("fork %d: status %#x\n", f, status);
    }
    long sums = 0;
    for (int i = 0; i < WORKERS; i++) {
        void *r;
        pthread_join(t[i], &r);
        sums += (long)r;
    }
    printf("children good: %d of %d\n", good, FORKS);
    printf("workers: total %ld, sums %ld\n", shared_total, sums);
    return 0;
}
