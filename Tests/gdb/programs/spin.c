/* gdb sessions: Ctrl-C stops a guest spinning in a loop. */
volatile int stop_now;
volatile unsigned long spins;

int main(void) {
    while (!stop_now) spins++;
    return spins > 0 ? 7 : 8;
}
