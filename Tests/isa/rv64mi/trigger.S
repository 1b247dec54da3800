# Sdtrig: address-match triggers as breakpoints (cause 3, mtval = the
# address): an execute trigger in M-mode (mcontrol; M-mode triggers need
# mstatus.MIE, and tcontrol.MTE where tcontrol exists), a load trigger that a store does not fire, a store trigger
# that stops the store, both triggers at once, and U-mode triggers (mcontrol6)
# that do not fire in M-mode. mtval may be 0 or the address (both allowed;
# QEMU 7.2 writes 0). The handler skips the instruction a trigger stopped.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
#include "vm.h"
#define MCONTROL (2 << 60)
#define MCONTROL6 (6 << 60)
#define T_M (1 << 6)
#define T_U (1 << 3)
#define T_EXECUTE (1 << 2)
#define T_STORE (1 << 1)
#define T_LOAD (1 << 0)
RVTEST_CODE_BEGIN
        VM_INSTALL_HANDLER
        li t0, 8; csrs tcontrol, t0     /* MTE (an illegal instruction where tcontrol is absent) */
        csrsi mstatus, MSTATUS_MIE      /* no interrupt is enabled in mie */
        TEST_CASE(2, x14, 0, csrw tselect, x0; csrr x14, tselect)
        /* Execute trigger in M-mode. */
        la a2, 1f; csrw tdata2, a2
        TEST_CASE(3, x14, MCONTROL | T_M | T_EXECUTE, li x14, MCONTROL | T_M | T_EXECUTE; csrw tdata1, x14; csrr x14, tdata1)
        TEST_CASE(4, s2, 3, li s2, -1; 1: li s2, 99; nop)
        beqz s3, 1f; bne s3, a2, fail; 1:
        /* A load trigger: loads stop before reading, stores go through. */
        la a2, data1; csrw tdata2, a2
        TEST_CASE(5, x14, MCONTROL | T_M | T_LOAD, li x14, MCONTROL | T_M | T_LOAD; csrw tdata1, x14; csrr x14, tdata1)
        TEST_CASE(6, x14, 0x11, li s2, -1; li x14, 0x11; lw x14, 0(a2))
        CHECK(s2, 3, )
        beqz s3, 1f; bne s3, a2, fail; 1:
        TEST_CASE(7, s2, -1, li s2, -1; li t0, 0x22; sw t0, 0(a2); lw x14, -4(a2))
        /* A store trigger: the store does not happen; any byte of the access matches. */
        TEST_CASE(8, s2, 3, li x14, MCONTROL | T_M | T_STORE; csrw tdata1, x14; li s2, -1; li t0, 0x33; addi t1, a2, -4; sd t0, 0(t1))
        TEST_CASE(9, x14, 0x22, li s2, -1; lw x14, 0(a2))
        CHECK(s2, -1, )
        /* Trigger 1 loads from data2 while trigger 0 still catches stores to data1. */
        TEST_CASE(10, x14, 1, li x14, 1; csrw tselect, x14; csrr x14, tselect)
        la a3, data2; csrw tdata2, a3; li t0, MCONTROL | T_M | T_LOAD; csrw tdata1, t0
        TEST_CASE(11, s2, 3, li s2, -1; lw x14, 0(a3))
        TEST_CASE(12, s2, 3, li s2, -1; sw x0, 0(a2))
        csrw tdata1, x0; csrw tselect, x0; csrw tdata1, x0
        csrci mstatus, MSTATUS_MIE
        /* U-mode triggers (mcontrol6): an execute and a load trigger in user code;
           M-mode is not affected. */
        la a2, data1; li t0, USER_ALIAS; sub a2, a2, t0; csrw tdata2, a2
        li t0, MCONTROL6 | T_U | T_LOAD; csrw tdata1, t0; csrr t1, tdata1; bne t0, t1, 3f
        li t0, -1; csrw pmpaddr0, t0; li t0, 0x1f; csrw pmpcfg0, t0
        VM_SETUP
        TEST_CASE(13, s2, 3, li s2, -1; ENTER_USER; lw x14, 0(a2))
        beqz s3, 1f; bne s3, a2, fail; 1:
        RETURN_TO_M
        TEST_CASE(14, s2, -1, li s2, -1; la t0, data1; lw x14, 0(t0))
3:      csrw satp, x0
        TEST_PASSFAIL
        VM_TRAP_HANDLER
RVTEST_DATA_BEGIN
        .balign 8
        .word 0
data1:  .word 0x22
        .word 0
data2:  .word 1
        VM_DATA
RVTEST_DATA_END
