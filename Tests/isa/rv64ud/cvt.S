# Conversions: double <-> integers (rounding modes, saturation) and double <-> single.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_FP_TO_X(2, fmv.d.x, 0x01, 1, 0x3ff8000000000000, 0, fcvt.w.d x14, f1, rtz)
        TEST_FP_TO_X(3, fmv.d.x, 0x01, 2, 0x3ff8000000000000, 0, fcvt.w.d x14, f1, rne)
        TEST_FP_TO_X(4, fmv.d.x, 0x01, -2, 0xbff8000000000000, 0, fcvt.l.d x14, f1, rdn)
        TEST_FP_TO_X(5, fmv.d.x, 0x01, -1, 0xbff8000000000000, 0, fcvt.l.d x14, f1, rup)
        TEST_FP_TO_X(6, fmv.d.x, 0x01, 3, 0x4004000000000000, 0, fcvt.l.d x14, f1, rmm)
        TEST_FP_TO_X(7, fmv.d.x, 0x10, 0x7fffffff, 0x41e65a0bc0000000, 0, fcvt.w.d x14, f1, rtz)
        TEST_FP_TO_X(8, fmv.d.x, 0, 0xffffffffb2d05e00, 0x41e65a0bc0000000, 0, fcvt.wu.d x14, f1, rtz)
        TEST_FP_TO_X(9, fmv.d.x, 0x10, 0x7fffffffffffffff, 0x43e0000000000000, 0, fcvt.l.d x14, f1, rtz)
        TEST_FP_TO_X(10, fmv.d.x, 0x10, 0, 0xc000000000000000, 0, fcvt.lu.d x14, f1, rtz)
        TEST_FP_TO_X(11, fmv.d.x, 0x01, 0, 0xbfe0000000000000, 0, fcvt.lu.d x14, f1, rtz)
        TEST_FP_TO_X(12, fmv.d.x, 0x10, 0xffffffffffffffff, 0x7ff8000000000000, 0, fcvt.lu.d x14, f1, rtz)
        TEST_FP_TO_X(13, fmv.d.x, 0x10, 0xffffffff80000000, 0xfff0000000000000, 0, fcvt.w.d x14, f1, rtz)
        /* Range limits. */
        TEST_FP_TO_X(24, fmv.d.x, 0x01, 0xffffffff80000000, 0xc1e0000000100000, 0, fcvt.w.d x14, f1, rtz)
        TEST_FP_TO_X(25, fmv.d.x, 0x01, 0xffffffff80000000, 0xc1e0000000100000, 0, fcvt.w.d x14, f1, rne)
        TEST_FP_TO_X(26, fmv.d.x, 0x10, 0xffffffff80000000, 0xc1e0000000200000, 0, fcvt.w.d x14, f1, rtz)
        TEST_FP_TO_X(27, fmv.d.x, 0x01, 0xffffffffffffffff, 0x41effffffff00000, 0, fcvt.wu.d x14, f1, rtz)
        TEST_FP_TO_X(28, fmv.d.x, 0x10, 0xffffffffffffffff, 0x41effffffff00000, 0, fcvt.wu.d x14, f1, rup)
        TEST_FP_TO_X(29, fmv.d.x, 0, 0, 0x8000000000000000, 0, fcvt.wu.d x14, f1, rtz)
        TEST_FP_TO_X(30, fmv.d.x, 0, 0x7ffffffffffffc00, 0x43dfffffffffffff, 0, fcvt.l.d x14, f1, rtz)
        TEST_FP_TO_X(31, fmv.d.x, 0x10, 0xffffffffffffffff, 0x43f0000000000000, 0, fcvt.lu.d x14, f1, rtz)
        TEST_FP_TO_X(32, fmv.d.x, 0x10, 0, 0xbfeccccccccccccd, 0, fcvt.lu.d x14, f1, rdn)
        TEST_FP_TO_X(33, fmv.d.x, 0x01, 0, 0xbfeccccccccccccd, 0, fcvt.lu.d x14, f1, rup)
        TEST_X_TO_FP(14, fmv.x.d, 0, 0xbff0000000000000, -1, fcvt.d.w f4, x1)
        TEST_X_TO_FP(15, fmv.x.d, 0, 0x41efffffffe00000, 0xffffffff, fcvt.d.wu f4, x1)
        TEST_X_TO_FP(16, fmv.x.d, 0x01, 0x43e0000000000000, 0x7fffffffffffffff, fcvt.d.l f4, x1)
        TEST_X_TO_FP(17, fmv.x.d, 0x01, 0x43f0000000000000, -1, fcvt.d.lu f4, x1)
        TEST_X_TO_FP(18, fmv.x.d, 0, 0xc3e0000000000000, 0x8000000000000000, fcvt.d.l f4, x1)
        /* double -> single: rounding and overflow; single -> double is exact. */
        TEST_CASE(19, x14, 0x3dcccccd, li t5, 0x3fb999999999999a; fmv.d.x f1, t5; fcvt.s.d f4, f1; fmv.x.w x14, f4)
        CHECK(x14, 0x01, frflags x14; fsflags x0)
        TEST_CASE(20, x14, 0x7f800000, li t5, 0x7fe1ccf385ebc8a0; fmv.d.x f1, t5; fcvt.s.d f4, f1; fmv.x.w x14, f4)
        CHECK(x14, 0x05, frflags x14; fsflags x0)
        TEST_CASE(21, x14, 0x3fb99999a0000000, li t5, 0x3dcccccd; fmv.w.x f1, t5; fcvt.d.s f4, f1; fmv.x.d x14, f4)
        CHECK(x14, 0, frflags x14)
        TEST_CASE(22, x14, 0x7ff8000000000000, li t5, 0x7f800001; fmv.w.x f1, t5; fcvt.d.s f4, f1; fmv.x.d x14, f4)
        CHECK(x14, 0x10, frflags x14; fsflags x0)
        TEST_CASE(23, x14, 0xffffffff7fc00000, li t5, 0x7ff0000000000001; fmv.d.x f1, t5; fcvt.s.d f4, f1; fmv.x.d x14, f4)
        CHECK(x14, 0x10, frflags x14; fsflags x0)
        /* Tininess is detected after rounding: 2^-126 - 2^-151 rounds up to the
           smallest normal (inexact only); 2^-126 - 2^-150 is tiny (underflow). */
        TEST_CASE(34, x14, 0x00800000, li t5, 0x380ffffff0000000; fmv.d.x f1, t5; fcvt.s.d f4, f1; fmv.x.w x14, f4)
        CHECK(x14, 0x01, frflags x14; fsflags x0)
        TEST_CASE(35, x14, 0x00800000, li t5, 0x380fffffe0000000; fmv.d.x f1, t5; fcvt.s.d f4, f1; fmv.x.w x14, f4)
        CHECK(x14, 0x03, frflags x14; fsflags x0)
        TEST_CASE(36, x14, 0x007fffff, fcvt.s.d f4, f1, rtz; fmv.x.w x14, f4)
        CHECK(x14, 0x03, frflags x14; fsflags x0)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
