# div, divu, rem, remu: rounding toward zero, division by zero, overflow.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, div, 3, 20, 6)
        TEST_RR(3, div, -3, -20, 6)
        TEST_RR(4, div, -3, 20, -6)
        TEST_RR(5, div, 3, -20, -6)
        TEST_RR(6, div, 0x8000000000000000, 0x8000000000000000, -1)
        TEST_RR(7, div, -1, 5, 0)
        TEST_RR(8, divu, 3, 20, 6)
        TEST_RR(9, divu, 0x2aaaaaaaaaaaaaa7, -20, 6)
        TEST_RR(10, divu, 0xffffffffffffffff, 5, 0)
        TEST_RR(11, rem, 2, 20, 6)
        TEST_RR(12, rem, -2, -20, 6)
        TEST_RR(13, rem, 2, 20, -6)
        TEST_RR(14, rem, 0, 0x8000000000000000, -1)
        TEST_RR(15, rem, 5, 5, 0)
        TEST_RR(16, remu, 2, 20, 6)
        TEST_RR(17, remu, 2, -20, 6)
        TEST_RR(18, remu, -20, -20, 0)
        TEST_RR_SAME(19, div, 1, -7)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
