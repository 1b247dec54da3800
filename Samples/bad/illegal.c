/* illegal.c - executes an all-ones word, which is not a valid rv64gc
 * instruction: the guest must die with SIGILL (status 132 under qemu). */
#include <stdio.h>

int main(void) {
    printf("about to execute an illegal instruction\n");
    fflush(stdout);
    __asm__ volatile(".4byte 0xffffffff");
    printf("still alive?!\n");
    return 0;
}
