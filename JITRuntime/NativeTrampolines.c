#include "NativeTrampolines.h"

#include <string.h>

#if defined(__x86_64__)

// Entry: save callee-saved registers, align the stack, pin state and memory base.
static const uint8_t entry_code[] = {
    0x55,                    // push rbp
    0x48, 0x89, 0xe5,        // mov rbp, rsp
    0x53,                    // push rbx
    0x41, 0x54,              // push r12
    0x41, 0x55,              // push r13
    0x41, 0x56,              // push r14
    0x41, 0x57,              // push r15
    0x48, 0x83, 0xec, 0x08,  // sub rsp, 8       (rsp is now 16-byte aligned)
    0x48, 0x89, 0xf3,        // mov rbx, rsi     (state)
    0x49, 0x89, 0xd4,        // mov r12, rdx     (memory base)
    0xff, 0xe7,              // jmp rdi          (code)
};

// Common exit: undo the entry frame and return eax to enter's caller.
static const uint8_t exit_common_code[] = {
    0x48, 0x83, 0xc4, 0x08,  // add rsp, 8
    0x41, 0x5f,              // pop r15
    0x41, 0x5e,              // pop r14
    0x41, 0x5d,              // pop r13
    0x41, 0x5c,              // pop r12
    0x5b,                    // pop rbx
    0x5d,                    // pop rbp
    0xc3,                    // ret
};

enum { kStubSize = 16, kEntryOffset = 0, kExitCommonOffset = 32, kStubsOffset = 64 };

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

int tern_trampolines_create(TernCodeArena *arena, TernTrampolines *out) {
    size_t size = kStubsOffset + kStubSize * TernNativeExitCount;
    uint8_t image[kStubsOffset + kStubSize * TernNativeExitCount];
    memset(image, 0xcc, sizeof image);  // int3 padding
    memcpy(image + kEntryOffset, entry_code, sizeof entry_code);
    memcpy(image + kExitCommonOffset, exit_common_code, sizeof exit_common_code);
    for (uint32_t r = 0; r < TernNativeExitCount; r++) {
        uint8_t *s = image + kStubsOffset + r * kStubSize;
        s[0] = 0xb8;  // mov eax, r
        put32(s + 1, r);
        s[5] = 0xe9;  // jmp exit_common
        put32(s + 6, (uint32_t)(int32_t)(kExitCommonOffset - (int)(kStubsOffset + r * kStubSize + 10)));
    }
    uint8_t *code = tern_code_alloc(arena, size);
    if (!code) return -1;
    if (tern_code_write(arena, code, image, size) != 0) { tern_code_free(arena, code, size); return -1; }
    out->code = code;
    out->size = size;
    out->enter = (TernNativeEntry)(void *)(code + kEntryOffset);
    for (uint32_t r = 0; r < TernNativeExitCount; r++) out->exits[r] = code + kStubsOffset + r * kStubSize;
    return 0;
}

void tern_trampolines_destroy(TernCodeArena *arena, TernTrampolines *t) {
    if (t->code) tern_code_free(arena, t->code, t->size);
    memset(t, 0, sizeof *t);
}

static int chain_write(TernCodeArena *arena, uint8_t *site, const uint8_t *target) {
    if (site[0] != 0xe9 || ((uintptr_t)(site + 1) & 3) != 0) return -1;
    intptr_t rel = target - (site + TERN_CHAIN_JUMP_SIZE);
    if (rel != (int32_t)rel) return -1;
    return tern_code_write32(arena, site + 1, (uint32_t)(int32_t)rel);
}

int tern_chain_patch(TernCodeArena *arena, uint8_t *site, const uint8_t *target) {
    return chain_write(arena, site, target);
}

int tern_chain_unpatch(TernCodeArena *arena, uint8_t *site) {
    return chain_write(arena, site, site + TERN_CHAIN_JUMP_SIZE);
}

const uint8_t *tern_chain_target(const uint8_t *site) {
    int32_t rel;
    memcpy(&rel, site + 1, 4);
    return site + TERN_CHAIN_JUMP_SIZE + rel;
}

const uint64_t tern_native_probe_values[6] = {
    0x1111111111111111ull, 0x2222222222222222ull, 0x3333333333333333ull,
    0x4444444444444444ull, 0x5555555555555555ull, 0x6666666666666666ull,
};

// (enter=rdi, code=rsi, state=rdx, memoryBase=rcx, preserved=r8)
__asm__(
    ".text\n"
    ".globl tern_native_enter_probe\n"
    ".type tern_native_enter_probe,@function\n"
    "tern_native_enter_probe:\n"
    "  pushq %rbx\n  pushq %rbp\n  pushq %r12\n  pushq %r13\n  pushq %r14\n  pushq %r15\n"
    "  pushq %r8\n"                     // 7 pushes: rsp is 16-byte aligned for the call
    "  movq %rdi, %rax\n  movq %rsi, %rdi\n  movq %rdx, %rsi\n  movq %rcx, %rdx\n"
    "  movabsq $0x1111111111111111, %rbx\n"
    "  movabsq $0x2222222222222222, %rbp\n"
    "  movabsq $0x3333333333333333, %r12\n"
    "  movabsq $0x4444444444444444, %r13\n"
    "  movabsq $0x5555555555555555, %r14\n"
    "  movabsq $0x6666666666666666, %r15\n"
    "  callq *%rax\n"
    "  movq (%rsp), %r8\n"
    "  movq %rbx, 0(%r8)\n  movq %rbp, 8(%r8)\n  movq %r12, 16(%r8)\n"
    "  movq %r13, 24(%r8)\n  movq %r14, 32(%r8)\n  movq %r15, 40(%r8)\n"
    "  popq %r8\n"
    "  popq %r15\n  popq %r14\n  popq %r13\n  popq %r12\n  popq %rbp\n  popq %rbx\n"
    "  retq\n"
    ".size tern_native_enter_probe, .-tern_native_enter_probe\n");

#else  // Other hosts: no generated code; the threaded engine runs alone.

int tern_trampolines_create(TernCodeArena *arena, TernTrampolines *out) {
    (void)arena; memset(out, 0, sizeof *out); return -1;
}
void tern_trampolines_destroy(TernCodeArena *arena, TernTrampolines *t) { (void)arena; (void)t; }
int tern_chain_patch(TernCodeArena *arena, uint8_t *site, const uint8_t *target) {
    (void)arena; (void)site; (void)target; return -1;
}
int tern_chain_unpatch(TernCodeArena *arena, uint8_t *site) { (void)arena; (void)site; return -1; }
const uint8_t *tern_chain_target(const uint8_t *site) { return site; }
const uint64_t tern_native_probe_values[6] = {0};
uint32_t tern_native_enter_probe(TernNativeEntry enter, const void *code, void *state, void *memoryBase,
                                 uint64_t preserved[6]) {
    (void)enter; (void)code; (void)state; (void)memoryBase; memset(preserved, 0, 6 * sizeof *preserved);
    return TernNativeExitFault;
}
#endif
