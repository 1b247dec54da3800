# sb, sh, sw, sd: widths, overwritten bytes around the store, negative offsets.
#include "env.h"
#include "test_macros.h"
RVTEST_CODE_BEGIN
        TEST_STORE(2, ld, sd, 0x0123456789abcdef, 0x0123456789abcdef, 0, buf)
        TEST_STORE(3, lw, sw, 0xffffffff89abcdef, 0x0123456789abcdef, 8, buf)
        TEST_STORE(4, lhu, sh, 0xcdef, 0x0123456789abcdef, 16, buf)
        TEST_STORE(5, lb, sb, 0xffffffffffffffef, 0x0123456789abcdef, 24, buf)
        TEST_STORE(6, ld, sd, 0xdeadbeef, 0xdeadbeef, -8, buf + 40)
        /* Only the stored bytes change. */
        TEST_CASE(7, x14, 0x11111111aa111111, la x1, buf; li x2, 0x1111111111111111; sd x2, 32(x1); li x2, 0xaa; sb x2, 35(x1); ld x14, 32(x1))
        TEST_CASE(8, x14, 0x1111bbbbaa111111, la x1, buf; li x2, 0xbbbb; sh x2, 36(x1); ld x14, 32(x1))
        TEST_CASE(9, x14, 0xcccccccc, la x1, buf; li x2, 0xcccccccc; sw x2, 36(x1); lwu x14, 36(x1))
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
        .balign 8
buf:    .fill 48, 1, 0
