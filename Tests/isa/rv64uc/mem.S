# Compressed loads and stores: register-based and stack-pointer-based, integer and FP.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 0xffffffff80000001, la x8, cdata; c.lw x14, 0(x8))
        TEST_CASE(3, x14, 0x8000000000000002, la x8, cdata; c.ld x14, 8(x8))
        TEST_CASE(4, x14, 0x12345678, la x8, cdata; li x9, 0x12345678; c.sw x9, 16(x8); lwu x14, 16(x8))
        TEST_CASE(5, x14, 0x123456789, la x8, cdata; li x9, 0x123456789; c.sd x9, 24(x8); ld x14, 24(x8))
        TEST_CASE(6, x14, 0xffffffff80000001, mv t0, sp; la sp, cdata; c.lwsp x14, 0(sp); mv sp, t0)
        TEST_CASE(7, x14, 0x8000000000000002, mv t0, sp; la sp, cdata; c.ldsp x14, 8(sp); mv sp, t0)
        TEST_CASE(8, x14, 0xabcdef01, mv t0, sp; la sp, cdata; li x5, 0xabcdef01; c.swsp x5, 32(sp); lwu x14, 32(sp); mv sp, t0)
        TEST_CASE(9, x14, 0xfedcba9876543210, mv t0, sp; la sp, cdata; li x5, 0xfedcba9876543210; c.sdsp x5, 40(sp); ld x14, 40(sp); mv sp, t0)
        TEST_CASE(10, x14, 0x8000000000000002, la x8, cdata; c.fld f9, 8(x8); fmv.x.d x14, f9)
        TEST_CASE(11, x14, 0x4000000000000000, la x8, cdata; li t5, 0x4000000000000000; fmv.d.x f9, t5; c.fsd f9, 48(x8); ld x14, 48(x8))
        TEST_CASE(12, x14, 0x8000000000000002, mv t0, sp; la sp, cdata; c.fldsp f3, 8(sp); fmv.x.d x14, f3; mv sp, t0)
        TEST_CASE(13, x14, 0x3ff0000000000000, mv t0, sp; la sp, cdata; li t5, 0x3ff0000000000000; fmv.d.x f3, t5; c.fsdsp f3, 56(sp); ld x14, 56(sp); mv sp, t0)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
cdata:  .word 0x80000001, 0
        .dword 0x8000000000000002
        .fill 48, 1, 0
