/* ownfds.c - a guest that closes, probes and replaces every descriptor it may
 * not have (issue 19). Under Linux only 0, 1 and 2 exist after close_range;
 * under Tern with --perfmap (or -g, --jitdump) Tern's own descriptors share the
 * process's table, and the guest must neither see nor close nor replace them:
 * the output is the same as on Linux (Tests/e2e/expected/ownfds.txt, what this
 * file prints built for the host) and Tern's perf map still gets the hot loop
 * compiled after the close_range. With an argument, it writes its pid there
 * (the perf map's name). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *result(long r) {
    static char buf[64];
    if (r >= 0) snprintf(buf, sizeof buf, "%ld", r);
    else snprintf(buf, sizeof buf, "-%s", strerrorname_np(errno));
    return buf;
}

static uint32_t table[4096];

__attribute__((noinline)) uint64_t hot_rounds(int rounds) {
    uint64_t h = 1469598103934665603ull;
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < 4096; i++) {
            h ^= table[i] + (uint64_t)r;
            h *= 1099511628211ull;
        }
    return h;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1) { /* the pid names Tern's perf map */
        FILE *f = fopen(argv[1], "w");
        if (f) { fprintf(f, "%d\n", getpid()); fclose(f); }
    }
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    struct rlimit low = {256, limit.rlim_max};
    printf("setrlimit soft 256: %s\n", result(setrlimit(RLIMIT_NOFILE, &low)));
    printf("close_range(3, ~0): %s\n", result(syscall(SYS_close_range, 3, ~0U, 0)));
    int probed = 0, closed = 0;
    for (int fd = 3; fd < 1 << 16; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) probed++;
        if (close(fd) != -1 || errno != EBADF) closed++;
    }
    printf("descriptors 3..65535 fcntl does not refuse: %d\n", probed);
    printf("descriptors 3..65535 close does not refuse: %d\n", closed);
    int probes[] = {256, 1000, 65535, 65520};
    for (int i = 0; i < 4; i++) printf("dup3(1, %d): %s\n", probes[i], result(dup3(1, probes[i], 0)));
    printf("open /dev/null: %s\n", result(open("/dev/null", O_RDONLY)));
    struct rlimit now;
    getrlimit(RLIMIT_NOFILE, &now);
    printf("soft limit now 256: %s\n", now.rlim_cur == 256 ? "yes" : "no");
    struct rlimit high = {limit.rlim_max > 4096 ? 4096 : limit.rlim_max, limit.rlim_max};
    printf("setrlimit soft up: %s\n", result(setrlimit(RLIMIT_NOFILE, &high)));
    printf("dup3(1, 300): %s\n", result(dup3(1, 300, 0)));
    printf("close_range(4, 4096, CLOSE_RANGE_CLOEXEC): %s\n", result(syscall(SYS_close_range, 4, 4096, 4)));
    printf("fcntl(300, F_GETFD): %s\n", result(fcntl(300, F_GETFD)));
    for (int i = 0; i < 4096; i++) table[i] = (uint32_t)i * 2654435761u;
    printf("%llx\n", (unsigned long long)hot_rounds(3000));
    return 0;
}
