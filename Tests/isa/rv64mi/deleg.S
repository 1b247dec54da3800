# medeleg: exceptions from S and U go to the S-mode handler (scause, sepc,
# stval, SPP, SPIE/SIE); M-mode exceptions are never delegated.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        li x1, (1 << 3) | (1 << 8); csrw medeleg, x1
        /* ebreak in M: still handled in M. */
        TEST_CASE(2, s2, 3, li s2, -1; li s6, -1; ebreak)
        CHECK(s6, -1, )
        /* ebreak in S: handled in S, SPP = S, SIE saved in SPIE and cleared. */
        TEST_CASE(3, s6, 3, ENTER_MODE(1); csrsi sstatus, MSTATUS_SIE; li s2, -1; li s6, -1; la s10, 1f; 1: ebreak)
        CHECK(s2, -1, )
        CHECK(x14, 0, sub x14, s8, s10)
        CHECK(x14, 0, mv x14, s7; beqz x14, 1f; sub x14, s7, s10; 1:)
        CHECK(x14, MSTATUS_SPP | MSTATUS_SPIE, li x1, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE; and x14, s9, x1)
        /* sret restored SIE. */
        CHECK(x14, MSTATUS_SIE, csrr x14, sstatus; andi x14, x14, MSTATUS_SIE)
        /* Into U-mode through sret; ecall (cause 8) and ebreak go to S with SPP = U. */
        TEST_CASE(4, s6, 8, li x1, MSTATUS_SPP; csrc sstatus, x1; la x1, 1f; csrw sepc, x1; sret; 1: li s6, -1; ecall)
        CHECK(x14, 0, li x1, MSTATUS_SPP; and x14, s9, x1)
        TEST_CASE(5, s6, 3, li s6, -1; c.ebreak)
        /* An illegal instruction is not delegated: it reaches M (and returns to M). */
        TEST_CASE(6, s2, 2, li s6, -1; li a7, RETURN_TO_M_MAGIC; li s2, -1; csrr x14, sscratch)
        CHECK(s6, -1, )
        CHECK(x14, 0, li x1, MSTATUS_MPP; and x14, s5, x1)
        /* S-mode ecall is not delegated here: cause 9 in M. */
        TEST_CASE(7, s2, 9, ENTER_MODE(1); li s2, -1; li s6, -1; ecall)
        CHECK(s6, -1, )
        RETURN_TO_M
        csrw medeleg, x0
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
