/* wildptr.c - stores to an unmapped low address: the guest must die with
 * SIGSEGV (status 139 under qemu). */
#include <stdio.h>

int main(void) {
    printf("about to store through a wild pointer\n");
    fflush(stdout);
    volatile int *p = (volatile int *)0x10;
    *p = 42;
    printf("still alive?!\n");
    return 0;
}
