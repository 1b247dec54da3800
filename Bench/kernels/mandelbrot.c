/* Mandelbrot set: 256x256 points, up to 200 iterations each, over a window
 * that moves with each repetition; counts escape iterations. */
#include "bench.h"
#define W 256
#define H 256
#define MAXIT 200

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 150);
    uint64_t sum = 0;
    for (long r = 0; r < reps; r++) {
        double cx0 = -2.0 + 0.001 * (double)r, cy0 = -1.25, scale = 2.5 / W;
        uint64_t total = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double cr = cx0 + x * scale, ci = cy0 + y * scale, zr = 0, zi = 0;
                int it = 0;
                while (it < MAXIT && zr * zr + zi * zi <= 4.0) {
                    double t = zr * zr - zi * zi + cr;
                    zi = 2.0 * zr * zi + ci;
                    zr = t;
                    it++;
                }
                total += (uint64_t)it * (uint64_t)(x + 1);
            }
        }
        sum = bench_mix(sum, total);
    }
    bench_report("mandelbrot", sum);
    return 0;
}
