# Software-raised supervisor interrupts (mip.SSIP): taken when enabled, through
# a vectored mtvec at BASE + 4 * cause, with mcause's interrupt bit set and
# mepc at the next instruction; delegated ones are taken in S-mode only.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        /* Not enabled globally (MIE = 0): stays pending. */
        TEST_CASE(2, s2, -1, li s2, -1; la x1, vectors; ori x1, x1, 1; csrw mtvec, x1; csrwi mie, 2; csrsi mip, 2; nop)
        CHECK(x14, 2, csrr x14, mip; andi x14, x14, 0x222)
        /* MIE = 1: taken right after the csrs, through vector 1. */
        TEST_CASE(3, s2, 0x8000000000000001, li s2, -1; la s10, 1f; csrsi mstatus, MSTATUS_MIE; 1: nop)
        CHECK(x14, 0, sub x14, s4, s10)
        CHECK(s3, 1, )
        CHECK(x14, MSTATUS_MIE, csrr x14, mstatus; andi x14, x14, MSTATUS_MIE)
        /* Direct mode: the same interrupt goes to BASE. */
        TEST_CASE(4, s3, 0, li s2, -1; la x1, vectors; csrw mtvec, x1; li s3, -1; csrsi mip, 2; nop)
        CHECK(s2, 0x8000000000000001, )
        /* Delegated to S: ignored in M, taken in S through a vectored stvec. */
        csrci mstatus, MSTATUS_MIE
        TEST_CASE(5, s6, -1, la x1, m_trap; csrw mtvec, x1; la x1, svectors; ori x1, x1, 1; csrw stvec, x1; csrwi mideleg, 2; csrsi mstatus, MSTATUS_MIE; li s6, -1; csrsi mip, 2; nop)
        TEST_CASE(6, s6, 0x8000000000000001, ENTER_MODE(1); la s10, 1f; csrsi sstatus, MSTATUS_SIE; 1: nop)
        CHECK(x14, 0, sub x14, s8, s10)
        CHECK(s7, 1, )
        RETURN_TO_M
        csrw mideleg, x0
        csrw mie, x0
        TEST_PASSFAIL
        TRAP_HANDLERS
        /* M vectors: entry 0 is the exception handler, entry 1 SSI. */
        .option norvc
        .balign 256
vectors:
        j exception
        j ssi
        .rept 14
        j fail
        .endr
exception:
        csrr s2, mcause
        li s3, 0
        csrci mip, 2
        mret
ssi:    csrr s2, mcause; csrr s4, mepc; li s3, 1
        csrci mip, 2
        mret
        .balign 256
svectors:
        j fail
        csrr s6, scause; csrr s8, sepc; li s7, 1
        csrci sip, 2
        sret
        .option rvc
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
