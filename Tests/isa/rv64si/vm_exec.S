# Sv39 instruction fetch and a supervisor at work: U code through a user
# alias, fetch page faults (S from U pages even with SUM, U from S pages, no X),
# code remapped under a live virtual address (sfence.vma: the old translation
# must not run) and rewritten in place (fence.i), a supervisor that maps pages
# on demand from its page-fault handler and retries (loads, stores, fetches),
# and S-mode code running in the sign-extended upper half of the space.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
#include "vm.h"
#define HIGH_ALIAS 0xffffffff40000000  /* VA 0xffffffffc0000000 -> PA 0x80000000 */
#define ADDI_X14(n) (((n) << 20) | (14 << 7) | 0x13)
#define RET 0x00008067
RVTEST_CODE_BEGIN
        VM_INSTALL_HANDLER
        VM_SETUP
        la t0, vm_root; li t1, 0x80000000; MAKE_PTE(t2, t1, PTE_V | PTE_RWX | PTE_A | PTE_D); li t3, 511 * 8; add t0, t0, t3; sd t2, 0(t0); sfence.vma
        /* U-mode runs through the alias. */
        TEST_CASE(2, x14, 7, ENTER_USER; li x14, 7)
        RETURN_TO_M
        /* S may not fetch from a U page, even with SUM. */
        li t0, MSTATUS_SUM; csrs mstatus, t0
        TEST_CASE(3, s2, 12, li s2, -1; ENTER_MODE(1); la a3, 1f; li t1, USER_ALIAS; sub a3, a3, t1; la ra, 2f; jr a3; 1: nop; 2: nop)
        bne s3, a3, fail
        RETURN_TO_M
        li t0, MSTATUS_SUM; csrc mstatus, t0
        /* U may not fetch from an S page. */
        TEST_CASE(4, s2, 12, li s2, -1; ENTER_USER; la a3, 1f; li t1, USER_ALIAS; add a3, a3, t1; la ra, 2f; jr a3; 1: nop; 2: nop)
        bne s3, a3, fail
        RETURN_TO_M
        /* Code pages: vm_page2 returns 5, vm_page3 returns 6. */
        la t0, vm_page2; li t1, ADDI_X14(5); sw t1, 0(t0); li t1, RET; sw t1, 4(t0)
        la t0, vm_page3; li t1, ADDI_X14(6); sw t1, 0(t0); li t1, RET; sw t1, 4(t0)
        fence.i
        SET_PTE(6, vm_page2, PTE_V | PTE_R | PTE_U | PTE_A | PTE_D)
        TEST_TRAP(5, 12, 0x6000, ENTER_USER; li t0, 0x6000; la ra, 1f; jr t0; 1: nop)
        RETURN_TO_M
        SET_PTE(6, vm_page2, PTE_V | PTE_X | PTE_U | PTE_A)
        TEST_CASE(6, x14, 5, ENTER_USER; li t0, 0x6000; jalr t0)
        RETURN_TO_M
        /* Remapped: the translation of the old page must not run again. */
        SET_PTE(6, vm_page3, PTE_V | PTE_X | PTE_U | PTE_A)
        TEST_CASE(7, x14, 6, ENTER_USER; li t0, 0x6000; jalr t0)
        RETURN_TO_M
        /* Rewritten in place, then fence.i. */
        la t0, vm_page3; li t1, ADDI_X14(9); sw t1, 0(t0); fence.i
        TEST_CASE(8, x14, 9, ENTER_USER; li t0, 0x6000; jalr t0)
        RETURN_TO_M
        /* A supervisor maps faulting pages on demand and retries. */
        la t0, vm_s_fault; csrw stvec, t0
        li t0, (1 << 12) | (1 << 13) | (1 << 15); csrw medeleg, t0
        la t0, vm_page0; li t1, 0x5555; sd t1, 8(t0)
        TEST_CASE(9, x14, 0x5555, ENTER_USER; li s10, 0; li a0, 0x7008; ld x14, 0(a0))
        RETURN_TO_M
        CHECK(s10, 1, )
        CHECK(s6, 13, )
        CHECK(s7, 0x7008, )
        TEST_CASE(10, x14, 9, ENTER_USER; li s10, 0; li a0, 0x8000; jalr a0)
        RETURN_TO_M
        CHECK(s10, 1, )
        CHECK(s6, 12, )
        CHECK(s7, 0x8000, )
        TEST_CASE(11, x14, 0x77, ENTER_USER; li s10, 0; li a0, 0x9010; li a1, 0x77; sd a1, 0(a0); ld x14, 0(a0))
        RETURN_TO_M
        CHECK(s10, 1, )
        CHECK(s6, 15, )
        TEST_CASE(12, x14, 0x77, la t0, vm_page0; ld x14, 16(t0))
        csrw medeleg, x0
        /* S-mode code in the upper half: VA 0xffffffffc0000000 + offset. */
        TEST_CASE(13, x14, 0x5555, ENTER_MODE(1); la t0, 1f; li t1, HIGH_ALIAS; add t0, t0, t1; jr t0; 1: la a0, vm_page0; ld x14, 8(a0); auipc a5, 0)
        li t1, 0xffffffffc0000000; bltu a5, t1, fail
        la t0, 1f; li t1, HIGH_ALIAS; sub t0, t0, t1; jr t0; 1:
        RETURN_TO_M
        csrw satp, x0
        TEST_PASSFAIL
        VM_TRAP_HANDLER
        /* The supervisor's page-fault handler: map stval's page (code faults to
           vm_page3, data faults to vm_page0), count the fault in s10, retry.
           Clobbers t0-t5 (the tests keep nothing there across a fault). */
        .balign 4
vm_s_fault:
        csrr s6, scause; csrr s7, stval; csrr s8, sepc; addi s10, s10, 1
        srli t0, s7, 12; slli t0, t0, 3; la t1, vm_l0; add t1, t1, t0
        la t2, vm_page0; li t3, 12; bne s6, t3, 1f; la t2, vm_page3; 1:
        MAKE_PTE(t4, t2, PTE_V | PTE_RWX | PTE_U | PTE_A | PTE_D)
        sd t4, 0(t1); sfence.vma s7
        sret
RVTEST_DATA_BEGIN
        VM_DATA
RVTEST_DATA_END
