/* smc.S - self-modifying code: calls a function (prints 1), overwrites its
 * first instruction with `li a0, 2`, executes fence.i, calls it again (prints 2).
 * The function sits alone on a writable and executable page. */
#include "asm.h"

    .text
    .globl _start
    .type _start, @function
_start:
    call patched
    call print_u64
    la t0, patched
    li t1, 0x00200513       /* addi a0, zero, 2 */
    sw t1, 0(t0)
    fence.i
    call patched
    call print_u64
    EXIT(zero)
    .size _start, . - _start

DEFINE_PRINT_U64

    .section .smc, "awx"
    .balign 4096
    .option push
    .option norvc
    .type patched, @function
patched:
    addi a0, zero, 1
    ret
    .size patched, . - patched
    .option pop
    .balign 4096
