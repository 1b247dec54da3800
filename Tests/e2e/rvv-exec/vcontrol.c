/* prctl(PR_RISCV_V_SET_CONTROL) across execve, as Linux applies it
   (arch/riscv/kernel/vector.c: riscv_v_vstate_ctrl_init at exec): the next
   program's setting becomes the current one (default: V on), and survives a
   further execve only with PR_RISCV_V_VSTATE_CTRL_INHERIT. With V off the
   program sees no V in AT_HWCAP (hwprobe still reports it, as Linux's does) and
   a vector instruction raises SIGILL; V can be switched on again, never off.
   Each stage prints what it sees and execs the next (argv[1] = stage). */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SET 69  /* PR_RISCV_V_SET_CONTROL */
#define GET 70  /* PR_RISCV_V_GET_CONTROL */
#define OFF 1
#define ON 2
#define NEXT(x) ((x) << 2)
#define INHERIT 0x10

static sigjmp_buf jump;
static void on_sigill(int sig) { (void)sig; siglongjmp(jump, 1); }

static void show(int stage) {
    struct { long long key; unsigned long long value; } pair = {4 /* IMA_EXT_0 */, 0};
    long probed = syscall(258 /* riscv_hwprobe */, &pair, 1, 0, NULL, 0);
    printf("stage %d: control 0x%lx, AT_HWCAP V %d, hwprobe V %d (%ld)\n", stage, (long)prctl(GET, 0, 0, 0, 0),
           (int)(getauxval(AT_HWCAP) >> ('V' - 'A') & 1), (int)(pair.value >> 2 & 1), probed);
    signal(SIGILL, on_sigill);
    if (sigsetjmp(jump, 1) == 0) {
        unsigned long vl;
        __asm__ volatile(".option push\n.option arch, +v\nvsetivli %0, 3, e32, m1, ta, ma\n.option pop" : "=r"(vl));
        printf("stage %d: vsetivli gives vl %lu\n", stage, vl);
    } else {
        printf("stage %d: vsetivli raised SIGILL\n", stage);
    }
    signal(SIGILL, SIG_DFL);
}

static void set(int stage, unsigned long arg) {
    long r = prctl(SET, arg, 0, 0, 0);
    printf("stage %d: set 0x%lx -> %ld%s, control 0x%lx\n", stage, arg, r, r < 0 ? (errno == EPERM ? " EPERM" : " EINVAL") : "",
           (long)prctl(GET, 0, 0, 0, 0));
}

static void next(char **argv, const char *stage) {
    fflush(stdout);
    char *args[] = {argv[0], (char *)stage, NULL};
    execv(argv[0], args);
    perror("execv");
    exit(1);
}

int main(int argc, char **argv) {
    int stage = argc > 1 ? atoi(argv[1]) : 0;
    show(stage);
    switch (stage) {
    case 0:
        set(0, 3);                    /* cur 3: EINVAL */
        set(0, NEXT(3));              /* next 3: EINVAL */
        set(0, 0x20);                 /* unknown bit: EINVAL */
        set(0, OFF);                  /* V is on: cannot switch it off (EPERM) */
        set(0, NEXT(OFF));            /* the next program without V, once */
        next(argv, "1");
        break;
    case 1:                           /* V off; next back to the default */
        set(1, OFF);                  /* off while off: allowed */
        set(1, NEXT(OFF) | INHERIT);  /* every later program without V */
        next(argv, "2");
        break;
    case 2:                           /* V off again (inherited), next off + inherit kept */
        set(2, ON | NEXT(ON));        /* V on now, and for the next program */
        show(2);
        set(2, OFF);                  /* on: EPERM */
        next(argv, "3");
        break;
    case 3:                           /* next was on without inherit: V on, next default */
        next(argv, "4");
        break;
    }
    return 0;
}
