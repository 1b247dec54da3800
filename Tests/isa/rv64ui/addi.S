# addi, addiw, and the lui/auipc upper-immediate forms.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RI(2, addi, 0x0000000000000000, 0, 0)
        TEST_RI(3, addi, 0x00000000000007ff, 0, 2047)
        TEST_RI(4, addi, 0xfffffffffffff800, 0, -2048)
        TEST_RI(5, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
        TEST_RI(6, addi, 0x7fffffffffffffff, 0x8000000000000000, -1)
        TEST_RI(7, addiw, 0xffffffff80000000, 0x7fffffff, 1)
        TEST_RI(8, addiw, 0x000000007ffffffe, 0xffffffff7fffffff, -1)
        TEST_RI(9, addiw, 0x0000000000000000, 0xffffffff00000000, 0)
        TEST_RI_SAME(10, addi, 24, 13, 11)
        TEST_CASE(11, x14, 0x0000000012345000, lui x14, 0x12345)
        TEST_CASE(12, x14, 0xffffffff80000000, lui x14, 0x80000)
        TEST_CASE(13, x14, 0xfffffffffffff000, lui x14, 0xfffff; addi x0, x14, 1)
        TEST_CASE(14, x14, 0, la x1, 1f; 1: auipc x14, 0; sub x14, x14, x1)
        TEST_CASE(15, x14, 0x1000, la x1, 1f; 1: auipc x14, 1; sub x14, x14, x1)
        TEST_CASE(16, x14, 0xfffffffffffff000, la x1, 1f; 1: auipc x14, 0xfffff; sub x14, x14, x1)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
