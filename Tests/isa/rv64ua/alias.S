# AMOs and lr/sc whose destination aliases a source register, and rd = x0.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        /* rd = rs2: the old memory value lands in rd, memory gets the old rs2. */
        TEST_CASE(2, x2, 7, la x1, amo_word; li x2, 7; sd x2, 0(x1); li x2, 5; amoswap.d x2, x2, (x1))
        CHECK(x5, 5, ld x5, 0(x1))
        TEST_CASE(3, x2, 5, la x1, amo_word; li x2, 3; amoadd.d x2, x2, (x1))
        CHECK(x5, 8, ld x5, 0(x1))
        /* rd = rs1: the address is read before rd is written. */
        TEST_CASE(4, x14, 8, la x1, amo_word; mv x6, x1; li x2, 1; amoadd.d x1, x2, (x1); mv x14, x1)
        CHECK(x5, 9, ld x5, 0(x6))
        TEST_CASE(5, x14, 0xffffffff80000000, la x1, amo_word; li x2, 0x80000000; sw x2, 0(x1); lr.w x1, (x1); mv x14, x1)
        /* sc with rd = rs2: stores the value, then rd = 0. */
        TEST_CASE(6, x2, 0, la x1, amo_word; lr.d x5, (x1); li x2, 0x55; sc.d x2, x2, (x1))
        CHECK(x5, 0x55, ld x5, 0(x1))
        /* rd = x0: the memory update still happens. */
        TEST_CASE(7, x5, 0x5a, la x1, amo_word; li x2, 0x0f; amoxor.d x0, x2, (x1); ld x5, 0(x1))
        TEST_CASE(8, x5, 0xffffffffffffff9c, la x1, amo_word; li x2, -100; sd x0, 0(x1); amomin.w x0, x2, (x1); lw x5, 0(x1))
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .balign 8
amo_word: .dword 0
RVTEST_DATA_END
