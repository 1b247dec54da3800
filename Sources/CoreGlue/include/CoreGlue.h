// Core's C-side contracts: state layouts, op ids, calling convention choice.
#ifndef TERN_CORE_GLUE_H
#define TERN_CORE_GLUE_H

#include <stddef.h>
#include <stdint.h>
#include "HartState.h"
#include "GuestAtomics.h"

/// Op identifiers, in Ops.def order; index into tern_threaded_handlers.
typedef enum TernOpID : uint16_t {
#define TERN_OP(name) TernOp_##name,
#define TERN_TERM(name) TernOp_##name,
#include "Ops.def"
    TernOpCount
} TernOpID;

/// Names of the ops, for traces and statistics.
static const char *const tern_op_names[] = {
#define TERN_OP(name) #name,
#define TERN_TERM(name) #name,
#include "Ops.def"
};

/// Byte offset of `f[0]` in `TernHart`, as a compile-time constant (a Swift
/// `MemoryLayout.offset(of:)` global is lazily initialised: a `swift_once`
/// call in every FP handler).
enum { TernHartFOffset = offsetof(TernHart, f) };
/// Byte offset of the vector register file inside `TernHart`.
enum { TernHartVOffset = offsetof(TernHart, v) };
/// Byte offset of `imm` in `TernOp` (the profile op's counter).
enum { TernOpImmOffset = offsetof(TernOp, imm) };

/// Kind of each op, in op-id order: 0 straight-line, 1 terminator, 2-4 a
/// superinstruction over that many records (pair, triple, quad).
static const uint8_t tern_op_kinds[] = {
#define TERN_OP(name) 0,
#define TERN_TERM(name) 1,
#define TERN_PAIR(name) 2,
#define TERN_TRIPLE(name) 3,
#define TERN_QUAD(name) 4,
#include "Ops.def"
};

// The tail-call convention: swiftasynccall where Clang offers it (it guarantees
// tail calls and frees callee-saved registers), otherwise musttail. Handlers take
// no swift_async_context parameter: with one, Clang gives every handler an async
// frame record (push/pop of rbp and r14), which doubled the cost of simple ops.
#if defined(__clang__) && (defined(__x86_64__) || defined(__aarch64__))
#  if __has_feature(swiftasynccc) || __has_extension(swiftasynccc)
#    define TERN_DIRECT_THREADED 1
#    define TERN_TC_CC __attribute__((swiftasynccall))
#    define TERN_TC_MUSTTAIL __attribute__((musttail))
#  elif __has_attribute(musttail)
#    define TERN_DIRECT_THREADED 1
#    define TERN_TC_CC
#    define TERN_TC_MUSTTAIL __attribute__((musttail))
#  endif
#endif
#ifndef TERN_DIRECT_THREADED
#  define TERN_DIRECT_THREADED 0
#endif

#if TERN_DIRECT_THREADED
typedef TERN_TC_CC void (*TernThreadedHandler)(const TernOp *op, TernHart *h, uint8_t *m, uint64_t acc);
#endif

/// Whether this build dispatches by tail calls.
static inline int tern_direct_threaded(void) { return TERN_DIRECT_THREADED; }

#endif
