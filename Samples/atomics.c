/* atomics.c - C11 atomics and __atomic builtins, single-threaded, on 32- and
 * 64-bit objects: they compile to lr/sc loops and amo* instructions.  Also
 * exercises the AMO instructions and lr/sc directly via inline asm. */
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
#include <inttypes.h>

static _Atomic int32_t a32;
static _Atomic int64_t a64;
static _Atomic uint32_t u32;
static int32_t plain32;
static int64_t plain64;
static _Atomic uint8_t byte_flag;

int main(void) {
    atomic_store(&a32, 5);
    atomic_store(&a64, INT64_C(0x100000000));
    int32_t o32 = atomic_fetch_add(&a32, 10);
    int64_t o64 = atomic_fetch_add(&a64, -1);
    printf("fetch_add: old32=%d new32=%d old64=%" PRId64 " new64=%" PRId64 "\n", o32, atomic_load(&a32), o64,
           atomic_load(&a64));
    printf("fetch_sub=%d now=%d\n", atomic_fetch_sub(&a32, 20), atomic_load(&a32));
    atomic_store(&u32, 0xF0F0F0F0u);
    printf("fetch_or=%08x ", atomic_fetch_or(&u32, 0x0F000000u));
    printf("fetch_and=%08x ", atomic_fetch_and(&u32, 0xFFFF00FFu));
    printf("fetch_xor=%08x now=%08x\n", atomic_fetch_xor(&u32, 0xFFFFFFFFu), atomic_load(&u32));
    printf("exchange old=%d now=%d\n", atomic_exchange(&a32, 77), atomic_load(&a32));

    int32_t expected = 76;
    _Bool ok = atomic_compare_exchange_strong(&a32, &expected, 99);
    printf("cas32 wrong expected: ok=%d expected now=%d value=%d\n", ok, expected, atomic_load(&a32));
    ok = atomic_compare_exchange_strong(&a32, &expected, 99);
    printf("cas32 right expected: ok=%d value=%d\n", ok, atomic_load(&a32));
    int64_t e64 = atomic_load(&a64);
    int tries = 0;
    while (!atomic_compare_exchange_weak(&a64, &e64, e64 * 3)) tries++;
    printf("cas64 weak: value=%" PRId64 " (retries<100: %d)\n", atomic_load(&a64), tries < 100);
    int64_t bad = 1;
    ok = atomic_compare_exchange_strong(&a64, &bad, 0);
    printf("cas64 fail: ok=%d seen=%" PRId64 "\n", ok, bad);

    /* Sign extension of 32-bit results: negative values in 64-bit registers. */
    atomic_store(&a32, -1);
    int64_t wide = atomic_fetch_add(&a32, 0);
    printf("signext fetch_add(-1)=%" PRId64 "\n", wide);
    atomic_store(&a32, INT32_MAX);
    printf("wrap: old=%d new=%d\n", atomic_fetch_add(&a32, 1), atomic_load(&a32));

    /* __atomic builtins, incl. min/max via CAS loops and sub-word ops */
    plain32 = 10; plain64 = -10;
    printf("__atomic_add_fetch=%d\n", __atomic_add_fetch(&plain32, 5, __ATOMIC_SEQ_CST));
    printf("__atomic_nand_fetch=%d\n", __atomic_nand_fetch(&plain32, 6, __ATOMIC_ACQ_REL));
    printf("__atomic_fetch_sub64=%" PRId64 " now=%" PRId64 "\n", __atomic_fetch_sub(&plain64, 5, __ATOMIC_RELAXED),
           __atomic_load_n(&plain64, __ATOMIC_ACQUIRE));
    int64_t des = 1234, exp64 = -15;
    printf("__atomic_cas64=%d now=%" PRId64 "\n",
           __atomic_compare_exchange_n(&plain64, &exp64, des, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST), plain64);
    printf("test_and_set=%d again=%d\n", __atomic_test_and_set(&byte_flag, __ATOMIC_SEQ_CST),
           __atomic_test_and_set(&byte_flag, __ATOMIC_SEQ_CST));

    /* direct AMOs */
    int64_t mem64 = -5, r64;
    int32_t mem32 = 7, r32;
    __asm__ volatile("amomax.d %0, %2, (%1)" : "=r"(r64) : "r"(&mem64), "r"((int64_t)3) : "memory");
    printf("amomax.d old=%" PRId64 " mem=%" PRId64 "\n", r64, mem64);
    __asm__ volatile("amominu.d %0, %2, (%1)" : "=r"(r64) : "r"(&mem64), "r"((int64_t)-1) : "memory");
    printf("amominu.d old=%" PRId64 " mem=%" PRId64 "\n", r64, mem64);
    mem64 = -5;
    __asm__ volatile("amomaxu.d %0, %2, (%1)" : "=r"(r64) : "r"(&mem64), "r"((int64_t)3) : "memory");
    printf("amomaxu.d old=%" PRId64 " mem=%" PRId64 "\n", r64, mem64);
    __asm__ volatile("amomin.w %0, %2, (%1)" : "=r"(r32) : "r"(&mem32), "r"((int32_t)-9) : "memory");
    printf("amomin.w old=%d mem=%d\n", r32, mem32);
    __asm__ volatile("amoswap.w.aqrl %0, %2, (%1)" : "=r"(r32) : "r"(&mem32), "r"((int32_t)0x80000000) : "memory");
    printf("amoswap.w old=%d mem=%d\n", r32, mem32);
    int64_t wreg;
    __asm__ volatile("amoadd.w %0, %2, (%1)" : "=r"(wreg) : "r"(&mem32), "r"((int32_t)0) : "memory");
    printf("amoadd.w sign-extended old=%" PRId64 "\n", wreg);
    __asm__ volatile("amomaxu.w %0, %2, (%1)" : "=r"(r32) : "r"(&mem32), "r"((int32_t)5) : "memory");
    printf("amomaxu.w old=%d mem=%d\n", r32, mem32);

    /* lr/sc pair: a successful increment, then sc without reservation-
     * breaking work in between should still succeed in single-threaded code */
    int64_t cell = 41, loaded, fail;
    __asm__ volatile("1: lr.d %0, (%2)\n\taddi %0, %0, 1\n\tsc.d %1, %0, (%2)\n\tbnez %1, 1b"
                     : "=&r"(loaded), "=&r"(fail) : "r"(&cell) : "memory");
    printf("lr/sc.d: cell=%" PRId64 " sc_result=%" PRId64 "\n", cell, fail);
    int32_t cellw = -2;
    int64_t lw;
    __asm__ volatile("1: lr.w %0, (%2)\n\taddiw %0, %0, -1\n\tsc.w %1, %0, (%2)\n\tbnez %1, 1b"
                     : "=&r"(lw), "=&r"(fail) : "r"(&cellw) : "memory");
    printf("lr/sc.w: cell=%d loaded(sext)=%" PRId64 "\n", cellw, lw);

    /* a long counting loop through atomics */
    atomic_store(&a64, 0);
    for (int i = 0; i < 100000; i++) {
        atomic_fetch_add_explicit(&a64, i, memory_order_relaxed);
        atomic_fetch_xor_explicit(&u32, (uint32_t)i * 2654435761u, memory_order_acq_rel);
    }
    atomic_thread_fence(memory_order_seq_cst);
    printf("loop: sum=%" PRId64 " xor=%08x lockfree64=%d\n", atomic_load(&a64), atomic_load(&u32),
           (int)atomic_is_lock_free(&a64));
    return 0;
}
