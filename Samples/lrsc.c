/* lrsc.c - LR/SC reservations across harts, and the faults of atomics:
 *   - a store of another value by a second thread between a hart's LR and its
 *     SC makes the SC fail (and the next LR/SC succeeds), for .w and .d;
 *   - an SC with no LR before it, and an SC to another address than the LR's,
 *     fail; an SC after an undisturbed LR succeeds;
 *   - a misaligned AMO, LR or SC raises SIGBUS (BUS_ADRALN) at its own address,
 *     also when the access would cross into the next page; an AMO on a
 *     read-only page raises SIGSEGV (SEGV_ACCERR) and changes nothing.
 * (Tern and qemu implement SC as a compare-and-swap against the LR value, so
 * a store of the same value, or ABA, between LR and SC is not detected; and a
 * misaligned SC raises SIGBUS under tern, as the A extension says, where qemu
 * 7.2 fails it without an access. The tests stay with what the architecture
 * and both agree on.) */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile uint32_t word32 = 5;
static volatile uint64_t word64 = 50;
static atomic_int step;

/* The second thread: waits for the first's LR, stores another value, tells it. */
static void *disturber(void *arg) {
    (void)arg;
    while (atomic_load(&step) != 1) {}
    word32 = 6;
    atomic_store(&step, 2);
    while (atomic_load(&step) != 3) {}
    word64 = 60;
    atomic_store(&step, 4);
    return NULL;
}

/* LR, hand over to the disturber, wait for it, SC: returns the SC's result (0: success). */
static long lr_wait_sc_w(volatile uint32_t *p, int signal_step, int wait_step, uint32_t *seen) {
    long fail;
    uint32_t v;
    __asm__ volatile("lr.w %0, (%2)\n" : "=&r"(v) : "0"(0), "r"(p) : "memory");
    atomic_store(&step, signal_step);
    while (atomic_load(&step) != wait_step) {}
    __asm__ volatile("sc.w %0, %2, (%1)\n" : "=&r"(fail) : "r"(p), "r"(v + 100) : "memory");
    *seen = v;
    return fail;
}

static long lr_wait_sc_d(volatile uint64_t *p, int signal_step, int wait_step, uint64_t *seen) {
    long fail;
    uint64_t v;
    __asm__ volatile("lr.d %0, (%2)\n" : "=&r"(v) : "0"(0), "r"(p) : "memory");
    atomic_store(&step, signal_step);
    while (atomic_load(&step) != wait_step) {}
    __asm__ volatile("sc.d %0, %2, (%1)\n" : "=&r"(fail) : "r"(p), "r"(v + 100) : "memory");
    *seen = v;
    return fail;
}

static long lr_sc_w(volatile uint32_t *lr_at, volatile uint32_t *sc_at, uint32_t value) {
    long fail;
    uint32_t v;
    __asm__ volatile("lr.w %0, (%2)\n"
                     "sc.w %1, %4, (%3)\n"
                     : "=&r"(v), "=&r"(fail) : "r"(lr_at), "r"(sc_at), "r"(value) : "memory");
    return fail;
}

static long sc_alone_w(volatile uint32_t *p, uint32_t value) {
    long fail;
    __asm__ volatile("sc.w %0, %2, (%1)\n" : "=&r"(fail) : "r"(p), "r"(value) : "memory");
    return fail;
}

static sigjmp_buf back;
static volatile int got_sig, got_code;
static void *volatile got_addr;

static void on_fault(int sig, siginfo_t *info, void *context) {
    (void)context;
    got_sig = sig;
    got_code = info->si_code;
    got_addr = info->si_addr;
    siglongjmp(back, 1);
}

static const char *code_name(int sig, int code) {
    if (sig == SIGBUS && code == BUS_ADRALN) return "SIGBUS BUS_ADRALN";
    if (sig == SIGSEGV && code == SEGV_ACCERR) return "SIGSEGV SEGV_ACCERR";
    if (sig == SIGSEGV && code == SEGV_MAPERR) return "SIGSEGV SEGV_MAPERR";
    return "other";
}

#define FAULT(label, address, asm_text)                                                            \
    do {                                                                                           \
        got_sig = 0;                                                                               \
        if (sigsetjmp(back, 1) == 0) {                                                             \
            uintptr_t a_ = (uintptr_t)(address);                                                   \
            long r_;                                                                               \
            __asm__ volatile(asm_text : "=&r"(r_) : "r"(a_), "r"(1L) : "memory");                  \
            printf("%s: no fault\n", label);                                                       \
        } else {                                                                                   \
            printf("%s: %s at +%ld\n", label, code_name(got_sig, got_code),                        \
                   (long)((char *)got_addr - (char *)base));                                       \
        }                                                                                          \
    } while (0)

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, disturber, NULL);
    uint32_t seen32;
    uint64_t seen64;
    long r = lr_wait_sc_w(&word32, 1, 2, &seen32);
    printf("sc.w after another thread's store: %s (lr saw %u, word now %u)\n", r ? "fails" : "succeeds", seen32, word32);
    r = lr_wait_sc_d(&word64, 3, 4, &seen64);
    printf("sc.d after another thread's store: %s (lr saw %lu, word now %lu)\n", r ? "fails" : "succeeds",
           (unsigned long)seen64, (unsigned long)word64);
    pthread_join(t, NULL);
    printf("lr/sc undisturbed: %s, word %u\n", lr_sc_w(&word32, &word32, 7) ? "fails" : "succeeds", word32);
    static volatile uint32_t other = 1;
    printf("sc to another address than the lr's: %s, other %u\n", lr_sc_w(&word32, &other, 9) ? "fails" : "succeeds", other);
    printf("sc without lr: %s, word %u\n", sc_alone_w(&word32, 11) ? "fails" : "succeeds", word32);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    long page = sysconf(_SC_PAGESIZE);
    char *base = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return 1;
    FAULT("amoadd.w misaligned", base + 2, "amoadd.w %0, %2, (%1)");
    FAULT("amoadd.d misaligned", base + 4, "amoadd.d %0, %2, (%1)");
    FAULT("amoswap.w across a page", base + page - 2, "amoswap.w %0, %2, (%1)");
    FAULT("lr.w misaligned", base + 1, "lr.w %0, (%1)");
    FAULT("lr.d misaligned", base + 12, "lr.d %0, (%1)");
    mprotect(base + page, page, PROT_READ);
    FAULT("amoadd.w on a read-only page", base + page + 8, "amoadd.w %0, %2, (%1)");
    FAULT("amoor.d on a read-only page", base + page + 16, "amoor.d %0, %2, (%1)");
    printf("read-only page unchanged: %d\n", base[page + 8] == 0 && base[page + 16] == 0);
    printf("first page unchanged: %d\n", base[0] == 0 && base[2] == 0 && base[4] == 0 && base[page - 2] == 0);
    return 0;
}
