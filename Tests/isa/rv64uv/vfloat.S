# V extension, floating point: arithmetic, ordered and unordered sums, fused
# multiply-add, compares into masks, merge, classify, estimates (vfrec7,
# vfrsqrt7 table entries), sign injection, min with a NaN, conversions (frm,
# RTZ, round-to-odd narrowing, saturation with NV), binary16 widening
# (Zvfhmin conversion, Zvfh arithmetic), NaN-boxing of f[rs1] and of
# vfmv.f.s results, fflags as the elements raise them. VLEN 128, tu/mu.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        fsrmi 0
        li t0, 0x3f800000; fmv.w.x fa2, t0         # 1.0
        li t0, 0x40000000; fmv.w.x fa3, t0         # 2.0
        # 2·[1.5, -2, 3.25, 0] summed in order from 0: 5.5.
        TEST_CASE(2, a0, 0x40b00000, vsetivli x0, 4, e32, m1, tu, mu; la a1, fw; vle32.v v1, (a1); \
                  vfadd.vv v2, v1, v1; vmv.v.i v3, 0; vfredosum.vs v3, v2, v3; vfmv.f.s fa0, v3; fmv.x.w a0, fa0)
        TEST_CASE(3, a0, 0x40b00000, vmv.v.i v3, 0; vfredusum.vs v3, v2, v3; vmv.x.s a0, v3)
        # x / +0: ±∞ with DZ, 0 / 0: the canonical NaN with NV.
        TEST_CASE(4, a0, 0x18, csrwi fflags, 0; vmv.v.i v5, 0; vfdiv.vv v6, v1, v5; frflags a0)
        TEST_CASE(5, a0, 0x80, vfclass.v v7, v6; vmv.x.s a0, v7)
        TEST_CASE(6, a0, 0x200, vslidedown.vi v8, v7, 3; vmv.x.s a0, v8)
        # vmflt.vf against 1.0: elements 1 (-2) and 3 (0).
        TEST_CASE(7, a0, 2, vmflt.vf v0, v1, fa2; vcpop.m a0, v0)
        # vfmerge.vfm puts 2.0 where the mask is set: 1.5 + 2 + 3.25 + 2 = 8.75.
        TEST_CASE(8, a0, 0x410c0000, vfmerge.vfm v2, v1, fa3, v0; vmv.v.i v3, 0; vfredosum.vs v3, v2, v3; vmv.x.s a0, v3)
        # Masked vfmul.vf: only elements 1 and 3 change; their sum is -4.
        TEST_CASE(9, a0, 0xffffffffc0800000, vmv.v.i v9, 0; vfmul.vf v9, v1, fa3, v0.t; vmv.v.i v3, 0; \
                  vfredosum.vs v3, v9, v3; vmv.x.s a0, v3)
        # Fused multiply-add: 1 + 2·2 = 5, then 5 − 2·2 = 1.
        TEST_CASE(10, a0, 0x40a00000, vfmv.v.f v10, fa3; vfmv.v.f v11, fa2; vfmacc.vf v11, fa3, v10; vmv.x.s a0, v11)
        TEST_CASE(11, a0, 0x3f800000, vfnmsac.vv v11, v10, v10; vmv.x.s a0, v11)
        # -2.5 to an integer: RNE -2, RDN -3, RTZ (whatever frm says) -2.
        TEST_CASE(12, a0, -2, li t0, 0xc0200000; fmv.w.x fa4, t0; vfmv.v.f v12, fa4; vfcvt.x.f.v v13, v12; vmv.x.s a0, v13)
        TEST_CASE(13, a0, -3, fsrmi 2; vfcvt.x.f.v v13, v12; vmv.x.s a0, v13)
        TEST_CASE(14, a0, -2, vfcvt.rtz.x.f.v v13, v12; vmv.x.s a0, v13; fsrmi 0)
        # binary16 [1.5, 2.25] widened exactly (Zvfhmin); added to itself in binary32 (Zvfh).
        TEST_CASE(15, a0, 0x40100000, vsetivli x0, 2, e16, m1, tu, mu; la a1, hw; vle16.v v14, (a1); \
                  vfwcvt.f.f.v v16, v14; vsetivli x0, 2, e32, m1, tu, mu; vslidedown.vi v18, v16, 1; vmv.x.s a0, v18)
        TEST_CASE(16, a0, 0x40400000, vsetivli x0, 2, e16, m1, tu, mu; vfwadd.vv v20, v14, v14; \
                  vsetivli x0, 2, e32, m1, tu, mu; vmv.x.s a0, v20)
        # binary64 [1e10, 1 + 2^-30] narrowed: round to odd sets the last bit of the inexact 1.0.
        TEST_CASE(17, a0, 0x3f800001, vsetivli x0, 2, e64, m1, tu, mu; la a1, dw; vle64.v v22, (a1); \
                  vsetivli x0, 2, e32, m1, tu, mu; vfncvt.rod.f.f.w v24, v22; vslidedown.vi v25, v24, 1; vmv.x.s a0, v25)
        TEST_CASE(18, a0, 0x3f800000, vfncvt.f.f.w v24, v22; vslidedown.vi v25, v24, 1; vmv.x.s a0, v25)
        # To int32: 1e10 saturates (NV), 1 + 2^-30 is inexact (NX).
        TEST_CASE(19, a0, 0x11, csrwi fflags, 0; vfncvt.x.f.w v24, v22; frflags a0)
        TEST_CASE(20, a0, 0x7fffffff, vmv.x.s a0, v24)
        # f[rs1] not NaN-boxed for e32 (a double): the canonical NaN; vfmv.f.s boxes its result.
        TEST_CASE(21, a0, 0x7fc00000, li t0, 0x3ff0000000000000; fmv.d.x fa5, t0; vsetivli x0, 1, e32, m1, tu, mu; \
                  vfmv.s.f v26, fa5; vmv.x.s a0, v26)
        TEST_CASE(22, a0, 0xffffffff7fc00000, vfmv.f.s fa6, v26; fmv.x.d a0, fa6)
        # Sign injection and a minimum with a quiet NaN (the other operand).
        TEST_CASE(23, a0, 0xffffffffbfc00000, vsetivli x0, 4, e32, m1, tu, mu; vfsgnjn.vv v27, v1, v1; vmv.x.s a0, v27)
        TEST_CASE(24, a0, 0x3fc00000, vfmv.v.f v28, fa5; vfmin.vv v29, v28, v1; vmv.x.s a0, v29)
        # Estimates: 1/2 and 1/√4 from the tables' first entries (127 → 0x3eff0000).
        TEST_CASE(25, a0, 0x3eff0000, vfmv.v.f v30, fa3; vfrec7.v v31, v30; vmv.x.s a0, v31)
        TEST_CASE(26, a0, 0x3eff0000, li t0, 0x40800000; fmv.w.x fa7, t0; vfmv.v.f v30, fa7; vfrsqrt7.v v31, v30; vmv.x.s a0, v31)
        # vfslide1down.vf: the scalar enters as the last element.
        TEST_CASE(27, a0, 0x40000000, vfslide1down.vf v30, v1, fa3; vslidedown.vi v31, v30, 3; vmv.x.s a0, v31)
        # Widening sum into binary64: 2.75.
        TEST_CASE(28, a0, 0x4006000000000000, vmv.v.i v3, 0; vfwredusum.vs v3, v1, v3; vsetivli x0, 1, e64, m1, tu, mu; \
                  vmv.x.s a0, v3)
        # Quiet compares raise nothing on a quiet NaN; vmflt raises NV.
        TEST_CASE(29, a0, 0, csrwi fflags, 0; vsetivli x0, 4, e32, m1, tu, mu; vmfeq.vv v0, v28, v28; frflags a0)
        TEST_CASE(30, a0, 0x10, vmflt.vv v0, v28, v28; frflags a0)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .balign 16
fw:     .word 0x3fc00000, 0xc0000000, 0x40500000, 0x00000000
hw:     .2byte 0x3e00, 0x4080
        .balign 16
dw:     .dword 0x4202a05f20000000, 0x3ff0000000400000
RVTEST_DATA_END
