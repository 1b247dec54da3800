/* matrix.c - integer and double matrix multiplication, transposes and a
 * checksum of the results. */
#include <stdio.h>
#include <stdint.h>

enum { N = 64 };
static int32_t ai[N][N], bi[N][N];
static int64_t ci[N][N];
static double ad[N][N], bd[N][N], cd[N][N];
static float af[N][N], cf[N][N];

int main(void) {
    uint32_t s = 1;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            s = s * 1103515245u + 12345u;
            ai[i][j] = (int32_t)(s >> 16) % 2001 - 1000;
            s = s * 1103515245u + 12345u;
            bi[i][j] = (int32_t)(s >> 16) % 2001 - 1000;
            ad[i][j] = (double)ai[i][j] / 7.0;
            bd[i][j] = 1.0 / (1.0 + i + 2 * j);
            af[i][j] = (float)bi[i][j] / 3.0f;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int64_t acc = 0;
            for (int k = 0; k < N; k++) acc += (int64_t)ai[i][k] * bi[k][j];
            ci[i][j] = acc;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double acc = 0;
            for (int k = 0; k < N; k++) acc += ad[i][k] * bd[k][j];
            cd[i][j] = acc;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            float acc = 0;
            for (int k = 0; k < N; k++) acc += af[i][k] * af[j][k];
            cf[i][j] = acc;
        }
    int64_t trace = 0, sum = 0;
    uint64_t h = 0;
    for (int i = 0; i < N; i++) {
        trace += ci[i][i];
        for (int j = 0; j < N; j++) { sum += ci[i][j]; h = h * 1099511628211ULL ^ (uint64_t)ci[i][j]; }
    }
    printf("int: trace=%lld sum=%lld hash=%016llx c[3][5]=%lld\n", (long long)trace, (long long)sum,
           (unsigned long long)h, (long long)ci[3][5]);
    double dtrace = 0, dsum = 0;
    for (int i = 0; i < N; i++) { dtrace += cd[i][i]; for (int j = 0; j < N; j++) dsum += cd[i][j]; }
    printf("double: trace=%.17g sum=%.17g c[7][9]=%.17g\n", dtrace, dsum, cd[7][9]);
    float ftrace = 0;
    int sym = 1;
    for (int i = 0; i < N; i++) { ftrace += cf[i][i]; for (int j = 0; j < i; j++) sym &= cf[i][j] == cf[j][i]; }
    printf("float: trace=%.9g symmetric=%d c[1][2]=%.9g\n", (double)ftrace, sym, (double)cf[1][2]);
    /* matrix power of a small integer matrix (Fibonacci) */
    uint64_t m[2][2] = {{1, 1}, {1, 0}}, r[2][2] = {{1, 0}, {0, 1}};
    for (int e = 90; e; e >>= 1) {
        uint64_t t[2][2];
        if (e & 1) {
            for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) t[i][j] = r[i][0] * m[0][j] + r[i][1] * m[1][j];
            for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) r[i][j] = t[i][j];
        }
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) t[i][j] = m[i][0] * m[0][j] + m[i][1] * m[1][j];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) m[i][j] = t[i][j];
    }
    printf("fib(90) via matrix power=%llu\n", (unsigned long long)r[0][1]);
    return 0;
}
