/* jit.S - a JIT-like guest: maps one read/write/execute page and 500 times
 * writes a new function there (`li a0, i; ret`), runs fence.i and calls it;
 * prints the sum of the results (125250) and exits 0. */
#include "asm.h"
#define ROUNDS 500

    .text
    .globl _start
    .type _start, @function
_start:
    li a0, 0
    li a1, 4096
    li a2, 7                /* PROT_READ | PROT_WRITE | PROT_EXEC */
    li a3, 0x22             /* MAP_PRIVATE | MAP_ANONYMOUS */
    li a4, -1
    li a5, 0
    li a7, SYS_mmap
    ecall
    mv s0, a0               /* s0: the code page */
    li s1, 1                /* s1: round */
    li s2, 0                /* s2: sum */
    li s3, ROUNDS
    li s4, 0x00000513       /* addi a0, zero, 0 */
    li s5, 0x00008067       /* jalr zero, 0(ra) */
round:
    slli t0, s1, 20
    or t0, t0, s4           /* addi a0, zero, s1 */
    sw t0, 0(s0)
    sw s5, 4(s0)
    fence.i
    jalr s0
    add s2, s2, a0
    addi s1, s1, 1
    ble s1, s3, round
    mv a0, s2
    call print_u64
    EXIT(zero)
    .size _start, . - _start

DEFINE_PRINT_U64
