/* perf sample: almost all the time goes to checksum_rounds (noinline), so
 * perf report must name it as the hottest guest function. */
#include <stdio.h>
#include <stdint.h>

static uint32_t table[4096];

__attribute__((noinline)) uint64_t checksum_rounds(int rounds) {
    uint64_t h = 1469598103934665603ull;
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < 4096; i++) {
            h ^= table[i] + (uint64_t)r;
            h *= 1099511628211ull;
            h = (h << 13) | (h >> 51);
        }
    return h;
}

int main(void) {
    for (int i = 0; i < 4096; i++) table[i] = (uint32_t)i * 2654435761u;
    printf("%llx\n", (unsigned long long)checksum_rounds(40000));
    return 0;
}
