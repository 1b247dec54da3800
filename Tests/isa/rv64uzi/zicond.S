# Zicond: czero.eqz / czero.nez with zero, nonzero and sign-boundary conditions,
# rd aliasing rs1 and rs2, and x0 sources. (binutils 2.40 has no Zicond
# mnemonics: .insn r OP, funct3 5/7, funct7 7.)
#include "env.h"
#include "test_macros.h"
#define CZERO_EQZ(rd, rs1, rs2) .insn r 0x33, 5, 7, rd, rs1, rs2
#define CZERO_NEZ(rd, rs1, rs2) .insn r 0x33, 7, 7, rd, rs1, rs2
RVTEST_CODE_BEGIN
        TEST_CASE(2, x14, 0, li x1, 5; li x2, 0; CZERO_EQZ(x14, x1, x2))
        TEST_CASE(3, x14, 5, li x1, 5; li x2, 1; CZERO_EQZ(x14, x1, x2))
        TEST_CASE(4, x14, -1, li x1, -1; li x2, 0x8000000000000000; CZERO_EQZ(x14, x1, x2))
        TEST_CASE(5, x14, 5, li x1, 5; li x2, 0; CZERO_NEZ(x14, x1, x2))
        TEST_CASE(6, x14, 0, li x1, 5; li x2, -1; CZERO_NEZ(x14, x1, x2))
        TEST_CASE(7, x14, 0, li x1, 0x7fffffffffffffff; li x2, 0x100000000; CZERO_NEZ(x14, x1, x2))
        TEST_CASE(8, x1, 0, li x1, 7; CZERO_NEZ(x1, x1, x1))
        TEST_CASE(9, x1, 7, li x1, 7; CZERO_EQZ(x1, x1, x1))
        TEST_CASE(10, x2, 9, li x1, 9; li x2, 3; CZERO_EQZ(x2, x1, x2))
        TEST_CASE(11, x14, 0, li x1, 9; CZERO_EQZ(x14, x1, x0))
        TEST_CASE(12, x14, 9, li x1, 9; CZERO_NEZ(x14, x1, x0))
        TEST_CASE(13, x14, 0, li x2, 1; CZERO_EQZ(x14, x0, x2))
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .dword 0
RVTEST_DATA_END
