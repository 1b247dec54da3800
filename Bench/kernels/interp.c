/* A small bytecode interpreter (register VM, switch dispatch) running a
 * program that counts primes below a bound by trial division, repeated. */
#include "bench.h"

enum { OP_LI, OP_ADD, OP_ADDI, OP_MUL, OP_REM, OP_BLT, OP_BGE, OP_BEQ, OP_BNE, OP_JMP, OP_HALT };
typedef struct { uint8_t op, a, b, c; int32_t imm; } Insn;

static int64_t run(const Insn *code, int64_t *r) {
    const Insn *pc = code;
    for (;;) {
        const Insn *i = pc++;
        switch (i->op) {
        case OP_LI: r[i->a] = i->imm; break;
        case OP_ADD: r[i->a] = r[i->b] + r[i->c]; break;
        case OP_ADDI: r[i->a] = r[i->b] + i->imm; break;
        case OP_MUL: r[i->a] = r[i->b] * r[i->c]; break;
        case OP_REM: r[i->a] = r[i->b] % r[i->c]; break;
        case OP_BLT: if (r[i->a] < r[i->b]) pc = code + i->imm; break;
        case OP_BGE: if (r[i->a] >= r[i->b]) pc = code + i->imm; break;
        case OP_BEQ: if (r[i->a] == r[i->b]) pc = code + i->imm; break;
        case OP_BNE: if (r[i->a] != r[i->b]) pc = code + i->imm; break;
        case OP_JMP: pc = code + i->imm; break;
        case OP_HALT: return r[0];
        }
    }
}

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 16);
    /* r0 = count, r1 = n, r2 = limit, r3 = d, r4 = d*d, r5 = n % d, r6 = zero */
    const Insn prog[] = {
        /* 0 */ {OP_LI, 0, 0, 0, 0},
        /* 1 */ {OP_LI, 1, 0, 0, 2},
        /* 2 */ {OP_LI, 6, 0, 0, 0},
        /* 3 */ {OP_BGE, 1, 2, 0, 13},          /* while n < limit */
        /* 4 */ {OP_LI, 3, 0, 0, 2},
        /* 5 */ {OP_MUL, 4, 3, 3, 0},           /* loop: d*d > n -> prime */
        /* 6 */ {OP_BLT, 1, 4, 0, 11},
        /* 7 */ {OP_REM, 5, 1, 3, 0},
        /* 8 */ {OP_BEQ, 5, 6, 0, 12},          /* divisible -> not prime */
        /* 9 */ {OP_ADDI, 3, 3, 0, 1},
        /* 10 */ {OP_JMP, 0, 0, 0, 5},
        /* 11 */ {OP_ADDI, 0, 0, 0, 1},
        /* 12 */ {OP_ADDI, 1, 1, 0, 1},
        /* 13 */ {OP_BLT, 1, 2, 0, 4},
        /* 14 */ {OP_HALT, 0, 0, 0, 0},
    };
    uint64_t sum = 0;
    for (long r = 0; r < reps; r++) {
        int64_t regs[8] = {0};
        regs[2] = 200000 + r;
        int64_t count = run(prog, regs);
        sum = bench_mix(sum, (uint64_t)count);
    }
    bench_report("interp", sum);
    return 0;
}
