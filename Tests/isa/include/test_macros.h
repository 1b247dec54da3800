/* Tern ISA test macros. Each check sets TESTNUM (gp) to its number, computes
 * a value and branches to `fail` when it differs from the expected one.
 * Registers: x1, x2, x3(gp) and x14, t5, t6 are used by the macros. */
#ifndef TERN_ISA_TEST_MACROS_H
#define TERN_ISA_TEST_MACROS_H

/* Loads the 32-bit pattern `v` sign-extended (how fmv.x.w and W ops return it). */
#define LI_W(reg, v) li reg, v; addiw reg, reg, 0

/* Generic: run `code`, then compare `reg` with `expected`. */
#define TEST_CASE(n, reg, expected, code...)                            \
        li TESTNUM, n;                                                  \
        CHECK(reg, expected, code)

/* A further check for the current TESTNUM. */
#define CHECK(reg, expected, code...)                                   \
        code;                                                           \
        li t6, expected;                                                \
        bne reg, t6, fail;

/* Register-register: x14 = a inst b. */
#define TEST_RR(n, inst, result, a, b)                                  \
        TEST_CASE(n, x14, result, li x1, a; li x2, b; inst x14, x1, x2)

/* Register-register with rd = rs1 = rs2. */
#define TEST_RR_SAME(n, inst, result, a)                                \
        TEST_CASE(n, x1, result, li x1, a; inst x1, x1, x1)

/* Register-register writing x0: the result is discarded. */
#define TEST_RR_ZERO_DEST(n, inst, a, b)                                \
        TEST_CASE(n, x0, 0, li x1, a; li x2, b; inst x0, x1, x2)

/* Register-immediate: x14 = a inst imm. */
#define TEST_RI(n, inst, result, a, imm)                                \
        TEST_CASE(n, x14, result, li x1, a; inst x14, x1, imm)

/* Register-immediate with rd = rs1. */
#define TEST_RI_SAME(n, inst, result, a, imm)                           \
        TEST_CASE(n, x1, result, li x1, a; inst x1, x1, imm)

/* Load `inst` from base+offset. */
#define TEST_LOAD(n, inst, result, offset, base)                        \
        TEST_CASE(n, x14, result, la x1, base; inst x14, offset(x1))

/* Store `value` with `store` at base+offset and read it back with `load`. */
#define TEST_STORE(n, load, store, result, value, offset, base)        \
        TEST_CASE(n, x14, result, la x1, base; li x2, value;            \
                  store x2, offset(x1); load x14, offset(x1))

/* Branches: x14 counts how far the path got; 3 means the branch behaved. */
#define TEST_BR_TAKEN(n, inst, a, b)                                    \
        TEST_CASE(n, x14, 3, li x14, 1; li x1, a; li x2, b;             \
                  inst x1, x2, 1f; li x14, 0; 1: addi x14, x14, 2)

#define TEST_BR_NOT_TAKEN(n, inst, a, b)                                \
        TEST_CASE(n, x14, 3, li x14, 1; li x1, a; li x2, b;             \
                  inst x1, x2, 1f; addi x14, x14, 2; 1:)

/* AMO: mem = init; x14 = inst(operand); checks the old value in x14 and the
 * new memory value (x2 after `load`). */
#define TEST_AMO(n, inst, load, store, init, operand, newmem)          \
        TEST_CASE(n, x14, init, la x1, amo_word; li x2, init;           \
                  store x2, 0(x1); li x2, operand; inst x14, x2, (x1))  \
        CHECK(x2, newmem, load x2, 0(x1))

/* Floating point: operands and result as raw bit patterns; also checks fflags
 * (and clears them). `mvto`/`mvfrom` are fmv.d.x/fmv.x.d or fmv.w.x/fmv.x.w. */
#define FP_LOAD3(mvto, a, b, c)                                         \
        li t5, a; mvto f1, t5; li t5, b; mvto f2, t5; li t5, c; mvto f3, t5

#define FP_CHECK_FLAGS(n, flags)                                        \
        CHECK(x14, flags, frflags x14; fsflags x0)

#define TEST_FP_D_RR(n, inst, flags, result, a, b)                      \
        TEST_CASE(n, x14, result, FP_LOAD3(fmv.d.x, a, b, 0);           \
                  inst f4, f1, f2; fmv.x.d x14, f4)                     \
        FP_CHECK_FLAGS(n, flags)

#define TEST_FP_D_R1(n, inst, flags, result, a)                         \
        TEST_CASE(n, x14, result, FP_LOAD3(fmv.d.x, a, 0, 0);           \
                  inst f4, f1; fmv.x.d x14, f4)                         \
        FP_CHECK_FLAGS(n, flags)

#define TEST_FP_D_R3(n, inst, flags, result, a, b, c)                   \
        TEST_CASE(n, x14, result, FP_LOAD3(fmv.d.x, a, b, c);           \
                  inst f4, f1, f2, f3; fmv.x.d x14, f4)                 \
        FP_CHECK_FLAGS(n, flags)

#define TEST_FP_S_RR(n, inst, flags, result, a, b)                      \
        TEST_CASE(n, x14, result, FP_LOAD3(fmv.w.x, a, b, 0);           \
                  inst f4, f1, f2; fmv.x.w x14, f4; slli x14, x14, 32;  \
                  srli x14, x14, 32)                                    \
        FP_CHECK_FLAGS(n, flags)

#define TEST_FP_S_R1(n, inst, flags, result, a)                         \
        TEST_CASE(n, x14, result, FP_LOAD3(fmv.w.x, a, 0, 0);           \
                  inst f4, f1; fmv.x.w x14, f4; slli x14, x14, 32;      \
                  srli x14, x14, 32)                                    \
        FP_CHECK_FLAGS(n, flags)

#define TEST_FP_S_R3(n, inst, flags, result, a, b, c)                   \
        TEST_CASE(n, x14, result, FP_LOAD3(fmv.w.x, a, b, c);           \
                  inst f4, f1, f2, f3; fmv.x.w x14, f4; slli x14, x14, 32; \
                  srli x14, x14, 32)                                    \
        FP_CHECK_FLAGS(n, flags)

/* FP -> integer register (compares, classify, conversions to integer). */
#define TEST_FP_TO_X(n, mvto, flags, result, a, b, code...)            \
        TEST_CASE(n, x14, result, FP_LOAD3(mvto, a, b, 0); code)        \
        FP_CHECK_FLAGS(n, flags)

/* Integer -> FP (conversions from integer): x1 = a, result as raw bits. */
#define TEST_X_TO_FP(n, mvfrom, flags, result, a, code...)              \
        TEST_CASE(n, x14, result, li x1, a; code; mvfrom x14, f4)       \
        FP_CHECK_FLAGS(n, flags)

/* The end of every test: pass unless a check branched to `fail`. */
#define TEST_PASSFAIL                                                   \
        bne x0, TESTNUM, pass;                                          \
fail:                                                                   \
        RVTEST_FAIL;                                                    \
pass:                                                                   \
        RVTEST_PASS;

#endif
