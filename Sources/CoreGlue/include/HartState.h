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

/// One entry of the native tier's return-address stack, pushed by a call in
/// native code: the return address and the call site's return cell (one word
/// holding the chain entry of the native block at the return address, or an
/// empty entry; see NativeLinkCells.swift).
typedef struct TernNativeRASEntry {
    uint64_t pc;                 ///< predicted return address (UINT64_MAX: none)
    const void *const *cell;     ///< the call site's return cell
} TernNativeRASEntry;

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

/// Bytes of one vector register at the largest VLEN Tern implements (512 bits).
#define TERN_VLENB_MAX 64

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
    const struct TernOp **jumpCache; ///< this hart's direct-mapped pc -> first op cache (see TernBlockHeader)
    uint64_t nativeChainHits;    ///< native block-to-block transitions (added by generated code at exits)
    uint64_t inlineCacheHits;    ///< non-return `jalr`s whose per-site inline cache matched
    uint64_t inlineCacheMisses;  ///< non-return `jalr`s whose inline cache did not match
    uint64_t rasHits;            ///< returns predicted by the return-address stack and chained
    uint64_t rasMisses;          ///< returns the return-address stack could not chain
    uint32_t rasTop;             ///< index of the newest return-address stack entry
    uint32_t rasPad;
    uint64_t rasGeneration;      ///< generation of `rasCache` the predictors (RAS, jump cache) were filled under
    const void *rasCache;        ///< translation cache the predictors' entries point into
    uint32_t stopRequests;       ///< TernStopRequest bits; set (atomically) before the budget is zeroed
    uint32_t stopPad;
    TernRASEntry ras[TERN_RAS_SIZE]; ///< return-address stack (ring; see ControlHandlers.swift)
    /// Native tier (bumped by generated code): indirect jumps entered through a
    /// per-site inline cache, through the native return-address stack, through
    /// the native jump table after the site's own prediction missed, and the
    /// misses (inline-cache misses are derived: see EngineCounters).
    uint64_t nativeInlineCacheHits;
    uint64_t nativeRasHits;
    uint64_t nativeRasMisses;
    uint64_t nativeJumpTableHits;
    uint64_t nativeJumpTableMisses;
    uint64_t nativeFusedEntries; ///< native entries into a block fused into its predecessor's region (NativeRegion)
    uint64_t nativeScratch;      ///< a word generated code may write (an inline-cache fill without a cell)
    uint32_t nativeRasTop;       ///< index of the newest native return-address stack entry
    uint32_t nativeRasPad;
    TernNativeRASEntry nativeRas[TERN_RAS_SIZE]; ///< the native tier's return-address stack (ring)
    TernTLBEntry *tlb;           ///< data TLB of the translated-memory ops (NULL: never used)
    TernTLBMiss tlbMiss;         ///< called by those ops on a TLB miss
    void *tlbContext;            ///< first argument of `tlbMiss`
    const void *vectorRows;      ///< the V rows (TernSpec `VectorInstruction`s) the vector ops index by aux (NULL until the hart's first vector op)
    // Vector state (V extension). Register n starts at v + n * vlenb, so a register
    // group is contiguous; bytes past 32 * vlenb are unused.
    uint64_t vl;                 ///< vector length
    uint64_t vtype;              ///< vtype CSR (vill in bit 63)
    uint64_t vstart;             ///< first element to process (left at a faulting element)
    uint32_t vxrm;               ///< fixed-point rounding mode
    uint32_t vxsat;              ///< fixed-point saturation flag
    uint32_t vlenb;              ///< VLEN / 8 of the CPU model (vlenb CSR)
    uint32_t vectorOff;          ///< nonzero while V is off for this hart's thread (prctl(PR_RISCV_V_SET_CONTROL)): vector instructions and CSRs raise illegal-instruction stops
    uint8_t v[32 * TERN_VLENB_MAX] __attribute__((aligned(16))); ///< v0..v31
} TernHart;

/// Asks the hart to stop at its next block boundary: sets `request` in its
/// stop requests, then zeroes its budget word (both atomic, so a reader that
/// sees the zero finds the bit). Async-signal-safe; callable from any thread.
static inline void tern_hart_request_stop(TernHart *h, uint32_t request) {
    __atomic_fetch_or(&h->stopRequests, request, __ATOMIC_SEQ_CST);
    __atomic_store_n(&h->budget, 0, __ATOMIC_SEQ_CST);
}

/// The hart's pending stop requests (TernStopRequest bits).
static inline uint32_t tern_hart_stop_requests(TernHart *h) { return __atomic_load_n(&h->stopRequests, __ATOMIC_SEQ_CST); }

/// Clears `request`; returns whether it was pending.
static inline int tern_hart_take_stop_request(TernHart *h, uint32_t request) {
    return (__atomic_fetch_and(&h->stopRequests, ~request, __ATOMIC_SEQ_CST) & request) != 0;
}

/// Return-address stack entry `i` (masked to the stack size). A C helper so the
/// handlers compute the address inline (no Swift global initialisation check).
static inline TernRASEntry *tern_ras_entry(TernHart *h, uint32_t i) {
    return &h->ras[i & (TERN_RAS_SIZE - 1)];
}

/// Number of jump cache entries (a power of two).
#define TERN_JUMP_CACHE_SIZE 4096

/// Why a hart was asked to stop at its next block boundary (`TernHart.stopRequests`).
typedef enum TernStopRequest : uint32_t {
    TernStopInterrupt = 1,  ///< return from `Machine.run` (a signal, a debugger...)
    TernStopExclusive = 2,  ///< park until another hart's exclusive section ends
} TernStopRequest;

/// The record in front of every cached block's first op. Every lock-free
/// cache entry (jump caches, inline caches, chain links, return-address stack)
/// is ONE pointer to a block's first op; the guest pc it stands for is checked
/// here, so an entry is never a (pc, ops) pair that could be seen half-written.
/// 32 bytes, the size of a TernOp.
typedef struct TernBlockHeader {
    uint64_t pc;                 ///< guest pc of the block
    const void *nativeEntry;     ///< native dispatcher entry (NULL: none); published with release
    uint32_t heat;               ///< dispatcher entries counted towards compiling (auto engine)
    uint32_t nativeState;        ///< a TernNativeState
    uint64_t reserved;
} TernBlockHeader;

/// Where a block stands with the native tier (`TernBlockHeader.nativeState`).
typedef enum TernNativeState : uint32_t {
    TernNativeCounting = 0,  ///< entries are counted; threaded links into it are not made
    TernNativeCompiled = 1,  ///< `nativeEntry` is set
    TernNativeNever = 2,     ///< the tier does not compile it (threaded links allowed)
} TernNativeState;

/// The header of the block whose first op is `ops`.
static inline const TernBlockHeader *tern_block_header(const struct TernOp *ops) {
    return (const TernBlockHeader *)(const void *)ops - 1;
}

/// The block's native dispatcher entry, NULL when it has none (acquire load:
/// the code it points at is complete).
static inline const void *tern_block_native_entry(const TernBlockHeader *h) {
    return __atomic_load_n(&h->nativeEntry, __ATOMIC_ACQUIRE);
}

/// Publishes the block's native code (release store, after the code is written).
static inline void tern_block_publish_native(TernBlockHeader *h, const void *entry) {
    h->nativeState = TernNativeCompiled;
    __atomic_store_n(&h->nativeEntry, entry, __ATOMIC_RELEASE);
}

/// The record after every terminator, holding its chain links. Branches: slot 0
/// taken, slot 1 fall-through. `jal`: slot 0 the target, slot 1 (calls) the
/// return site. `jalr`: slot 0 the per-site inline cache (first op of the last
/// target's block, whose header holds its pc), slot 1 (calls) the return site.
/// `owner` is the owning block's pc (UINT64_MAX: a block that is never linked).
/// Slots are single words, written under the translation cache's lock and read
/// without one.
typedef struct TernLinkRecord {
    const struct TernOp *slot[2];
    uint64_t owner;
    uint64_t reserved;
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
