/* Helpers for machine-mode tests (bare metal only).
 *
 * TRAP_HANDLERS defines two recording trap handlers:
 *   m_trap: s2 = mcause, s3 = mtval, s4 = mepc, s5 = mstatus at entry; returns
 *           past the trapping instruction (2 or 4 bytes), or to ra after an
 *           instruction fetch fault; when a7 == 77 it returns in M-mode
 *           (MPP = M), which is how tests leave S- and U-mode.
 *   s_trap: s6 = scause, s7 = stval, s8 = sepc, s9 = sstatus at entry; returns
 *           past the trapping instruction with sret.
 * Both clobber t0-t2.
 */
#ifndef TERN_ISA_MACHINE_H
#define TERN_ISA_MACHINE_H

#define RETURN_TO_M_MAGIC 77

/* t0 = address after the instruction at \epc (2 or 4 bytes long). */
#define NEXT_PC(epc)                                                    \
        lhu t0, 0(epc); andi t0, t0, 3; li t1, 3; li t2, 2;             \
        bne t0, t1, 9f; li t2, 4; 9: add t0, epc, t2

#define TRAP_HANDLERS                                                   \
        .balign 4;                                                      \
m_trap:                                                                 \
        csrr s2, mcause; csrr s3, mtval; csrr s4, mepc; csrr s5, mstatus; \
        li t0, 1; bne s2, t0, 8f; csrw mepc, ra; j 7f;                  \
8:      NEXT_PC(s4); csrw mepc, t0;                                     \
7:      li t0, RETURN_TO_M_MAGIC; bne a7, t0, 6f;                       \
        li t0, MSTATUS_MPP; csrs mstatus, t0; li a7, 0;                 \
6:      mret;                                                           \
        .balign 4;                                                      \
s_trap:                                                                 \
        csrr s6, scause; csrr s7, stval; csrr s8, sepc; csrr s9, sstatus; \
        NEXT_PC(s8); csrw sepc, t0;                                     \
        sret;

/* Install the recording handlers (mtvec direct, stvec direct). */
#define INSTALL_HANDLERS                                                \
        la t0, m_trap; csrw mtvec, t0; la t0, s_trap; csrw stvec, t0

/* From M-mode, continue at the next instruction in privilege `mode` (0 U, 1 S, 3 M). */
#define ENTER_MODE(mode)                                                \
        li t0, MSTATUS_MPP; csrc mstatus, t0;                           \
        li t0, (mode) << 11; csrs mstatus, t0;                          \
        la t0, 1f; csrw mepc, t0; mret; 1:

/* From S- or U-mode, back to M-mode through an illegal instruction trap. */
#define RETURN_TO_M                                                     \
        li a7, RETURN_TO_M_MAGIC; csrr x0, mscratch; li s2, 0

/* Runs `code` (which must trap into m_trap) and checks mcause and mtval. */
#define TEST_TRAP(n, cause, tval, code...)                              \
        TEST_CASE(n, s2, cause, li s2, -1; code)                        \
        CHECK(s3, tval, )

#endif
