// Vector state across signals: a handler that uses vectors itself (clobbering
// v8 and vl/vtype) returns, and the interrupted code finds its vector registers,
// vl and vtype as they were (the V context of the riscv64 signal frame); a
// handler that siglongjmps out leaves a working vector unit behind. Also
// prctl(PR_RISCV_V_GET_CONTROL).
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static volatile int32_t sink[64];
static sigjmp_buf env;

__attribute__((noinline)) static void clobber(void) {
    int32_t tmp[64];
    for (int i = 0; i < 64; i++) tmp[i] = i * 7 - 100;
    for (int i = 0; i < 64; i++) sink[i] = tmp[i] * 3 + sink[63 - i];
    __asm__ volatile("vsetivli zero, 3, e8, mf2, ta, ma\n\tvmv.v.i v8, -3" ::: "memory");
}

static void on_usr1(int sig) { (void)sig; clobber(); }
static void on_usr2(int sig) { (void)sig; clobber(); siglongjmp(env, 1); }

int main(void) {
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, on_usr2);
    long ctl = prctl(70 /* PR_RISCV_V_GET_CONTROL */, 0, 0, 0, 0);
    printf("v control %ld\n", ctl);
    uint64_t before, after, vl, vtype;
    // v8 = 0x1122334455667788 per e64 element, vl = 2; the signal arrives at the ecall inside.
    __asm__ volatile(
        "vsetivli zero, 2, e64, m1, tu, mu\n\t"
        "li t0, 0x1122334455667788\n\t"
        "vmv.v.x v8, t0\n\t"
        "vmv.x.s %0, v8\n\t"
        "li a7, 172\n\tecall\n\t"            /* getpid */
        "li a1, 10\n\tli a7, 129\n\tecall\n\t" /* kill(getpid(), SIGUSR1) */
        "vmv.x.s %1, v8\n\t"
        "csrr %2, vl\n\tcsrr %3, vtype\n\t"
        : "=r"(before), "=r"(after), "=r"(vl), "=r"(vtype) : : "t0", "a0", "a1", "a7", "memory", "v8");
    printf("after the handler: v8 %s, vl %llu, vtype 0x%llx\n", before == after ? "kept" : "changed",
           (unsigned long long)vl, (unsigned long long)vtype);
    if (sigsetjmp(env, 1) == 0) {
        raise(SIGUSR2);
        puts("not reached");
    }
    int32_t a[100], b[100];
    for (int i = 0; i < 100; i++) a[i] = i;
    for (int i = 0; i < 100; i++) b[i] = a[i] * 2 + 1;
    long s = 0;
    for (int i = 0; i < 100; i++) s += b[i];
    printf("after siglongjmp: sum %ld\n", s);
    return 0;
}
