/* args.c - prints argc, every argv entry (except argv[0], whose spelling
 * depends on how the program was started), and the values of environment
 * variables named by arguments of the form "env:NAME" ("(unset)" when
 * unset).  Without any env: argument it reports TERN_SAMPLE_VAR.  The
 * argument --environ also prints the whole environment, sorted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)   /* argv[0] is path-dependent: skip it */
        printf("argv[%d]=\"%s\" (len %zu)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc]=%s\n", argv[argc] == NULL ? "NULL" : "non-NULL");
    int queried = 0;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "env:", 4) == 0) {
            const char *name = argv[i] + 4;
            const char *v = getenv(name);
            printf("env %s=%s\n", name, v ? v : "(unset)");
            queried++;
        }
    }
    if (!queried) {
        const char *v = getenv("TERN_SAMPLE_VAR");
        printf("env TERN_SAMPLE_VAR=%s\n", v ? v : "(unset)");
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--environ") == 0) {
            size_t n = 0;
            while (environ[n]) n++;
            char **copy = malloc((n + 1) * sizeof *copy);
            memcpy(copy, environ, (n + 1) * sizeof *copy);
            qsort(copy, n, sizeof *copy, cmp);
            printf("environ: %zu entries\n", n);
            for (size_t k = 0; k < n; k++) printf("  %s\n", copy[k]);
            free(copy);
            break;
        }
    }
    return 0;
}
