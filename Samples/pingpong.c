/* pingpong.c - two threads hand a token back and forth through one mutex and
 * two condition variables (futex waits and wakes under the hood), then pass
 * a ball around a ring of threads with semaphores, and finally ping-pong over
 * a pair of pipes (blocking read/write). Each hand-off is checked, so the
 * printed totals are exact whatever the schedule.
 * argv[1] = rounds (default 20000). */
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long rounds;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_changed[2] = {PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER};
static int turn;            /* whose move it is: 0 or 1 */
static long moves[2];
static uint64_t trail;      /* a hash of the sequence of moves */
static int errors;

static void *player(void *arg) {
    int me = (int)(intptr_t)arg;
    for (long i = 0; i < rounds; i++) {
        pthread_mutex_lock(&lock);
        while (turn != me) pthread_cond_wait(&turn_changed[me], &lock);
        if (moves[me] != i) errors++;
        moves[me]++;
        trail = trail * 31 + (uint64_t)(me + 1) * (uint64_t)(i + 1);
        turn = 1 - me;
        pthread_cond_signal(&turn_changed[1 - me]);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

enum { RING = 5 };
static sem_t ring_sem[RING];
static long ring_visits[RING];
static long ball;           /* passes so far; only its holder touches it */

static void *ring_member(void *arg) {
    int me = (int)(intptr_t)arg;
    long laps = rounds / 10;
    for (long i = 0; i < laps; i++) {
        sem_wait(&ring_sem[me]);
        if (ball % RING != me) errors++;
        ball++;
        ring_visits[me]++;
        sem_post(&ring_sem[(me + 1) % RING]);
    }
    return NULL;
}

static int ping[2], pong[2];

static void *echo(void *arg) {
    (void)arg;
    long v;
    for (long i = 0; i < rounds / 10; i++) {
        if (read(ping[0], &v, sizeof v) != sizeof v) { errors++; break; }
        v = v * 2 + 1;
        if (write(pong[1], &v, sizeof v) != sizeof v) { errors++; break; }
    }
    return NULL;
}

int main(int argc, char **argv) {
    rounds = argc > 1 ? atol(argv[1]) : 20000;
    if (rounds < 10) rounds = 10;
    pthread_t a, b;
    pthread_create(&a, NULL, player, (void *)0);
    pthread_create(&b, NULL, player, (void *)1);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("condvar: moves %ld/%ld trail %016llx\n", moves[0], moves[1], (unsigned long long)trail);

    pthread_t r[RING];
    for (int i = 0; i < RING; i++) sem_init(&ring_sem[i], 0, i == 0 ? 1 : 0);
    for (int i = 0; i < RING; i++) pthread_create(&r[i], NULL, ring_member, (void *)(intptr_t)i);
    for (int i = 0; i < RING; i++) pthread_join(r[i], NULL);
    printf("ring: passes %ld visits %ld %ld %ld %ld %ld\n", ball, ring_visits[0], ring_visits[1], ring_visits[2],
           ring_visits[3], ring_visits[4]);

    if (pipe(ping) || pipe(pong)) { perror("pipe"); return 1; }
    pthread_t e;
    pthread_create(&e, NULL, echo, NULL);
    long sum = 0, v;
    for (long i = 0; i < rounds / 10; i++) {
        if (write(ping[1], &i, sizeof i) != sizeof i || read(pong[0], &v, sizeof v) != sizeof v) { errors++; break; }
        if (v != i * 2 + 1) errors++;
        sum += v;
    }
    pthread_join(e, NULL);
    printf("pipes: echoes %ld sum %ld\n", rounds / 10, sum);
    printf("errors %d\n", errors);
    return errors ? 1 : 0;
}
