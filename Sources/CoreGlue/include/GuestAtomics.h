// Atomic read-modify-write helpers for guest AMOs and SC (sequentially
// consistent, so they are also correct across harts).
#ifndef TERN_GUEST_ATOMICS_H
#define TERN_GUEST_ATOMICS_H
#include <stdint.h>
#include <stdbool.h>

#define TERN_AMO(W, T)                                                                       \
static inline T tern_amo_swap_##W(void *p, T v) { return __atomic_exchange_n((T *)p, v, __ATOMIC_SEQ_CST); } \
static inline T tern_amo_add_##W(void *p, T v) { return __atomic_fetch_add((T *)p, v, __ATOMIC_SEQ_CST); } \
static inline T tern_amo_and_##W(void *p, T v) { return __atomic_fetch_and((T *)p, v, __ATOMIC_SEQ_CST); } \
static inline T tern_amo_or_##W(void *p, T v) { return __atomic_fetch_or((T *)p, v, __ATOMIC_SEQ_CST); }  \
static inline T tern_amo_xor_##W(void *p, T v) { return __atomic_fetch_xor((T *)p, v, __ATOMIC_SEQ_CST); } \
static inline bool tern_cas_##W(void *p, T expected, T desired) {                            \
    return __atomic_compare_exchange_n((T *)p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
}                                                                                            \
static inline T tern_load_acquire_##W(const void *p) { return __atomic_load_n((const T *)p, __ATOMIC_SEQ_CST); }
TERN_AMO(32, uint32_t)
TERN_AMO(64, uint64_t)
#undef TERN_AMO

/// A full memory barrier (guest `fence`).
static inline void tern_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
#endif
