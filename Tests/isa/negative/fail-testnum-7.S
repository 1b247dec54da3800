# Deliberately failing test: checks 2..6 pass, check 7 expects a wrong sum.
# The runner requires tern to report "TESTNUM 7" and exit with status 7.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, add, 2, 1, 1)
        TEST_RR(3, sub, 0, 1, 1)
        TEST_RR(4, xor, 0, 1, 1)
        TEST_RR(5, or, 1, 1, 1)
        TEST_RR(6, and, 1, 1, 1)
        TEST_RR(7, add, 3, 1, 1)
        TEST_RR(8, add, 4, 2, 2)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
RVTEST_DATA_END
