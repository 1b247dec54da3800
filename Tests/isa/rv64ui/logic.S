# and, or, xor and their immediate forms (12-bit sign-extended immediates).
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, and, 0x0f000f00, 0xff00ff00, 0x0f0f0f0f)
        TEST_RR(3, and, 0xf0f0f0f0f0f0f0f0, 0xf0f0f0f0f0f0f0f0, 0xffffffffffffffff)
        TEST_RR(4, or, 0xff0fff0f, 0xff00ff00, 0x0f0f0f0f)
        TEST_RR(5, or, 0xffffffffffffffff, 0xf0f0f0f0f0f0f0f0, 0x0f0f0f0f0f0f0f0f)
        TEST_RR(6, xor, 0xf00ff00f, 0xff00ff00, 0x0f0f0f0f)
        TEST_RR(7, xor, 0, 0x123456789abcdef0, 0x123456789abcdef0)
        TEST_RI(8, andi, 0xffffffffff00ff00, 0xffffffffff00ff00, -256)
        TEST_RI(9, andi, 0x0f0, 0x00ff00ff, 0x7f0)
        TEST_RI(10, andi, 0x0000000f, 0xffffffff0000000f, 0x00f)
        TEST_RI(11, ori, 0xffffffffffffff0f, 0xffffffffff00ff00, -241)
        TEST_RI(12, ori, 0x00ff07ff, 0x00ff00ff, 0x7ff)
        TEST_RI(13, xori, 0xffffffffff00f00f, 0x00ff0f00, -241)
        TEST_RI(14, xori, 0x0ff00f00, 0x0ff00ff0, 0x0f0)
        TEST_RI(15, xori, 0xffffffffffffffff, 0, -1)
        TEST_RI_SAME(16, andi, 0, 0xff00, 0xff)
        TEST_RR_SAME(17, xor, 0, 0xabc)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
