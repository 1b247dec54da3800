/* signaldeath.c - processes that die of signals Linux delivers without a
 * word: abort(), raise(SIGTERM), kill(getpid(), SIGUSR1), SIGPIPE from a
 * write to a closed pipe, and SIGTERM/SIGKILL sent by the parent. Each dies
 * in a child (the parent prints how it ended), then the parent aborts. Linux
 * and qemu print nothing on stderr for any of them; neither may a translator. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void die_abort(void) { abort(); }
static void die_raise(void) { raise(SIGTERM); }
static void die_kill(void) { kill(getpid(), SIGUSR1); for (;;) pause(); }
static void die_pipe(void) {
    int p[2];
    if (pipe(p) != 0) _exit(1);
    close(p[0]);
    (void)write(p[1], "x", 1);
}
static void wait_forever(void) { for (;;) pause(); }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct { const char *name; void (*die)(void); int parent_sends; } cases[] = {
        {"abort", die_abort, 0}, {"raise SIGTERM", die_raise, 0}, {"kill self SIGUSR1", die_kill, 0},
        {"write to closed pipe", die_pipe, 0}, {"SIGTERM from parent", wait_forever, SIGTERM},
        {"SIGKILL from parent", wait_forever, SIGKILL},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int ready[2];
        if (pipe(ready) != 0) return 1;
        pid_t pid = fork();
        if (pid == 0) {
            close(ready[0]);
            (void)write(ready[1], "r", 1);
            cases[i].die();
            _exit(99);
        }
        close(ready[1]);
        char c;
        (void)read(ready[0], &c, 1);
        close(ready[0]);
        if (cases[i].parent_sends) kill(pid, cases[i].parent_sends);
        int status;
        waitpid(pid, &status, 0);
        if (WIFSIGNALED(status)) printf("%-22s killed by signal %d\n", cases[i].name, WTERMSIG(status));
        else printf("%-22s exited with %d\n", cases[i].name, WEXITSTATUS(status));
    }
    abort();
}
