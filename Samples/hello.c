/* hello.c - the smallest sample: prints a greeting. */
#include <stdio.h>

int main(void) {
    printf("Hello, world from RISC-V!\n");
    return 0;
}
