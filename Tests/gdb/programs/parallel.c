/* gdb sessions with threads running guest code in parallel: two workers spin,
   each with a register of its own (s11) and a counter of its own, while the
   main thread stops at a breakpoint; when they stop spinning, each sets its
   `finished` flag (both on one page: a watchpoint on one flag). */
#include <pthread.h>
#include <stdio.h>

volatile long counts[2];
volatile int go_on = 1;
volatile int finished[2];

static void *worker(void *arg) {
    long id = (long)arg;
    /* s11 holds this thread's mark while it spins; the loop bumps counts[id]. */
    __asm__ volatile("mv s11, %[mark]\n"
                     "1: ld t0, 0(%[count])\n"
                     "addi t0, t0, 1\n"
                     "sd t0, 0(%[count])\n"
                     "lw t1, 0(%[run])\n"
                     "bnez t1, 1b\n"
                     :
                     : [mark] "r"(0x5100 + id), [count] "r"(&counts[id]), [run] "r"(&go_on)
                     : "t0", "t1", "s11", "memory");
    finished[id] = 1;
    return (void *)id;
}

void checkpoint(void) {}

int main(void) {
    pthread_t t[2];
    for (long i = 0; i < 2; i++) {
        if (pthread_create(&t[i], 0, worker, (void *)i) != 0) return 1;
    }
    while (counts[0] == 0 || counts[1] == 0) {
    } /* both workers spin now */
    checkpoint();
    go_on = 0;
    long sum = 0;
    for (int i = 0; i < 2; i++) {
        void *r;
        if (pthread_join(t[i], &r) != 0) return 2;
        sum += (long)r;
    }
    printf("joined %ld\n", sum);
    return 0;
}
