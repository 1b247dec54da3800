# HTIF syscall block: write(1, msg, len) through tohost/fromhost returns len and
# prints the message; the run is then ended by the usual tohost pass.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 27, la x1, block; li x2, 64; sd x2, 0(x1); li x2, 1; sd x2, 8(x1); la x2, msg; sd x2, 16(x1); li x2, 27; sd x2, 24(x1); fence; la x6, tohost; sd x1, 0(x6); la x4, fromhost; 1: ld x5, 0(x4); beqz x5, 1b; sd x0, 0(x4); ld x14, 0(x1))
        CHECK(x14, 0, la x6, tohost; ld x14, 0(x6))
        /* An unknown syscall answers -ENOSYS. */
        TEST_CASE(3, x14, -38, la x1, block; li x2, 1234; sd x2, 0(x1); fence; la x6, tohost; sd x1, 0(x6); la x4, fromhost; 1: ld x5, 0(x4); beqz x5, 1b; sd x0, 0(x4); ld x14, 0(x1))
        /* write to a bad file descriptor answers -EBADF. */
        TEST_CASE(4, x14, -9, la x1, block; li x2, 64; sd x2, 0(x1); li x2, 7; sd x2, 8(x1); fence; la x6, tohost; sd x1, 0(x6); la x4, fromhost; 1: ld x5, 0(x4); beqz x5, 1b; sd x0, 0(x4); ld x14, 0(x1))
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .balign 64
block:  .dword 0, 0, 0, 0, 0, 0, 0, 0
msg:    .ascii "hello from tern bare metal\n"
RVTEST_DATA_END
