# Compressed control transfers: c.j, c.jr, c.jalr (link = pc + 2), c.beqz, c.bnez.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 1, li x14, 0; c.j 1f; li x14, 9; 1: addi x14, x14, 1)
        TEST_CASE(3, x14, 2, li x14, 0; la x5, 1f; c.jr x5; li x14, 9; 1: addi x14, x14, 2)
        TEST_CASE(4, x14, 2, la x5, 1f; c.jalr x5; 2: j fail; 1: la x6, 2b; sub x14, x1, x6; addi x14, x14, 2)
        TEST_CASE(5, x14, 3, li x14, 0; li x8, 0; c.beqz x8, 1f; li x14, 9; 1: addi x14, x14, 3)
        TEST_CASE(6, x14, 4, li x14, 0; li x8, 5; c.beqz x8, 1f; addi x14, x14, 4; 1:)
        TEST_CASE(7, x14, 5, li x14, 0; li x8, -1; c.bnez x8, 1f; li x14, 9; 1: addi x14, x14, 5)
        TEST_CASE(8, x14, 10, li x14, 0; li x8, 4; 1: addi x14, x14, 1; c.addi x8, -1; c.bnez x8, 1b; addi x14, x14, 6)
        /* A 4-byte instruction at a 2-byte aligned address after a compressed one. */
        TEST_CASE(9, x14, 0x12345, c.li x14, 0; .option push; .option norvc; lui x14, 0x12; addi x14, x14, 0x345; .option pop)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
