# ecall from M, S and U (causes 11, 9, 8); ebreak and c.ebreak (cause 3); mepc.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        TEST_TRAP(2, 11, 0, ecall)
        TEST_CASE(3, x14, 0, la s10, 1f; 1: ecall; sub x14, s4, s10)
        /* From S-mode: cause 9; MPP records S. */
        TEST_CASE(4, s2, 9, ENTER_MODE(1); li s2, -1; ecall)
        CHECK(x14, 1 << 11, li x1, MSTATUS_MPP; and x14, s5, x1)
        RETURN_TO_M
        /* From U-mode: cause 8; MPP records U. */
        TEST_CASE(5, s2, 8, ENTER_MODE(0); li s2, -1; ecall)
        CHECK(x14, 0, li x1, MSTATUS_MPP; and x14, s5, x1)
        RETURN_TO_M
        /* Back in M-mode (mscratch is accessible); mret left MPP = U. */
        TEST_CASE(6, s2, -1, li s2, -1; csrr x14, mscratch)
        CHECK(x14, 0, csrr x14, mstatus; li x1, MSTATUS_MPP; and x14, x14, x1)
        /* ebreak: mepc is its address; mtval is its address (tern, Spike) or 0 (allowed). */
        TEST_CASE(7, s2, 3, li s2, -1; la s10, 1f; 1: ebreak)
        CHECK(x14, 0, sub x14, s4, s10)
        CHECK(x14, 0, mv x14, s3; beqz x14, 1f; sub x14, s3, s10; 1:)
        TEST_CASE(8, x14, 0, la s10, 1f; 1: c.ebreak; sub x14, s4, s10)
        CHECK(s2, 3, )
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
