#include "ThreadSignals.h"

#include <stdlib.h>
#include <string.h>

static __thread TernSignalInbox *thread_inbox;
static __thread void *thread_context;
static TernSignalInbox process_inbox;
static void (*hart_stopper)(void *hart);

TernSignalInbox *tern_signal_inbox_create(void) { return calloc(1, sizeof(TernSignalInbox)); }
void tern_signal_inbox_destroy(TernSignalInbox *inbox) { free(inbox); }

TernSignalInbox *tern_thread_signal_inbox(void) { return thread_inbox; }
void tern_set_thread_signal_inbox(TernSignalInbox *inbox) { __atomic_store_n(&thread_inbox, inbox, __ATOMIC_SEQ_CST); }
TernSignalInbox *tern_process_signal_inbox(void) { return &process_inbox; }

void tern_set_hart_stopper(void (*stop)(void *hart)) { __atomic_store_n(&hart_stopper, stop, __ATOMIC_SEQ_CST); }

void tern_host_signal_handler(int sig, siginfo_t *info, void *context) {
    (void)context;
    if (sig < 1 || sig > 64) return;
    TernSignalInbox *inbox = __atomic_load_n(&thread_inbox, __ATOMIC_SEQ_CST);
    if (!inbox) inbox = &process_inbox;
    if (info) memcpy(inbox->infos[sig], info, 128);
    __atomic_fetch_or(&inbox->pending, (uint64_t)1 << (sig - 1), __ATOMIC_SEQ_CST);
    void *hart = __atomic_load_n(&inbox->hart, __ATOMIC_SEQ_CST);
    void (*stop)(void *) = __atomic_load_n(&hart_stopper, __ATOMIC_SEQ_CST);
    if (hart && stop) stop(hart);
}

uint64_t tern_signal_inbox_pending(const TernSignalInbox *inbox) {
    return __atomic_load_n(&inbox->pending, __ATOMIC_SEQ_CST);
}

int tern_signal_inbox_take(TernSignalInbox *inbox, int sig) {
    uint64_t bit = (uint64_t)1 << (sig - 1);
    return (__atomic_fetch_and(&inbox->pending, ~bit, __ATOMIC_SEQ_CST) & bit) != 0;
}

void tern_signal_inbox_clear(TernSignalInbox *inbox) { __atomic_store_n(&inbox->pending, 0, __ATOMIC_SEQ_CST); }

void *tern_thread_context(void) { return thread_context; }
void tern_set_thread_context(void *context) { thread_context = context; }
