# V extension, integer core: vsetvli/vsetivli/vsetvl (every SEW, LMUL 1/8..8, vill),
# unit-stride/strided/indexed/segment/whole-register/mask loads and stores,
# arithmetic, widening/narrowing, fixed point (vxrm, vxsat), compares and masks,
# reductions, slides, gathers, compress, moves. Tails and masked-off elements are
# undisturbed (tu, mu), so the values do not depend on the agnostic policy.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        # vl = min(AVL, VLMAX); VLMAX = VLEN/SEW*LMUL. VLEN is 128 here (qemu and tern default).
        TEST_CASE(2, a0, 4,  vsetivli a0, 31, e32, m1, tu, mu)
        TEST_CASE(3, a0, 16, li a1, 100; vsetvli a0, a1, e8, m1, tu, mu)
        TEST_CASE(4, a0, 64, li a1, 100; vsetvli a0, a1, e16, m8, tu, mu)
        TEST_CASE(5, a0, 2,  vsetvli a0, x0, e16, mf4, tu, mu)
        TEST_CASE(6, a0, 7,  vsetivli a0, 7, e8, mf2, ta, ma)
        # e64 with LMUL 1/8 is reserved (LMUL < SEW/ELEN): vill, vl = 0.
        TEST_CASE(7, a0, 0,  vsetvli a0, x0, e64, mf8, tu, mu)
        TEST_CASE(8, a0, 1,  vsetvli a0, x0, e64, mf8, tu, mu; csrr a0, vtype; srli a0, a0, 63)
        TEST_CASE(9, a0, 0x1b, li a2, 0x1b; li a1, 3; vsetvl a0, a1, a2; csrr a0, vtype)
        TEST_CASE(10, a0, 16, csrr a0, vlenb)
        # rd = x0, rs1 = x0 keeps vl.
        TEST_CASE(11, a0, 3, vsetivli x0, 3, e32, m1, tu, mu; vsetvli x0, x0, e32, m2, tu, mu; csrr a0, vl)

        # Unit-stride load, add, reduce.
        TEST_CASE(12, a0, 200, vsetivli x0, 4, e32, m1, tu, mu; la a1, w32; vle32.v v1, (a1); \
                  vadd.vv v2, v1, v1; vmv.v.i v3, 0; vredsum.vs v3, v2, v3; vmv.x.s a0, v3)
        TEST_CASE(13, a0, -1, vsetivli x0, 4, e32, m1, tu, mu; vmv.v.i v4, -1; vmv.x.s a0, v4)
        TEST_CASE(14, a0, 0xff, vsetivli x0, 4, e8, m1, tu, mu; vmv.v.i v4, -1; vmv.x.s a0, v4; andi a0, a0, 0xff)
        # vrsub, vmul, vmulh, vdiv/vrem edge cases at e64.
        TEST_CASE(15, a0, 105, vsetivli x0, 1, e64, m1, tu, mu; li a1, 100; vmv.s.x v1, a1; vrsub.vi v2, v1, -5; \
                  vmv.x.s a0, v2; neg a0, a0)
        TEST_CASE(16, a0, 0x3fffffffffffffff, vsetivli x0, 1, e64, m1, tu, mu; li a1, -1; srli a1, a1, 1; vmv.s.x v1, a1; \
                  vmulhu.vv v2, v1, v1; vmv.x.s a0, v2)
        TEST_CASE(17, a0, -1, vsetivli x0, 1, e64, m1, tu, mu; li a1, 7; vmv.s.x v1, a1; vdivu.vx v2, v1, x0; vmv.x.s a0, v2)
        TEST_CASE(18, a0, 0x80000000, vsetivli x0, 1, e32, m1, tu, mu; li a1, 0x80000000; vmv.s.x v1, a1; li a2, -1; \
                  vdiv.vx v2, v1, a2; vmv.x.s a0, v2; slli a0, a0, 32; srli a0, a0, 32)
        TEST_CASE(19, a0, 7, vsetivli x0, 1, e64, m1, tu, mu; li a1, 7; vmv.s.x v1, a1; vrem.vx v2, v1, x0; vmv.x.s a0, v2)
        # Widening multiply and add; narrowing shift.
        TEST_CASE(20, a0, 0x3fff0001, vsetivli x0, 2, e16, m1, tu, mu; li a1, 0x7fff; vmv.v.x v1, a1; \
                  vwmul.vv v2, v1, v1; vsetivli x0, 2, e32, m1, tu, mu; vmv.x.s a0, v2)
        TEST_CASE(21, a0, 0x1fe, vsetivli x0, 4, e8, m1, tu, mu; li a1, 0xff; vmv.v.x v1, a1; \
                  vwaddu.vv v2, v1, v1; vsetivli x0, 4, e16, m1, tu, mu; vmv.x.s a0, v2)
        TEST_CASE(22, a0, 0x12, vsetivli x0, 4, e32, m1, tu, mu; li a1, 0x1234; vmv.v.x v2, a1; \
                  vsetivli x0, 4, e16, mf2, tu, mu; vnsrl.wi v1, v2, 8; vmv.x.s a0, v1)
        # Fixed point: saturation sets vxsat; vaadd rounds by vxrm; vnclip saturates.
        TEST_CASE(23, a0, 0x7f, vsetivli x0, 1, e8, m1, tu, mu; csrwi vxsat, 0; li a1, 100; vmv.s.x v1, a1; \
                  vsadd.vv v2, v1, v1; vmv.x.s a0, v2)
        TEST_CASE(24, a0, 1, csrr a0, vxsat)
        TEST_CASE(25, a0, 3, vsetivli x0, 1, e32, m1, tu, mu; csrwi vxrm, 0; li a1, 2; vmv.s.x v1, a1; li a2, 3; \
                  vaadd.vx v2, v1, a2; vmv.x.s a0, v2)
        TEST_CASE(26, a0, 2, csrwi vxrm, 2; vaadd.vx v2, v1, a2; vmv.x.s a0, v2)
        TEST_CASE(27, a0, 3, csrwi vxrm, 1; csrr a0, vcsr; csrwi vcsr, 0)
        TEST_CASE(28, a0, -128, vsetivli x0, 1, e16, m1, tu, mu; li a1, -1000; vmv.s.x v2, a1; \
                  vsetivli x0, 1, e8, mf2, tu, mu; vnclip.wi v1, v2, 0; vmv.x.s a0, v1)
        # Compares into masks, vcpop, vfirst, vmsbf/vmsif/vmsof, viota, vid.
        TEST_CASE(29, a0, 3, vsetivli x0, 4, e32, m1, tu, mu; la a1, w32; vle32.v v1, (a1); vmsgt.vi v0, v1, 10; vcpop.m a0, v0)
        TEST_CASE(30, a0, 1, vfirst.m a0, v0)
        TEST_CASE(31, a0, 0x1, vmv.v.i v4, 0; vmsbf.m v4, v0; vmv.x.s a0, v4; andi a0, a0, 0xf)
        TEST_CASE(32, a0, 0x3, vmv.v.i v4, 0; vmsif.m v4, v0; vmv.x.s a0, v4; andi a0, a0, 0xf)
        TEST_CASE(33, a0, 0x2, vmv.v.i v4, 0; vmsof.m v4, v0; vmv.x.s a0, v4; andi a0, a0, 0xf)
        TEST_CASE(34, a0, 0, vmv.v.i v5, 9; vid.v v5; vredsum.vs v6, v5, v5; vmv.x.s a0, v6; addi a0, a0, -6)
        TEST_CASE(35, a0, 2, viota.m v5, v0; vslidedown.vi v6, v5, 3; vmv.x.s a0, v6)
        # Masked add: only active elements change (mu).
        TEST_CASE(36, a0, 180, vmv.v.i v7, 0; vadd.vv v7, v1, v1, v0.t; vmv.v.i v8, 0; vredsum.vs v8, v7, v8; vmv.x.s a0, v8)
        # Slides and gathers.
        TEST_CASE(37, a0, 40, vslide1down.vx v9, v1, x0; vslidedown.vi v10, v9, 2; vmv.x.s a0, v10)
        TEST_CASE(38, a0, 20, vmv.v.i v9, 0; vslideup.vi v9, v1, 1; vslidedown.vi v10, v9, 2; vmv.x.s a0, v10)
        TEST_CASE(39, a0, 30, vrgather.vi v11, v1, 2; vmv.x.s a0, v11)
        TEST_CASE(40, a0, 0, vrgather.vi v11, v1, 9; vmv.x.s a0, v11)
        TEST_CASE(41, a0, 50, vcompress.vm v12, v1, v0; vmv.v.i v13, 0; vsetivli x0, 2, e32, m1, tu, mu; \
                  vredsum.vs v13, v12, v13; vmv.x.s a0, v13)
        # Strided, indexed, segment, whole-register and mask loads and stores.
        TEST_CASE(42, a0, 40, vsetivli x0, 2, e32, m1, tu, mu; la a1, w32; li a2, 8; vlse32.v v14, (a1), a2; \
                  vmv.v.i v15, 0; vredsum.vs v15, v14, v15; vmv.x.s a0, v15)
        TEST_CASE(43, a0, 70, vsetivli x0, 2, e32, m1, tu, mu; la a1, w32; vlseg2e32.v v16, (a1); \
                  vmv.v.i v15, 0; vredsum.vs v15, v17, v15; vmv.x.s a0, v15; addi a0, a0, 10)
        TEST_CASE(44, a0, 50, vsetivli x0, 2, e32, m1, tu, mu; la a1, w32; la a2, idx8; vsetivli x0, 2, e8, mf4, tu, mu; \
                  vle8.v v18, (a2); vsetivli x0, 2, e32, m1, tu, mu; vluxei8.v v19, (a1), v18; \
                  vmv.v.i v15, 0; vredsum.vs v15, v19, v15; vmv.x.s a0, v15)
        TEST_CASE(45, a0, 0x28, la a1, out; vsetivli x0, 4, e32, m1, tu, mu; vle32.v v1, (a1); \
                  la a2, w32; vle32.v v20, (a2); vsse32.v v20, (a1), x0; ld a0, 0(a1); li a3, 0x0000002800000014; \
                  sub a0, a0, a3; add a0, a0, a3)
        TEST_CASE(46, a0, 0x1400000000, la a1, w32; vl1re32.v v21, (a1); vsetivli x0, 4, e32, m1, tu, mu; \
                  vadd.vv v21, v21, v21; la a2, out; vs1r.v v21, (a2); ld a0, 0(a2); li a3, 0x1400000014; sub a0, a0, a3)
        TEST_CASE(47, a0, 0xa5, vsetvli x0, x0, e8, m1, tu, mu; la a1, bytes; vlm.v v22, (a1); vmv.x.s a0, v22; andi a0, a0, 0xff)
        TEST_CASE(48, a0, 0x1234, vsetivli x0, 1, e64, m1, tu, mu; li a1, 0x1234; vmv.s.x v23, a1; vmv1r.v v24, v23; vmv.x.s a0, v24)
        # Extensions: vsext.vf4 of -2 (e8 → e32).
        TEST_CASE(49, a0, -2, vsetivli x0, 4, e8, m1, tu, mu; vmv.v.i v25, -2; vsetivli x0, 4, e32, m1, tu, mu; \
                  vsext.vf4 v26, v25; vmv.x.s a0, v26)
        # vmadc carry out and vadc with carry in.
        TEST_CASE(50, a0, 1, vsetivli x0, 1, e8, m1, tu, mu; li a1, 200; vmv.s.x v1, a1; vmadc.vv v2, v1, v1; vcpop.m a0, v2)
        TEST_CASE(51, a0, 145, vmv.v.v v0, v2; vadc.vvm v3, v1, v1, v0; vmv.x.s a0, v3; andi a0, a0, 0xff)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .balign 16
w32:    .word 10, 20, 30, 40
idx8:   .byte 4, 8
        .balign 8
bytes:  .byte 0xa5, 0x5a
        .balign 16
out:    .zero 32
RVTEST_DATA_END
