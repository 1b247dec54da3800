# Zbc: carry-less multiply (low, high, reversed): every instruction on edge values (0, all ones, sign boundaries, shift amounts 0/31/32/63).
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_RR(2, clmul, 0x0, 0x0, 0x40)
        TEST_RR(3, clmul, 0x80000000, 0x1, 0x80000000)
        TEST_RR(4, clmul, 0x0, 0xffffffffffffffff, 0x0)
        TEST_RR(5, clmul, 0x0, 0x8000000000000000, 0x20)
        TEST_RR(6, clmul, 0xd555555555555555, 0x7fffffffffffffff, 0xffffffffffffffff)
        TEST_RR(7, clmul, 0x3b2a190800000000, 0x80000000, 0xfedcba9876543210)
        TEST_RR(8, clmul, 0x7fffffff, 0x7fffffff, 0x1)
        TEST_RR(9, clmul, 0x1500000015, 0xffffffff, 0x3f)
        TEST_RR(10, clmul, 0x0, 0x123456789abcdef0, 0x8000000000000000)
        TEST_RR(11, clmul, 0x101000000010080, 0xff00000000ff80, 0x3)
        TEST_RR(12, clmul, 0xffffffe580000000, 0xfffffffe80000000, 0x1f)
        TEST_RR_SAME(13, clmul, 0x55554000, 0xff00000000ff80)
        TEST_RR(14, clmulh, 0x0, 0x0, 0xffffffffffffffff)
        TEST_RR(15, clmulh, 0x0, 0x1, 0xfedcba9876543210)
        TEST_RR(16, clmulh, 0x0, 0xffffffffffffffff, 0x1)
        TEST_RR(17, clmulh, 0x1f, 0x8000000000000000, 0x3f)
        TEST_RR(18, clmulh, 0x3fffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_RR(19, clmulh, 0x0, 0x80000000, 0x3)
        TEST_RR(20, clmulh, 0x0, 0x7fffffff, 0x1f)
        TEST_RR(21, clmulh, 0x0, 0xffffffff, 0x40)
        TEST_RR(22, clmulh, 0x91a2b3c, 0x123456789abcdef0, 0x80000000)
        TEST_RR(23, clmulh, 0x0, 0xff00000000ff80, 0x0)
        TEST_RR(24, clmulh, 0x1f, 0xfffffffe80000000, 0x20)
        TEST_RR_SAME(25, clmulh, 0x555500000000, 0xff00000000ff80)
        TEST_RR(26, clmulr, 0x0, 0x0, 0xffffffffffffffff)
        TEST_RR(27, clmulr, 0x1, 0x1, 0xfedcba9876543210)
        TEST_RR(28, clmulr, 0x1, 0xffffffffffffffff, 0x1)
        TEST_RR(29, clmulr, 0x3f, 0x8000000000000000, 0x3f)
        TEST_RR(30, clmulr, 0x7fffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_RR(31, clmulr, 0x0, 0x80000000, 0x3)
        TEST_RR(32, clmulr, 0x0, 0x7fffffff, 0x1f)
        TEST_RR(33, clmulr, 0x0, 0xffffffff, 0x40)
        TEST_RR(34, clmulr, 0x12345678, 0x123456789abcdef0, 0x80000000)
        TEST_RR(35, clmulr, 0x0, 0xff00000000ff80, 0x0)
        TEST_RR(36, clmulr, 0x3f, 0xfffffffe80000000, 0x20)
        TEST_RR_SAME(37, clmulr, 0xaaaa00000000, 0xff00000000ff80)
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
