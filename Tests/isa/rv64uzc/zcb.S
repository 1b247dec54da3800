# Zcb: every instruction (c.lbu, c.lhu, c.lh, c.sb, c.sh, c.zext.b/h/w,
# c.sext.b/h, c.not, c.mul) on edge values, every immediate offset, and
# registers at both ends of the compressed set (x8, x15). binutils 2.40 has no
# Zcb mnemonics: the halfwords are built here from the Zcb chapter's formats
# (rd'/rs1'/rs2' = register - 8; CLB/CSB: uimm[0] at bit 6, uimm[1] at bit 5;
# CLH/CSH: uimm[1] at bit 5) and were checked against clang's encodings.
#include "env.h"
#include "test_macros.h"
#define CR(r) ((r) - 8)
#define C_LBU(rd, rs1, u)  .hword 0x8000 | (CR(rs1) << 7) | (((u) & 1) << 6) | ((((u) >> 1) & 1) << 5) | (CR(rd) << 2)
#define C_LHU(rd, rs1, u)  .hword 0x8400 | (CR(rs1) << 7) | ((((u) >> 1) & 1) << 5) | (CR(rd) << 2)
#define C_LH(rd, rs1, u)   .hword 0x8440 | (CR(rs1) << 7) | ((((u) >> 1) & 1) << 5) | (CR(rd) << 2)
#define C_SB(rs2, rs1, u)  .hword 0x8800 | (CR(rs1) << 7) | (((u) & 1) << 6) | ((((u) >> 1) & 1) << 5) | (CR(rs2) << 2)
#define C_SH(rs2, rs1, u)  .hword 0x8c00 | (CR(rs1) << 7) | ((((u) >> 1) & 1) << 5) | (CR(rs2) << 2)
#define C_UNARY(f, rd)     .hword 0x9c61 | (CR(rd) << 7) | ((f) << 2)
#define C_ZEXT_B(rd) C_UNARY(0, rd)
#define C_SEXT_B(rd) C_UNARY(1, rd)
#define C_ZEXT_H(rd) C_UNARY(2, rd)
#define C_SEXT_H(rd) C_UNARY(3, rd)
#define C_ZEXT_W(rd) C_UNARY(4, rd)
#define C_NOT(rd)    C_UNARY(5, rd)
#define C_MUL(rd, rs2)     .hword 0x9c41 | (CR(rd) << 7) | (CR(rs2) << 2)
#define LA_DATA(reg) .option push; .option norelax; la reg, data; .option pop
RVTEST_CODE_BEGIN
        # c.lbu: zero-extends; offsets 0..3.
        TEST_CASE(2, x14, 0x80, LA_DATA(x8); C_LBU(14, 8, 0))
        TEST_CASE(3, x14, 0xff, LA_DATA(x8); C_LBU(14, 8, 1))
        TEST_CASE(4, x14, 0x7f, LA_DATA(x8); C_LBU(14, 8, 2))
        TEST_CASE(5, x14, 0x01, LA_DATA(x8); C_LBU(14, 8, 3))
        TEST_CASE(6, x8, 0x80, LA_DATA(x8); C_LBU(8, 8, 0))          # rd = rs1
        # c.lhu / c.lh: offsets 0 and 2, zero- and sign-extension.
        TEST_CASE(7, x15, 0xff80, LA_DATA(x9); C_LHU(15, 9, 0))
        TEST_CASE(8, x15, 0x017f, LA_DATA(x9); C_LHU(15, 9, 2))
        TEST_CASE(9, x15, -128, LA_DATA(x9); C_LH(15, 9, 0))          # 0xff80
        TEST_CASE(10, x15, 0x017f, LA_DATA(x9); C_LH(15, 9, 2))
        TEST_CASE(11, x10, -0x8000, LA_DATA(x9); addi x9, x9, 4; C_LH(10, 9, 2))  # 0x8000
        TEST_CASE(12, x10, 0x8000, LA_DATA(x9); addi x9, x9, 4; C_LHU(10, 9, 2))
        TEST_CASE(13, x10, 0x7fff, LA_DATA(x9); addi x9, x9, 4; C_LH(10, 9, 0))
        # c.sb: the low byte only, at each offset; neighbours untouched.
        TEST_CASE(14, x14, 0x443322aa, LA_DATA(x8); addi x8, x8, 8; li x15, 0x1234aa; C_SB(15, 8, 0); lwu x14, 0(x8))
        TEST_CASE(15, x14, 0x44bb22aa, LA_DATA(x8); addi x8, x8, 8; li x15, -0x45; C_SB(15, 8, 2); lwu x14, 0(x8))
        TEST_CASE(16, x14, 0xccbb22aa, LA_DATA(x8); addi x8, x8, 8; li x15, 0xcc; C_SB(15, 8, 3); lwu x14, 0(x8))
        # rs2 = rs1: the base address's own low byte is stored.
        TEST_CASE(17, x14, 0, LA_DATA(x8); addi x8, x8, 8; C_SB(8, 8, 1); lbu x14, 1(x8); andi x13, x8, 0xff; sub x14, x14, x13)
        # c.sh: the low halfword only, offsets 0 and 2.
        TEST_CASE(18, x14, 0xccbbbeef, li x15, 0x1234beef; C_SH(15, 8, 0); lwu x14, 0(x8))
        TEST_CASE(19, x14, 0x8000beef, li x15, -0x8000; C_SH(15, 8, 2); lwu x14, 0(x8))
        TEST_CASE(20, x14, 0x55, lbu x14, 4(x8))                      # byte 4 untouched
        # Zero- and sign-extensions and not, on sign boundaries.
        TEST_CASE(21, x8, 0x80, li x8, 0x123456789abcde80; C_ZEXT_B(8))
        TEST_CASE(22, x8, -128, li x8, 0x123456789abcde80; C_SEXT_B(8))
        TEST_CASE(23, x8, 0x7f, li x8, -129; C_SEXT_B(8))
        TEST_CASE(24, x15, 0xde80, li x15, 0x123456789abcde80; C_ZEXT_H(15))
        TEST_CASE(25, x15, -0x2180, li x15, 0x123456789abcde80; C_SEXT_H(15))
        TEST_CASE(26, x15, 0x7fff, li x15, 0xffffffffffff7fff; C_SEXT_H(15))
        TEST_CASE(27, x12, 0x9abcde80, li x12, 0x123456789abcde80; C_ZEXT_W(12))
        TEST_CASE(28, x12, 0xffffffff, li x12, -1; C_ZEXT_W(12))
        TEST_CASE(29, x12, 0, li x12, 0xffffffff00000000; C_ZEXT_W(12))
        TEST_CASE(30, x11, -1, li x11, 0; C_NOT(11))
        TEST_CASE(31, x11, 0x7fffffffffffffff, li x11, 0x8000000000000000; C_NOT(11))
        TEST_CASE(32, x11, 0xedcba98765432100, li x11, 0x123456789abcdeff; C_NOT(11))
        # c.mul: the low 64 bits of the product, signed and unsigned alike.
        TEST_CASE(33, x8, 42, li x8, 6; li x9, 7; C_MUL(8, 9))
        TEST_CASE(34, x8, -42, li x8, -6; li x9, 7; C_MUL(8, 9))
        TEST_CASE(35, x8, 1, li x8, -1; li x9, -1; C_MUL(8, 9))
        TEST_CASE(36, x8, 0x8000000000000000, li x8, 0x8000000000000000; li x9, 3; C_MUL(8, 9))
        TEST_CASE(37, x15, 0, li x15, 0x100000000; li x14, 0x100000000; C_MUL(15, 14))
        TEST_CASE(38, x15, 0x0000000100000000 - 0x20000 + 1, li x15, 0xffff; C_MUL(15, 15))  # rd = rs2
        TEST_CASE(39, x15, 0xfffffffe00000001, li x15, 0xffffffff; li x14, 0xffffffff; C_MUL(15, 14))
        TEST_PASSFAIL
RVTEST_DATA_BEGIN
        .balign 8
data:   .byte 0x80, 0xff, 0x7f, 0x01, 0xff, 0x7f, 0x00, 0x80
        .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
RVTEST_DATA_END
