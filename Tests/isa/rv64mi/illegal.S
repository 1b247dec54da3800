# Illegal instructions: cause 2, mtval = the instruction bits, mepc = its address;
# CSR rules: unknown CSRs, writes to read-only CSRs, odd pmpcfg on RV64.
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        TEST_TRAP(2, 2, 0, .half 0)
        TEST_TRAP(3, 2, 0xffffffff, .word 0xffffffff)
        TEST_TRAP(4, 2, 0x7c0022f3, csrr t0, 0x7c0)
        TEST_TRAP(5, 2, 0xf1401073, csrw mhartid, x0)
        TEST_TRAP(6, 2, 0xc0029073, csrw cycle, t0)
        TEST_TRAP(7, 2, 0x3a1022f3, csrr t0, pmpcfg1)
        /* csrrs/csrrc with x0 do not write: reading a read-only CSR is fine. */
        TEST_CASE(8, s2, -1, li s2, -1; csrrs x0, mhartid, x0; csrrc x14, mvendorid, x0; csrrsi x14, marchid, 0)
        /* mepc points at the instruction, which did not execute. */
        TEST_CASE(9, x14, 0, li s2, -1; la s10, 1f; li x14, 0; 1: csrw mhartid, x14; sub x14, s4, s10)
        TEST_CASE(10, x14, 0, li x14, 0; li s2, -1; 1: .word 0xffffffff; csrr x14, minstret; csrr x15, minstret; addi x14, x14, 1; sub x14, x15, x14)
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
