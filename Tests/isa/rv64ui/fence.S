# fence and fence.i: code written by stores runs after fence.i.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 1, li x14, 0; fence; fence rw, rw; fence r, w; addi x14, x14, 1)
        /* Patch "li x14, 1" into "li x14, 2" and execute it (twice: before and after). */
        TEST_CASE(3, x14, 3, li x13, 0; la x1, patch; li x2, 0x00100713; sw x2, 0(x1); fence.i; jal x5, patch; add x13, x13, x14; li x2, 0x00200713; sw x2, 0(x1); fence.i; jal x5, patch; add x14, x13, x14)
        TEST_PASSFAIL
        /* Writable code (uncompressed, so the patched word is one instruction). */
        .section .patchable, "awx", @progbits
        .option push
        .option norvc
patch:  li x14, 9
        jalr x0, 0(x5)
        .option pop
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
