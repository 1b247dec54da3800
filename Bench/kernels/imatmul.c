/* Integer matrix multiply: 160x160 int32 matrices, C = A*B repeated, A updated from C. */
#include "bench.h"
#define D 160

static int32_t A[D][D], B[D][D], C[D][D];

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 700);
    uint64_t s = 3;
    for (int i = 0; i < D; i++)
        for (int j = 0; j < D; j++) { A[i][j] = (int32_t)(bench_rand(&s) % 201) - 100; B[i][j] = (int32_t)(bench_rand(&s) % 201) - 100; }
    uint64_t sum = 0;
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) C[i][j] = 0;
            for (int k = 0; k < D; k++) {
                int32_t a = A[i][k];
                for (int j = 0; j < D; j++) C[i][j] += a * B[k][j];
            }
        }
        uint64_t t = 0;
        for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) t = t * 31 + (uint32_t)C[i][j];
        sum = bench_mix(sum, t);
        for (int i = 0; i < D; i++) A[i][(int)(r % D)] = C[i][i] % 101;
    }
    bench_report("imatmul", sum);
    return 0;
}
