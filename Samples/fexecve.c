/* fexecve.c - running a program through a descriptor (test_posix's
 * test_fexecve): fexecve of this program's own file opened with O_CLOEXEC,
 * execveat(fd, "", AT_EMPTY_PATH) of a copy without it, and a #! script through
 * a close-on-exec descriptor, which Linux refuses with ENOENT (its
 * interpreter could not open it). The new program must not see the
 * descriptor the translator used to load it. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Descriptors open in this process, besides the one opendir itself uses. */
static int open_descriptors(void) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d)) n++;
    closedir(d);
    return n;
}

static void report(const char *what, pid_t pid) {
    int status;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) printf("%s: exit status %d\n", what, WEXITSTATUS(status));
    else printf("%s: killed by signal %d\n", what, WTERMSIG(status));
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "child") == 0) {
        /* argv[3]: how many descriptors the parent had before opening the program. */
        int before = argc > 3 ? atoi(argv[3]) : 0;
        printf("child: argv[0]=%s argv[2]=%s, descriptors open: the parent's %+d\n", argv[0], argc > 2 ? argv[2] : "-",
               open_descriptors() - before);
        return 3;
    }
    char before[16];
    snprintf(before, sizeof before, "%d", open_descriptors());
    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (self < 0) { perror("open /proc/self/exe"); return 1; }

    pid_t pid = fork();
    if (pid == 0) {
        char *args[] = {"fexecve-child", "child", "cloexec", before, NULL};
        fexecve(self, args, environ);
        printf("fexecve failed: %s\n", strerror(errno));
        _exit(1);
    }
    report("fexecve of an O_CLOEXEC descriptor", pid);

    int plain = dup(self);  /* dup: no FD_CLOEXEC */
    pid = fork();
    if (pid == 0) {
        char *args[] = {"execveat-child", "child", "inherited", before, NULL};
        syscall(SYS_execveat, plain, "", args, environ, AT_EMPTY_PATH);
        printf("execveat failed: %s\n", strerror(errno));
        _exit(1);
    }
    report("execveat AT_EMPTY_PATH", pid);
    close(plain);

    char path[] = "/tmp/tern-fexecve-XXXXXX";
    int script = mkstemp(path);
    const char text[] = "#!/bin/sh\necho script ran\n";
    write(script, text, sizeof text - 1);
    fchmod(script, 0755);
    close(script);
    script = open(path, O_RDONLY | O_CLOEXEC);
    unlink(path);
    char *args[] = {"script", NULL};
    fexecve(script, args, environ);
    printf("fexecve of a script through an O_CLOEXEC descriptor: %s\n", strerror(errno));
    return 0;
}
