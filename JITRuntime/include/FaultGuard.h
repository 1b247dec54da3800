// Fault guard: runs guest code so that a host SIGSEGV/SIGBUS on a guest address,
// or a synchronous trap raised by a handler, returns to the caller as a
// described fault instead of killing the process.
#ifndef TERN_FAULT_GUARD_H
#define TERN_FAULT_GUARD_H

#include <stddef.h>
#include <stdint.h>

/// What ended a guarded run early.
typedef struct TernGuardFault {
    int32_t signo;       ///< SIGSEGV or SIGBUS for a memory fault; 0 for a raised trap
    int32_t isWrite;     ///< 1 when the faulting access was a write (x86-64 only; else -1)
    uintptr_t hostAddr;  ///< faulting host address (memory faults)
    int32_t kind;        ///< trap kind passed to tern_guard_raise
    uint64_t value;      ///< trap value passed to tern_guard_raise
    uintptr_t hostPC;    ///< host pc of the faulting access (memory faults, x86-64; else 0)
    int32_t inGeneratedCode; ///< 1 when hostPC lies in a code arena (native tier), else 0
    uint64_t generatedR13;   ///< r13 at a fault in generated code (the native tier pins a counter there)
    uint64_t generatedR14;   ///< r14 at a fault in generated code (likewise)
    uint64_t generatedRegs[16]; ///< general registers at a fault in generated code, by x86-64 register number
} TernGuardFault;

/// Installs the process-wide SIGSEGV/SIGBUS handlers (idempotent, thread-safe).
void tern_guard_install(void);

/// Runs `body(ctx)`. Returns 0 when it returned normally, 1 when a memory fault
/// inside [regionBase, regionBase + regionSize) or tern_guard_raise ended it;
/// `*fault` then describes why. Guards nest per thread.
int tern_guard_run(void (*body)(void *), void *ctx, const void *regionBase, size_t regionSize,
                   TernGuardFault *fault);

/// Ends the innermost guarded run on this thread with a trap. Must only be
/// called while a guarded run is active on the calling thread.
__attribute__((noreturn)) void tern_guard_raise(int32_t kind, uint64_t value);

/// 1 when the calling thread is inside a guarded run.
int tern_guard_active(void);

/// Address of tern_guard_raise, for generated code that calls it (System V).
const void *tern_guard_raise_address(void);

/// Copies `count` bytes from `source` to `destination` as the kernel's
/// copy_from_user/copy_to_user do: a memory fault on either side inside
/// [regionBase, regionBase + regionSize) (guest memory: a file page past the
/// end of its file is SIGBUS, a page unmapped by another thread SIGSEGV) ends
/// the copy early instead of killing the process. Returns 0 when every byte was
/// copied, 1 after a fault (a prefix may have been copied).
int tern_guarded_copy(void *destination, const void *source, size_t count, const void *regionBase,
                      size_t regionSize);

#endif
