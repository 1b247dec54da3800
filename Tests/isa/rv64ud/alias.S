# FP operations whose destination aliases sources; results sent to x0 still
# raise their flags; sign injection keeps NaN payloads.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 0x4010000000000000, li t5, 0x4000000000000000; fmv.d.x f1, t5; fadd.d f1, f1, f1; fmv.x.d x14, f1)
        TEST_CASE(3, x14, 0x4028000000000000, li t5, 0x4008000000000000; fmv.d.x f1, t5; fmadd.d f1, f1, f1, f1; fmv.x.d x14, f1)
        TEST_CASE(4, x14, 0xfff4000000000001, li t5, 0x7ff4000000000001; fmv.d.x f1, t5; fsgnjn.d f1, f1, f1; fmv.x.d x14, f1)
        CHECK(x14, 0, frflags x14)
        /* Results to x0: flags are still raised. */
        TEST_CASE(5, x14, 0x10, li t5, 0x7ff4000000000000; fmv.d.x f1, t5; feq.d x0, f1, f1; frflags x14; fsflags x0)
        TEST_CASE(6, x14, 0x10, li t5, 0xfff0000000000000; fmv.d.x f1, t5; fcvt.w.d x0, f1, rtz; frflags x14; fsflags x0)
        TEST_CASE(7, x14, 0x01, li t5, 0x3ff8000000000000; fmv.d.x f1, t5; fcvt.l.d x0, f1, rtz; frflags x14; fsflags x0)
        TEST_CASE(8, x14, 0x10, li t5, 0x7ff4000000000000; fmv.d.x f1, t5; flt.d x0, f1, f1; frflags x14; fsflags x0)
        /* fsgnjx.d x, x: the sign XORed with itself is positive (fabs). */
        TEST_CASE(9, x14, 0x3ff0000000000000, li t5, 0xbff0000000000000; fmv.d.x f1, t5; fsgnjx.d f2, f1, f1; fmv.x.d x14, f2)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
