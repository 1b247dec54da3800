# beq, bne, blt, bge, bltu, bgeu: taken and not taken, signed and unsigned edges.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_BR_TAKEN(2, beq, 0, 0)
        TEST_BR_NOT_TAKEN(3, beq, 0, 1)
        TEST_BR_TAKEN(4, bne, 0, 1)
        TEST_BR_NOT_TAKEN(5, bne, -1, -1)
        TEST_BR_TAKEN(6, blt, -1, 0)
        TEST_BR_NOT_TAKEN(7, blt, 0, -1)
        TEST_BR_NOT_TAKEN(8, blt, 5, 5)
        TEST_BR_TAKEN(9, bge, 0, -1)
        TEST_BR_TAKEN(10, bge, 5, 5)
        TEST_BR_NOT_TAKEN(11, bge, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_BR_TAKEN(12, bltu, 0, -1)
        TEST_BR_NOT_TAKEN(13, bltu, -1, 0)
        TEST_BR_TAKEN(14, bgeu, -1, 0)
        TEST_BR_TAKEN(15, bgeu, 7, 7)
        TEST_BR_NOT_TAKEN(16, bgeu, 0x7fffffffffffffff, 0x8000000000000000)
        /* A backward branch loop: sum 1..10. */
        TEST_CASE(17, x14, 55, li x14, 0; li x1, 10; 1: add x14, x14, x1; addi x1, x1, -1; bnez x1, 1b)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
