# HTIF console: device 1, command 1 writes one byte to stdout; the host clears
# tohost and answers through fromhost. Prints "ok\n".
#include "env.h"
#include "test_macros.h"
#define PUTCHAR(c)                                                      \
        li x2, (1 << 56) | (1 << 48) | (c);                             \
        la x6, tohost; sd x2, 0(x6);                                    \
        la x4, fromhost; 1: ld x5, 0(x4); beqz x5, 1b; sd x0, 0(x4)
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 0, PUTCHAR('o'); PUTCHAR('k'); PUTCHAR('\n'); la x6, tohost; ld x14, 0(x6))
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
RVTEST_DATA_END
