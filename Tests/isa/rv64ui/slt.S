# slt, sltu, slti, sltiu (sltiu sign-extends its immediate, then compares unsigned).
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, slt, 0, 0, 0)
        TEST_RR(3, slt, 1, 0xffffffffffffffff, 0)
        TEST_RR(4, slt, 0, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_RR(5, slt, 1, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_RR(6, sltu, 0, 0xffffffffffffffff, 0)
        TEST_RR(7, sltu, 1, 0, 0xffffffffffffffff)
        TEST_RR(8, sltu, 1, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_RI(9, slti, 1, 0xffffffffffffffff, 0)
        TEST_RI(10, slti, 0, 0, -2048)
        TEST_RI(11, slti, 1, -2049, -2048)
        TEST_RI(12, sltiu, 1, 0, -1)
        TEST_RI(13, sltiu, 0, 0xffffffffffffffff, -1)
        TEST_RI(14, sltiu, 1, 0xfffffffffffff7ff, -2048)
        TEST_RI(15, sltiu, 1, 0, 1)
        TEST_RR_SAME(16, slt, 0, 5)
        TEST_RR_ZERO_DEST(17, sltu, 1, 2)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
