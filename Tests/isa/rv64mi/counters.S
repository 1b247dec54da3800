# mcycle/minstret/cycle/instret/time: exact instruction counts, writes, and the
# mcounteren/scounteren rules for S- and U-mode reads.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        /* Between two reads: the first csrr and three instructions retire. */
        TEST_CASE(2, x14, 4, csrr x5, minstret; addi x0, x0, 0; nop; li x6, 1; csrr x14, minstret; sub x14, x14, x5)
        TEST_CASE(3, x14, 4, csrr x5, mcycle; nop; nop; nop; csrr x14, mcycle; sub x14, x14, x5)
        TEST_CASE(4, x14, 4, rdinstret x5; nop; nop; nop; rdinstret x14; sub x14, x14, x5)
        /* A write sets the value seen by the next instruction. */
        TEST_CASE(5, x14, 100, li x1, 100; csrw minstret, x1; csrr x14, minstret)
        TEST_CASE(6, x14, 1001, li x1, 1000; csrw mcycle, x1; nop; csrr x14, mcycle)
        /* Counts across blocks: csrr + li + 3 x (addi + bnez). */
        TEST_CASE(7, x14, 8, csrr x5, minstret; li x6, 3; 1: addi x6, x6, -1; bnez x6, 1b; csrr x14, minstret; sub x14, x14, x5)
        TEST_CASE(8, s2, -1, li s2, -1; rdtime x14; rdcycle x14)
        /* U-mode: needs both mcounteren and scounteren; S-mode needs mcounteren. */
        csrw mcounteren, x0; csrw scounteren, x0
        TEST_CASE(9, s2, 2, ENTER_MODE(1); li s2, -1; rdcycle x14)
        RETURN_TO_M
        TEST_CASE(10, s2, -1, csrwi mcounteren, 1; ENTER_MODE(1); li s2, -1; rdcycle x14)
        RETURN_TO_M
        TEST_CASE(11, s2, 2, ENTER_MODE(0); li s2, -1; rdcycle x14)
        RETURN_TO_M
        TEST_CASE(12, s2, -1, csrwi scounteren, 1; ENTER_MODE(0); li s2, -1; rdcycle x14)
        RETURN_TO_M
        TEST_CASE(13, s2, 2, ENTER_MODE(0); li s2, -1; rdinstret x14)
        RETURN_TO_M
        TEST_CASE(14, s2, 2, csrwi mcounteren, 7; csrwi scounteren, 7; ENTER_MODE(0); li s2, -1; csrr x14, minstret)
        RETURN_TO_M
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
