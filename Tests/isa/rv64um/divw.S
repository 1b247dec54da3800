# divw, divuw, remw, remuw: 32-bit operands, sign-extended results.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, divw, 3, 20, 6)
        TEST_RR(3, divw, -3, 0xffffffffffffffec, 6)
        TEST_RR(4, divw, 0xffffffff80000000, 0x80000000, -1)
        TEST_RR(5, divw, -1, 0x123400000005, 0x100000000)
        TEST_RR(6, divuw, 0x000000007ffffffc, 0xfffffff8, 2)
        TEST_RR(7, divuw, 0xffffffffffffffff, 5, 0)
        TEST_RR(8, divuw, 0xffffffff80000000, 0x80000000, 1)
        TEST_RR(9, remw, -2, 0xffffffffffffffec, 6)
        TEST_RR(10, remw, 0, 0x80000000, -1)
        TEST_RR(11, remw, 0xffffffff80000005, 0xffffffff80000005, 0)
        TEST_RR(12, remuw, 2, 20, 6)
        TEST_RR(13, remuw, 0xfffffffffffffffb, 0xfffffffb, 0)
        TEST_RR(14, remuw, 0x00000001, 0x700000003, 2)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
