#define _GNU_SOURCE
#include "FaultGuard.h"
#include "CodeMemory.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

typedef struct TernGuard {
    sigjmp_buf env;
    uintptr_t base;
    size_t size;
    TernGuardFault *fault;
    struct TernGuard *outer;
} TernGuard;

static __thread TernGuard *current_guard = NULL;
static struct sigaction previous_segv, previous_bus;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static void write_str(const char *s) {
    ssize_t r = write(2, s, strlen(s));
    (void)r;
}

static void reraise(int sig, const struct sigaction *prev) {
    sigaction(sig, prev, NULL);
    // Returning re-executes the faulting instruction under the previous handler.
}

static void on_fault(int sig, siginfo_t *info, void *uctx) {
    TernGuard *guard = current_guard;
    uintptr_t addr = (uintptr_t)info->si_addr;
    if (guard && addr >= guard->base && addr - guard->base < guard->size) {
        TernGuardFault *f = guard->fault;
        f->signo = sig;
        f->hostAddr = addr;
        f->kind = 0;
        f->value = 0;
        f->isWrite = -1;
        f->hostPC = 0;
        f->inGeneratedCode = 0;
        f->generatedR13 = f->generatedR14 = 0;
        memset(f->generatedRegs, 0, sizeof f->generatedRegs);
#if defined(__x86_64__) && defined(REG_ERR)
        ucontext_t *uc = (ucontext_t *)uctx;
        f->isWrite = (uc->uc_mcontext.gregs[REG_ERR] & 2) ? 1 : 0;
        f->hostPC = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
        // Generated code records the guest op of each access in the state
        // before the access, exactly as the threaded handlers do, so the
        // runtime recovers the guest pc the same way for both tiers.
        f->inGeneratedCode = tern_code_contains((const void *)f->hostPC);
        f->generatedR13 = f->inGeneratedCode ? (uint64_t)uc->uc_mcontext.gregs[REG_R13] : 0;
        f->generatedR14 = f->inGeneratedCode ? (uint64_t)uc->uc_mcontext.gregs[REG_R14] : 0;
        // Generated code may hold guest registers it has not stored yet in
        // host registers; the native tier writes them back from here.
        static const int byNumber[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                                         REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};
        for (int i = 0; i < 16; i++)
            f->generatedRegs[i] = f->inGeneratedCode ? (uint64_t)uc->uc_mcontext.gregs[byNumber[i]] : 0;
#else
        (void)uctx;
#endif
        siglongjmp(guard->env, 1);
    }
#if defined(__x86_64__) && defined(REG_RIP)
    if (tern_code_contains((const void *)((ucontext_t *)uctx)->uc_mcontext.gregs[REG_RIP])) {
        write_str("tern: internal error: host memory fault in generated code outside guest memory\n");
    } else
#endif
    write_str("tern: internal error: host memory fault outside guest memory\n");
    reraise(sig, sig == SIGBUS ? &previous_bus : &previous_segv);
}

static void install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &previous_segv);
    sigaction(SIGBUS, &sa, &previous_bus);
}

void tern_guard_install(void) { pthread_once(&install_once, install); }

int tern_guard_run(void (*body)(void *), void *ctx, const void *regionBase, size_t regionSize,
                   TernGuardFault *fault) {
    tern_guard_install();
    TernGuard guard;
    guard.base = (uintptr_t)regionBase;
    guard.size = regionSize;
    guard.fault = fault;
    guard.outer = current_guard;
    memset(fault, 0, sizeof *fault);
    // The handler runs with SA_NODEFER, so the signal mask never needs restoring
    // and sigsetjmp can skip its sigprocmask call.
    if (sigsetjmp(guard.env, 0) != 0) {
        current_guard = guard.outer;
        return 1;
    }
    current_guard = &guard;
    body(ctx);
    current_guard = guard.outer;
    return 0;
}

void tern_guard_raise(int32_t kind, uint64_t value) {
    TernGuard *guard = current_guard;
    if (!guard) {
        write_str("tern: internal error: guest trap raised outside a guarded run\n");
        _exit(70);
    }
    guard->fault->signo = 0;
    guard->fault->kind = kind;
    guard->fault->value = value;
    siglongjmp(guard->env, 1);
}

int tern_guard_active(void) { return current_guard != NULL; }

const void *tern_guard_raise_address(void) { return (const void *)&tern_guard_raise; }

typedef struct {
    void *destination;
    const void *source;
    size_t count;
} GuardedCopy;

static void guarded_copy_body(void *ctx) {
    GuardedCopy *c = ctx;
    memcpy(c->destination, c->source, c->count);
}

int tern_guarded_copy(void *destination, const void *source, size_t count, const void *regionBase,
                      size_t regionSize) {
    if (count == 0) return 0;
    GuardedCopy copy = {destination, source, count};
    TernGuardFault fault;
    return tern_guard_run(guarded_copy_body, &copy, regionBase, regionSize, &fault);
}
