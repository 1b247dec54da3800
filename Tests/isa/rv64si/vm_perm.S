# Sv39 permission rules for loads and stores, checked from M-mode with
# mstatus.MPRV (data accesses at MPP's privilege): U pages and SUM, S pages
# from U, read-only and execute-only pages and MXR, the reserved encodings
# (W without R, high bits, A/D/U in a non-leaf PTE), V = 0, non-canonical
# addresses, misaligned and aligned superpages; page-fault causes and stval.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
#include "vm.h"
RVTEST_CODE_BEGIN
        VM_INSTALL_HANDLER
        VM_SETUP
        /* A user read/write page at VA 0x1000. */
        SET_PTE(1, vm_page0, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
        TEST_CASE(2, s2, -1, li s2, -1; li a0, 0x1008; li a1, 0x5555; AS_MODE(0, sd a1, 0(a0)))
        TEST_CASE(3, x14, 0x5555, la t0, vm_page0; ld x14, 8(t0))
        TEST_CASE(4, x14, 0x5555, li a0, 0x1008; AS_MODE(0, ld x14, 0(a0)))
        /* From S-mode a U page needs SUM. */
        TEST_TRAP(5, 13, 0x1010, li a0, 0x1010; AS_MODE(1, ld x14, 0(a0)))
        TEST_TRAP(6, 15, 0x1018, li a0, 0x1018; AS_MODE(1, sd x0, 0(a0)))
        li t0, MSTATUS_SUM; csrs mstatus, t0
        TEST_CASE(7, x14, 0x5555, li s2, -1; li a0, 0x1008; AS_MODE(1, ld x14, 0(a0)))
        CHECK(s2, -1, )
        li t0, MSTATUS_SUM; csrc mstatus, t0
        /* An S page is out of U's reach. */
        SET_PTE(2, vm_page1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
        TEST_CASE(8, s2, -1, li s2, -1; li a0, 0x2000; AS_MODE(1, ld x14, 0(a0)))
        TEST_TRAP(9, 13, 0x2000, li a0, 0x2000; AS_MODE(0, ld x14, 0(a0)))
        TEST_TRAP(10, 15, 0x2004, li a0, 0x2004; AS_MODE(0, sw x0, 0(a0)))
        /* Read-only: stores fault. */
        SET_PTE(3, vm_page1, PTE_V | PTE_R | PTE_U | PTE_A | PTE_D)
        TEST_TRAP(11, 15, 0x3008, li a0, 0x3008; AS_MODE(0, sd x0, 0(a0)))
        TEST_CASE(12, s2, -1, li s2, -1; li a0, 0x3008; AS_MODE(0, ld x14, 0(a0)))
        /* Execute-only: loads fault unless MXR. */
        SET_PTE(4, vm_page1, PTE_V | PTE_X | PTE_U | PTE_A | PTE_D)
        TEST_TRAP(13, 13, 0x4000, li a0, 0x4000; AS_MODE(0, ld x14, 0(a0)))
        li t0, MSTATUS_MXR; csrs mstatus, t0
        TEST_CASE(14, s2, -1, li s2, -1; li a0, 0x4000; AS_MODE(0, ld x14, 0(a0)))
        TEST_TRAP(15, 15, 0x4000, li a0, 0x4000; AS_MODE(0, sd x0, 0(a0)))
        li t0, MSTATUS_MXR; csrc mstatus, t0
        /* Reserved: W without R; V = 0; a reserved high bit. */
        SET_PTE(5, vm_page1, PTE_V | PTE_W | PTE_U | PTE_A | PTE_D)
        TEST_TRAP(16, 13, 0x5000, li a0, 0x5000; AS_MODE(0, ld x14, 0(a0)))
        TEST_TRAP(17, 15, 0x5000, li a0, 0x5000; AS_MODE(0, sd x0, 0(a0)))
        SET_PTE(5, vm_page1, PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
        TEST_TRAP(18, 13, 0x5000, li a0, 0x5000; AS_MODE(0, ld x14, 0(a0)))
        la t3, vm_page1; MAKE_PTE(t4, t3, PTE_V | PTE_R | PTE_U | PTE_A | PTE_D); li t3, 1; slli t3, t3, 60; or t4, t4, t3
        la t3, vm_l0; sd t4, 40(t3); sfence.vma
        TEST_TRAP(19, 13, 0x5000, li a0, 0x5000; AS_MODE(0, ld x14, 0(a0)))
        /* A non-leaf PTE with A set is reserved. */
        la t3, vm_l1; ld a2, 0(t3); ori t4, a2, PTE_A; sd t4, 0(t3); sfence.vma
        TEST_TRAP(20, 13, 0x1000, li a0, 0x1000; AS_MODE(0, ld x14, 0(a0)))
        la t3, vm_l1; sd a2, 0(t3); sfence.vma
        TEST_CASE(21, s2, -1, li s2, -1; li a0, 0x1000; AS_MODE(0, ld x14, 0(a0)))
        /* Non-canonical: bit 38 set, bits 63..39 clear. */
        TEST_TRAP(22, 13, 0x4000000000, li a0, 0x4000000000; AS_MODE(0, ld x14, 0(a0)))
        TEST_TRAP(23, 15, 0x4000000008, li a0, 0x4000000008; AS_MODE(1, sd x0, 0(a0)))
        /* A megapage at VA 0x200000: misaligned PPN faults, aligned works. */
        la t3, vm_l1; li t4, ((0x80200000 >> 12) + 1) << 10 | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D; sd t4, 8(t3); sfence.vma
        TEST_TRAP(24, 13, 0x200010, li a0, 0x200010; AS_MODE(1, ld x14, 0(a0)))
        la t3, vm_l1; li t4, (0x80200000 >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D; sd t4, 8(t3); sfence.vma
        TEST_CASE(25, x14, 0x1234, li a0, 0x3ff000; li a1, 0x1234; AS_MODE(1, sd a1, 0(a0)); li t0, 0x803ff000; ld x14, 0(t0))
        /* The user gigapage alias (VA 0x40000000 -> PA 0x80000000). */
        TEST_CASE(26, x14, 0x5555, la a0, vm_page0; li t0, USER_ALIAS; sub a0, a0, t0; AS_MODE(0, ld x14, 8(a0)))
        /* The supervisor gigapage is out of U's reach. */
        TEST_TRAP(27, 13, 0x80000000, li a0, 0x80000000; AS_MODE(0, lw x14, 0(a0)))
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        csrw satp, x0
        TEST_PASSFAIL
        VM_TRAP_HANDLER
RVTEST_DATA_BEGIN
        VM_DATA
RVTEST_DATA_END
