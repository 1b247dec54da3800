/* Calls host libm functions through Tern's host-call ecall (include/tern.h).
 * Under qemu-riscv64 or real Linux the ecall answers -ENOSYS and the sample
 * computes the same values with its own libm, so stdout is identical.
 * With --require-host it fails unless every call reached the host, and also
 * prints the error answers for bad calls (tern only; compared with
 * Tests/e2e/expected/hostcall-require-host.txt). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "include/tern.h"

static int require_host, host_calls, fallbacks;

static void note(long rc) {
    if (rc == 0) host_calls++;
    else if (rc == -ENOSYS) fallbacks++;
    else printf("unexpected host-call answer %ld\n", rc);
}

static double d_d(const char *name, double x, double (*own)(double)) {
    double r;
    long rc = tern_host_d_d(name, x, &r);
    note(rc);
    return rc == 0 ? r : own(x);
}

static double d_dd(const char *name, double x, double y, double (*own)(double, double)) {
    double r;
    long rc = tern_host_d_dd(name, x, y, &r);
    note(rc);
    return rc == 0 ? r : own(x, y);
}

int main(int argc, char **argv) {
    require_host = argc > 1 && strcmp(argv[1], "--require-host") == 0;

    printf("sin(0.5) = %.12g\n", d_d("sin", 0.5, sin));
    printf("sqrt(2) = %.12g\n", d_d("sqrt", 2.0, sqrt));
    printf("exp(1) = %.12g\n", d_d("exp", 1.0, exp));
    printf("pow(2, 0.5) = %.12g\n", d_dd("pow", 2.0, 0.5, pow));
    printf("pow(1.5, 10) = %.12g\n", d_dd("pow", 1.5, 10.0, pow));
    printf("hypot(3, 4) = %.12g\n", d_dd("hypot", 3.0, 4.0, hypot));
    printf("atan2(1, -1) = %.12g\n", d_dd("atan2", 1.0, -1.0, atan2));

    /* float in, float out */
    uint64_t r = 0, fs[1] = {tern_slot_f(2.25f)};
    long rc = tern_hostcall("sqrtf", "ff", fs, &r);
    note(rc);
    printf("sqrtf(2.25) = %.7g\n", rc == 0 ? tern_result_f(r) : sqrtf(2.25f));

    /* double and int32 */
    uint64_t ls[2] = {tern_slot_d(0.75), (uint64_t)(int64_t)-3};
    rc = tern_hostcall("ldexp", "ddi", ls, &r);
    note(rc);
    printf("ldexp(0.75, -3) = %.12g\n", rc == 0 ? tern_result_d(r) : ldexp(0.75, -3));

    /* a buffer the host writes: frexp(48, &exponent) */
    int exponent = 0;
    uint64_t xs[3] = {tern_slot_d(48.0), tern_slot_ptr(&exponent), sizeof exponent};
    rc = tern_hostcall("frexp", "ddp", xs, &r);
    note(rc);
    double mantissa = rc == 0 ? tern_result_d(r) : frexp(48.0, &exponent);
    printf("frexp(48) = %.12g * 2^%d\n", mantissa, exponent);

    /* a string argument, int64 result */
    const char *word = "riscv on x86-64";
    uint64_t ss[1] = {tern_slot_ptr(word)};
    rc = tern_hostcall("strlen", "ls", ss, &r);
    note(rc);
    printf("strlen(\"%s\") = %ld\n", word, rc == 0 ? (long)r : (long)strlen(word));

    if (require_host) {
        double unused;
        printf("unknown function: %ld\n", tern_host_d_d("system", 1.0, &unused));
        printf("wrong signature: %ld\n", tern_hostcall("sin", "ff", fs, &r));
        uint64_t bad[3] = {tern_slot_d(1.0), 0x10, 4};  /* unmapped buffer */
        printf("unmapped buffer: %ld\n", tern_hostcall("frexp", "ddp", bad, &r));
        uint64_t shortbuf[3] = {tern_slot_d(1.0), tern_slot_ptr(&exponent), 2};
        printf("short buffer: %ld\n", tern_hostcall("frexp", "ddp", shortbuf, &r));
        printf("unmapped slots: %ld\n", tern_hostcall("sin", "dd", (const uint64_t *)0x10, &r));
        printf("unmapped result: %ld\n", tern_hostcall("sin", "dd", fs, (void *)0x10));
        printf("host calls: %d, fallbacks: %d\n", host_calls, fallbacks);
        return fallbacks == 0 && host_calls == 11 ? 0 : 1;
    }
    return 0;
}
