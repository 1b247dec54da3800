// Per-thread state the host needs from signal handlers: each guest thread is
// a host thread, and a host signal handler records a signal for the thread it
// runs on (thread-directed signals arrive on their target; the kernel gives a
// process-directed one to any thread not blocking it, as Linux does for the
// guest, since host masks mirror guest masks) and stops that thread's hart.
#ifndef TERN_THREAD_SIGNALS_H
#define TERN_THREAD_SIGNALS_H

#include <signal.h>
#include <stdint.h>

/// Signals recorded for one thread (or for the process, see
/// tern_process_signal_inbox) and not yet delivered to the guest.
typedef struct TernSignalInbox {
    uint64_t pending;        ///< bit (sig - 1): arrived, not yet delivered
    void *hart;              ///< the thread's hart state, stopped when a signal arrives (NULL: none)
    uint8_t infos[65][128];  ///< the siginfo of each pending signal, by number
} TernSignalInbox;

/// A zeroed inbox (NULL when out of memory).
TernSignalInbox *tern_signal_inbox_create(void);
void tern_signal_inbox_destroy(TernSignalInbox *inbox);

/// The inbox of the calling thread (NULL: none).
TernSignalInbox *tern_thread_signal_inbox(void);
/// Sets the calling thread's inbox (NULL: signals go to the process inbox).
void tern_set_thread_signal_inbox(TernSignalInbox *inbox);
/// The inbox for signals that arrive on a thread without one of its own.
TernSignalInbox *tern_process_signal_inbox(void);

/// Sets the function that stops a hart (called with `inbox->hart` from the
/// signal handler; it must be async-signal-safe).
void tern_set_hart_stopper(void (*stop)(void *hart));

/// The host handler (SA_SIGINFO): records the signal and its siginfo in the
/// calling thread's inbox (or the process's) and stops that thread's hart.
void tern_host_signal_handler(int sig, siginfo_t *info, void *context);

/// Pending signals of `inbox` (bit sig - 1).
uint64_t tern_signal_inbox_pending(const TernSignalInbox *inbox);
/// Takes `sig` out of `inbox`: 1 when it was pending (its siginfo is then in infos[sig]).
int tern_signal_inbox_take(TernSignalInbox *inbox, int sig);
/// Forgets every pending signal of `inbox`.
void tern_signal_inbox_clear(TernSignalInbox *inbox);

/// An opaque per-thread pointer for the caller's use (the running guest thread).
void *tern_thread_context(void);
void tern_set_thread_context(void *context);

#endif
