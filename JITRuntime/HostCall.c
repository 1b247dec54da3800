#define _GNU_SOURCE
#include "HostCall.h"

#include <dlfcn.h>
#include <ffi.h>
#include <stdlib.h>
#include <string.h>

struct TernHostCall {
    ffi_cif cif;
    void (*function)(void);
    char result;
    int arity;
    char letters[TERN_HOSTCALL_MAX_ARGS];
    ffi_type *types[TERN_HOSTCALL_MAX_ARGS];
};

static ffi_type *type_for(char letter, int isResult) {
    switch (letter) {
    case 'i': return &ffi_type_sint32;
    case 'l': return &ffi_type_sint64;
    case 'p': return isResult ? NULL : &ffi_type_pointer;
    case 'f': return &ffi_type_float;
    case 'd': return &ffi_type_double;
    case 'v': return isResult ? &ffi_type_void : NULL;
    default: return NULL;
    }
}

TernHostCall *tern_hostcall_prepare(void *function, char result, const char *arguments) {
    if (!function || !arguments) return NULL;
    size_t n = strlen(arguments);
    if (n > TERN_HOSTCALL_MAX_ARGS) return NULL;
    ffi_type *rtype = type_for(result, 1);
    if (!rtype) return NULL;
    TernHostCall *call = calloc(1, sizeof *call);
    if (!call) return NULL;
    for (size_t i = 0; i < n; i++) {
        call->types[i] = type_for(arguments[i], 0);
        if (!call->types[i]) { free(call); return NULL; }
        call->letters[i] = arguments[i];
    }
    call->arity = (int)n;
    call->result = result;
    call->function = (void (*)(void))function;
    if (ffi_prep_cif(&call->cif, FFI_DEFAULT_ABI, (unsigned)n, rtype, call->types) != FFI_OK) {
        free(call);
        return NULL;
    }
    return call;
}

void tern_hostcall_destroy(TernHostCall *call) { free(call); }

int tern_hostcall_arity(const TernHostCall *call) { return call->arity; }

void tern_hostcall_invoke(const TernHostCall *call, const uint64_t *args, uint64_t *result) {
    union Value { int32_t i; int64_t l; void *p; float f; double d; } values[TERN_HOSTCALL_MAX_ARGS];
    void *slots[TERN_HOSTCALL_MAX_ARGS];
    for (int i = 0; i < call->arity; i++) {
        union Value *v = &values[i];
        switch (call->letters[i]) {
        case 'i': v->i = (int32_t)args[i]; break;
        case 'l': v->l = (int64_t)args[i]; break;
        case 'p': v->p = (void *)(uintptr_t)args[i]; break;
        case 'f': { uint32_t bits = (uint32_t)args[i]; memcpy(&v->f, &bits, 4); break; }
        default: memcpy(&v->d, &args[i], 8); break;
        }
        slots[i] = v;
    }
    // Integral results are widened to ffi_arg by libffi.
    union { ffi_arg word; float f; double d; } out;
    memset(&out, 0, sizeof out);
    ffi_call((ffi_cif *)&call->cif, call->function, &out, slots);
    switch (call->result) {
    case 'i': *result = (uint64_t)(int64_t)(int32_t)out.word; break;
    case 'l': *result = (uint64_t)out.word; break;
    case 'f': { uint32_t bits; memcpy(&bits, &out.f, 4); *result = bits; break; }
    case 'd': memcpy(result, &out.d, 8); break;
    default: *result = 0; break;
    }
}

void *tern_hostcall_resolve(const char *library, const char *symbol) {
    void *handle = RTLD_DEFAULT;
    if (library) {
        handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
        if (!handle) return NULL;
    }
    return dlsym(handle, symbol);
}
