/* prctl(PR_RISCV_V_SET_CONTROL) per thread, as Linux keeps it
   (arch/riscv/kernel/vector.c: thread.vstate_ctrl, copied to a new thread or
   process at clone, set for the calling thread only): stage 0 asks for V off in
   the next program; stage 1 starts with V off, and one of its threads switches V
   on for itself. Threads and forked children start with their creator's value;
   a thread with V off gets SIGILL from a vector instruction or a vector CSR
   while threads with V on run the same (by then hot, compiled) code. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define SET 69  /* PR_RISCV_V_SET_CONTROL */
#define GET 70  /* PR_RISCV_V_GET_CONTROL */
#define ON 2
#define NEXT_OFF (1 << 2)

static __thread sigjmp_buf jump;
static void on_sigill(int sig) { (void)sig; siglongjmp(jump, 1); }

static int data[100];

/* The sum of data[0..n) with vector loads and a reduction. */
static __attribute__((noinline)) long vsum(long n) {
    long total = 0;
    const int *p = data;
    while (n > 0) {
        long vl, part;
        __asm__ volatile(".option push\n.option arch, +v\n"
                         "vsetvli %0, %2, e32, m1, ta, ma\n"
                         "vle32.v v8, (%3)\n"
                         "vmv.s.x v9, zero\n"
                         "vredsum.vs v9, v8, v9\n"
                         "vmv.x.s %1, v9\n"
                         ".option pop"
                         : "=&r"(vl), "=r"(part) : "r"(n), "r"(p) : "memory");
        total += part;
        p += vl;
        n -= vl;
    }
    return total;
}

/* Prints the caller's control value and what a vector loop (run `times`
   times) and a read of vlenb do for it. */
static void probe(const char *who, int times) {
    printf("%s: control 0x%lx", who, (long)prctl(GET, 0, 0, 0, 0));
    if (sigsetjmp(jump, 1) == 0) {
        long s = 0;
        for (int i = 0; i < times; i++) s += vsum(100 - i % 7);
        printf(", vsum %ld", s);
    } else {
        printf(", vsum SIGILL");
    }
    if (sigsetjmp(jump, 1) == 0) {
        unsigned long vlenb;
        __asm__ volatile(".option push\n.option arch, +v\ncsrr %0, vlenb\n.option pop" : "=r"(vlenb));
        printf(", vlenb %s\n", vlenb >= 16 ? "read" : "wrong");
    } else {
        printf(", vlenb SIGILL\n");
    }
    fflush(stdout);
}

static void child(const char *who) {
    pid_t pid = fork();
    if (pid == 0) {
        probe(who, 3);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) printf("%s: status 0x%x\n", who, status);
}

static void *second(void *arg) {
    (void)arg;
    probe("t2 (started by t1)", 5);
    return NULL;
}

static void *first(void *arg) {
    (void)arg;
    probe("t1", 5);
    printf("t1: set V on -> %ld\n", (long)prctl(SET, ON, 0, 0, 0));
    probe("t1", 20000);
    pthread_t t;
    pthread_create(&t, NULL, second, NULL);
    pthread_join(t, NULL);
    child("t1's child");
    return NULL;
}

static void *third(void *arg) {
    (void)arg;
    probe("t3 (started by main)", 5);
    return NULL;
}

int main(int argc, char **argv) {
    for (int i = 0; i < 100; i++) data[i] = i * 3 - 50;
    signal(SIGILL, on_sigill);
    if (argc < 2) {
        probe("stage 0", 5);
        printf("stage 0: set next off -> %ld\n", (long)prctl(SET, NEXT_OFF, 0, 0, 0));
        fflush(stdout);
        char *args[] = {argv[0], "1", NULL};
        execv(argv[0], args);
        perror("execv");
        return 1;
    }
    probe("main", 5);
    pthread_t t;
    pthread_create(&t, NULL, first, NULL);
    pthread_join(t, NULL);
    probe("main", 5);
    pthread_create(&t, NULL, third, NULL);
    pthread_join(t, NULL);
    child("main's child");
    return 0;
}
