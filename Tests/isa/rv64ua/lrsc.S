# lr/sc: a matching sc succeeds (0) and stores, an sc without reservation fails
# (non-zero) and does not store; lr.w sign-extends; a counter loop of lr/sc.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 0xffffffff80000000, la x1, amo_word; li x2, 0x80000000; sw x2, 0(x1); lr.w x14, (x1))
        TEST_CASE(3, x14, 0, la x1, amo_word; li x2, 5; sc.w x14, x2, (x1))
        CHECK(x2, 5, lw x2, 0(x1))
        TEST_CASE(4, x14, 1, la x1, amo_word; li x2, 9; sc.w x14, x2, (x1); snez x14, x14)
        CHECK(x2, 5, lw x2, 0(x1))
        TEST_CASE(5, x14, 0x123456789, la x1, amo_word; li x2, 0x123456789; sd x2, 0(x1); lr.d x14, (x1))
        TEST_CASE(6, x14, 0, la x1, amo_word; li x2, -1; sc.d x14, x2, (x1))
        CHECK(x2, -1, ld x2, 0(x1))
        TEST_CASE(7, x14, 100, la x1, amo_word; sd x0, 0(x1); li x5, 100; 1: lr.d x2, (x1); addi x2, x2, 1; sc.d x6, x2, (x1); bnez x6, 1b; addi x5, x5, -1; bnez x5, 1b; ld x14, 0(x1))
        /* An sc to another address than the lr's fails and does not store. */
        TEST_CASE(8, x14, 1, la x1, amo_word; lr.d x2, (x1); li x2, 42; addi x5, x1, 8; sc.d x14, x2, (x5); snez x14, x14)
        CHECK(x2, 0, ld x2, 8(x1))
        /* A second sc without a new lr fails. */
        TEST_CASE(9, x14, 1, la x1, amo_word; lr.w x2, (x1); sc.w x14, x2, (x1); bnez x14, fail; sc.w x14, x2, (x1); snez x14, x14)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
amo_word: .dword 0, 0
