/* gdb sessions: signals reach gdb first (a handled SIGUSR1, then a fatal SIGSEGV). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile int handled;
int *volatile nowhere;

static void on_usr1(int sig) { handled += sig; }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, 0);
    raise(SIGUSR1);
    printf("handled=%d\n", handled);
    fflush(stdout);
    return *nowhere;
}
