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

/// A full memory barrier (MFENCE): a guest `fence` that orders earlier stores
/// before later loads, the one reordering x86-64 (TSO) performs. Fences that
/// do not order store -> load need no host instruction (Translator).
static inline void tern_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

// Runtime helpers for words several harts share (stop requests, published
// pointers, profile counters).

/// Atomically ORs `bits` into `*p`; returns the previous value.
static inline uint32_t tern_atomic_or_32(uint32_t *p, uint32_t bits) {
    return __atomic_fetch_or(p, bits, __ATOMIC_SEQ_CST);
}
/// Atomically clears `bits` in `*p`; returns the previous value.
static inline uint32_t tern_atomic_clear_32(uint32_t *p, uint32_t bits) {
    return __atomic_fetch_and(p, ~bits, __ATOMIC_SEQ_CST);
}
/// Sequentially consistent load of a shared 32-bit word.
static inline uint32_t tern_atomic_load_32(const uint32_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
/// Sequentially consistent store of a shared 64-bit word (a hart's budget).
static inline void tern_atomic_store_64(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
/// Atomic 64-bit add (counters several harts bump).
static inline void tern_atomic_add_64(void *p, uint64_t v) { __atomic_fetch_add((uint64_t *)p, v, __ATOMIC_RELAXED); }
/// Publishes a pointer: everything written before is visible to a reader that
/// loads it with tern_load_acquire_ptr.
static inline void tern_store_release_ptr(const void **p, const void *v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
/// Reads a published pointer.
static inline const void *tern_load_acquire_ptr(const void *const *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
#endif
