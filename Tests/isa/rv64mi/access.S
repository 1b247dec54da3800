# Access faults (fetch 1, load 5, store 7; mtval = address), misaligned loads
# and stores (performed in hardware), misaligned atomics (causes 4 and 6).
#include "env.h"
#include "test_macros.h"
#include "machine.h"
RVTEST_CODE_BEGIN
        INSTALL_HANDLERS
        /* 0x40000000: no memory there (nor on QEMU's spike machine). */
        li s11, 0x40000000
        TEST_TRAP(2, 5, 0x40000000, lw x14, 0(s11))
        TEST_TRAP(3, 7, 0x40000008, sd x0, 8(s11))
        TEST_TRAP(4, 1, 0x40000000, jalr ra, 0(s11))
        CHECK(s4, 0x40000000, )
        TEST_TRAP(5, 7, 0x40000000, amoadd.w x14, x0, (s11))
        /* Misaligned accesses inside memory work. */
        TEST_CASE(6, x14, 0x0807060504030201, la x1, bytes; ld x14, 1(x1))
        TEST_CASE(7, x14, 0x06050403, la x1, bytes; lw x14, 3(x1))
        TEST_CASE(8, x14, 0x0201, la x1, bytes; lhu x14, 1(x1))
        TEST_CASE(9, x14, 0xaabbccdd, la x1, scratch; li x2, 0xaabbccdd; sw x2, 5(x1); lwu x14, 5(x1))
        TEST_CASE(10, x14, 0x1122334455667788, la x1, scratch; li x2, 0x1122334455667788; sd x2, 9(x1); ld x14, 9(x1))
        la s10, scratch; addi s10, s10, 2
        TEST_CASE(11, s2, 6, li s2, -1; amoswap.w x14, x0, (s10))
        CHECK(x14, 0, sub x14, s3, s10)
        TEST_CASE(12, s2, 4, li s2, -1; lr.d x14, (s10))
        CHECK(x14, 0, sub x14, s3, s10)
        TEST_CASE(13, s2, 6, li s2, -1; sc.w x14, x0, (s10))
        CHECK(x14, 0, sub x14, s3, s10)
        TEST_PASSFAIL
        TRAP_HANDLERS
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
bytes:  .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
scratch: .fill 32, 1, 0
