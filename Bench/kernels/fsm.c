/* Finite-state machine over a byte stream: a tokenizer (identifiers, numbers,
 * strings with escapes, comments, operators) run over 512 KiB of generated text. */
#include "bench.h"
#define SIZE (1 << 19)

enum { START, IDENT, NUMBER, STRING, ESCAPE, SLASH, COMMENT, NSTATES };
enum { C_ALPHA, C_DIGIT, C_QUOTE, C_BACKSLASH, C_SLASH, C_NEWLINE, C_SPACE, C_OTHER, NCLASSES };

static uint8_t cls[256];
static uint8_t next[NSTATES][NCLASSES];

static void build(void) {
    for (int c = 0; c < 256; c++) cls[c] = C_OTHER;
    for (int c = 'a'; c <= 'z'; c++) cls[c] = C_ALPHA;
    for (int c = 'A'; c <= 'Z'; c++) cls[c] = C_ALPHA;
    cls['_'] = C_ALPHA;
    for (int c = '0'; c <= '9'; c++) cls[c] = C_DIGIT;
    cls['"'] = C_QUOTE; cls['\\'] = C_BACKSLASH; cls['/'] = C_SLASH; cls['\n'] = C_NEWLINE;
    cls[' '] = C_SPACE; cls['\t'] = C_SPACE;
    for (int s = 0; s < NSTATES; s++) for (int c = 0; c < NCLASSES; c++) next[s][c] = START;
    int from_start[NCLASSES] = {IDENT, NUMBER, STRING, START, SLASH, START, START, START};
    for (int c = 0; c < NCLASSES; c++) { next[START][c] = from_start[c]; next[SLASH][c] = from_start[c]; }
    next[SLASH][C_SLASH] = COMMENT;
    next[IDENT][C_ALPHA] = IDENT; next[IDENT][C_DIGIT] = IDENT;
    next[NUMBER][C_DIGIT] = NUMBER;
    for (int c = 0; c < NCLASSES; c++) { next[STRING][c] = STRING; next[ESCAPE][c] = STRING; next[COMMENT][c] = COMMENT; }
    next[STRING][C_QUOTE] = START; next[STRING][C_BACKSLASH] = ESCAPE;
    next[COMMENT][C_NEWLINE] = START;
}

int main(int argc, char **argv) {
    long reps = bench_reps(argc, argv, 900);
    build();
    static uint8_t text[SIZE];
    const char *alphabet = "abcdefghijklmnopqrstuvwxyz_ABCXYZ0123456789  \t\n\"\\/+-*=;(){}";
    int alen = 0; while (alphabet[alen]) alen++;
    uint64_t s = 11;
    for (int i = 0; i < SIZE; i++) text[i] = (uint8_t)alphabet[bench_rand(&s) % (uint64_t)alen];
    uint64_t sum = 0;
    for (long r = 0; r < reps; r++) {
        uint64_t counts[NSTATES] = {0};
        int state = START;
        for (int i = 0; i < SIZE; i++) {
            int n = next[state][cls[text[i]]];
            counts[n] += (n != state);
            state = n;
        }
        for (int k = 0; k < NSTATES; k++) sum = bench_mix(sum, counts[k]);
        text[r % SIZE] = (uint8_t)alphabet[r % (uint64_t)alen];
    }
    bench_report("fsm", sum);
    return 0;
}
