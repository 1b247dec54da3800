/* Double-precision matrix multiply: 160x160, C = A*B repeated, A nudged from C. */
#include "bench.h"
#include <string.h>
#define D 160

static double A[D][D], B[D][D], C[D][D];

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 1400);
    uint64_t s = 17;
    for (int i = 0; i < D; i++)
        for (int j = 0; j < D; j++) {
            A[i][j] = (double)(bench_rand(&s) % 2001) / 1000.0 - 1.0;
            B[i][j] = (double)(bench_rand(&s) % 2001) / 1000.0 - 1.0;
        }
    uint64_t sum = 0;
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) C[i][j] = 0;
            for (int k = 0; k < D; k++) {
                double a = A[i][k];
                for (int j = 0; j < D; j++) C[i][j] += a * B[k][j];
            }
        }
        double t = 0;
        for (int i = 0; i < D; i++) t += C[i][i] - C[i][D - 1 - i];
        uint64_t bits; memcpy(&bits, &t, 8);
        sum = bench_mix(sum, bits);
        for (int i = 0; i < D; i++) A[i][(int)(r % D)] = C[i][i] * 1e-3;
    }
    bench_report("fmatmul", sum);
    return 0;
}
