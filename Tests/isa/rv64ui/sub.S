# sub, subw.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, sub, 0, 0, 0)
        TEST_RR(3, sub, 0xffffffffffffffff, 0, 1)
        TEST_RR(4, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
        TEST_RR(5, sub, 0x8000000000000001, 0x8000000000000000, 0xffffffffffffffff)
        TEST_RR(6, sub, 0x0000000100000000, 0x00000000ffffffff, 0xffffffffffffffff)
        TEST_RR_SAME(7, sub, 0, 0x1234)
        TEST_RR(8, subw, 0xffffffff80000000, 0x7fffffff, 0xffffffffffffffff)
        TEST_RR(9, subw, 0x7fffffff, 0x80000000, 1)
        TEST_RR(10, subw, 0xffffffffffffffff, 0x100000000, 1)
        TEST_RR_ZERO_DEST(11, subw, 5, 3)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
