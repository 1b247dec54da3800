# The CLINT (Spike's layout) and interrupts: mtime advances, a machine timer
# interrupt when mtime reaches mtimecmp (in M with MIE, and preempting S-mode
# whatever MIE), wfi returning once the timer is pending, a machine software
# interrupt through msip, and a supervisor timer interrupt delegated through
# mideleg (STIP raised by M-mode).
#include "env.h"
#include "test_macros.h"
#include "machine.h"
#include "vm.h"
#define CLINT_MSIP 0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME 0x200bff8
#define MIP_MSIP (1 << 3)
#define MIP_STIP (1 << 5)
#define MIP_MTIP (1 << 7)
/* mtimecmp = mtime + ticks (clobbers t0, t1). */
#define TIMER_IN(ticks) li t0, CLINT_MTIME; ld t1, 0(t0); addi t1, t1, ticks; li t0, CLINT_MTIMECMP; sd t1, 0(t0)
/* Spins until s2 != -1 (at most a million rounds). */
#define WAIT_FOR_TRAP li a2, 1000000; 1: addi a2, a2, -1; beqz a2, 2f; li t6, -1; beq s2, t6, 1b; 2:
RVTEST_CODE_BEGIN
        VM_INSTALL_HANDLER
        li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0)
        TEST_CASE(2, x14, 1, li t0, CLINT_MTIME; ld a0, 0(t0); li a2, 2000; 1: addi a2, a2, -1; bnez a2, 1b; ld a1, 0(t0); sltu x14, a0, a1)
        /* Machine timer interrupt in M-mode. */
        TEST_CASE(3, s2, 0x8000000000000007, li s2, -1; TIMER_IN(20); li t0, MIP_MTIP; csrs mie, t0; csrsi mstatus, MSTATUS_MIE; WAIT_FOR_TRAP; csrci mstatus, MSTATUS_MIE)
        TEST_CASE(4, x14, MIP_MTIP, csrr x14, mip; andi x14, x14, MIP_MTIP)
        /* wfi returns when the timer interrupt is pending, even with MIE clear; then it is taken. */
        TEST_CASE(5, x14, MIP_MTIP, li s2, -1; TIMER_IN(50); li t0, MIP_MTIP; csrs mie, t0; csrr x14, mip; andi x14, x14, MIP_MTIP; bnez x14, fail; wfi; csrr x14, mip; andi x14, x14, MIP_MTIP)
        TEST_CASE(6, s2, 0x8000000000000007, csrsi mstatus, MSTATUS_MIE; nop; csrci mstatus, MSTATUS_MIE)
        /* Machine software interrupt through msip. */
        TEST_CASE(7, s2, 0x8000000000000003, li s2, -1; li t0, MIP_MSIP; csrs mie, t0; csrsi mstatus, MSTATUS_MIE; li t0, CLINT_MSIP; li t1, 1; sw t1, 0(t0); nop; csrci mstatus, MSTATUS_MIE)
        TEST_CASE(8, x14, MIP_MSIP, csrr x14, mip; andi x14, x14, MIP_MSIP)
        TEST_CASE(9, x14, 0, li t0, CLINT_MSIP; sw x0, 0(t0); csrr x14, mip; andi x14, x14, MIP_MSIP)
        /* A machine timer interrupt preempts S-mode even with mstatus.MIE clear. */
        TEST_CASE(10, s2, 0x8000000000000007, li s2, -1; TIMER_IN(20); li t0, MIP_MTIP; csrs mie, t0; ENTER_MODE(1); WAIT_FOR_TRAP)
        RETURN_TO_M
        TEST_CASE(11, x14, 1 << 11, li t0, MSTATUS_MPP; and x14, s5, t0)
        /* A supervisor timer interrupt delegated to S-mode, taken once SIE is set. */
        li t0, MIP_STIP; csrw mideleg, t0; csrs mie, t0; csrs mip, t0
        TEST_CASE(12, s6, 0x8000000000000005, li s6, -1; ENTER_MODE(1); csrr x14, sip; andi x14, x14, MIP_STIP; beqz x14, fail; csrsi sstatus, MSTATUS_SIE; nop; csrci sstatus, MSTATUS_SIE)
        RETURN_TO_M
        li t0, MIP_STIP; csrc mip, t0; csrw mideleg, x0
        TEST_PASSFAIL
        VM_TRAP_HANDLER
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
