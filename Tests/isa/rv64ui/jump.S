# jal, jalr: link values, jalr clears bit 0 of the target, rd = rs1.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 0, la x2, 1f; jal x1, 2f; 1: li x14, 99; j fail; 2: sub x14, x1, x2)
        TEST_CASE(3, x14, 7, li x14, 0; la x1, 1f; jalr x5, 0(x1); li x14, 99; 1: addi x14, x14, 7)
        TEST_CASE(4, x14, 0, la x2, 1f; la x1, 2f; jalr x5, x1, 0; 1: j fail; 2: sub x14, x5, x2)
        TEST_CASE(5, x14, 5, li x14, 0; la x1, 1f; addi x1, x1, 1; jalr x0, 0(x1); j fail; 1: li x14, 5)
        TEST_CASE(6, x14, 3, li x14, 0; la x1, 1f - 8; jalr x0, 8(x1); j fail; 1: li x14, 3)
        TEST_CASE(7, x14, 0, la x1, 1f; la x2, 2f; jalr x1, 0(x1); 2: j fail; 1: sub x14, x1, x2)
        TEST_CASE(8, x14, 11, li x14, 0; jal x0, 1f; li x14, 99; 1: addi x14, x14, 11)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
