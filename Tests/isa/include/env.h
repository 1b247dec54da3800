/* Tern ISA test environment.
 *
 * Bare-metal (default): the program starts in machine mode at _start, opens
 * all memory to S/U-mode with PMP entry 0 (as real machines require), enables
 * the FPU, installs a trap handler that fails the test (cause in the report:
 * TESTNUM is kept), and reports through the HTIF mailbox: tohost = (code << 1) | 1,
 * code 0 = pass, otherwise the failing TESTNUM.
 *
 * User mode (-DTERN_ENV_USER): the same unprivileged test bodies as a static
 * Linux program (exit(0) on pass, exit(TESTNUM) on failure), so they can be
 * cross-checked under qemu-riscv64. No tohost symbol is defined then.
 */
#ifndef TERN_ISA_ENV_H
#define TERN_ISA_ENV_H

#define TESTNUM gp

#define MSTATUS_SIE  (1 << 1)
#define MSTATUS_MIE  (1 << 3)
#define MSTATUS_SPIE (1 << 5)
#define MSTATUS_MPIE (1 << 7)
#define MSTATUS_SPP  (1 << 8)
#define MSTATUS_MPP  (3 << 11)
#define MSTATUS_FS   (3 << 13)
#define MSTATUS_TVM  (1 << 20)
#define MSTATUS_TW   (1 << 21)
#define MSTATUS_TSR  (1 << 22)

#ifdef TERN_ENV_USER

#define RVTEST_CODE_BEGIN                                               \
        .text;                                                          \
        .globl _start;                                                  \
_start:                                                                 \
        csrwi fcsr, 0;                                                  \
        li TESTNUM, 0;

#define RVTEST_PASS                                                     \
        fence;                                                          \
        li a0, 0;                                                       \
        li a7, 93;                                                      \
        ecall;

#define RVTEST_FAIL                                                     \
        fence;                                                          \
        seqz t0, TESTNUM;                                               \
        or a0, TESTNUM, t0;                                             \
        li a7, 93;                                                      \
        ecall;

#define RVTEST_DATA_BEGIN .data; .balign 64;
#define RVTEST_DATA_END

#else /* bare metal */

#define RVTEST_CODE_BEGIN                                               \
        .section .text.init, "ax", @progbits;                           \
        .globl _start;                                                  \
_start:                                                                 \
        la t0, tern_unexpected_trap;                                    \
        csrw mtvec, t0;                                                 \
        li t0, -1;                      /* PMP: S/U may access all */   \
        csrw pmpaddr0, t0;                                              \
        li t0, 0x1f;                                                    \
        csrw pmpcfg0, t0;                                               \
        li t0, MSTATUS_FS;                                              \
        csrs mstatus, t0;                                               \
        csrwi fcsr, 0;                                                  \
        li TESTNUM, 0;                                                  \
        j tern_test_body;                                               \
        .balign 4;                                                      \
tern_unexpected_trap:                                                   \
        RVTEST_FAIL;                                                    \
        .text;                                                          \
tern_test_body:

#define RVTEST_PASS                                                     \
        fence;                                                          \
        li t0, 1;                                                       \
        la t1, tohost;                                                  \
        sd t0, 0(t1);                                                   \
1:      j 1b;

#define RVTEST_FAIL                                                     \
        fence;                                                          \
        seqz t0, TESTNUM;                                               \
        or t0, TESTNUM, t0;                                             \
        slli t0, t0, 1;                                                 \
        ori t0, t0, 1;                                                  \
        la t1, tohost;                                                  \
        sd t0, 0(t1);                                                   \
1:      j 1b;

#define RVTEST_DATA_BEGIN                                               \
        .section .tohost, "aw", @progbits;                              \
        .balign 64; .globl tohost; .type tohost, @object;               \
        .size tohost, 8; tohost: .dword 0;                              \
        .balign 64; .globl fromhost; .type fromhost, @object;           \
        .size fromhost, 8; fromhost: .dword 0;                          \
        .data; .balign 64;
#define RVTEST_DATA_END

#endif
#endif
