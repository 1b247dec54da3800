# Hints and waits that must run as no-ops: Zihintpause (pause), Zihintntl
# (ntl.p1/pall/s1/all and their compressed c.ntl forms), Zicbop (prefetch.i/r/w,
# also on an unmapped address: a prefetch never faults) and Zawrs (wrs.nto,
# wrs.sto: continue without an interrupt or a store to the reservation set; the
# specification allows a wait to end at any time). Registers and memory are
# unchanged. binutils 2.40 knows none of them: the words are the chapters'
# encodings (checked against clang's).
#include "env.h"
#include "test_macros.h"
#define PAUSE        .word 0x0100000f
#define NTL(r)       .word 0x00000033 | ((r) << 20)          /* add x0, x0, x2..x5 */
#define C_NTL(r)     .hword 0x9002 | ((r) << 2)              /* c.add x0, x2..x5 */
#define PREFETCH(kind, off, rs1) .word 0x00006013 | (((off) & 0xfe0) << 20) | ((kind) << 20) | ((rs1) << 15)
#define PREFETCH_I 0
#define PREFETCH_R 1
#define PREFETCH_W 3
#define WRS_NTO      .word 0x00d00073
#define WRS_STO      .word 0x01d00073
RVTEST_CODE_BEGIN
        .option push
        .option norelax
        la x10, word
        .option pop
        li x11, 0x123456789
        sd x11, 0(x10)
        li x5, 55; li x4, 44
        li TESTNUM, 2
        PAUSE
        NTL(2); NTL(3); NTL(4); NTL(5)
        C_NTL(2); C_NTL(3); C_NTL(4); C_NTL(5)
        li t6, 2;  bne TESTNUM, t6, fail
        li t6, 55; bne x5, t6, fail
        li t6, 44; bne x4, t6, fail
        li TESTNUM, 3
        PREFETCH(PREFETCH_I, 0, 10)
        PREFETCH(PREFETCH_R, 32, 10)
        PREFETCH(PREFETCH_W, -64, 10)
        li x12, 8                       # an unmapped address: prefetches do not fault
        PREFETCH(PREFETCH_R, 0, 12)
        PREFETCH(PREFETCH_W, 2016, 12)
        PREFETCH(PREFETCH_I, -2048, 12)
        ld x14, 0(x10)
        bne x14, x11, fail
        li t6, 8; bne x12, t6, fail
        li TESTNUM, 4                   # waits after a reservation, and without one
        lr.d x14, (x10)
        WRS_NTO
        WRS_STO
        sc.d x13, x11, (x10)
        WRS_NTO
        WRS_STO
        ld x14, 0(x10)
        bne x14, x11, fail
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .balign 8
word:   .dword 0
RVTEST_DATA_END
