# Traps with mtvec pointing at unmapped memory: every trap faults again at the
# handler address without retiring anything; tern must report it (exit status 125).
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        li t0, 0x1000
        csrw mtvec, t0
        ecall
        RVTEST_PASS
RVTEST_DATA_BEGIN
RVTEST_DATA_END
