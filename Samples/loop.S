/* loop.S - a loop whose body runs exactly N times, for exact translation cache
 * counts: each iteration makes a direct call (return-address stack), an
 * indirect call through a register (per-site inline cache) and a taken
 * backward branch (chain link). Prints the sum (N*4) and exits 0.
 * Block by block (see Tests/TernLinuxTests/CacheCountTests.swift):
 *   _start: 5 setup instructions + call add3      (6)
 *   add3:   addi, ret                              (2)
 *   after1: jalr s2 (indirect call of add1)        (1)
 *   add1:   addi, ret                              (2)
 *   after2: addi, bnez loop                        (2)
 *   loop:   call add3 (iterations 2..N)            (1)
 */
#include "asm.h"
#define N 1000000

    .text
    .globl _start
    .type _start, @function
_start:
    li s0, N                /* lui + addiw */
    li s1, 0
    la s2, add1             /* auipc + addi */
loop:
    call add3
    jalr s2
    addi s0, s0, -1
    bnez s0, loop
    mv a0, s1
    call print_u64
    EXIT(zero)
    .size _start, . - _start

    .type add3, @function
add3:
    addi s1, s1, 3
    ret
    .size add3, . - add3
    .type add1, @function
add1:
    addi s1, s1, 1
    ret
    .size add1, . - add1

DEFINE_PRINT_U64
