/* gdb sessions: breakpoints, stepping, finish, watchpoints, registers. */
#include <stdio.h>

int counter;
double scale = 1.5;
long history[8];

int square(int x) { return x * x; }

int sum_squares(int n) {
    int total = 0;
    for (int i = 1; i <= n; i++) {
        total += square(i);
        counter++;
        history[i & 7] = total;
    }
    return total;
}

double scaled(double v) { return v * scale / 7.0; }

/* Temporaries still hold whatever the C library's start-up left there, which
 * depends on the initial stack's layout (emulator-specific): give them known
 * values so that `info registers` is the same everywhere. */
static void fill_temporaries(void) {
    __asm__ volatile("li t0, 0x50\n li t1, 0x51\n li t2, 0x52\n li a6, 0x56\n li a7, 0x57\n"
                     "li t3, 0x5c\n li t4, 0x5d\n li t5, 0x5e\n li t6, 0x5f"
                     ::: "t0", "t1", "t2", "a6", "a7", "t3", "t4", "t5", "t6");
}

int main(void) {
    fill_temporaries();
    int r = sum_squares(5);
    double s = scaled(r);
    printf("sum=%d counter=%d scaled=%.3f last=%ld\n", r, counter, s, history[5]);
    return r & 0x7f;
}
