# Never writes tohost: tern must stop it at --max-instructions (exit status 124).
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
1:      addi x5, x5, 1
        j 1b
RVTEST_DATA_BEGIN
RVTEST_DATA_END
