/* rsslaunch FD COMMAND [ARGUMENT...]: runs COMMAND and writes its peak resident
 * set (KiB, the command's own ru_maxrss) to descriptor FD, then exits as the
 * command did.
 *
 * Linux starts a process's ru_maxrss at the resident set of the process that
 * forked it, so Bench/run.py (a Python process of about 24 MiB) cannot read a
 * small child's peak from its own wait4: every small program would show the
 * harness's figure. This launcher is small and starts the command with
 * posix_spawn (no copy of a large address space), so the figure it reports is
 * the command's. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: rsslaunch FD COMMAND [ARGUMENT...]\n");
        return 2;
    }
    int fd = atoi(argv[1]);
    pid_t pid;
    int error = posix_spawnp(&pid, argv[2], NULL, NULL, argv + 2, environ);
    if (error != 0) {
        errno = error;
        perror(argv[2]);
        return 127;
    }
    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("rsslaunch: wait4");
            return 127;
        }
    }
    dprintf(fd, "%ld\n", usage.ru_maxrss);
    close(fd);
    if (WIFSIGNALED(status)) {  /* end the same way (no core file) */
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        signal(WTERMSIG(status), SIG_DFL);
        raise(WTERMSIG(status));
    }
    return WEXITSTATUS(status);
}
