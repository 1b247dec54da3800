# add, addw: wrap-around, sign extension of W results, x0 as source and destination.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, add, 0x00000000, 0x00000000, 0x00000000)
        TEST_RR(3, add, 0x00000002, 0x00000001, 0x00000001)
        TEST_RR(4, add, 0x0000000a, 0x00000003, 0x00000007)
        TEST_RR(5, add, 0xffffffffffff8000, 0x0000000000000000, 0xffffffffffff8000)
        TEST_RR(6, add, 0xffffffff80000000, 0xffffffff80000000, 0x00000000)
        TEST_RR(7, add, 0x8000000000000000, 0x7fffffffffffffff, 1)
        TEST_RR(8, add, 0, -1, 1)
        TEST_RR(9, add, 0x0000000080000000, 0x7fffffff, 1)
        TEST_RR_SAME(10, add, 26, 13)
        TEST_RR_ZERO_DEST(11, add, 16, 30)
        TEST_CASE(12, x14, 15, li x1, 15; add x14, x0, x1)
        TEST_RR(13, addw, 0xffffffff80000000, 0x7fffffff, 1)
        TEST_RR(14, addw, 0, 0xffffffff, 1)
        TEST_RR(15, addw, 0x12345678, 0x1212345678, 0)
        TEST_RR(16, addw, 0xfffffffffffffffe, -1, -1)
        TEST_RR_SAME(17, addw, 0xfffffffffffffffe, 0x7fffffff)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
