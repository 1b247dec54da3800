/* The rt_sigframe a signal handler sees, before and after the thread used V:
   the distance from the interrupted sp to the ucontext and the extension header
   in sigcontext's reserved area (RISCV_V_MAGIC 0x53465457 and the V record's
   size, or 0 and 0). Linux adds the V record once the thread has used V; qemu-user
   11 never does. `vframe` alone never uses V (it must match qemu 11);
   `vframe v` uses V first (Linux's layout: vframe-v.expected). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static long distance;
static uint32_t magic, size;

static void handler(int sig, siginfo_t *info, void *context) {
    (void)sig; (void)info;
    ucontext_t *uc = context;
    const unsigned char *fp = (const unsigned char *)&uc->uc_mcontext.__fpregs;
    distance = (long)(uc->uc_mcontext.__gregs[2] - (uintptr_t)uc);
    memcpy(&magic, fp + 520, 4);  /* __riscv_extra_ext_header: 129 + 1 u32, then hdr {magic, size} */
    memcpy(&size, fp + 524, 4);
}

int main(int argc, char **argv) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    if (argc > 1) {
        unsigned long vl;
        __asm__ volatile(".option push\n.option arch, +v\nvsetivli %0, 2, e64, m1, ta, ma\nvmv.v.i v8, 7\n.option pop"
                         : "=r"(vl));
    }
    raise(SIGUSR1);
    printf("sp - ucontext %ld, extension magic 0x%x size %u\n", distance, magic, size);
    return 0;
}
