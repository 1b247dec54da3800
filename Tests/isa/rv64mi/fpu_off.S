# mstatus.FS = Off: every F/D instruction (including compressed FP loads and
# stores) and fflags/frm/fcsr are illegal (cause 2, mtval = bits); turning the
# FPU back on makes them work again. FS written as Initial reads back as
# Initial or Dirty (tern tracks FS conservatively, as the spec permits).
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        li x1, 0x4000000000000000; fmv.d.x f1, x1
        li x1, MSTATUS_FS; csrc mstatus, x1
        TEST_CASE(2, x14, 0, csrr x14, mstatus; li x1, MSTATUS_FS; and x14, x14, x1)
        TEST_TRAP(3, 2, 0x0210f0d3, fadd.d f1, f1, f1)
        TEST_TRAP(4, 2, 0x00302773, csrr x14, fcsr)
        TEST_TRAP(5, 2, 0x00102773, csrr x14, fflags)
        TEST_TRAP(6, 2, 0xe0008753, fmv.x.w x14, f1)
        la x8, fdata
        TEST_TRAP(7, 2, 0x2004, c.fld f9, 0(x8))
        TEST_TRAP(8, 2, 0x00043487, .option push; .option norvc; fld f9, 0(x8); .option pop)
        /* On again (Initial): f1 kept its value. */
        li x1, 1 << 13; csrs mstatus, x1
        TEST_CASE(9, x14, 0x4010000000000000, li s2, -1; fadd.d f1, f1, f1; fmv.x.d x14, f1)
        CHECK(s2, -1, )
        TEST_CASE(10, x14, 1, csrr x14, mstatus; srli x14, x14, 13; andi x14, x14, 3; li x1, 2; bne x14, x1, 1f; li x14, 0; 1: snez x14, x14)
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .balign 8
fdata:  .dword 0x3ff0000000000000
RVTEST_DATA_END
