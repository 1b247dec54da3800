# 32-bit AMOs: old value sign-extended in rd, memory updated.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_AMO(2, amoswap.w, lw, sw, 0xffffffff80000000, 0x12345678, 0x12345678)
        TEST_AMO(3, amoadd.w, lw, sw, 0x7fffffff, 1, 0xffffffff80000000)
        TEST_AMO(4, amoxor.w, lw, sw, 0x0f0f0f0f, 0xffffffffffffffff, 0xfffffffff0f0f0f0)
        TEST_AMO(5, amoand.w, lw, sw, 0xffffffffff00ff00, 0x0ff00ff0, 0x0f000f00)
        TEST_AMO(6, amoor.w, lw, sw, 0xffffffffff00ff00, 0x0ff00ff0, 0xfffffffffff0fff0)
        TEST_AMO(7, amomin.w, lw, sw, 0xffffffff80000000, 1, 0xffffffff80000000)
        TEST_AMO(8, amomin.w, lw, sw, 5, 0xfffffffffffffffb, 0xfffffffffffffffb)
        TEST_AMO(9, amomax.w, lw, sw, 0xffffffff80000000, 1, 1)
        TEST_AMO(10, amominu.w, lw, sw, 0xffffffff80000000, 1, 1)
        TEST_AMO(11, amomaxu.w, lw, sw, 0xffffffff80000000, 1, 0xffffffff80000000)
        TEST_AMO(12, amomaxu.w, lw, sw, 1, 0xffffffffffffffff, 0xffffffffffffffff)
        TEST_AMO(13, amoadd.w.aqrl, lw, sw, 5, 0x100000002, 7)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
amo_word: .dword 0
