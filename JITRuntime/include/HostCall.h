// Host calls through libffi: a host C function with a declared signature,
// called with argument values the caller has already checked and converted.
// Signature letters: 'i' int32, 'l' int64, 'p' host pointer, 'f' float,
// 'd' double, 'v' void (result only). Knows nothing of the guest.
#ifndef TERN_HOST_CALL_H
#define TERN_HOST_CALL_H

#include <stdint.h>

/// The most arguments one host call takes.
#define TERN_HOSTCALL_MAX_ARGS 8

/// A prepared call interface for one host function (opaque).
typedef struct TernHostCall TernHostCall;

/// Prepares a call of `function` returning `result` with the argument letters
/// `arguments` (NUL-terminated, at most TERN_HOSTCALL_MAX_ARGS). The result may
/// not be a pointer. NULL for an invalid signature or when libffi refuses it.
TernHostCall *tern_hostcall_prepare(void *function, char result, const char *arguments);

/// Releases a prepared call.
void tern_hostcall_destroy(TernHostCall *call);

/// Number of arguments of a prepared call.
int tern_hostcall_arity(const TernHostCall *call);

/// Calls the function through ffi_call. `args[i]` holds argument i: integers
/// in the low bits, host pointers as addresses, float as its 32-bit pattern in
/// the low bits, double as its 64-bit pattern. `*result` receives int32 results
/// sign-extended, float bits zero-extended, double bits, 0 for void.
void tern_hostcall_invoke(const TernHostCall *call, const uint64_t *args, uint64_t *result);

/// Resolves `symbol` in `library` (a dlopen name such as "libm.so.6"), or in
/// the process's global scope when `library` is NULL. NULL when not found.
void *tern_hostcall_resolve(const char *library, const char *symbol);

#endif
