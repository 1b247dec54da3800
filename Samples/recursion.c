/* recursion.c - deep and branchy recursion: Ackermann, Fibonacci,
 * Tower of Hanoi move counts, and a recursive permutation counter. */
#include <stdio.h>
#include <stdint.h>

static uint64_t calls;

__attribute__((noinline)) static uint64_t ack(uint64_t m, uint64_t n) {
    calls++;
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

__attribute__((noinline)) static uint64_t fib(int n) {
    return n < 2 ? (uint64_t)n : fib(n - 1) + fib(n - 2);
}

static uint64_t moves;
__attribute__((noinline)) static void hanoi(int n, int from, int to, int via, uint64_t *sig) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to, sig);
    moves++;
    *sig = *sig * 31 + (uint64_t)(from * 3 + to);
    hanoi(n - 1, via, to, from, sig);
}

__attribute__((noinline)) static int queens(int n, int row, unsigned cols, unsigned d1, unsigned d2) {
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        unsigned a = 1u << c, b = 1u << (row + c), d = 1u << (row - c + n);
        if ((cols & a) || (d1 & b) || (d2 & d)) continue;
        count += queens(n, row + 1, cols | a, d1 | b, d2 | d);
    }
    return count;
}

int main(void) {
    for (uint64_t m = 0; m <= 3; m++)
        for (uint64_t n = 0; n <= 4; n++) {
            calls = 0;
            uint64_t r = ack(m, n);
            printf("ack(%llu,%llu)=%llu calls=%llu\n", (unsigned long long)m,
                   (unsigned long long)n, (unsigned long long)r, (unsigned long long)calls);
        }
    calls = 0;
    printf("ack(2,300)=%llu calls=%llu\n", (unsigned long long)ack(2, 300), (unsigned long long)calls);
    for (int i = 0; i <= 25; i += 5) printf("fib(%d)=%llu\n", i, (unsigned long long)fib(i));
    for (int n = 1; n <= 16; n += 5) {
        uint64_t sig = 7;
        moves = 0;
        hanoi(n, 0, 2, 1, &sig);
        printf("hanoi(%d) moves=%llu sig=%016llx\n", n, (unsigned long long)moves, (unsigned long long)sig);
    }
    for (int n = 4; n <= 8; n++) printf("queens(%d)=%d\n", n, queens(n, 0, 0, 0, 0));
    return 0;
}
