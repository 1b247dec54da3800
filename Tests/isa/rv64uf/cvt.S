# Conversions between single precision and integers: every rounding mode,
# saturation with NV, the (-1, 0) range of unsigned conversions, sign extension.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_FP_TO_X(2, fmv.w.x, 0x01, 1, 0x3fc00000, 0, fcvt.w.s x14, f1, rtz)
        TEST_FP_TO_X(3, fmv.w.x, 0x01, 2, 0x3fc00000, 0, fcvt.w.s x14, f1, rne)
        TEST_FP_TO_X(4, fmv.w.x, 0x01, 2, 0x40200000, 0, fcvt.w.s x14, f1, rne)
        TEST_FP_TO_X(5, fmv.w.x, 0x01, 3, 0x40200000, 0, fcvt.w.s x14, f1, rmm)
        TEST_FP_TO_X(6, fmv.w.x, 0x01, -2, 0xbfc00000, 0, fcvt.w.s x14, f1, rdn)
        TEST_FP_TO_X(7, fmv.w.x, 0x01, -1, 0xbfc00000, 0, fcvt.w.s x14, f1, rup)
        TEST_FP_TO_X(8, fmv.w.x, 0x10, 0x7fffffff, 0x4f32d05e, 0, fcvt.w.s x14, f1, rtz)
        TEST_FP_TO_X(9, fmv.w.x, 0x10, 0xffffffff80000000, 0xff800000, 0, fcvt.w.s x14, f1, rtz)
        TEST_FP_TO_X(10, fmv.w.x, 0x10, 0x7fffffff, 0x7fc00000, 0, fcvt.w.s x14, f1, rtz)
        TEST_FP_TO_X(11, fmv.w.x, 0x10, 0, 0xbf800000, 0, fcvt.wu.s x14, f1, rtz)
        TEST_FP_TO_X(12, fmv.w.x, 0x01, 0, 0xbf000000, 0, fcvt.wu.s x14, f1, rtz)
        TEST_FP_TO_X(13, fmv.w.x, 0, 0xffffffffffffff00, 0x4f7fffff, 0, fcvt.wu.s x14, f1, rtz)
        TEST_FP_TO_X(14, fmv.w.x, 0x10, 0x7fffffffffffffff, 0x5f000000, 0, fcvt.l.s x14, f1, rtz)
        TEST_FP_TO_X(15, fmv.w.x, 0, 0x8000000000000000, 0xdf000000, 0, fcvt.l.s x14, f1, rtz)
        TEST_FP_TO_X(16, fmv.w.x, 0x10, 0xffffffffffffffff, 0x7fc00000, 0, fcvt.lu.s x14, f1, rtz)
        TEST_FP_TO_X(17, fmv.w.x, 0, 0x8000000000000000, 0x5f000000, 0, fcvt.lu.s x14, f1, rtz)
        TEST_X_TO_FP(18, fmv.x.w, 0, 0xffffffffbf800000, -1, fcvt.s.w f4, x1)
        TEST_X_TO_FP(19, fmv.x.w, 0x01, 0x4f800000, 0xffffffff, fcvt.s.wu f4, x1)
        TEST_X_TO_FP(20, fmv.x.w, 0x01, 0x5f000000, 0x7fffffffffffffff, fcvt.s.l f4, x1)
        TEST_X_TO_FP(21, fmv.x.w, 0x01, 0x5f800000, -1, fcvt.s.lu f4, x1)
        TEST_X_TO_FP(22, fmv.x.w, 0x01, 0x4b800000, 16777217, fcvt.s.w f4, x1)
        TEST_X_TO_FP(23, fmv.x.w, 0x01, 0x4b800001, 16777219, fcvt.s.w f4, x1, rtz)
        TEST_X_TO_FP(24, fmv.x.w, 0, 0x00000000, 0x100000000, fcvt.s.w f4, x1)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
