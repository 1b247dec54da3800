/* strings.c - string processing: tokenizing, reversing, strstr, snprintf
 * formatting, sorting words, case mapping, and a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <stdint.h>

static const char *text =
    "The quick brown fox jumps over the lazy dog. Pack my box with five dozen "
    "liquor jugs! How vexingly quick daft zebras jump; the five boxing wizards "
    "jump quickly, sphinx of black quartz: judge my vow.";

static int cmpstr(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void reverse(char *s) {
    for (size_t i = 0, j = strlen(s); i + 1 < j; i++, j--) { char t = s[i]; s[i] = s[j - 1]; s[j - 1] = t; }
}

int main(void) {
    char *copy = strdup(text);
    char *words[64];
    int n = 0;
    for (char *tok = strtok(copy, " .,;:!"); tok && n < 64; tok = strtok(NULL, " .,;:!")) words[n++] = tok;
    printf("tokens=%d first=%s last=%s\n", n, words[0], words[n - 1]);
    for (int i = 0; i < n; i++) for (char *c = words[i]; *c; c++) *c = (char)tolower((unsigned char)*c);
    qsort(words, (size_t)n, sizeof words[0], cmpstr);
    printf("sorted:");
    for (int i = 0; i < n; i++) if (i == 0 || strcmp(words[i], words[i - 1]) != 0) printf(" %s", words[i]);
    printf("\n");

    char buf[256];
    strcpy(buf, "Hello, RISC-V world");
    reverse(buf);
    printf("reversed: %s\n", buf);
    const char *p = strstr(text, "quick");
    int hits = 0;
    while (p) { hits++; p = strstr(p + 1, "quick"); }
    printf("strstr quick: %d hits, first at %ld\n", hits, (long)(strstr(text, "quick") - text));
    printf("strchr z at %ld, strrchr o at %ld, strspn=%zu strcspn=%zu\n", (long)(strchr(text, 'z') - text),
           (long)(strrchr(text, 'o') - text), strspn("aaabbbccc", "ab"), strcspn(text, "xyz"));
    printf("memcmp=%d strncmp=%d strcmp=%d\n", memcmp("abc", "abd", 3) < 0, strncmp("abcdef", "abcxyz", 3),
           strcmp("b", "a") > 0);

    snprintf(buf, sizeof buf, "[%5d|%-5d|%05d|%+d|%x|%X|%o|%#x|%c|%s|%.3s|%10.4f|%-10.2e|%g]", 42, 42, 42, 42,
             255, 255, 8, 255, 'Q', "str", "truncate", 3.14159265, 12345.678, 0.0001);
    printf("%s\n", buf);
    int r = snprintf(buf, 8, "%s", "overflowing string");
    printf("snprintf trunc: ret=%d buf=%s\n", r, buf);
    snprintf(buf, sizeof buf, "%lld %llu %hhd %hd %zu %p", -9223372036854775807LL - 1, 18446744073709551615ULL,
             (signed char)-1, (short)-32768, (size_t)12345, (void *)0x1234);
    printf("%s\n", buf);

    long v = strtol("  -12345xyz", NULL, 10);
    unsigned long h = strtoul("0xDEADbeef", NULL, 16);
    double d = strtod("6.02214076e23", NULL);
    printf("strtol=%ld strtoul=%lu strtod=%.10g atoi=%d\n", v, h, d, atoi("777"));

    char big[4096] = "";
    size_t len = 0;
    for (int i = 0; i < 200; i++) len += (size_t)snprintf(big + len, sizeof big - len, "%d,", i * i);
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i++) sum = sum * 31 + (uint8_t)big[i];
    printf("joined len=%zu checksum=%08x\n", len, sum);

    int upper = 0, vowels = 0, letters = 0;
    for (const char *c = text; *c; c++) {
        if (isupper((unsigned char)*c)) upper++;
        if (isalpha((unsigned char)*c)) letters++;
        if (strchr("aeiouAEIOU", *c)) vowels++;
    }
    printf("letters=%d upper=%d vowels=%d\n", letters, upper, vowels);
    int seen[26] = {0};
    for (const char *c = text; *c; c++) if (isalpha((unsigned char)*c)) seen[tolower((unsigned char)*c) - 'a'] = 1;
    int all = 1;
    for (int i = 0; i < 26; i++) all &= seen[i];
    printf("pangram=%d\n", all);
    char *dup = strndup(text, 9);
    printf("strndup=%s memchr=%ld\n", dup, (long)((const char *)memchr(text, 'x', strlen(text)) - text));
    memmove(buf, "0123456789", 11);
    memmove(buf + 2, buf, 6);
    printf("memmove=%s\n", buf);
    free(dup);
    free(copy);
    return 0;
}
