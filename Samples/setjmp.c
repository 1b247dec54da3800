/* setjmp.c - setjmp/longjmp across several frames, nested handlers, an
 * error-handling pattern with cleanup, and local-variable preservation. */
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

static jmp_buf *current;
static int depth_reached;
static char trail[256];

static void note(const char *s) { strncat(trail, s, sizeof trail - strlen(trail) - 1); }

static void throw_error(int code) {
    note("T");
    longjmp(*current, code);
}

__attribute__((noinline)) static int level(int n, int fail_at) {
    volatile char pad[64];
    pad[n % 64] = (char)n;
    depth_reached = n;
    if (n == fail_at) throw_error(100 + n);
    if (n == 0) return pad[0];
    return level(n - 1, fail_at) + pad[n % 64];
}

static int try_level(int n, int fail_at) {
    jmp_buf env, *saved = current;
    current = &env;
    int code = setjmp(env);
    if (code == 0) {
        int r = level(n, fail_at);
        current = saved;
        note("ok;");
        return r;
    }
    current = saved;
    note("caught;");
    return -code;
}

static int nested(void) {
    jmp_buf outer, *saved = current;
    volatile int stage = 0;
    current = &outer;
    int c = setjmp(outer);
    if (c == 0) {
        stage = 1;
        int inner_result = try_level(10, 4);   /* caught by inner handler */
        stage = 2;
        printf("inner result=%d\n", inner_result);
        level(20, 15);                          /* propagates to outer */
        stage = 3;
    }
    current = saved;
    printf("outer caught code=%d at stage=%d depth=%d\n", c, stage, depth_reached);
    return c;
}

int main(void) {
    printf("no error: %d\n", try_level(30, -1));
    printf("error: %d\n", try_level(30, 7));
    printf("nested: %d\n", nested());
    jmp_buf env;
    volatile int counter = 0;
    int v = setjmp(env);
    counter++;
    if (v < 5) longjmp(env, v + 1);
    printf("loop via longjmp: v=%d counter=%d\n", v, counter);
    jmp_buf z;
    int zv = setjmp(z);
    if (zv == 0) longjmp(z, 0);                 /* longjmp(…, 0) yields 1 */
    printf("longjmp 0 gives %d\n", zv);
    sigjmp_buf sj;
    int sv = sigsetjmp(sj, 1);
    if (sv == 0) siglongjmp(sj, 77);
    printf("siglongjmp gives %d\n", sv);
    printf("trail=%s\n", trail);
    return 0;
}
