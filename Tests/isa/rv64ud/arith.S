# fadd.d, fsub.d, fmul.d, fdiv.d, fsqrt.d: results, fflags, rounding modes, NaNs.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_FP_D_RR(2, fadd.d, 0, 0x400c000000000000, 0x4004000000000000, 0x3ff0000000000000)
        TEST_FP_D_RR(3, fadd.d, 0x01, 0x3ff0000000000000, 0x3ff0000000000000, 0x3c90000000000000)
        TEST_FP_D_RR(4, fsub.d, 0x10, 0x7ff8000000000000, 0x7ff0000000000000, 0x7ff0000000000000)
        TEST_FP_D_RR(5, fmul.d, 0, 0xc018000000000000, 0x4008000000000000, 0xc000000000000000)
        TEST_FP_D_RR(6, fmul.d, 0x05, 0x7ff0000000000000, 0x7fefffffffffffff, 0x4000000000000000)
        TEST_FP_D_RR(7, fmul.d, 0x03, 0x0000000000000000, 0x0000000000000001, 0x3fe0000000000000)
        TEST_FP_D_RR(8, fmul.d, 0, 0x0008000000000000, 0x0010000000000000, 0x3fe0000000000000)
        TEST_FP_D_RR(9, fdiv.d, 0x08, 0xfff0000000000000, 0xbff0000000000000, 0x0000000000000000)
        TEST_FP_D_RR(10, fdiv.d, 0x01, 0x3fd5555555555555, 0x3ff0000000000000, 0x4008000000000000)
        TEST_FP_D_R1(11, fsqrt.d, 0, 0x4000000000000000, 0x4010000000000000)
        TEST_FP_D_R1(12, fsqrt.d, 0x10, 0x7ff8000000000000, 0xbff0000000000000)
        TEST_FP_D_R1(13, fsqrt.d, 0x01, 0x3ff6a09e667f3bcd, 0x4000000000000000)
        TEST_FP_D_RR(14, fadd.d, 0x10, 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000)
        TEST_FP_D_RR(15, fadd.d, 0, 0x8000000000000000, 0x8000000000000000, 0x8000000000000000)
        TEST_CASE(16, x14, 0x3fd5555555555555, FP_LOAD3(fmv.d.x, 0x3ff0000000000000, 0x4008000000000000, 0); fdiv.d f4, f1, f2, rtz; fmv.x.d x14, f4)
        CHECK(x14, 0x01, frflags x14; fsflags x0)
        TEST_CASE(17, x14, 0x3fd5555555555556, FP_LOAD3(fmv.d.x, 0x3ff0000000000000, 0x4008000000000000, 0); fdiv.d f4, f1, f2, rup; fmv.x.d x14, f4)
        TEST_CASE(18, x14, 0x3fd5555555555556, fsrmi 3; fdiv.d f4, f1, f2; fsrmi 0; fmv.x.d x14, f4)
        CHECK(x14, 0x01, frflags x14; fsflags x0)
        /* Overflow rounding toward zero gives the largest finite number. */
        TEST_CASE(19, x14, 0x7fefffffffffffff, FP_LOAD3(fmv.d.x, 0x7fefffffffffffff, 0x4000000000000000, 0); fmul.d f4, f1, f2, rtz; fmv.x.d x14, f4)
        CHECK(x14, 0x05, frflags x14; fsflags x0)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
