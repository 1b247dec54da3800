/* CRC-32 (IEEE, reflected, table driven) over a 1 MiB buffer, repeated. */
#include "bench.h"
#define SIZE (1 << 20)

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 200);
    static uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    static uint8_t buf[SIZE];
    uint64_t s = 42;
    for (int i = 0; i < SIZE; i++) buf[i] = (uint8_t)bench_rand(&s);
    uint64_t sum = 0;
    for (long r = 0; r < reps; r++) {
        buf[r % SIZE] ^= (uint8_t)r;
        uint32_t crc = 0xFFFFFFFFu;
        for (int i = 0; i < SIZE; i++) crc = table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
        sum = bench_mix(sum, crc ^ 0xFFFFFFFFu);
    }
    bench_report("crc32", sum);
    return 0;
}
