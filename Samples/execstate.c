/* execstate.c - what execve keeps (Linux execve(2), "process attributes
 * preserved"): the calling thread's signal mask, ignored dispositions (a
 * caught signal reverts to the default), resource limits, descriptors
 * without FD_CLOEXEC, the working directory, the umask; argv and envp arrive
 * as the exact bytes passed, in order, UTF-8 or not; variables for the host's
 * dynamic loader (LD_PRELOAD of a missing library, LD_LIBRARY_PATH) are the
 * guest's own and do not reach tern (no ld.so message). The parent sets all of
 * it and re-executes itself through /proc/self/exe; the child reports.
 * qemu-user cannot execve a riscv64 program without binfmt_misc, so the e2e
 * suite checks tern's output against expected/execstate.txt. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static void on_term(int sig) { (void)sig; }

static void hexdump(const char *label, const char *s) {
    printf("%s:", label);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) printf(" %02x", *p);
    printf("\n");
}

static const char *disposition(int sig) {
    struct sigaction sa;
    sigaction(sig, NULL, &sa);
    return sa.sa_handler == SIG_IGN ? "ignored" : sa.sa_handler == SIG_DFL ? "default" : "caught";
}

static int child(int argc, char **argv) {
    printf("argc: %d\n", argc);
    for (int i = 0; i < argc; i++) {
        char label[16];
        snprintf(label, sizeof label, "argv[%d]", i);
        hexdump(label, argv[i]);
    }
    for (char **e = environ; *e; e++) hexdump("env", *e);
    sigset_t mask;
    sigprocmask(SIG_BLOCK, NULL, &mask);
    printf("SIGUSR1 blocked: %d, SIGINT blocked: %d, SIGSEGV blocked: %d\n",
           sigismember(&mask, SIGUSR1), sigismember(&mask, SIGINT), sigismember(&mask, SIGSEGV));
    printf("SIGUSR2 %s, SIGPIPE %s, SIGTERM %s, SIGHUP %s\n", disposition(SIGUSR2), disposition(SIGPIPE),
           disposition(SIGTERM), disposition(SIGHUP));
    struct rlimit l;
    getrlimit(RLIMIT_NOFILE, &l);
    printf("RLIMIT_NOFILE: %lu %lu\n", (unsigned long)l.rlim_cur, (unsigned long)l.rlim_max);
    getrlimit(RLIMIT_STACK, &l);
    printf("RLIMIT_STACK: %lu\n", (unsigned long)l.rlim_cur);
    getrlimit(RLIMIT_AS, &l);
    printf("RLIMIT_AS: %lu\n", (unsigned long)l.rlim_cur);
    mode_t old = umask(0);
    printf("umask: %03o\n", (unsigned)old);
    char cwd[4096];
    printf("cwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : strerror(errno));
    printf("fd 9 open: %d, fd 10 open: %d\n", fcntl(9, F_GETFD) >= 0, fcntl(10, F_GETFD) >= 0);
    char buf[16] = {0};
    printf("fd 9 reads: %s\n", read(9, buf, sizeof buf - 1) > 0 ? buf : "nothing");
    /* A blocked SIGUSR1 and an ignored SIGUSR2 sent to ourselves do not kill us. */
    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR2);
    sigpending(&mask);
    printf("SIGUSR1 pending: %d\n", sigismember(&mask, SIGUSR1));
    printf("child survived\n");
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "child") == 0) return child(argc, argv);
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, NULL);
    signal(SIGUSR2, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_term);  /* caught: the child gets the default */
    struct rlimit nofile = {200, 300}, stack = {4 << 20, RLIM_INFINITY}, as = {1UL << 36, RLIM_INFINITY};
    setrlimit(RLIMIT_NOFILE, &nofile);
    setrlimit(RLIMIT_STACK, &stack);
    setrlimit(RLIMIT_AS, &as);
    umask(027);
    int p[2];
    pipe(p);
    write(p[1], "inherited", 9);
    close(p[1]);
    dup2(p[0], 9);
    close(p[0]);
    int keep = open("/dev/null", O_RDONLY | O_CLOEXEC);
    dup3(keep, 10, O_CLOEXEC);
    close(keep);
    if (chdir("/tmp") != 0) perror("chdir");
    char *args[] = {"execstate-child", "child", "abc\xff", "caf\xc3\xa9", "", "--argv0", "x y", NULL};
    char *env[] = {"Z=last-first", "BYTES=\xfe\xff\x80", "A=1", "EMPTY=", "LD_PRELOAD=/nonexistent/tern-guest-preload.so",
                   "LD_LIBRARY_PATH=/nonexistent", NULL};
    execve("/proc/self/exe", args, env);
    printf("execve failed: %s\n", strerror(errno));
    return 1;
}
