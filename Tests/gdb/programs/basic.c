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

int main(void) {
    int r = sum_squares(5);
    double s = scaled(r);
    printf("sum=%d counter=%d scaled=%.3f last=%ld\n", r, counter, s, history[5]);
    return r & 0x7f;
}
