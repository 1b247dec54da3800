# mul, mulh, mulhsu, mulhu, mulw.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, mul, 0x0000000000000000, 0, 0x7fffffffffffffff)
        TEST_RR(3, mul, 0x0000000000000001, -1, -1)
        TEST_RR(4, mul, 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff)
        TEST_RR(5, mul, 0xfedcba9876543210, 0xfedcba9876543210, 1)
        TEST_RR(6, mul, 0x924924924924924a, 0xb6db6db6db6db6db, 0xfffffffffffffffe)
        TEST_RR(7, mulh, 0x0000000000000000, 1, 1)
        TEST_RR(8, mulh, 0xffffffffffffffff, -1, 1)
        TEST_RR(9, mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
        TEST_RR(10, mulh, 0xc000000000000000, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_RR(11, mulhu, 0xfffffffffffffffe, -1, -1)
        TEST_RR(12, mulhu, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000)
        TEST_RR(13, mulhu, 0x0000000000000000, 0xffffffffffffffff, 1)
        TEST_RR(14, mulhsu, 0xffffffffffffffff, -1, -1)
        TEST_RR(15, mulhsu, 0xc000000000000000, 0x8000000000000000, 0x8000000000000000)
        TEST_RR(16, mulhsu, 0x0000000000000000, 1, -1)
        TEST_RR(17, mulw, 0xffffffff80000000, 0x40000000, 2)
        TEST_RR(18, mulw, 0x0000000000000001, 0xffffffffffffffff, 0x00000000ffffffff)
        TEST_RR(19, mulw, 0xfffffffffffffffe, 0x12345678ffffffff, 2)
        TEST_RR_SAME(20, mul, 169, 13)
        TEST_RR_ZERO_DEST(21, mulh, 3, 4)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
