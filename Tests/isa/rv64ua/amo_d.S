# 64-bit AMOs.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_AMO(2, amoswap.d, ld, sd, 0x8000000000000000, 0x123456789, 0x123456789)
        TEST_AMO(3, amoadd.d, ld, sd, 0x7fffffffffffffff, 1, 0x8000000000000000)
        TEST_AMO(4, amoxor.d, ld, sd, 0x0f0f0f0f0f0f0f0f, -1, 0xf0f0f0f0f0f0f0f0)
        TEST_AMO(5, amoand.d, ld, sd, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00)
        TEST_AMO(6, amoor.d, ld, sd, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0)
        TEST_AMO(7, amomin.d, ld, sd, 0x8000000000000000, 1, 0x8000000000000000)
        TEST_AMO(8, amomax.d, ld, sd, 0x8000000000000000, 1, 1)
        TEST_AMO(9, amominu.d, ld, sd, 0x8000000000000000, 1, 1)
        TEST_AMO(10, amomaxu.d, ld, sd, 0x8000000000000000, 1, 0x8000000000000000)
        TEST_AMO(11, amomin.d, ld, sd, 0xffffffff, 0x100000000, 0xffffffff)
        TEST_AMO(12, amomax.d.aq, ld, sd, -3, -2, -2)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
amo_word: .dword 0
