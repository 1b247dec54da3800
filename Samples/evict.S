/* evict.S - a loop over eight blocks (b0..b7, each ending in an always-taken
 * branch to the next), run N = 100 times, then prints a line and exits 0. With
 * a translation cache of four blocks (`--tcache-size 4blocks`) every block entry
 * misses: 8N + 2 translations and 2N whole-cache evictions of 4 blocks each.
 * A branch, not a `j`: a jump within the page would continue its block (a
 * superblock, docs/ARCHITECTURE.md) and the loop would be one block. */
#include "asm.h"
#define N 100
#define STEP(this, next) this: addi s1, s1, 1; beq zero, zero, next

    .text
    .globl _start
    .type _start, @function
_start:
    li s0, N
    STEP(b0, b1)
    STEP(b1, b2)
    STEP(b2, b3)
    STEP(b3, b4)
    STEP(b4, b5)
    STEP(b5, b6)
    STEP(b6, b7)
b7:
    addi s0, s0, -1
    bnez s0, b0
    PRINT(message, 11)
    EXIT(zero)
    .size _start, . - _start

    .section .rodata
message:
    .ascii "evicted ok\n"
