# Cache-block operations below M-mode (CMO specification, the envcfg fields):
# M-mode always runs them; S-mode needs menvcfg's enable (CBIE for cbo.inval,
# CBCFE for cbo.clean/cbo.flush, CBZE for cbo.zero), U-mode menvcfg's and
# senvcfg's; otherwise they are illegal instructions (mtval = the bits).
#include "env.h"
#include "test_macros.h"
#include "machine.h"
#define CSR_MENVCFG 0x30a
#define CSR_SENVCFG 0x10a
#define ENVCFG_CBIE_FLUSH (1 << 4)
#define ENVCFG_CBCFE (1 << 6)
#define ENVCFG_CBZE (1 << 7)
#define ENVCFG_CBO (ENVCFG_CBIE_FLUSH | ENVCFG_CBCFE | ENVCFG_CBZE)
/* Written as words: the machine suites assemble for rv64gc. */
#define CBO_INVAL_S10 .word 0x000d200f
#define CBO_CLEAN_S10 .word 0x001d200f
#define CBO_FLUSH_S10 .word 0x002d200f
#define CBO_ZERO_S10  .word 0x004d200f
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        .option push
        .option norelax
        la s10, block
        .option pop
        csrw CSR_MENVCFG, x0; csrw CSR_SENVCFG, x0
        /* M-mode: always. */
        TEST_CASE(2, x14, 0, li s2, -1; li t0, -1; sd t0, 8(s10); CBO_ZERO_S10; ld x14, 8(s10))
        TEST_CASE(3, s2, -1, CBO_CLEAN_S10; CBO_FLUSH_S10; CBO_INVAL_S10)
        /* The enables are writable in both registers. */
        TEST_CASE(4, x14, 0xf0, li t0, 0xf0; csrs CSR_MENVCFG, t0; csrr x14, CSR_MENVCFG; andi x14, x14, 0xf0)
        TEST_CASE(5, x14, 0xf0, li t0, 0xf0; csrs CSR_SENVCFG, t0; csrr x14, CSR_SENVCFG; andi x14, x14, 0xf0)
        csrw CSR_MENVCFG, x0; csrw CSR_SENVCFG, x0
        /* S-mode without menvcfg's enables. */
        TEST_TRAP(6, 2, 0x004d200f, ENTER_MODE(1); CBO_ZERO_S10)
        TEST_TRAP(7, 2, 0x001d200f, CBO_CLEAN_S10)
        TEST_TRAP(8, 2, 0x002d200f, CBO_FLUSH_S10)
        TEST_TRAP(9, 2, 0x000d200f, CBO_INVAL_S10)
        RETURN_TO_M
        /* S-mode with them (senvcfg does not matter there). */
        li t0, ENVCFG_CBO; csrw CSR_MENVCFG, t0
        li t0, -1; sd t0, 16(s10)
        TEST_CASE(10, x14, 0, li s2, -1; ENTER_MODE(1); CBO_ZERO_S10; CBO_CLEAN_S10; CBO_FLUSH_S10; CBO_INVAL_S10; ld x14, 16(s10))
        TEST_CASE(11, s2, -1, nop)
        RETURN_TO_M
        /* U-mode needs senvcfg's too. */
        TEST_TRAP(12, 2, 0x004d200f, ENTER_MODE(0); CBO_ZERO_S10)
        TEST_TRAP(13, 2, 0x001d200f, CBO_CLEAN_S10)
        TEST_TRAP(14, 2, 0x000d200f, CBO_INVAL_S10)
        RETURN_TO_M
        li t0, ENVCFG_CBO; csrw CSR_SENVCFG, t0
        li t0, -1; sd t0, 24(s10)
        TEST_CASE(15, x14, 0, li s2, -1; ENTER_MODE(0); CBO_ZERO_S10; CBO_CLEAN_S10; CBO_FLUSH_S10; CBO_INVAL_S10; ld x14, 24(s10))
        TEST_CASE(16, s2, -1, nop)
        RETURN_TO_M
        /* One field at a time: with only CBZE cleared in menvcfg, cbo.zero traps in U-mode and the others run. */
        li t0, ENVCFG_CBZE; csrc CSR_MENVCFG, t0
        TEST_TRAP(17, 2, 0x004d200f, ENTER_MODE(0); CBO_ZERO_S10)
        TEST_CASE(18, s2, -1, li s2, -1; CBO_CLEAN_S10; CBO_INVAL_S10)
        RETURN_TO_M
        csrw CSR_MENVCFG, x0; csrw CSR_SENVCFG, x0
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .balign 64
block:  .zero 64
RVTEST_DATA_END
