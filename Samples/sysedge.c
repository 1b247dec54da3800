/* sysedge.c - syscall results at the edges that Tern once got wrong or trapped
 * on (issue 19): bad timer numbers, futimens, pty ioctls, sched_getaffinity of
 * a missing pid, RLIMIT_NOFILE enforcement, F_NOTIFY and other fcntl commands,
 * a syscall number of -1, tkill/tgkill of bad ids, huge timeouts, huge mmap
 * offsets. Every line is "name: result" with errno names, so it compares with
 * qemu-riscv64 byte for byte. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <termios.h>
#include <unistd.h>

static const char *name(long r) {
    static char buf[64];
    if (r >= 0) { snprintf(buf, sizeof buf, "%ld", r); return buf; }
    snprintf(buf, sizeof buf, "-%s", strerrorname_np((int)-r) ? strerrorname_np((int)-r) : "?");
    return buf;
}

/* A raw syscall: the result or -errno, without libc's checks. */
static long raw(long n, long a, long b, long c, long d, long e, long f) {
    long r = syscall(n, a, b, c, d, e, f);
    return r == -1 ? -errno : r;
}

static void show(const char *what, long r) { printf("%s: %s\n", what, name(r)); }

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* Interval timers: a bad timer number is EINVAL, never a crash. */
    struct itimerval v = {{0, 0}, {0, 0}};
    show("setitimer(-1)", raw(SYS_setitimer, -1, (long)&v, 0, 0, 0, 0));
    show("setitimer(3)", raw(SYS_setitimer, 3, (long)&v, 0, 0, 0, 0));
    show("setitimer(1<<32)", raw(SYS_setitimer, 1L << 32, (long)&v, 0, 0, 0, 0));
    show("getitimer(-1)", raw(SYS_getitimer, -1, (long)&v, 0, 0, 0, 0));
    show("getitimer(0x7fffffff)", raw(SYS_getitimer, 0x7fffffff, (long)&v, 0, 0, 0, 0));
    show("getitimer(ITIMER_REAL)", raw(SYS_getitimer, ITIMER_REAL, (long)&v, 0, 0, 0, 0));

    /* futimens is utimensat(fd, NULL, times, 0). */
    char path[] = "/tmp/tern-sysedge-XXXXXX";
    int fd = mkstemp(path);
    struct timespec times[2] = {{1000000000, 0}, {1234567890, 500}};
    show("futimens", futimens(fd, times) == 0 ? 0 : -errno);
    struct stat st;
    fstat(fd, &st);
    printf("futimens mtime: %ld.%09ld\n", (long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    show("utimensat(fd, NULL, NOFOLLOW)", raw(SYS_utimensat, fd, 0, (long)times, AT_SYMLINK_NOFOLLOW, 0, 0));
    show("utimensat(-1, NULL)", raw(SYS_utimensat, -1, 0, (long)times, 0, 0, 0));
    show("fcntl(F_NOTIFY) on a file", raw(SYS_fcntl, fd, F_NOTIFY, DN_MODIFY, 0, 0, 0));
    show("fcntl(F_GETLEASE)", raw(SYS_fcntl, fd, F_GETLEASE, 0, 0, 0, 0));
    show("fcntl(F_SETSIG)", raw(SYS_fcntl, fd, F_SETSIG, SIGUSR1, 0, 0, 0));
    show("fcntl(F_GETSIG)", raw(SYS_fcntl, fd, F_GETSIG, 0, 0, 0, 0));
    show("fcntl(F_SETOWN)", raw(SYS_fcntl, fd, F_SETOWN, 0, 0, 0, 0));
    show("fcntl(F_GETOWN)", raw(SYS_fcntl, fd, F_GETOWN, 0, 0, 0, 0));
    show("fcntl(9999)", raw(SYS_fcntl, fd, 9999, 0, 0, 0, 0));
    show("fcntl(-1, F_GETFD)", raw(SYS_fcntl, -1, F_GETFD, 0, 0, 0, 0));
    /* A private directory: a file another process creates in /tmp between
     * these two calls would send SIGIO and end the program (also natively). */
    char dirpath[] = "/tmp/tern-sysedge-dir-XXXXXX";
    int dir = mkdtemp(dirpath) ? open(dirpath, O_RDONLY | O_DIRECTORY) : -1;
    show("fcntl(F_NOTIFY) on a directory", raw(SYS_fcntl, dir, F_NOTIFY, DN_CREATE, 0, 0, 0));
    show("fcntl(F_NOTIFY, 0)", raw(SYS_fcntl, dir, F_NOTIFY, 0, 0, 0, 0));
    close(dir);
    rmdir(dirpath);
    close(fd);
    unlink(path);

    /* The pty calls openpty/posix_openpt make. */
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0) {
        show("posix_openpt", -errno);
    } else {
        int n = -1, unlock = 0;
        show("TIOCGPTN", ioctl(master, TIOCGPTN, &n) == 0 ? 0 : -errno);
        printf("TIOCGPTN number valid: %d\n", n >= 0);
        show("TIOCSPTLCK", ioctl(master, TIOCSPTLCK, &unlock) == 0 ? 0 : -errno);
        int peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
        show("TIOCGPTPEER", peer >= 0 ? 0 : -errno);
        if (peer >= 0) {
            printf("peer isatty: %d\n", isatty(peer));
            struct termios t;
            show("tcgetattr(peer)", tcgetattr(peer, &t) == 0 ? 0 : -errno);
            write(master, "ping\n", 5);
            char buf[16] = {0};
            long got = read(peer, buf, sizeof buf - 1);
            printf("through the pty: %ld %s", got, buf);
            close(peer);
        }
        char *slave = ptsname(master);
        printf("ptsname starts /dev/pts/: %d\n", slave != NULL && strncmp(slave, "/dev/pts/", 9) == 0);
        show("TIOCGPTN(bad pointer)", raw(SYS_ioctl, master, TIOCGPTN, 16, 0, 0, 0));
        close(master);
    }
    show("TIOCGPTN on a pipe", raw(SYS_ioctl, 0, TIOCGPTN, (long)&v, 0, 0, 0));

    /* sched_getaffinity of pids that do not exist. */
    cpu_set_t set;
    show("sched_getaffinity(-1)", raw(SYS_sched_getaffinity, -1, sizeof set, (long)&set, 0, 0, 0));
    show("sched_getaffinity(0x7ffffff0)", raw(SYS_sched_getaffinity, 0x7ffffff0, sizeof set, (long)&set, 0, 0, 0));
    show("sched_getaffinity(0, 0)", raw(SYS_sched_getaffinity, 0, 0, (long)&set, 0, 0, 0));
    show("sched_getaffinity(0, 7)", raw(SYS_sched_getaffinity, 0, 7, (long)&set, 0, 0, 0));
    long self = raw(SYS_sched_getaffinity, getpid(), sizeof set, (long)&set, 0, 0, 0);
    printf("sched_getaffinity(self) > 0: %d, cpu 0 set: %d\n", self > 0, CPU_ISSET(0, &set));
    show("sched_getaffinity(0, bad pointer)", raw(SYS_sched_getaffinity, 0, sizeof set, 16, 0, 0, 0));

    /* A syscall number of -1 and other out-of-range numbers. */
    show("syscall(-1)", raw(-1, 0, 0, 0, 0, 0, 0));
    show("syscall(1<<63)", raw(1L << 63, 0, 0, 0, 0, 0, 0));
    show("syscall(100000)", raw(100000, 0, 0, 0, 0, 0, 0));

    /* Signals to ids that cannot exist (tkill(-1) must not become kill(-1)). */
    show("tkill(-1, 0)", raw(SYS_tkill, -1, 0, 0, 0, 0, 0));
    show("tkill(0, 0)", raw(SYS_tkill, 0, 0, 0, 0, 0, 0));
    show("tgkill(-1, -1, 0)", raw(SYS_tgkill, -1, -1, 0, 0, 0, 0));
    show("tgkill(pid, 0, 0)", raw(SYS_tgkill, getpid(), 0, 0, 0, 0, 0));
    show("kill(pid, 65)", raw(SYS_kill, getpid(), 65, 0, 0, 0, 0));
    show("kill(pid, -1)", raw(SYS_kill, getpid(), -1, 0, 0, 0, 0));

    /* Timeouts too large to convert: they are long waits, not crashes. */
    struct timespec huge = {0x7fffffffffffffffL, 0};
    int pfd[2];
    pipe(pfd);
    write(pfd[1], "x", 1);
    struct pollfd p = {pfd[0], POLLIN, 0};
    show("ppoll(huge timeout, ready)", raw(SYS_ppoll, (long)&p, 1, (long)&huge, 0, 8, 0));
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(pfd[0], &rd);
    struct timespec huge2 = {0x7fffffffffffffffL, 999999999};
    show("pselect6(huge timeout, ready)", raw(SYS_pselect6, pfd[0] + 1, (long)&rd, 0, 0, (long)&huge2, 0));
    struct timespec bad = {-1, 0};
    show("ppoll(negative timeout)", raw(SYS_ppoll, (long)&p, 1, (long)&bad, 0, 8, 0));
    close(pfd[0]);
    close(pfd[1]);

    /* mmap of a regular file at offsets beyond any off_t (riscv64 shifts the
     * signed off_t: EOVERFLOW either way). For a character device such as
     * /dev/zero, riscv64 Linux also says EOVERFLOW for 1<<63, while qemu 7.2
     * passes the offset to an x86-64 host, which maps it: not compared here. */
    int zero = open("/proc/self/exe", O_RDONLY);
    show("mmap(offset 1<<63)", (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, zero, (off_t)(1UL << 63)) == -1 ? -errno : 1);
    show("mmap(offset -4096)", (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, zero, (off_t)-4096) == -1 ? -errno : 1);
    close(zero);

    show("getgroups(-1)", raw(SYS_getgroups, -1, 0, 0, 0, 0, 0));

    /* RLIMIT_NOFILE is enforced: with a limit of 20, opens past fd 19 fail with EMFILE. */
    struct rlimit lim = {20, 20};
    show("setrlimit(NOFILE, 20)", setrlimit(RLIMIT_NOFILE, &lim) == 0 ? 0 : -errno);
    int opened = 0, last = 0, highest = -1;
    for (int i = 0; i < 40; i++) {
        int f = open("/dev/null", O_RDONLY);
        if (f < 0) { last = errno; break; }
        opened++;
        if (f > highest) highest = f;
    }
    printf("opens under NOFILE 20: highest fd %d, then %s\n", highest, name(-last));
    show("dup2(0, 25) over the limit", dup2(0, 25) < 0 ? -errno : 0);
    show("fcntl(F_DUPFD, 25) over the limit", fcntl(0, F_DUPFD, 25) < 0 ? -errno : 0);
    show("fcntl(F_DUPFD, 5) below the limit", fcntl(0, F_DUPFD, 5) < 0 ? -errno : 1);
    int pp[2];
    show("pipe at the limit", pipe(pp) < 0 ? -errno : 0);
    struct rlimit more = {30, 30};
    show("setrlimit(NOFILE, 30) above hard", setrlimit(RLIMIT_NOFILE, &more) == 0 ? 0 : -errno);
    struct rlimit cur;
    getrlimit(RLIMIT_NOFILE, &cur);
    printf("NOFILE now: %lu %lu\n", (unsigned long)cur.rlim_cur, (unsigned long)cur.rlim_max);
    return 0;
}
