# feq.d, flt.d, fle.d, fclass.d, fmin.d, fmax.d, fsgnj*.d, fld/fsd, fmv.x.d/fmv.d.x.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_FP_TO_X(2, fmv.d.x, 0, 1, 0x3ff0000000000000, 0x3ff0000000000000, feq.d x14, f1, f2)
        TEST_FP_TO_X(3, fmv.d.x, 0, 1, 0xbff0000000000000, 0x3ff0000000000000, flt.d x14, f1, f2)
        TEST_FP_TO_X(4, fmv.d.x, 0, 1, 0x8000000000000000, 0x0000000000000000, fle.d x14, f1, f2)
        TEST_FP_TO_X(5, fmv.d.x, 0, 0, 0x7ff8000000000000, 0x3ff0000000000000, feq.d x14, f1, f2)
        TEST_FP_TO_X(6, fmv.d.x, 0x10, 0, 0x7ff8000000000000, 0x3ff0000000000000, fle.d x14, f1, f2)
        TEST_FP_TO_X(7, fmv.d.x, 0x10, 0, 0x7ff0000000000001, 0x3ff0000000000000, feq.d x14, f1, f2)
        TEST_FP_TO_X(8, fmv.d.x, 0, 0x001, 0xfff0000000000000, 0, fclass.d x14, f1)
        TEST_FP_TO_X(9, fmv.d.x, 0, 0x004, 0x800fffffffffffff, 0, fclass.d x14, f1)
        TEST_FP_TO_X(10, fmv.d.x, 0, 0x010, 0x0000000000000000, 0, fclass.d x14, f1)
        TEST_FP_TO_X(11, fmv.d.x, 0, 0x040, 0x3ff0000000000000, 0, fclass.d x14, f1)
        TEST_FP_TO_X(12, fmv.d.x, 0, 0x100, 0x7ff0000000000001, 0, fclass.d x14, f1)
        TEST_FP_TO_X(13, fmv.d.x, 0, 0x200, 0x7ff8000000000000, 0, fclass.d x14, f1)
        TEST_FP_D_RR(14, fmin.d, 0, 0x8000000000000000, 0x0000000000000000, 0x8000000000000000)
        TEST_FP_D_RR(15, fmax.d, 0, 0x0000000000000000, 0x8000000000000000, 0x0000000000000000)
        TEST_FP_D_RR(16, fmin.d, 0x10, 0x3ff0000000000000, 0x7ff0000000000001, 0x3ff0000000000000)
        TEST_FP_D_RR(17, fmax.d, 0, 0x7ff8000000000000, 0x7ff8000000000000, 0xfff8000000000001)
        TEST_FP_D_RR(18, fsgnj.d, 0, 0xbff0000000000000, 0x3ff0000000000000, 0x8000000000000000)
        TEST_FP_D_RR(19, fsgnjn.d, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x8000000000000000)
        TEST_FP_D_RR(20, fsgnjx.d, 0, 0x3ff0000000000000, 0xbff0000000000000, 0x8000000000000000)
        TEST_CASE(21, x14, 0x0123456789abcdef, la x1, ddata; fld f1, 0(x1); fmv.x.d x14, f1)
        TEST_CASE(22, x14, 0xfedcba9876543210, la x1, ddata; li t5, 0xfedcba9876543210; fmv.d.x f2, t5; fsd f2, 8(x1); ld x14, 8(x1))
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
ddata:  .dword 0x0123456789abcdef, 0
