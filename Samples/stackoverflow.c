/* Unbounded recursion overflows the stack; the SIGSEGV handler runs on a
 * sigaltstack (as gnulib's c-stack needs) and exits with status 3. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char altstack[65536];

static void on_segv(int sig, siginfo_t *info, void *uc) {
    (void)uc; (void)info;
    char probe;
    int on_alt = (uintptr_t)&probe >= (uintptr_t)altstack && (uintptr_t)&probe < (uintptr_t)altstack + sizeof altstack;
    char line[64];
    int n = snprintf(line, sizeof line, "overflow: signal %d on altstack %d\n", sig, on_alt);
    write(1, line, n);
    _exit(3);
}

static int depth(volatile char *prev, int n) {
    volatile char frame[256];
    frame[0] = (char)n;
    if (prev) frame[1] = prev[0];
    return depth(frame, n + 1) + frame[1];
}

int main(void) {
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    return depth(NULL, 0);
}
