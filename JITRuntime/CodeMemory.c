#define _GNU_SOURCE
#include "CodeMemory.h"

#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/// One free range of an arena, by offset from the start.
typedef struct FreeRange {
    size_t offset, size;
} FreeRange;

struct TernCodeArena {
    uint8_t *exec;      ///< RX view
    uint8_t *write;     ///< RW view (dual mode); equals exec in mprotect mode
    size_t capacity;
    TernCodeMode mode;
    size_t used;
    size_t highWater;   ///< end of the highest range ever allocated
    FreeRange *free;    ///< sorted by offset, coalesced
    size_t freeCount, freeCapacity;
    pthread_mutex_t lock;
    int sharedSinceFork;  ///< dual mode: the pages may be shared with a forked parent or child (`take_private_copy`)
    size_t writtenSinceTrim;  ///< bytes written through the RW view since it was last trimmed
};

enum { kAlign = 16, kMaxArenas = 64 };

/// Bytes written through a dual-mapped arena's RW view between two trims (`trim_write_view`).
enum { kTrimEvery = 256 << 10 };

/// Live arenas, for tern_code_contains (read from signal handlers: no locks).
static TernCodeArena *live_arenas[kMaxArenas];

static size_t page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

/// Registers a live arena; 0 when the table is full.
static int track(TernCodeArena *arena) {
    for (int i = 0; i < kMaxArenas; i++) {
        TernCodeArena *e = NULL;
        if (__atomic_compare_exchange_n(&live_arenas[i], &e, arena, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            return 1;
    }
    return 0;
}

static void lock_before_fork(void);
static void mark_shared_in_parent(void);
static void mark_shared_in_child(void);
static void unshare_if_shared(TernCodeArena *a);
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void install_atfork(void) {
    pthread_atfork(lock_before_fork, mark_shared_in_parent, mark_shared_in_child);
}

static int map_dual(TernCodeArena *a) {
#if !defined(__linux__)
    (void)a;
    return -1;  // no memfd_create: the mprotect mode is used
#else
    int fd = memfd_create("tern-code", MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (ftruncate(fd, (off_t)a->capacity) != 0) { close(fd); return -1; }
    void *rw = mmap(NULL, a->capacity, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (rw == MAP_FAILED) { close(fd); return -1; }
    void *rx = mmap(NULL, a->capacity, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd);  // the mappings keep the memory alive
    if (rx == MAP_FAILED) { munmap(rw, a->capacity); return -1; }
    a->write = rw;
    a->exec = rx;
    a->mode = TernCodeDualMapped;
    return 0;
#endif
}

static int map_single(TernCodeArena *a) {
    void *p = mmap(NULL, a->capacity, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return -1;
    a->write = a->exec = p;
    a->mode = TernCodeMprotect;
    return 0;
}

TernCodeArena *tern_code_arena_create(size_t capacity, int forceMprotect) {
    size_t ps = page_size();
    if (capacity == 0) capacity = ps;
    capacity = (capacity + ps - 1) & ~(ps - 1);
    TernCodeArena *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    pthread_mutex_init(&a->lock, NULL);
    a->capacity = capacity;
    const char *env = getenv("TERN_CODE_MPROTECT");
    int wantMprotect = forceMprotect || (env && env[0] == '1');
    if ((wantMprotect || map_dual(a) != 0) && map_single(a) != 0) { tern_code_arena_destroy(a); return NULL; }
    a->freeCapacity = 16;
    a->free = malloc(a->freeCapacity * sizeof *a->free);
    if (!a->free) { tern_code_arena_destroy(a); return NULL; }
    a->free[0] = (FreeRange){0, capacity};
    a->freeCount = 1;
    if (a->mode == TernCodeDualMapped) pthread_once(&atfork_once, install_atfork);
    // Faults must be attributable to generated code: no untracked arenas.
    if (!track(a)) { tern_code_arena_destroy(a); return NULL; }
    return a;
}

void tern_code_arena_destroy(TernCodeArena *a) {
    if (!a) return;
    for (int i = 0; i < kMaxArenas; i++) {
        TernCodeArena *e = a;
        __atomic_compare_exchange_n(&live_arenas[i], &e, NULL, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    if (a->exec) munmap(a->exec, a->capacity);
    if (a->mode == TernCodeDualMapped && a->write) munmap(a->write, a->capacity);
    pthread_mutex_destroy(&a->lock);
    free(a->free);
    free(a);
}

TernCodeMode tern_code_arena_mode(const TernCodeArena *a) { return a->mode; }
const uint8_t *tern_code_arena_start(const TernCodeArena *a) { return a->exec; }
size_t tern_code_arena_capacity(const TernCodeArena *a) { return a->capacity; }
size_t tern_code_arena_used(const TernCodeArena *a) { return a->used; }

uint8_t *tern_code_alloc(TernCodeArena *a, size_t size) {
    size = (size + kAlign - 1) & ~(size_t)(kAlign - 1);
    if (size == 0) size = kAlign;
    pthread_mutex_lock(&a->lock);
    uint8_t *result = NULL;
    for (size_t i = 0; i < a->freeCount; i++) {
        FreeRange *r = &a->free[i];
        if (r->size < size) continue;
        result = a->exec + r->offset;
        r->offset += size;
        r->size -= size;
        if (r->size == 0) {
            memmove(r, r + 1, (a->freeCount - i - 1) * sizeof *r);
            a->freeCount--;
        }
        a->used += size;
        size_t end = (size_t)(result - a->exec) + size;
        if (end > a->highWater) a->highWater = end;
        break;
    }
    pthread_mutex_unlock(&a->lock);
    return result;
}

void tern_code_free(TernCodeArena *a, uint8_t *code, size_t size) {
    if (!code) return;
    size = (size + kAlign - 1) & ~(size_t)(kAlign - 1);
    if (size == 0) size = kAlign;
    size_t offset = (size_t)(code - a->exec);
    pthread_mutex_lock(&a->lock);
    size_t i = 0;
    while (i < a->freeCount && a->free[i].offset < offset) i++;
    int joinPrev = i > 0 && a->free[i - 1].offset + a->free[i - 1].size == offset;
    int joinNext = i < a->freeCount && offset + size == a->free[i].offset;
    if (joinPrev && joinNext) {
        a->free[i - 1].size += size + a->free[i].size;
        memmove(&a->free[i], &a->free[i + 1], (a->freeCount - i - 1) * sizeof *a->free);
        a->freeCount--;
    } else if (joinPrev) {
        a->free[i - 1].size += size;
    } else if (joinNext) {
        a->free[i].offset = offset;
        a->free[i].size += size;
    } else {
        if (a->freeCount == a->freeCapacity) {
            FreeRange *grown = realloc(a->free, 2 * a->freeCapacity * sizeof *grown);
            if (!grown) { pthread_mutex_unlock(&a->lock); return; }  // leak the range, stay consistent
            a->free = grown;
            a->freeCapacity *= 2;
        }
        memmove(&a->free[i + 1], &a->free[i], (a->freeCount - i) * sizeof *a->free);
        a->free[i] = (FreeRange){offset, size};
        a->freeCount++;
    }
    a->used -= size;
    pthread_mutex_unlock(&a->lock);
}

/// Both views of a dual-mapped arena map the memfd's pages, and the kernel counts
/// a page once per mapping in the process's resident set: every code page
/// written counted twice in RSS (46 MB too many for gcc's cc1). So after every
/// kTrimEvery bytes written, the RW view's page-table entries are dropped
/// (MADV_DONTNEED on a shared mapping keeps the memfd's bytes; the next write
/// faults its page back in). A store racing with it faults and completes after.
static void trim_write_view(TernCodeArena *a, size_t count) {
    size_t total = __atomic_add_fetch(&a->writtenSinceTrim, count, __ATOMIC_RELAXED);
    if (total < kTrimEvery) return;
    __atomic_store_n(&a->writtenSinceTrim, 0, __ATOMIC_RELAXED);
    (void)madvise(a->write, a->capacity, MADV_DONTNEED);
}

static int in_arena(const TernCodeArena *a, const uint8_t *dst, size_t count) {
    return dst >= a->exec && count <= a->capacity && (size_t)(dst - a->exec) <= a->capacity - count;
}

int tern_code_write(TernCodeArena *a, uint8_t *dst, const void *src, size_t count) {
    if (!in_arena(a, dst, count)) { errno = EINVAL; return -1; }
    if (count == 0) return 0;
    if (a->mode == TernCodeDualMapped) {
        unshare_if_shared(a);
        memcpy(a->write + (dst - a->exec), src, count);
        trim_write_view(a, count);
    } else {
        size_t ps = page_size();
        uintptr_t first = (uintptr_t)dst & ~(ps - 1);
        size_t span = (((uintptr_t)dst + count + ps - 1) & ~(ps - 1)) - first;
        pthread_mutex_lock(&a->lock);
        // RX -> RW (never RWX), write, RW -> RX.
        if (mprotect((void *)first, span, PROT_READ | PROT_WRITE) != 0) { pthread_mutex_unlock(&a->lock); return -1; }
        memcpy(dst, src, count);
        int rc = mprotect((void *)first, span, PROT_READ | PROT_EXEC);
        pthread_mutex_unlock(&a->lock);
        if (rc != 0) return -1;
    }
    __builtin___clear_cache((char *)dst, (char *)dst + count);
    return 0;
}

int tern_code_write32(TernCodeArena *a, uint8_t *dst, uint32_t value) {
    if (((uintptr_t)dst & 3) != 0 || !in_arena(a, dst, 4)) { errno = EINVAL; return -1; }
    if (a->mode == TernCodeDualMapped) {
        unshare_if_shared(a);
        __atomic_store_n((uint32_t *)(a->write + (dst - a->exec)), value, __ATOMIC_RELEASE);
        __builtin___clear_cache((char *)dst, (char *)dst + 4);
        trim_write_view(a, 4);
        return 0;
    }
    return tern_code_write(a, dst, &value, 4);
}

int tern_code_contains(const void *address) {
    const uint8_t *p = address;
    for (int i = 0; i < kMaxArenas; i++) {
        TernCodeArena *a = __atomic_load_n(&live_arenas[i], __ATOMIC_ACQUIRE);
        if (a && p >= a->exec && (size_t)(p - a->exec) < a->capacity) return 1;
    }
    return 0;
}

int tern_code_count_wx_mappings(void) {
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) return -1;
    char line[4096], perms[8];
    int count = 0;
    while (fgets(line, sizeof line, maps)) {
        if (sscanf(line, "%*s %7s", perms) == 1 && strchr(perms, 'w') && strchr(perms, 'x')) count++;
        // Skip the rest of an over-long line (long path names).
        while (!strchr(line, '\n') && fgets(line, sizeof line, maps)) {}
    }
    fclose(maps);
    return count;
}

/// After fork(), a dual-mapped arena's pages are shared by parent and child:
/// code one wrote (new blocks, chain patches, freed ranges reused) would change
/// under the other. Copying the used part at every fork cost a shell about a
/// fifth of its time (a few hundred page faults per fork for code the short
/// child never changes), so instead both sides mark the arena shared and
/// whichever writes first afterwards moves to a private copy (`take_private_copy`): a
/// child that only runs the inherited code, and a parent that forks again
/// before it compiles anything new, copy nothing. The handlers hold the
/// arena's lock across the fork so no `take_private_copy` is half-way.
static void lock_before_fork(void) {
    for (int i = 0; i < kMaxArenas; i++) {
        TernCodeArena *a = live_arenas[i];
        if (a && a->mode == TernCodeDualMapped) pthread_mutex_lock(&a->lock);
    }
}

static void mark_shared_in_parent(void) {
    for (int i = 0; i < kMaxArenas; i++) {
        TernCodeArena *a = live_arenas[i];
        if (!a || a->mode != TernCodeDualMapped) continue;
        __atomic_store_n(&a->sharedSinceFork, 1, __ATOMIC_RELEASE);
        pthread_mutex_unlock(&a->lock);
    }
}

static void mark_shared_in_child(void) {
    for (int i = 0; i < kMaxArenas; i++) {
        TernCodeArena *a = live_arenas[i];
        if (!a || a->mode != TernCodeDualMapped) continue;
        pthread_mutex_init(&a->lock, NULL);  // held by the fork, or by another parent thread
        __atomic_store_n(&a->sharedSinceFork, 1, __ATOMIC_RELEASE);
    }
}

/// Gives a dual-mapped arena shared with another process since a fork pages of
/// its own, same contents and addresses: a fresh shared anonymous mapping (the
/// RW view) gets the used part, a second view of it (mremap with old size 0, no
/// descriptor involved: the guest's descriptor table is the process's) is made
/// read-execute and then moved over the executable view in one mremap, so a
/// hart running the arena's code meanwhile sees the same bytes throughout.
/// The other process keeps the old pages. Failure ends the process (as running
/// out of memory would): the two could no longer keep their code apart.
static void take_private_copy(TernCodeArena *a) {
    size_t ps = page_size();
    size_t keep = (a->highWater + ps - 1) & ~(ps - 1);
    void *rw = mmap(NULL, a->capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    void *rx = MAP_FAILED;
    if (rw != MAP_FAILED) {
        memcpy(rw, a->write, keep);
        (void)madvise(rw, keep, MADV_DONTNEED);  // the bytes stay; the RW view's page-table entries go (trim_write_view)
        rx = mremap(rw, 0, a->capacity, MREMAP_MAYMOVE);
    }
    if (rx == MAP_FAILED || mprotect(rx, a->capacity, PROT_READ | PROT_EXEC) != 0
        || mremap(rx, a->capacity, a->capacity, MREMAP_MAYMOVE | MREMAP_FIXED, a->exec) == MAP_FAILED) {
        (void)!write(2, "tern: cannot copy generated code after fork\n", 44);
        _exit(70);
    }
    munmap(a->write, a->capacity);
    a->write = rw;
    __atomic_store_n(&a->sharedSinceFork, 0, __ATOMIC_RELEASE);
}

static void unshare_if_shared(TernCodeArena *a) {
    if (!__atomic_load_n(&a->sharedSinceFork, __ATOMIC_ACQUIRE)) return;
    pthread_mutex_lock(&a->lock);
    if (a->sharedSinceFork) take_private_copy(a);
    pthread_mutex_unlock(&a->lock);
}
