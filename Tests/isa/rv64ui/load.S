# lb, lh, lw, ld, lbu, lhu, lwu: sign and zero extension, negative offsets.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_LOAD(2, lb, 0xffffffffffffff80, 0, data)
        TEST_LOAD(3, lbu, 0x80, 0, data)
        TEST_LOAD(4, lb, 0x7f, 1, data)
        TEST_LOAD(5, lh, 0xffffffffffff8001, 2, data)
        TEST_LOAD(6, lhu, 0x8001, 2, data)
        TEST_LOAD(7, lw, 0xffffffff80000002, 4, data)
        TEST_LOAD(8, lwu, 0x80000002, 4, data)
        TEST_LOAD(9, ld, 0x8000000000000003, 8, data)
        TEST_LOAD(10, ld, 0x8000000000000003, -8, data + 16)
        TEST_LOAD(11, lw, 0x7fffffff, 16, data)
        TEST_LOAD(12, lh, 0xffffffffffffffff, 16, data)
        TEST_LOAD(13, lbu, 0xff, 16, data)
        TEST_CASE(14, x14, 0x7f, la x1, data; lb x1, 1(x1); mv x14, x1)
        TEST_CASE(15, x14, 0, la x1, data; lw x0, 0(x1); mv x14, x0)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
data:   .byte 0x80, 0x7f
        .half 0x8001
        .word 0x80000002
        .dword 0x8000000000000003
        .word 0x7fffffff, 0
