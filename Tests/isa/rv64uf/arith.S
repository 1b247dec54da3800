# fadd.s, fsub.s, fmul.s, fdiv.s, fsqrt.s: results, fflags, static and dynamic
# rounding modes, canonical NaNs, NaN-boxing of single-precision inputs.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_FP_S_RR(2, fadd.s, 0, 0x40600000, 0x40200000, 0x3f800000)
        TEST_FP_S_RR(3, fadd.s, 0x01, 0x3f800000, 0x3f800000, 0x30800000)
        TEST_FP_S_RR(4, fsub.s, 0x10, 0x7fc00000, 0x7f800000, 0x7f800000)
        TEST_FP_S_RR(5, fsub.s, 0, 0x80000000, 0x80000000, 0x00000000)
        TEST_FP_S_RR(6, fmul.s, 0, 0xc0c00000, 0x40400000, 0xc0000000)
        TEST_FP_S_RR(7, fmul.s, 0x05, 0x7f800000, 0x7f7fffff, 0x40000000)
        TEST_FP_S_RR(8, fmul.s, 0, 0x00400000, 0x00800000, 0x3f000000)
        TEST_FP_S_RR(9, fmul.s, 0x03, 0x00000000, 0x00000001, 0x3f000000)
        TEST_FP_S_RR(10, fdiv.s, 0x08, 0x7f800000, 0x3f800000, 0x00000000)
        TEST_FP_S_RR(11, fdiv.s, 0x01, 0x3eaaaaab, 0x3f800000, 0x40400000)
        TEST_FP_S_RR(12, fdiv.s, 0x10, 0x7fc00000, 0x00000000, 0x00000000)
        TEST_FP_S_R1(13, fsqrt.s, 0, 0x40000000, 0x40800000)
        TEST_FP_S_R1(14, fsqrt.s, 0x10, 0x7fc00000, 0xbf800000)
        TEST_FP_S_R1(15, fsqrt.s, 0, 0x80000000, 0x80000000)
        TEST_FP_S_RR(16, fadd.s, 0x10, 0x7fc00000, 0x7f800001, 0x3f800000)
        TEST_FP_S_RR(17, fadd.s, 0, 0x7fc00000, 0x7fc12345, 0x3f800000)
        /* Static rounding mode: 1/3 toward zero and upward. */
        TEST_CASE(18, x14, 0x3eaaaaaa, FP_LOAD3(fmv.w.x, 0x3f800000, 0x40400000, 0); fdiv.s f4, f1, f2, rtz; fmv.x.w x14, f4)
        CHECK(x14, 0x01, frflags x14; fsflags x0)
        TEST_CASE(19, x14, 0x3eaaaaab, FP_LOAD3(fmv.w.x, 0x3f800000, 0x40400000, 0); fdiv.s f4, f1, f2, rup; fmv.x.w x14, f4)
        /* Dynamic rounding mode from frm (round down), then back to nearest. */
        TEST_CASE(20, x14, 0xffffffffbeaaaaab, fsrmi 2; li t5, 0xbf800000; fmv.w.x f1, t5; li t5, 0x40400000; fmv.w.x f2, t5; fdiv.s f4, f1, f2, dyn; fsrmi 0; fmv.x.w x14, f4)
        CHECK(x14, 0x01, frflags x14; fsflags x0)
        TEST_CASE(21, x14, 0, csrr x14, frm)
        /* An input that is not NaN-boxed reads as the canonical NaN (no flag). */
        TEST_CASE(22, x14, 0xffffffff7fc00000, li t5, 0x3f800000; fmv.d.x f1, t5; fmv.w.x f2, t5; fadd.s f4, f1, f2; fmv.x.d x14, f4)
        CHECK(x14, 0, frflags x14)
        /* fcsr packs frm and fflags. */
        TEST_CASE(23, x14, 0x8f, li x1, 0x8f; csrw fcsr, x1; csrr x14, fcsr)
        CHECK(x14, 4, csrr x14, frm)
        CHECK(x14, 0xf, csrr x14, fflags; csrwi fcsr, 0)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
