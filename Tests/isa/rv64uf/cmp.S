# feq.s, flt.s, fle.s (quiet vs signaling NaN rules), fclass.s, fmin.s, fmax.s.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_FP_TO_X(2, fmv.w.x, 0, 1, 0x3f800000, 0x3f800000, feq.s x14, f1, f2)
        TEST_FP_TO_X(3, fmv.w.x, 0, 1, 0x3f800000, 0x40000000, flt.s x14, f1, f2)
        TEST_FP_TO_X(4, fmv.w.x, 0, 0, 0x40000000, 0x3f800000, fle.s x14, f1, f2)
        TEST_FP_TO_X(5, fmv.w.x, 0, 1, 0x80000000, 0x00000000, feq.s x14, f1, f2)
        TEST_FP_TO_X(6, fmv.w.x, 0, 1, 0x80000000, 0x00000000, fle.s x14, f1, f2)
        TEST_FP_TO_X(7, fmv.w.x, 0, 0, 0x7fc00000, 0x3f800000, feq.s x14, f1, f2)
        TEST_FP_TO_X(8, fmv.w.x, 0x10, 0, 0x7fc00000, 0x3f800000, flt.s x14, f1, f2)
        TEST_FP_TO_X(9, fmv.w.x, 0x10, 0, 0x7f800001, 0x3f800000, feq.s x14, f1, f2)
        TEST_FP_TO_X(10, fmv.w.x, 0x10, 0, 0x3f800000, 0x7fc00000, fle.s x14, f1, f2)
        TEST_FP_TO_X(11, fmv.w.x, 0, 0x001, 0xff800000, 0, fclass.s x14, f1)
        TEST_FP_TO_X(12, fmv.w.x, 0, 0x002, 0xbf800000, 0, fclass.s x14, f1)
        TEST_FP_TO_X(13, fmv.w.x, 0, 0x004, 0x807fffff, 0, fclass.s x14, f1)
        TEST_FP_TO_X(14, fmv.w.x, 0, 0x008, 0x80000000, 0, fclass.s x14, f1)
        TEST_FP_TO_X(15, fmv.w.x, 0, 0x010, 0x00000000, 0, fclass.s x14, f1)
        TEST_FP_TO_X(16, fmv.w.x, 0, 0x020, 0x00000001, 0, fclass.s x14, f1)
        TEST_FP_TO_X(17, fmv.w.x, 0, 0x040, 0x3f800000, 0, fclass.s x14, f1)
        TEST_FP_TO_X(18, fmv.w.x, 0, 0x080, 0x7f800000, 0, fclass.s x14, f1)
        TEST_FP_TO_X(19, fmv.w.x, 0, 0x100, 0x7f800001, 0, fclass.s x14, f1)
        TEST_FP_TO_X(20, fmv.w.x, 0, 0x200, 0x7fc00000, 0, fclass.s x14, f1)
        TEST_CASE(21, x14, 0x200, li t5, 0x3f800000; fmv.d.x f1, t5; fclass.s x14, f1)
        TEST_FP_S_RR(22, fmin.s, 0, 0x3f800000, 0x3f800000, 0x40000000)
        TEST_FP_S_RR(23, fmax.s, 0, 0x40000000, 0x3f800000, 0x40000000)
        TEST_FP_S_RR(24, fmin.s, 0, 0x80000000, 0x00000000, 0x80000000)
        TEST_FP_S_RR(25, fmax.s, 0, 0x00000000, 0x80000000, 0x00000000)
        TEST_FP_S_RR(26, fmin.s, 0, 0x3f800000, 0x7fc00000, 0x3f800000)
        TEST_FP_S_RR(27, fmax.s, 0x10, 0x3f800000, 0x7f800001, 0x3f800000)
        TEST_FP_S_RR(28, fmin.s, 0, 0x7fc00000, 0x7fc00000, 0x7fc12345)
        TEST_FP_S_RR(29, fmax.s, 0x10, 0x7fc00000, 0x7f800001, 0xff800002)
        TEST_FP_S_RR(30, fmin.s, 0, 0x80000000, 0x80000000, 0x80000000)
        TEST_FP_S_RR(31, fmax.s, 0, 0xff7fffff, 0xff800000, 0xff7fffff)
        TEST_FP_TO_X(32, fmv.w.x, 0, 0, 0x80000000, 0x00000000, flt.s x14, f1, f2)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
