/* memfault.c - guest memory that faults although it is mapped, and mremap growth
 * (issue 19). Built for the host and run natively it prints what Linux answers
 * (Tests/e2e/expected/memfault.txt); Tern must print the same.
 *
 * 1. System calls whose buffers lie in a file mapping past the end of its file
 *    (SIGBUS on access): Linux answers EFAULT and the process goes on; Tern must
 *    never fault itself on such a page.
 * 2. mlock of a PROT_NONE mapping: ENOMEM, but the VMA is locked all the same,
 *    so a later mremap sees one VMA (ENOMEM, not EFAULT across a boundary).
 * 3. mremap growing in place: private anonymous, shared anonymous (the pages past
 *    the shared object are SIGBUS), shared and private file mappings (file data
 *    in the file, SIGBUS past its end), with the old contents kept.
 * Every line is "name: result" with errno names. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096L

static const char *name(long r) {
    static char buf[64];
    if (r >= 0) { snprintf(buf, sizeof buf, "%ld", r); return buf; }
    snprintf(buf, sizeof buf, "-%s", strerrorname_np((int)-r) ? strerrorname_np((int)-r) : "?");
    return buf;
}

static long sys(long n, long a, long b, long c, long d, long e, long f) {
    long r = syscall(n, a, b, c, d, e, f);
    return r < 0 ? -errno : r;
}

#define SYS(label, ...) printf("%s: %s\n", label, name(sys(__VA_ARGS__)))

static sigjmp_buf jump;
static void on_bus(int sig) { siglongjmp(jump, sig); }

/* What touching one byte at p gives: "ok VALUE", "SIGBUS" or "SIGSEGV". */
static const char *touch(volatile char *p) {
    static char buf[32];
    int sig = sigsetjmp(jump, 1);
    if (sig) return sig == SIGBUS ? "SIGBUS" : "SIGSEGV";
    char c = *p;
    snprintf(buf, sizeof buf, "ok %d", c);
    return buf;
}

/* A file of `bytes` bytes filled with 'f'. */
static int file_of(long bytes) {
    char path[] = "memfault-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    char *block = malloc(bytes);
    memset(block, 'f', bytes);
    if (write(fd, block, bytes) != bytes) perror("write");
    free(block);
    return fd;
}

static void past_end_of_file(void) {
    int fd = file_of(1);
    char *map = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    long q = (long)(map + PAGE); /* SIGBUS on access */
    static char statbuf[256];
    printf("== buffers past the end of a file\n");
    printf("touch: %s\n", touch((char *)q));
    SYS("rt_sigprocmask set", SYS_rt_sigprocmask, SIG_BLOCK, q, 0, 8, 0, 0);
    SYS("rt_sigprocmask old", SYS_rt_sigprocmask, SIG_BLOCK, 0, q, 8, 0, 0);
    SYS("rt_sigaction act", SYS_rt_sigaction, SIGUSR1, q, 0, 8, 0, 0);
    SYS("rt_sigaction old", SYS_rt_sigaction, SIGUSR1, 0, q, 8, 0, 0);
    SYS("rt_sigpending", SYS_rt_sigpending, q, 8, 0, 0, 0, 0);
    SYS("sigaltstack", SYS_sigaltstack, q, 0, 0, 0, 0, 0);
    SYS("clock_gettime", SYS_clock_gettime, CLOCK_MONOTONIC, q, 0, 0, 0, 0);
    SYS("clock_getres", SYS_clock_getres, CLOCK_MONOTONIC, q, 0, 0, 0, 0);
    SYS("clock_nanosleep", SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, q, 0, 0, 0);
    SYS("gettimeofday", SYS_gettimeofday, q, 0, 0, 0, 0, 0);
    SYS("getrlimit", SYS_getrlimit, RLIMIT_NOFILE, q, 0, 0, 0, 0);
    SYS("setrlimit", SYS_setrlimit, RLIMIT_NOFILE, q, 0, 0, 0, 0);
    SYS("prlimit64", SYS_prlimit64, 0, RLIMIT_STACK, 0, q, 0, 0);
    SYS("getrusage", SYS_getrusage, RUSAGE_SELF, q, 0, 0, 0, 0);
    SYS("uname", SYS_uname, q, 0, 0, 0, 0, 0);
    SYS("sysinfo", SYS_sysinfo, q, 0, 0, 0, 0, 0);
    SYS("times", SYS_times, q, 0, 0, 0, 0, 0);
    SYS("sched_getaffinity", SYS_sched_getaffinity, 0, 128, q, 0, 0, 0);
    SYS("sched_setaffinity", SYS_sched_setaffinity, 0, 128, q, 0, 0, 0);
    SYS("getcwd", SYS_getcwd, q, 100, 0, 0, 0, 0);
    SYS("pipe2", SYS_pipe2, q, 0, 0, 0, 0, 0);
    SYS("socketpair", SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, q, 0, 0);
    SYS("openat path", SYS_openat, AT_FDCWD, q, O_RDONLY, 0, 0, 0);
    SYS("newfstatat path", SYS_newfstatat, AT_FDCWD, q, (long)&statbuf, 0, 0, 0);
    SYS("fstat buffer", SYS_fstat, 0, q, 0, 0, 0, 0);
    SYS("statx buffer", SYS_statx, AT_FDCWD, (long)".", 0, 0x7ff, q, 0);
    SYS("write from", SYS_write, fd, q, 16, 0, 0, 0);
    SYS("read into", SYS_read, fd, q, 16, 0, 0, 0);
    SYS("readv iovec", SYS_readv, fd, q, 1, 0, 0, 0);
    SYS("writev iovec", SYS_writev, fd, q, 1, 0, 0, 0);
    SYS("ppoll fds", SYS_ppoll, q, 1, 0, 0, 8, 0);
    SYS("getrandom", SYS_getrandom, q, 16, 0, 0, 0, 0);
    SYS("prctl PR_SET_NAME", SYS_prctl, PR_SET_NAME, q, 0, 0, 0, 0);
    SYS("futex wait", SYS_futex, q, 0 /* FUTEX_WAIT */, 0, 0, 0, 0);
    SYS("set_robust_list", SYS_set_robust_list, q, 24, 0, 0, 0, 0);
    SYS("nanosleep", SYS_nanosleep, q, 0, 0, 0, 0, 0);
    SYS("setitimer new", SYS_setitimer, ITIMER_REAL, q, 0, 0, 0, 0);
    SYS("getitimer", SYS_getitimer, ITIMER_REAL, q, 0, 0, 0, 0);
    SYS("wait4 status", SYS_wait4, -1, q, WNOHANG, 0, 0, 0);
    SYS("getresuid", SYS_getresuid, q, q, q, 0, 0, 0);
    munmap(map, 2 * PAGE);
    close(fd);
}

static void mlock_prot_none(void) {
    printf("== mlock of PROT_NONE, then mremap\n");
    char *a = mmap(NULL, 6 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(a + 4 * PAGE, 2 * PAGE); /* a gap after four pages */
    SYS("mlock all four", SYS_mlock, (long)a, 4 * PAGE, 0, 0, 0, 0);
    SYS("mlock into the gap", SYS_mlock, (long)a + 2 * PAGE, 3 * PAGE, 0, 0, 0, 0);
    /* One locked VMA: [a+PAGE, a+3*PAGE) does not reach its end, so no growth in place. */
    SYS("mremap grow", SYS_mremap, (long)a + PAGE, 2 * PAGE, 16 * PAGE, 0, 0, 0);
    SYS("mremap grow across the gap", SYS_mremap, (long)a + 2 * PAGE, 3 * PAGE, 16 * PAGE, 0, 0, 0);
    SYS("munlock into the gap", SYS_munlock, (long)a, 5 * PAGE, 0, 0, 0, 0);
    SYS("mremap grow unlocked", SYS_mremap, (long)a + PAGE, 2 * PAGE, 16 * PAGE, 0, 0, 0);
    munmap(a, 4 * PAGE);
    char *b = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SYS("mlock readable", SYS_mlock, (long)b, 2 * PAGE, 0, 0, 0, 0);
    SYS("mprotect none", SYS_mprotect, (long)b + PAGE, PAGE, PROT_NONE, 0, 0, 0);
    SYS("mlock half none", SYS_mlock, (long)b, 2 * PAGE, 0, 0, 0, 0);
    SYS("mlock2 onfault half none", SYS_mlock2, (long)b, 2 * PAGE, 1, 0, 0, 0);
    SYS("munlock", SYS_munlock, (long)b, 2 * PAGE, 0, 0, 0, 0);
    munmap(b, 2 * PAGE);
}

/* Maps `pages` pages of `kind` with the pages after them free, grows the mapping
 * in place to `pages + 2` and reports the address, the old data and the new pages. */
static void grow(const char *label, int flags, int fd, long pages) {
    char *room = mmap(NULL, (pages + 2) * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(room, (pages + 2) * PAGE);
    char *p = mmap(room, pages * PAGE, PROT_READ | PROT_WRITE, flags | MAP_FIXED, fd, 0);
    for (long i = 0; i < pages; i++) p[i * PAGE] = (char)('a' + i);
    char *q = mremap(p, pages * PAGE, (pages + 2) * PAGE, 0);
    printf("%s: mremap %s", label, q == MAP_FAILED ? strerrorname_np(errno) : q == p ? "in place" : "moved");
    if (q != MAP_FAILED) {
        printf(", old page %c%c", q[0], q[(pages - 1) * PAGE]);
        printf(", new pages: %s", touch(q + pages * PAGE));
        printf(" / %s", touch(q + (pages + 1) * PAGE));
        if (fd >= 0 && (flags & MAP_SHARED)) {
            /* The grown part is the same file: a write through it reaches the file. */
            char c = 0;
            int sig = sigsetjmp(jump, 1);
            if (!sig) q[pages * PAGE] = 'w';
            pread(fd, &c, 1, pages * PAGE);
            printf(", file sees %s", sig ? "nothing (fault)" : c == 'w' ? "the write" : "old data");
        }
    }
    printf("\n");
    munmap(q == MAP_FAILED ? p : q, (pages + 2) * PAGE);
}

static void mremap_growth(void) {
    printf("== mremap growing in place\n");
    grow("private anonymous", MAP_PRIVATE | MAP_ANONYMOUS, -1, 2);
    grow("shared anonymous", MAP_SHARED | MAP_ANONYMOUS, -1, 2);
    int fd = file_of(3 * PAGE + 10);
    grow("shared file", MAP_SHARED, fd, 2);
    grow("private file", MAP_PRIVATE, fd, 2);
    close(fd);
    fd = file_of(PAGE);
    grow("shared file, end within", MAP_SHARED, fd, 1);
    grow("private file, end within", MAP_PRIVATE, fd, 1);
    close(fd);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa = {0};
    sa.sa_handler = on_bus;
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    past_end_of_file();
    mlock_prot_none();
    mremap_growth();
    return 0;
}
