// The hart state and the IR op record, shared by the Swift handlers and the C
// dispatch glue. Layouts are fixed: handlers reach fields through raw offsets.
#ifndef TERN_HART_STATE_H
#define TERN_HART_STATE_H

#include <stdint.h>

/// Index of the write sink: ops whose destination is x0 but which must still
/// run (loads, AMOs, CSR reads, links) write here, so x[0] stays zero.
#define TERN_X_SINK 32

struct TernOp;

/// Why the engine handed control back to the runtime.
typedef enum TernExitReason : uint32_t {
    TernExitBlockEnd = 0,      ///< block finished; continue at `pc`
    TernExitEcall = 1,         ///< `ecall` at `pc`
    TernExitEbreak = 2,        ///< `ebreak` at `pc`
    TernExitIllegal = 3,       ///< illegal instruction at `pc`; `exitValue` = bits
    TernExitFetchFault = 4,    ///< instruction fetch from unmapped/non-exec page
    TernExitLoadFault = 5,     ///< load access fault; `exitValue` = guest address
    TernExitStoreFault = 6,    ///< store/AMO access fault; `exitValue` = guest address
    TernExitFenceI = 7,        ///< `fence.i` executed; caches must be synchronised
    TernExitMisaligned = 8,    ///< misaligned atomic access; `exitValue` = address
    TernExitBudget = 9,        ///< instruction budget exhausted
    TernExitSystem = 10,       ///< privileged instruction or CSR left to the personality at `pc` (not retired); `exitValue` = bits
    TernExitBreakpoint = 11,   ///< a debugger breakpoint at `pc` (the instruction there has not run)
} TernExitReason;

/// Entries of the per-hart return-address stack (a power of two).
#define TERN_RAS_SIZE 32

/// One return-address stack entry, pushed by a call.
typedef struct TernRASEntry {
    uint64_t pc;                 ///< predicted return address
    const struct TernOp *record; ///< the call's link record (slot 1: the return site)
} TernRASEntry;

/// Entries of a hart's data TLB (a power of two; see `TernHart.tlb`).
#define TERN_TLB_SIZE 256

/// One entry of the data TLB used by the translated-memory ops (`vlb`...`vfsd`,
/// bare-metal mode with address translation): the virtual page numbers that may
/// be read or written through it (UINT64_MAX: none) and the host address delta.
typedef struct TernTLBEntry {
    uint64_t readPage;   ///< guest virtual page number loads may use
    uint64_t writePage;  ///< guest virtual page number stores may use
    int64_t addend;      ///< host address = guest virtual address + addend
    uint64_t pad;
} TernTLBEntry;

/// TLB miss handler of the translated-memory ops: for an access of `size` bytes
/// at guest virtual `address` within one page (`write`: a store), stores the
/// host delta for that page in `*addend` and returns 0, or returns nonzero when
/// the access traps (the op then stops with a load or store fault at `address`).
typedef uint32_t (*TernTLBMiss)(void *context, uint64_t address, uint32_t size, uint32_t write, int64_t *addend);

/// The architectural state of one hart plus the engine's per-hart scratch.
typedef struct TernHart {
    uint64_t x[34];              ///< x0..x31; [32] is the write sink
    uint64_t f[32];              ///< f0..f31, NaN-boxed
    uint64_t pc;                 ///< guest pc at block boundaries and exits
    uint64_t retired;            ///< guest instructions retired
    const struct TernOp *curOp;  ///< op of the access in flight (fault reporting)
    uint64_t resvAddr;           ///< LR reservation address; UINT64_MAX when none
    uint64_t resvValue;          ///< value loaded by the LR
    uint32_t fflags;             ///< accrued FP exceptions: NV DZ OF UF NX
    uint32_t frm;                ///< dynamic rounding mode
    uint32_t exitReason;         ///< a TernExitReason
    uint32_t exitDetail;         ///< reason-specific detail
    uint64_t exitValue;          ///< reason-specific value (address, bits)
    uint64_t budget;             ///< `retired` value at which chaining stops (TernExitBudget)
    uint64_t chained;            ///< block transitions taken through a direct chain link
    uint64_t jumpCacheHits;      ///< indirect jumps resolved by the jump cache in-handler
    uint64_t jumpCacheMisses;    ///< indirect jumps that went back to the dispatcher
    struct TernJumpCacheEntry *jumpCache; ///< direct-mapped pc -> block cache
    void *owner;                 ///< the Swift engine that owns this hart
    uint64_t inlineCacheHits;    ///< non-return `jalr`s whose per-site inline cache matched
    uint64_t inlineCacheMisses;  ///< non-return `jalr`s whose inline cache did not match
    uint64_t rasHits;            ///< returns predicted by the return-address stack and chained
    uint64_t rasMisses;          ///< returns the return-address stack could not chain
    uint32_t rasTop;             ///< index of the newest return-address stack entry
    uint32_t rasPad;
    uint64_t rasGeneration;      ///< generation of `rasCache` the stack was filled under
    const void *rasCache;        ///< translation cache the stack's entries point into
    TernRASEntry ras[TERN_RAS_SIZE]; ///< return-address stack (ring; see ControlHandlers.swift)
    TernTLBEntry *tlb;           ///< data TLB of the translated-memory ops (NULL: never used)
    TernTLBMiss tlbMiss;         ///< called by those ops on a TLB miss
    void *tlbContext;            ///< first argument of `tlbMiss`
} TernHart;

/// Return-address stack entry `i` (masked to the stack size). A C helper so the
/// handlers compute the address inline (no Swift global initialisation check).
static inline TernRASEntry *tern_ras_entry(TernHart *h, uint32_t i) {
    return &h->ras[i & (TERN_RAS_SIZE - 1)];
}

/// Number of jump cache entries (a power of two).
#define TERN_JUMP_CACHE_SIZE 4096

/// One direct-mapped jump cache entry: guest pc -> first op of its block.
typedef struct TernJumpCacheEntry {
    uint64_t pc;
    const struct TernOp *ops;
} TernJumpCacheEntry;

/// The record after every terminator, holding its chain links. Branches: slot 0
/// taken, slot 1 fall-through. `jal`: slot 0 the target, slot 1 (calls) the
/// return site. `jalr`: slot 0 the per-site inline cache (first op of the block
/// at `inlineTarget`), slot 1 (calls) the return site. `owner` is the owning
/// block's pc (UINT64_MAX: a block that is never linked).
typedef struct TernLinkRecord {
    const struct TernOp *slot[2];
    uint64_t owner;
    uint64_t inlineTarget;
} TernLinkRecord;

/// One pre-decoded IR op: the handler to run and its operands. 32 bytes.
typedef struct TernOp {
    const void *handler;   ///< tail-call target (the op's threaded handler)
    int64_t imm;           ///< sign-extended immediate, constant or target pc
    uint64_t pc;           ///< guest pc of the instruction
    uint8_t rd, rs1, rs2, rs3;
    /// Terminators: guest instructions in the block. Other ops: low 16 bits are
    /// op-specific (rounding mode, CSR number), bits 16-23 the index of the
    /// instruction within its block (exact retired counts on faults, instret).
    uint32_t aux;
} TernOp;

#endif
