# Zimop and Zcmop: every may-be-operation without a redefining extension.
# mop.r.n (n = 0..31) and mop.rr.n (n = 0..7) write 0 to rd whatever their
# sources (rd = rs1 too, x0 as rd has no effect); c.mop.n (n = 1, 3, ..., 15)
# writes no register at all. binutils 2.40 has no mnemonics: the words are
# built from the Zimop/Zcmop chapters (checked against clang's encodings).
#include "env.h"
#include "test_macros.h"
# mop.r.n:  1 n4 00 n3 n2 0 111 n1 n0 rs1 100 rd 1110011
#define MOP_R(n, rd, rs1) .word 0x81c04073 | ((((n) >> 4) & 1) << 30) | ((((n) >> 2) & 3) << 26) | (((n) & 3) << 20) | ((rs1) << 15) | ((rd) << 7)
# mop.rr.n: 1 n2 00 n1 n0 1 rs2 rs1 100 rd 1110011
#define MOP_RR(n, rd, rs1, rs2) .word 0x82004073 | ((((n) >> 2) & 1) << 30) | (((n) & 3) << 26) | ((rs2) << 20) | ((rs1) << 15) | ((rd) << 7)
# c.mop.n:  0110 0 n[3:1] 1 00000 01 (the reserved c.lui xn, 0 encodings)
#define C_MOP(n) .hword 0x6081 | (((n) >> 1) << 8)
RVTEST_CODE_BEGIN
        li TESTNUM, 2                   # every mop.r.n clears rd (rs1 all ones)
        li x1, -1
        .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        li x14, -1
        MOP_R(\n, 14, 1)
        bnez x14, fail
        .endr
        li TESTNUM, 3                   # rd = rs1
        .irp n, 0,7,28,31
        li x14, 0x5555
        MOP_R(\n, 14, 14)
        bnez x14, fail
        .endr
        li TESTNUM, 4                   # every mop.rr.n clears rd
        li x2, 0x8000000000000000
        .irp n, 0,1,2,3,4,5,6,7
        li x14, -1
        MOP_RR(\n, 14, 1, 2)
        bnez x14, fail
        .endr
        li TESTNUM, 5                   # rd = rs1 = rs2
        .irp n, 0,5,7
        li x15, 12345
        MOP_RR(\n, 15, 15, 15)
        bnez x15, fail
        .endr
        li TESTNUM, 6                   # x0 as rd: nothing else changes
        li x14, 77
        MOP_R(0, 0, 14)
        MOP_RR(7, 0, 14, 14)
        li t6, 77
        bne x14, t6, fail
        # c.mop.n writes nothing: x1..x15 keep their values (gp = x3 is TESTNUM).
        li TESTNUM, 7
        li x1, 101; li x5, 105; li x7, 107; li x9, 109; li x11, 111; li x13, 113; li x15, 115
        C_MOP(1); C_MOP(3); C_MOP(5); C_MOP(7); C_MOP(9); C_MOP(11); C_MOP(13); C_MOP(15)
        li t6, 7;   bne TESTNUM, t6, fail
        li t6, 101; bne x1, t6, fail
        li t6, 105; bne x5, t6, fail
        li t6, 107; bne x7, t6, fail
        li t6, 109; bne x9, t6, fail
        li t6, 111; bne x11, t6, fail
        li t6, 113; bne x13, t6, fail
        li t6, 115; bne x15, t6, fail
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
