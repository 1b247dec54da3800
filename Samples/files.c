/* files.c - file I/O through the kernel: create a temp file in /tmp, write,
 * lseek, read back, fstat, pread/pwrite, stdio on a file, rename, unlink.
 * Only contents and sizes are printed, never the (pid-based) name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>

int main(void) {
    char path[64], path2[72];
    snprintf(path, sizeof path, "/tmp/tern-files-%d.tmp", (int)getpid());
    snprintf(path2, sizeof path2, "%s.renamed", path);
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (fd < 0) { perror("open"); return 1; }
    const char *msg = "line one\nline two\nline three\n";
    ssize_t w = write(fd, msg, strlen(msg));
    printf("wrote %zd bytes\n", w);
    for (int i = 0; i < 100; i++) {
        char b[32];
        int n = snprintf(b, sizeof b, "record %03d\n", i);
        if (write(fd, b, (size_t)n) != n) { perror("write"); return 1; }
    }
    struct stat st;
    if (fstat(fd, &st) != 0) { perror("fstat"); return 1; }
    printf("fstat size=%lld regular=%d mode=%o\n", (long long)st.st_size, S_ISREG(st.st_mode) ? 1 : 0,
           (unsigned)(st.st_mode & 0777));
    off_t pos = lseek(fd, 0, SEEK_CUR);
    printf("pos=%lld\n", (long long)pos);
    printf("lseek(9)=%lld\n", (long long)lseek(fd, 9, SEEK_SET));
    char buf[64] = {0};
    ssize_t r = read(fd, buf, 8);
    printf("read %zd: \"%s\"\n", r, buf);
    printf("lseek(-11,END)=%lld\n", (long long)lseek(fd, -11, SEEK_END));
    memset(buf, 0, sizeof buf);
    r = read(fd, buf, sizeof buf - 1);
    printf("read %zd: \"%.*s\"\n", r, (int)(r > 0 ? r - 1 : 0), buf);
    r = read(fd, buf, 10);
    printf("read at eof=%zd\n", r);
    if (pwrite(fd, "LINE", 4, 0) != 4) { perror("pwrite"); return 1; }
    memset(buf, 0, sizeof buf);
    r = pread(fd, buf, 13, 0);
    printf("pread %zd: \"%.*s\"\n", r, 8, buf);
    printf("lseek past end=%lld\n", (long long)lseek(fd, 5000, SEEK_SET));
    if (write(fd, "Z", 1) != 1) { perror("write"); return 1; }
    fstat(fd, &st);
    printf("size after sparse write=%lld\n", (long long)st.st_size);
    if (ftruncate(fd, 100) != 0) perror("ftruncate");
    fstat(fd, &st);
    printf("size after ftruncate=%lld\n", (long long)st.st_size);
    close(fd);

    FILE *f = fopen(path, "r");
    if (!f) { perror("fopen"); return 1; }
    char line[64];
    int lines = 0;
    unsigned sum = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        for (char *c = line; *c; c++) sum = sum * 33 + (unsigned char)*c;
    }
    printf("fgets lines=%d sum=%08x\n", lines, sum);
    fclose(f);

    f = fopen(path, "a");
    fprintf(f, "appended %d\n", 123);
    fclose(f);
    if (rename(path, path2) != 0) { perror("rename"); return 1; }
    printf("old exists after rename: %s\n", access(path, F_OK) == 0 ? "yes" : "no");
    if (stat(path2, &st) != 0) { perror("stat"); return 1; }
    printf("renamed size=%lld\n", (long long)st.st_size);
    if (unlink(path2) != 0) { perror("unlink"); return 1; }
    errno = 0;
    int bad = open(path2, O_RDONLY);
    printf("open after unlink: fd=%d errno=%s\n", bad, errno == ENOENT ? "ENOENT" : "other");
    printf("close(-1)=%d EBADF=%d\n", close(-1), errno == EBADF);
    return 0;
}
