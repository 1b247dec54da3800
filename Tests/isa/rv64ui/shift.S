# sll, srl, sra, slli, srli, srai and the W forms: shift amounts are masked
# to 6 (or 5) bits, W results are sign-extended.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, sll, 0x8000000000000000, 1, 63)
        TEST_RR(3, sll, 0x0000000000000002, 1, 65)
        TEST_RR(4, sll, 0x123456789abcdef0, 0x0123456789abcdef, 4)
        TEST_RR(5, srl, 0x0000000000000001, 0x8000000000000000, 63)
        TEST_RR(6, srl, 0x7fffffffffffffff, 0xffffffffffffffff, 1)
        TEST_RR(7, srl, 0xffffffffffffffff, 0xffffffffffffffff, 64)
        TEST_RR(8, sra, 0xffffffffffffffff, 0x8000000000000000, 63)
        TEST_RR(9, sra, 0xc000000000000000, 0x8000000000000000, 1)
        TEST_RR(10, sra, 0x3fffffffffffffff, 0x7fffffffffffffff, 1)
        TEST_RI(11, slli, 0x0000000100000000, 1, 32)
        TEST_RI(12, srli, 0x00000000ffffffff, 0xffffffffffffffff, 32)
        TEST_RI(13, srai, 0xffffffffffffff80, 0xffffffff80000000, 24)
        TEST_RR(14, sllw, 0xffffffff80000000, 1, 31)
        TEST_RR(15, sllw, 0x0000000000000002, 1, 33)
        TEST_RR(16, srlw, 0x0000000000000001, 0xffffffff80000000, 31)
        TEST_RR(17, srlw, 0x000000007fffffff, 0xffffffffffffffff, 1)
        TEST_RR(18, sraw, 0xffffffffffffffff, 0x0000000080000000, 31)
        TEST_RR(19, sraw, 0x0000000000000001, 0xffffffff00000002, 1)
        TEST_RI(20, slliw, 0xffffffff80000000, 0x1, 31)
        TEST_RI(21, srliw, 0x0000000000ffffff, 0x00000000ffffffff, 8)
        TEST_RI(22, sraiw, 0xffffffffffffff00, 0x0000000080000000, 23)
        TEST_RI(23, sraiw, 0x0000000012345678, 0xabcdef0012345678, 0)
        TEST_RI(24, slliw, 0x0000000012345678, 0xffffffff12345678, 0)
        TEST_RI_SAME(25, srli, 0x1, 0x8000000000000000, 63)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
