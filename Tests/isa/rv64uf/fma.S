# fmadd.s, fmsub.s, fnmsub.s, fnmadd.s: single rounding, signs, invalid cases.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_FP_S_R3(2, fmadd.s, 0, 0x40a00000, 0x3f800000, 0x40000000, 0x40400000)
        TEST_FP_S_R3(3, fmsub.s, 0, 0xbf800000, 0x3f800000, 0x40000000, 0x40400000)
        TEST_FP_S_R3(4, fnmsub.s, 0, 0x3f800000, 0x3f800000, 0x40000000, 0x40400000)
        TEST_FP_S_R3(5, fnmadd.s, 0, 0xc0a00000, 0x3f800000, 0x40000000, 0x40400000)
        TEST_FP_S_R3(6, fmadd.s, 0x10, 0x7fc00000, 0x7f800000, 0x00000000, 0x3f800000)
        TEST_FP_S_R3(7, fmadd.s, 0x10, 0x7fc00000, 0x7f800000, 0x00000000, 0x7fc00000)
        TEST_FP_S_R3(8, fmadd.s, 0x10, 0x7fc00000, 0x7f800000, 0x3f800000, 0xff800000)
        /* (1 + 2^-23) * (1 - 2^-23) - 1 = -2^-46 exactly (one rounding only). */
        TEST_FP_S_R3(9, fmsub.s, 0, 0xa8800000, 0x3f800001, 0x3f7ffffe, 0x3f800000)
        TEST_FP_S_R3(10, fmadd.s, 0, 0x00000000, 0x3f800000, 0x00000000, 0x00000000)
        TEST_FP_S_R3(11, fnmadd.s, 0, 0x80000000, 0x3f800000, 0x00000000, 0x00000000)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
