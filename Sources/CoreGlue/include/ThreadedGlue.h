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
#define TERN_STRAIGHT_STUB(name, records)                                          \
    TERN_SWIFTCALL void tern_exec_##name(const TernOp *op, TernHart *h, uint8_t *m); \
    TERN_TC_CC static void tern_tc_##name(const TernOp *op, TernHart *h, uint8_t *m) { \
        TERN_INLINE_CALL tern_exec_##name(op, h, m);                               \
        const TernOp *next = op + (records);                                       \
        TERN_TC_MUSTTAIL return ((TernThreadedHandler)next->handler)(next, h, m);  \
    }
#define TERN_OP(name) TERN_STRAIGHT_STUB(name, 1)
#define TERN_PAIR(name) TERN_STRAIGHT_STUB(name, 2)
#define TERN_TRIPLE(name) TERN_STRAIGHT_STUB(name, 3)
#define TERN_QUAD(name) TERN_STRAIGHT_STUB(name, 4)
#define TERN_TERM(name)                                                            \
    TERN_SWIFTCALL const TernOp *tern_exec_##name(const TernOp *op, TernHart *h, uint8_t *m); \
    TERN_TC_CC static void tern_tc_##name(const TernOp *op, TernHart *h, uint8_t *m) {    \
        const TernOp *next;                                                        \
        TERN_INLINE_CALL next = tern_exec_##name(op, h, m);                        \
        if (next == 0) return;                                                     \
        TERN_TC_MUSTTAIL return ((TernThreadedHandler)next->handler)(next, h, m);      \
    }
#include "Ops.def"

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
/// swiftlang/swift#69264: the importer drops the callee's convention).
static inline void tern_threaded_enter(const TernOp *op, TernHart *h, uint8_t *m) {
    ((TernThreadedHandler)op->handler)(op, h, m);
}

/// One plain C (System V) function per straight-line op running just that op's
/// body: the native tier calls these for ops it does not compile itself.
#define TERN_OP(name) \
    static void tern_call_##name(const TernOp *op, TernHart *h, uint8_t *m) { \
        TERN_INLINE_CALL tern_exec_##name(op, h, m);                          \
    }
#include "Ops.def"

/// tern_call_<op> addresses in op-id order; 0 for terminators.
static const uintptr_t tern_op_calls[] = {
#define TERN_OP(name) (uintptr_t)&tern_call_##name,
#define TERN_TERM(name) 0,
#include "Ops.def"
};

#else
#define TERN_GROUP(g) static const uintptr_t tern_handlers_##g[1] = {0}; static const char *const tern_names_##g[1] = {0};
#include "Ops.def"
static const uintptr_t tern_op_calls[1] = {0};

static inline void tern_threaded_enter(const TernOp *op, TernHart *h, uint8_t *m) {
    (void)op; (void)h; (void)m;
}
#endif

#endif
