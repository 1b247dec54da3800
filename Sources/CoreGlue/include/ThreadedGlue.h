// Direct-threaded dispatch glue. Imported into the TernCore Swift module so the
// static inline stubs below are compiled together with (and inline) the Swift
// handler bodies. Each stub runs one op's body and transfers to the next op's
// handler with a guaranteed tail call.
#ifndef TERN_THREADED_GLUE_H
#define TERN_THREADED_GLUE_H

#include "CoreGlue.h"

#if defined(__clang__) && __has_attribute(always_inline) && (__clang_major__ >= 16)
#  define TERN_INLINE_CALL [[clang::always_inline]]
#else
#  define TERN_INLINE_CALL
#endif

#define TERN_SWIFTCALL __attribute__((swiftcall))

#if TERN_DIRECT_THREADED

/// A straight-line stub: runs the body, continues `records` records further on.
/// The fourth argument of every handler is the previous op's result (`acc`,
/// see TernSpec/Forwarding.swift); ops that produce none pass 0.
#define TERN_STRAIGHT_STUB(name, records)                                          \
    TERN_SWIFTCALL void tern_exec_##name(const TernOp *op, TernHart *h, uint8_t *m); \
    TERN_TC_CC static void tern_tc_##name(const TernOp *op, TernHart *h, uint8_t *m, uint64_t acc) { \
        (void)acc;                                                                 \
        TERN_INLINE_CALL tern_exec_##name(op, h, m);                               \
        const TernOp *next = op + (records);                                       \
        TERN_TC_MUSTTAIL return ((TernThreadedHandler)next->handler)(next, h, m, 0); \
    }
#define TERN_OP(name) TERN_STRAIGHT_STUB(name, 1)
#define TERN_PAIR(name) TERN_STRAIGHT_STUB(name, 2)
#define TERN_TRIPLE(name) TERN_STRAIGHT_STUB(name, 3)
#define TERN_QUAD(name) TERN_STRAIGHT_STUB(name, 4)
/// A producer (its body writes x[rd] of its last record, last): passes that x[rd]
/// on. `rd` is read before the body and `op` is restrict, so the compiler
/// forwards the body's own store to this read: the value goes on in a register.
#define TERN_VALUE_STUB(name, records)                                             \
    TERN_SWIFTCALL void tern_exec_##name(const TernOp *op, TernHart *h, uint8_t *m); \
    TERN_TC_CC static void tern_tc_##name(const TernOp *__restrict op, TernHart *h, uint8_t *m, uint64_t acc) { \
        (void)acc;                                                                 \
        const uint8_t rd = op[(records) - 1].rd;                                   \
        TERN_INLINE_CALL tern_exec_##name(op, h, m);                               \
        const TernOp *next = op + (records);                                       \
        TERN_TC_MUSTTAIL return ((TernThreadedHandler)next->handler)(next, h, m, h->x[rd]); \
    }
#define TERN_VAL(name) TERN_VALUE_STUB(name, 1)
#define TERN_PAIR_VAL(name) TERN_VALUE_STUB(name, 2)
#define TERN_TRIPLE_VAL(name) TERN_VALUE_STUB(name, 3)
#define TERN_QUAD_VAL(name) TERN_VALUE_STUB(name, 4)
/// A forwarding variant of straight-line op `base`: its `source` register (rs1
/// or rs2) holds the previous op's result, which is `acc`. Storing `acc` there
/// changes nothing in the hart (the producer stored the same value) but lets the
/// compiler forward it to the base body's read of that register, so the body
/// runs unchanged and the value never makes the store-to-load round trip. It
/// passes its own x[rd] on (for a store, whatever x[rd] holds: never used, the
/// translator only forwards from producers).
#define TERN_ACC_OP(base, variant, source)                                         \
    TERN_TC_CC static void tern_tc_##base##_##variant(const TernOp *__restrict op, TernHart *h, uint8_t *m, uint64_t acc) { \
        const uint8_t rd = op->rd;                                                 \
        h->x[op->source] = acc;                                                    \
        TERN_INLINE_CALL tern_exec_##base(op, h, m);                               \
        const TernOp *next = op + 1;                                               \
        TERN_TC_MUSTTAIL return ((TernThreadedHandler)next->handler)(next, h, m, h->x[rd]); \
    }
#define TERN_TERM(name)                                                            \
    TERN_SWIFTCALL const TernOp *tern_exec_##name(const TernOp *op, TernHart *h, uint8_t *m); \
    TERN_TC_CC static void tern_tc_##name(const TernOp *op, TernHart *h, uint8_t *m, uint64_t acc) { \
        (void)acc;                                                                 \
        const TernOp *next;                                                        \
        TERN_INLINE_CALL next = tern_exec_##name(op, h, m);                        \
        if (next == 0) return;                                                     \
        TERN_TC_MUSTTAIL return ((TernThreadedHandler)next->handler)(next, h, m, 0); \
    }
/// A forwarding variant of terminator `base` (a branch reading the previous result).
#define TERN_ACC_TERM(base, variant, source)                                       \
    TERN_TC_CC static void tern_tc_##base##_##variant(const TernOp *__restrict op, TernHart *h, uint8_t *m, uint64_t acc) { \
        h->x[op->source] = acc;                                                    \
        const TernOp *next;                                                        \
        TERN_INLINE_CALL next = tern_exec_##base(op, h, m);                        \
        if (next == 0) return;                                                     \
        TERN_TC_MUSTTAIL return ((TernThreadedHandler)next->handler)(next, h, m, 0); \
    }
/// Linked variants (TernSpec/Linking.swift): their stubs are generated code in LinkedGlue.inc.
#define TERN_LINKED(base, name, kind)
#define TERN_LINKED_TERM(base, name)
#include "Ops.def"
#include "LinkedGlue.inc"

/// Handler addresses per group (see TERN_GROUP in Ops.def), in op-id order;
/// concatenated in group order they are indexed by TernOpID.
static const uintptr_t tern_handlers_none_[] = { 0
#define TERN_GROUP(g) }; static const uintptr_t tern_handlers_##g[] = {
#define TERN_OP(name) (uintptr_t)&tern_tc_##name,
#define TERN_TERM(name) (uintptr_t)&tern_tc_##name,
#include "Ops.def"
};

/// Op names per group, parallel to the handler groups (for checking the order).
static const char *const tern_names_none_[] = { 0
#define TERN_GROUP(g) }; static const char *const tern_names_##g[] = {
#define TERN_OP(name) #name,
#define TERN_TERM(name) #name,
#include "Ops.def"
};

/// Runs ops from `op` until a terminator returns NULL. Must live in C (see
/// swiftlang/swift#69264: the importer drops the callee's convention). `acc` is
/// the forwarded result `op` expects: 0 at a block's first op (never a
/// forwarding variant); the value of its forwarded source register when the
/// native tier resumes the threaded engine in the middle of a block.
static inline void tern_threaded_enter(const TernOp *op, TernHart *h, uint8_t *m, uint64_t acc) {
    ((TernThreadedHandler)op->handler)(op, h, m, acc);
}

/// One plain C (System V) function per straight-line op running just that op's
/// body: the native tier calls these for ops it does not compile itself (a
/// forwarding or linked variant runs its base op's: the registers hold the same values).
#define TERN_ACC_OP(base, variant, source)
#define TERN_ACC_TERM(base, variant, source)
#define TERN_LINKED(base, name, kind)
#define TERN_LINKED_TERM(base, name)
#define TERN_OP(name) \
    static void tern_call_##name(const TernOp *op, TernHart *h, uint8_t *m) { \
        TERN_INLINE_CALL tern_exec_##name(op, h, m);                          \
    }
#include "Ops.def"

/// tern_call_<op> addresses in op-id order; 0 for terminators.
static const uintptr_t tern_op_calls[] = {
#define TERN_OP(name) (uintptr_t)&tern_call_##name,
#define TERN_ACC_OP(base, variant, source) (uintptr_t)&tern_call_##base,
#define TERN_LINKED(base, name, kind) (uintptr_t)&tern_call_##base,
#define TERN_TERM(name) 0,
#include "Ops.def"
};

#else
#define TERN_GROUP(g) static const uintptr_t tern_handlers_##g[1] = {0}; static const char *const tern_names_##g[1] = {0};
#include "Ops.def"
static const uintptr_t tern_op_calls[1] = {0};

static inline void tern_threaded_enter(const TernOp *op, TernHart *h, uint8_t *m, uint64_t acc) {
    (void)op; (void)h; (void)m; (void)acc;
}
#endif

#endif
