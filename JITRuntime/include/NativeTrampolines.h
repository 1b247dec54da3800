// Trampolines between the runtime and generated x86-64 code, and the chain
// jumps that link generated blocks directly.
//
// Register contract inside generated code (System V x86-64 host):
//   rbx = state pointer (the hart), r12 = guest memory base; both callee-saved,
//   so generated code may call System V helpers directly (`mov rax, fn; call
//   rax`): the entry trampoline leaves rsp 16-byte aligned, generated code never
//   pushes, and rax, rcx, rdx, rsi, rdi, r8-r11 are scratch. r13-r15 and rbp
//   may be used freely; the exit trampoline restores them.
// Generated code leaves by jumping to `exits[reason]`; `enter` then returns the
// reason. Anything else the runtime needs (next pc, chain site) is stored into
// the state by the generated code before it jumps.
#ifndef TERN_NATIVE_TRAMPOLINES_H
#define TERN_NATIVE_TRAMPOLINES_H

#include <stddef.h>
#include <stdint.h>
#include "CodeMemory.h"

/// Why generated code returned to the runtime.
typedef enum TernNativeExit : uint32_t {
    TernNativeExitLookupMiss = 0,  ///< block ended on a successor that is not chained
    TernNativeExitSyscall = 1,     ///< system call at the current pc
    TernNativeExitFault = 2,       ///< a guest fault the generated code detected itself
    TernNativeExitSignal = 3,      ///< an asynchronous event (pending signal) must be delivered
    TernNativeExitBudget = 4,      ///< instruction budget used up
    TernNativeExitFallback = 5,    ///< the rest of the block runs in the fallback engine
    TernNativeExitCount = 6,
} TernNativeExit;

/// Registers of the contract, as x86-64 register numbers.
#define TERN_NATIVE_STATE_REG 3    /* rbx */
#define TERN_NATIVE_MEMORY_REG 12  /* r12 */

/// Size of a chain jump (`jmp rel32`); its displacement (site + 1) must be
/// 4-byte aligned so patches are single atomic stores.
#define TERN_CHAIN_JUMP_SIZE 5

/// Runs generated code at `code` with the state and memory base in their
/// registers; returns a TernNativeExit.
typedef uint32_t (*TernNativeEntry)(const void *code, void *state, void *memoryBase);

/// The trampolines of one arena.
typedef struct TernTrampolines {
    TernNativeEntry enter;                        ///< entry trampoline
    const uint8_t *exits[TernNativeExitCount];    ///< exit stubs, one per reason
    uint8_t *code;                                ///< the trampolines' code range
    size_t size;
} TernTrampolines;

/// Writes the trampolines into `arena`. 0 on success.
int tern_trampolines_create(TernCodeArena *arena, TernTrampolines *out);

/// Frees the trampolines' code.
void tern_trampolines_destroy(TernCodeArena *arena, TernTrampolines *t);

/// Points the chain jump at `site` to `target`. 0 on success, -1 when the
/// site is misaligned or the target out of rel32 range.
int tern_chain_patch(TernCodeArena *arena, uint8_t *site, const uint8_t *target);

/// Unpatches the chain jump at `site`: it falls through to the code right
/// after it (the block's unchained exit path).
int tern_chain_unpatch(TernCodeArena *arena, uint8_t *site);

/// Where the chain jump at `site` currently goes.
const uint8_t *tern_chain_target(const uint8_t *site);

/// Test probe: calls `enter(code, state, memoryBase)` with known values in
/// rbx, rbp, r12-r15 and stores what those registers hold afterwards into
/// preserved[0..5] (rbx, rbp, r12, r13, r14, r15). Returns enter's result.
uint32_t tern_native_enter_probe(TernNativeEntry enter, const void *code, void *state, void *memoryBase,
                                 uint64_t preserved[6]);

/// The values tern_native_enter_probe loads before the call, in the same order.
extern const uint64_t tern_native_probe_values[6];

#endif
