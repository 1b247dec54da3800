/* Spectral norm (the Benchmarks Game): 10 power iterations on a 400x400
 * implicit matrix per repetition. */
#include "bench.h"
#include <math.h>
#include <string.h>
#define N 400

static inline double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static void mul_av(const double *v, double *av) {
    for (int i = 0; i < N; i++) { double s = 0; for (int j = 0; j < N; j++) s += A(i, j) * v[j]; av[i] = s; }
}
static void mul_atv(const double *v, double *atv) {
    for (int i = 0; i < N; i++) { double s = 0; for (int j = 0; j < N; j++) s += A(j, i) * v[j]; atv[i] = s; }
}
static void mul_atav(const double *v, double *out, double *tmp) { mul_av(v, tmp); mul_atv(tmp, out); }

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 120);
    static double u[N], v[N], tmp[N];
    uint64_t sum = 0;
    double result = 0;
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < N; i++) u[i] = 1.0 + (double)(r % 3) * 0.25;
        for (int k = 0; k < 10; k++) { mul_atav(u, v, tmp); mul_atav(v, u, tmp); }
        double vbv = 0, vv = 0;
        for (int i = 0; i < N; i++) { vbv += u[i] * v[i]; vv += v[i] * v[i]; }
        result = sqrt(vbv / vv);
        uint64_t bits; memcpy(&bits, &result, 8);
        sum = bench_mix(sum, bits);
    }
    printf("norm %.9f\n", result);
    bench_report("spectralnorm", sum);
    return 0;
}
