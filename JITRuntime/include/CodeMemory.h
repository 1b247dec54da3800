// Executable code memory with W^X: no page is ever writable and executable at
// the same time. The preferred mode maps one memfd twice, a read-write view the
// code generator writes through and a read-execute view that runs; where
// memfd_create is unavailable (or TERN_CODE_MPROTECT=1) a single mapping is
// flipped between read-write and read-execute with mprotect around each write.
// An arena hands out and takes back 16-byte aligned ranges of code.
// After fork() parent and child share a dual-mapped arena's pages until one of
// them writes: that one first moves to a private copy (same addresses, still
// dual-mapped), so neither ever sees the other's code and the child sees the
// code as it was at fork().
#ifndef TERN_CODE_MEMORY_H
#define TERN_CODE_MEMORY_H

#include <stddef.h>
#include <stdint.h>

/// How an arena keeps W^X.
typedef enum TernCodeMode : int32_t {
    TernCodeDualMapped = 1,  ///< one memfd mapped RW and RX at two addresses
    TernCodeMprotect = 2,    ///< one mapping flipped RX -> RW -> RX around writes
} TernCodeMode;

/// An executable-memory arena (opaque).
typedef struct TernCodeArena TernCodeArena;

/// Creates an arena of `capacity` bytes (rounded up to pages). `forceMprotect`
/// selects the mprotect mode even when memfd works. NULL on failure (also when
/// 64 arenas are live: each must be known to the fault guard).
TernCodeArena *tern_code_arena_create(size_t capacity, int forceMprotect);

/// Unmaps the arena. No code of it may be running.
void tern_code_arena_destroy(TernCodeArena *arena);

/// The arena's W^X mode.
TernCodeMode tern_code_arena_mode(const TernCodeArena *arena);

/// Start and size of the executable view.
const uint8_t *tern_code_arena_start(const TernCodeArena *arena);
size_t tern_code_arena_capacity(const TernCodeArena *arena);

/// Bytes currently allocated (including the arena's own trampolines).
size_t tern_code_arena_used(const TernCodeArena *arena);

/// Allocates `size` bytes of code (16-byte aligned); returns the executable
/// address, or NULL when the arena is full.
uint8_t *tern_code_alloc(TernCodeArena *arena, size_t size);

/// Returns a range obtained from tern_code_alloc (same size) to the arena.
void tern_code_free(TernCodeArena *arena, uint8_t *code, size_t size);

/// Copies `count` bytes to the executable address `dst` through the writable
/// view (dual mode) or an mprotect RW window (mprotect mode), then makes the
/// instruction stream coherent. 0 on success, -1 on failure.
int tern_code_write(TernCodeArena *arena, uint8_t *dst, const void *src, size_t count);

/// Stores a 32-bit value at the 4-byte aligned executable address `dst` with
/// one atomic store (used to patch jump displacements while code may run).
int tern_code_write32(TernCodeArena *arena, uint8_t *dst, uint32_t value);

/// 1 when `address` lies inside the executable view of any live arena.
int tern_code_contains(const void *address);

/// W^X audit: the number of mappings of this process that are writable and
/// executable at once (from /proc/self/maps), or -1 when it cannot be read.
int tern_code_count_wx_mappings(void);

#endif
