/* Guest-side interface to Tern's host calls (riscv64 Linux guests).
 *
 * tern_hostcall() asks the emulator to call a host C function registered by
 * name (the default allow-list is libm math plus strlen) through libffi:
 *   a7 = TERN_HOSTCALL_NR (ASCII "tern", outside Linux's syscall numbers)
 *   a0 = function name, a1 = signature, a2 = argument slots, a3 = result slot
 * The signature is the result letter followed by one letter per argument:
 *   i int32  l int64  f float  d double  v void (result only)
 *   p buffer: two slots, guest address and byte length (checked by Tern)
 *   s NUL-terminated string: one slot, its address
 * Returns 0 on success or -errno: -ENOENT (not registered), -EINVAL (signature
 * differs from the registered one), -EFAULT (bad guest pointer). Linux and
 * qemu-riscv64 return -ENOSYS: callers should fall back to their own code. */
#ifndef TERN_GUEST_H
#define TERN_GUEST_H

#include <stdint.h>
#include <string.h>

#define TERN_HOSTCALL_NR 0x7465726eL

static inline long tern_hostcall(const char *name, const char *signature, const uint64_t *slots, void *result) {
    register long a0 __asm__("a0") = (long)name;
    register long a1 __asm__("a1") = (long)signature;
    register long a2 __asm__("a2") = (long)slots;
    register long a3 __asm__("a3") = (long)result;
    register long a7 __asm__("a7") = TERN_HOSTCALL_NR;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a7) : "memory");
    return a0;
}

/* Slot encodings. */
static inline uint64_t tern_slot_d(double v) { uint64_t u; memcpy(&u, &v, 8); return u; }
static inline uint64_t tern_slot_f(float v) { uint32_t u; memcpy(&u, &v, 4); return u; }
static inline uint64_t tern_slot_ptr(const void *p) { return (uint64_t)(uintptr_t)p; }
static inline double tern_result_d(uint64_t u) { double v; memcpy(&v, &u, 8); return v; }
static inline float tern_result_f(uint64_t u) { float v; uint32_t w = (uint32_t)u; memcpy(&v, &w, 4); return v; }

/* double name(double) / double name(double, double) on the host; 0 or -errno. */
static inline long tern_host_d_d(const char *name, double x, double *out) {
    uint64_t slots[1] = {tern_slot_d(x)}, r = 0;
    long rc = tern_hostcall(name, "dd", slots, &r);
    if (rc == 0) *out = tern_result_d(r);
    return rc;
}
static inline long tern_host_d_dd(const char *name, double x, double y, double *out) {
    uint64_t slots[2] = {tern_slot_d(x), tern_slot_d(y)}, r = 0;
    long rc = tern_hostcall(name, "ddd", slots, &r);
    if (rc == 0) *out = tern_result_d(r);
    return rc;
}

#endif
