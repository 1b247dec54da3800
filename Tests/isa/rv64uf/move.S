# fsgnj.s, fsgnjn.s, fsgnjx.s, fmv.x.w / fmv.w.x, flw / fsw and NaN-boxing.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_FP_S_RR(2, fsgnj.s, 0, 0xbf800000, 0x3f800000, 0xc0000000)
        TEST_FP_S_RR(3, fsgnjn.s, 0, 0x3f800000, 0x3f800000, 0xc0000000)
        TEST_FP_S_RR(4, fsgnjx.s, 0, 0x3f800000, 0xbf800000, 0xc0000000)
        TEST_FP_S_RR(5, fsgnj.s, 0, 0x7f800001, 0xff800001, 0x00000000)
        TEST_CASE(6, x14, 0xffffffff80000000, li t5, 0x80000000; fmv.w.x f1, t5; fmv.x.w x14, f1)
        TEST_CASE(7, x14, 0xffffffff12345678, li t5, 0xabcdef0012345678; fmv.w.x f1, t5; fmv.x.d x14, f1)
        TEST_CASE(8, x14, 0xffffffff3f800000, la x1, fdata; flw f1, 0(x1); fmv.x.d x14, f1)
        TEST_CASE(9, x14, 0x40000000, la x1, fdata; li t5, 0x40000000; fmv.w.x f2, t5; fsw f2, 4(x1); lwu x14, 4(x1))
        /* fsw stores the low 32 bits even of an unboxed value; fsgnj.s of it is the canonical NaN. */
        TEST_CASE(10, x14, 0x3f800000, la x1, fdata; li t5, 0x123456783f800000; fmv.d.x f3, t5; fsw f3, 8(x1); lwu x14, 8(x1))
        TEST_CASE(11, x14, 0xffffffff7fc00000, fsgnj.s f4, f3, f3; fmv.x.d x14, f4)
        TEST_CASE(12, x14, 0x12345678, li t5, 0x12345678; fmv.w.x f5, t5; fmv.s f6, f5; fmv.x.w x14, f6)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
fdata:  .word 0x3f800000, 0, 0, 0
