# Zicboz: cbo.zero writes zeros over the whole 64-byte block holding the
# address (any offset inside it), and nothing outside it.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        .option push
        .option norelax                 # no gp-relative relaxation: gp is TESTNUM
        la x1, block
        .option pop
        li x2, -1
        li x6, 0
fill:   add x7, x1, x6                  # 192 bytes of all-ones around the block
        sd x2, -64(x7)
        addi x6, x6, 8
        li x7, 192
        bltu x6, x7, fill
        addi x5, x1, 37                 # an address inside the block
        cbo.zero (x5)
        TEST_CASE(2, x14, 0, ld x14, 0(x1))
        TEST_CASE(3, x14, 0, ld x14, 56(x1))
        TEST_CASE(4, x14, 0, ld x14, 32(x1))
        TEST_CASE(5, x14, -1, ld x14, -8(x1))
        TEST_CASE(6, x14, -1, ld x14, 64(x1))
        TEST_CASE(7, x14, -1, ld x14, -64(x1))
        addi x5, x1, 64 + 63            # last byte of the next block
        cbo.zero (x5)
        TEST_CASE(8, x14, 0, ld x14, 64(x1))
        TEST_CASE(9, x14, 0, ld x14, 120(x1))
        TEST_CASE(10, x14, -1, ld x14, -8(x1))
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .balign 64
        .zero 64
block:  .zero 192
RVTEST_DATA_END
