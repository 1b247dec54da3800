/* stdin.c - reads all of standard input and prints wc-style counts
 * (lines, words, bytes) plus an FNV-1a checksum of the bytes. */
#include <stdio.h>
#include <stdint.h>
#include <ctype.h>
#include <unistd.h>

int main(void) {
    unsigned char buf[4096];
    uint64_t lines = 0, words = 0, bytes = 0, h = 1469598103934665603ULL;
    int inword = 0;
    uint64_t longest = 0, cur = 0;
    ssize_t n;
    while ((n = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = buf[i];
            bytes++;
            h = (h ^ c) * 1099511628211ULL;
            if (c == '\n') { lines++; if (cur > longest) longest = cur; cur = 0; }
            else cur++;
            if (isspace(c)) inword = 0;
            else if (!inword) { inword = 1; words++; }
        }
    }
    if (cur > longest) longest = cur;
    if (n < 0) { perror("read"); return 1; }
    printf("lines=%llu words=%llu bytes=%llu longest=%llu\n",
           (unsigned long long)lines, (unsigned long long)words,
           (unsigned long long)bytes, (unsigned long long)longest);
    printf("fnv1a=%016llx\n", (unsigned long long)h);
    return 0;
}
