# Accessed and dirty bits (Sv39): with menvcfg.ADUE = 1 (Svadu, the reset value)
# the walk sets A on any access and D on stores, never D on loads; with ADUE = 0
# (where it can be cleared) accesses needing either bit raise page faults and the
# PTE is left alone, and a handler that sets the bits lets the retry succeed.
# Then Sv48: four levels, a megapage in the sign-extended upper half, and
# addresses that are not canonical for Sv48.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
#include "vm.h"
#define PTE_USER_RW (PTE_V | PTE_R | PTE_W | PTE_U)
RVTEST_CODE_BEGIN
        VM_INSTALL_HANDLER
        li t0, MENVCFG_ADUE; csrs CSR_MENVCFG, t0
        VM_SETUP
        /* Hardware updates: A on a load, D only on a store. */
        SET_PTE(1, vm_page0, PTE_USER_RW)
        TEST_CASE(2, s2, -1, li s2, -1; li a0, 0x1000; AS_MODE(0, ld x14, 0(a0)))
        TEST_CASE(3, x14, PTE_A, GET_PTE(x14, 1); andi x14, x14, PTE_A | PTE_D)
        TEST_CASE(4, s2, -1, li s2, -1; li a0, 0x1008; AS_MODE(0, sd a0, 0(a0)))
        TEST_CASE(5, x14, PTE_A | PTE_D, GET_PTE(x14, 1); andi x14, x14, PTE_A | PTE_D)
        TEST_CASE(6, x14, 0x1008, la t0, vm_page0; ld x14, 8(t0))
        /* A store to a clean page sets A and D together. */
        SET_PTE(2, vm_page1, PTE_USER_RW)
        TEST_CASE(7, x14, PTE_A | PTE_D, li a0, 0x2000; AS_MODE(0, sd a0, 0(a0)); GET_PTE(x14, 2); andi x14, x14, PTE_A | PTE_D)
        /* A faulting store leaves D clear (a read-only page). */
        SET_PTE(3, vm_page1, PTE_V | PTE_R | PTE_U)
        TEST_TRAP(8, 15, 0x3000, li a0, 0x3000; AS_MODE(0, sd a0, 0(a0)))
        TEST_CASE(9, x14, 0, GET_PTE(x14, 3); andi x14, x14, PTE_D)
        /* ADUE = 0: software manages A and D (skipped where ADUE is read-only zero:
           there the hardware always updates them). */
        li t0, MENVCFG_ADUE; csrc CSR_MENVCFG, t0; csrr t1, CSR_MENVCFG; and t1, t1, t0; bnez t1, fail
        csrs CSR_MENVCFG, t0; csrr t1, CSR_MENVCFG; and t1, t1, t0; beqz t1, 1f
        csrc CSR_MENVCFG, t0
        SET_PTE(4, vm_page2, PTE_USER_RW)
        TEST_TRAP(10, 13, 0x4010, li a0, 0x4010; AS_MODE(0, ld x14, 0(a0)))
        TEST_CASE(11, x14, 0, GET_PTE(x14, 4); andi x14, x14, PTE_A | PTE_D)
        SET_PTE(4, vm_page2, PTE_USER_RW | PTE_A)
        TEST_CASE(12, s2, -1, li s2, -1; li a0, 0x4010; AS_MODE(0, ld x14, 0(a0)))
        TEST_TRAP(13, 15, 0x4018, li a0, 0x4018; AS_MODE(0, sd a0, 0(a0)))
        TEST_CASE(14, x14, PTE_A, GET_PTE(x14, 4); andi x14, x14, PTE_A | PTE_D)
        SET_PTE(4, vm_page2, PTE_USER_RW | PTE_A | PTE_D)
        TEST_CASE(15, x14, 0x4018, li a0, 0x4018; AS_MODE(0, sd a0, 0(a0)); la t0, vm_page2; ld x14, 0x18(t0))
        li t0, MENVCFG_ADUE; csrs CSR_MENVCFG, t0
1:
        /* Sv48: vm_root -> vm_l1 -> vm_l0 for the identity gigapage, and the
           last entry of each level down to a megapage at the top of the space. */
        csrw satp, x0; sfence.vma
        la a0, vm_root; la a1, vm_l1; MAKE_PTE(t2, a1, PTE_V); sd t2, 0(a0)
        li t0, 511 * 8; add t1, a0, t0; la a2, vm_page0; MAKE_PTE(t2, a2, PTE_V); sd t2, 0(t1)
        li t1, 0x80000000; MAKE_PTE(t2, t1, PTE_V | PTE_RWX | PTE_A | PTE_D); sd t2, 16(a1)
        li t0, 511 * 8; add t1, a2, t0; la a3, vm_page1; MAKE_PTE(t2, a3, PTE_V); sd t2, 0(t1)
        add t1, a3, t0; li t3, 0x80000000; MAKE_PTE(t2, t3, PTE_V | PTE_RWX | PTE_A | PTE_D); sd t2, 0(t1)
        srli t0, a0, 12; li t1, SATP_SV48; or t0, t0, t1; csrw satp, t0; sfence.vma
        /* VA 0xffffffffffe00000 + offset -> PA 0x80000000 + offset (S, through MPRV). */
        la a4, data; li t0, 0x80000000; sub a4, a4, t0; li t0, 0xffffffffffe00000; add a4, a4, t0
        TEST_CASE(16, x14, 0x4848, AS_MODE(1, ld x14, 0(a4)))
        TEST_TRAP(17, 13, 0x0000800000000000, li a0, 0x0000800000000000; AS_MODE(1, ld x14, 0(a0)))
        TEST_TRAP(18, 15, 0xffff7fffffe00000, li a0, 0xffff7fffffe00000; AS_MODE(1, sd x0, 0(a0)))
        TEST_CASE(19, x14, 0x4848, li a0, 0x80000000; la t0, data; sub t0, t0, a0; add a0, a0, t0; AS_MODE(1, ld x14, 0(a0)))
        csrw satp, x0
        TEST_PASSFAIL
        VM_TRAP_HANDLER
RVTEST_DATA_BEGIN
        .balign 8
data:   .dword 0x4848
        VM_DATA
RVTEST_DATA_END
