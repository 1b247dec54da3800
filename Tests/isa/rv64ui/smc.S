# Code modification: stores into code of the running block and of an already
# translated block take effect after fence.i; a 4-byte instruction that
# straddles a page boundary runs correctly.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        j smc_body
        /* Writable code (a Linux build maps it writable too). */
        .section .smc, "awx", @progbits
smc_body:
        /* Patch the instruction right after the fence.i in the same block. */
        TEST_CASE(2, x14, 2, la x1, 1f; li x2, 0x00200713; sw x2, 0(x1); fence.i; .option push; .option norvc; 1: li x14, 1; .option pop)
        /* Run a block, patch it, run it again. */
        TEST_CASE(3, x14, 0x33, li x13, 0; li x6, 2; la x1, 2f; 1: .option push; .option norvc; 2: addi x14, x0, 0x11; .option pop; add x13, x13, x14; li x2, 0x02200713; sw x2, 0(x1); fence.i; addi x6, x6, -1; bnez x6, 1b; mv x14, x13)
        /* A lui whose second half is on the next page. */
        TEST_CASE(4, x14, 0x12345, j 1f; .balign 4096; .skip 4094; 1: .option push; .option norvc; lui x14, 0x12; .option pop; addi x14, x14, 0x345)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
