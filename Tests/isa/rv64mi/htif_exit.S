# HTIF exit syscall: exit(0) through a syscall block ends the run successfully
# (the checks before it must pass; a failure still reports through tohost).
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, add, 3, 1, 2)
        bne x0, TESTNUM, 1f
        j fail
1:      la x1, block; li x2, 93; sd x2, 0(x1); sd x0, 8(x1); fence
        la x6, tohost; sd x1, 0(x6)
        j fail
fail:   RVTEST_FAIL
RVTEST_DATA_BEGIN
        .balign 64
block:  .dword 0, 0, 0, 0
RVTEST_DATA_END
