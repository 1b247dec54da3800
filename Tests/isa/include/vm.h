/* Helpers for the virtual-memory tests (bare metal, with machine.h).
 *
 * Layout (Sv39): vm_root maps
 *   VA 0x80000000.. (gigapage 2)  -> PA 0x80000000, R W X, A D, supervisor only
 *   VA 0x40000000.. (gigapage 1)  -> PA 0x80000000, R W X U, A D (user alias)
 *   VA 0x00000000.. (vm_l1/vm_l0) -> 4 KiB test pages set with SET_PTE
 * so S-mode runs the test in place and U-mode runs it through the alias
 * (the code is position independent: la is pc-relative).
 */
#ifndef TERN_ISA_VM_H
#define TERN_ISA_VM_H

#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define SATP_SV39 (8 << 60)
#define SATP_SV48 (9 << 60)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM  (1 << 18)
#define MSTATUS_MXR  (1 << 19)
#define USER_ALIAS (0x80000000 - 0x40000000)
#define CSR_MENVCFG 0x30a
#define MENVCFG_ADUE (1 << 61)

/* reg = PTE for physical address `pa_reg` with `flags` (clobbers t5). */
#define MAKE_PTE(reg, pa_reg, flags)                                    \
        srli reg, pa_reg, 12; slli reg, reg, 10; li t5, flags; or reg, reg, t5

/* vm_l0[index] = PTE(physical address of `symbol`, flags); sfence.vma. */
#define SET_PTE(index, symbol, flags)                                   \
        la t3, symbol; MAKE_PTE(t4, t3, flags);                         \
        la t3, vm_l0; sd t4, (8 * (index))(t3); sfence.vma

/* The PTE at vm_l0[index] into reg. */
#define GET_PTE(reg, index) la t3, vm_l0; ld reg, (8 * (index))(t3)

/* Builds the tables and turns on Sv39 (run in M-mode). */
#define VM_SETUP                                                        \
        la t0, vm_root; li t1, 0x80000000; MAKE_PTE(t2, t1, PTE_V | PTE_RWX | PTE_A | PTE_D | PTE_G); \
        sd t2, 16(t0);                                                  \
        MAKE_PTE(t2, t1, PTE_V | PTE_RWX | PTE_U | PTE_A | PTE_D); sd t2, 8(t0); \
        la t1, vm_l1; MAKE_PTE(t2, t1, PTE_V); sd t2, 0(t0);            \
        la t0, vm_l1; la t1, vm_l0; MAKE_PTE(t2, t1, PTE_V); sd t2, 0(t0); \
        la t0, vm_root; srli t0, t0, 12; li t1, SATP_SV39; or t0, t0, t1; \
        csrw satp, t0; sfence.vma

/* One access from M-mode with the data privilege of `mode` (MPRV; SUM/MXR as set). */
#define AS_MODE(mode, insn...)                                          \
        li t0, MSTATUS_MPP | MSTATUS_MPRV; csrc mstatus, t0;            \
        li t0, ((mode) << 11) | MSTATUS_MPRV; csrs mstatus, t0;         \
        insn;                                                           \
        li t0, MSTATUS_MPRV; csrc mstatus, t0

/* From M-mode, continue in U-mode at the next instruction through the user alias. */
#define ENTER_USER                                                      \
        li t0, MSTATUS_MPP; csrc mstatus, t0;                           \
        la t0, 1f; li t1, USER_ALIAS; sub t0, t0, t1; csrw mepc, t0; mret; 1:

/* t0 = physical address of the code address in `reg` (user alias -> place). */
#define TO_PHYSICAL(reg)                                                \
        mv t0, reg; srli t1, t0, 31; bnez t1, 9f; li t1, USER_ALIAS; add t0, t0, t1; 9:

/* The trap handlers of the VM tests (VM_INSTALL_HANDLER installs them).
 * vm_m_trap: s2 = mcause, s3 = mtval, s4 = mepc, s5 = mstatus at entry. Fetch
 * faults (1, 12) return to ra; other exceptions return past the trapping
 * instruction (an execute breakpoint skips the instruction it stopped); interrupts clear
 * their enable bit in mie and return to mepc. When a7 == 77 it returns in
 * M-mode (MPP = M) at the physical place.
 * vm_s_trap: s6 = scause, s7 = stval, s8 = sepc; skips the trapping
 * instruction (S-mode code at its own place only) or masks the interrupt in sie. */
#define VM_TRAP_HANDLER                                                 \
        .balign 4;                                                      \
vm_m_trap:                                                              \
        csrr s2, mcause; csrr s3, mtval; csrr s4, mepc; csrr s5, mstatus; \
        bltz s2, 3f;                                                    \
        li t0, 1; beq s2, t0, 5f; li t0, 12; bne s2, t0, 8f;            \
5:      csrw mepc, ra; j 7f;                                            \
8:      TO_PHYSICAL(s4); lhu t0, 0(t0); andi t0, t0, 3; li t1, 3; li t2, 2; \
        bne t0, t1, 4f; li t2, 4; 4: add t0, s4, t2; csrw mepc, t0;     \
7:      li t0, RETURN_TO_M_MAGIC; bne a7, t0, 6f;                       \
        csrr t2, mepc; TO_PHYSICAL(t2); csrw mepc, t0;                  \
        li t0, MSTATUS_MPP; csrs mstatus, t0; li a7, 0;                 \
6:      mret;                                                           \
3:      andi t0, s2, 63; li t1, 1; sll t1, t1, t0; csrc mie, t1; mret;  \
        .balign 4;                                                      \
vm_s_trap:                                                              \
        csrr s6, scause; csrr s7, stval; csrr s8, sepc;                 \
        bltz s6, 3f; NEXT_PC(s8); csrw sepc, t0; sret;                  \
3:      andi t0, s6, 63; li t1, 1; sll t1, t1, t0; csrc sie, t1; sret;

#define VM_INSTALL_HANDLER la t0, vm_m_trap; csrw mtvec, t0; la t0, vm_s_trap; csrw stvec, t0

/* Page-aligned tables and test pages (put in the data section). */
#define VM_DATA                                                         \
        .balign 4096; vm_root: .skip 4096;                              \
        vm_l1: .skip 4096; vm_l0: .skip 4096;                           \
        vm_page0: .skip 4096; vm_page1: .skip 4096;                     \
        vm_page2: .skip 4096; vm_page3: .skip 4096;

#endif
