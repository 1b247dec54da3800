# Compressed integer instructions (written with explicit c. mnemonics).
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 0xffffffffffffffe0, c.li x14, -32)
        TEST_CASE(3, x14, 31, c.li x14, 31)
        TEST_CASE(4, x14, 0xfffffffffffe0000, c.lui x14, 0xfffe0)
        TEST_CASE(5, x14, 0x1f000, c.lui x14, 0x1f)
        TEST_CASE(6, x14, 0x3f, li x14, 0x40; c.addi x14, -1)
        TEST_CASE(7, x14, 0xffffffff80000000, li x14, 0x7fffffff; c.addiw x14, 1)
        TEST_CASE(8, x14, 0x0000000012345678, li x14, 0xabcdef0012345678; c.addiw x14, 0)
        TEST_CASE(9, x14, 0x1f0, mv t0, sp; li sp, 0x10; c.addi16sp sp, 480; mv x14, sp; mv sp, t0)
        TEST_CASE(10, x14, 0xfffffffffffffe10, mv t0, sp; li sp, 0x10; c.addi16sp sp, -512; mv x14, sp; mv sp, t0)
        TEST_CASE(11, x14, 0x3fc, mv t0, sp; li sp, 0; c.addi4spn a4, sp, 1020; mv sp, t0)
        TEST_CASE(12, x14, 0x8000000000000000, li x14, 1; c.slli x14, 63)
        TEST_CASE(13, x14, 0x0000000000000001, li x14, 0x8000000000000000; c.srli x14, 63)
        TEST_CASE(14, x14, 0xffffffffffffffff, li x14, 0x8000000000000000; c.srai x14, 63)
        TEST_CASE(15, x14, 0x10, li x14, 0xff; c.andi x14, 0x10)
        TEST_CASE(16, x14, 0xf0, li x14, 0xff; c.andi x14, -16)
        TEST_CASE(17, x14, 0x1234, li x5, 0x1234; c.mv x14, x5)
        TEST_CASE(18, x14, 0x3, li x14, 1; li x5, 2; c.add x14, x5)
        TEST_CASE(19, x14, 0x0f, li x14, 0xff; li x15, 0x0f; c.and x14, x15)
        TEST_CASE(20, x14, 0xff, li x14, 0xf0; li x15, 0x0f; c.or x14, x15)
        TEST_CASE(21, x14, 0xf0, li x14, 0xff; li x15, 0x0f; c.xor x14, x15)
        TEST_CASE(22, x14, 0xffffffffffffffff, li x14, 1; li x15, 2; c.sub x14, x15)
        TEST_CASE(23, x14, 0xffffffff80000000, li x14, 0x7fffffff; li x15, 1; c.addw x14, x15)
        TEST_CASE(24, x14, 0x7fffffff, li x14, 0x80000000; li x15, 1; c.subw x14, x15)
        TEST_CASE(25, x14, 0, li x14, 5; c.nop; li x14, 0)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
