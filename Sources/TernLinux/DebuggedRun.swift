import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// Running a process under a debugger (`LinuxProcess.debugger`).
extension LinuxProcess {
    /// Hooks the debugger into the syscall layer: it sees signals before the
    /// guest, new threads, and forks (the child goes on without it).
    func attachDebugger() {
        guard let debugger else { return }
        syscalls.signalInterceptor = { [unowned self] sig in
            let thread = syscalls.thread
            return whileParked { debugger.stopped(thread, .signal(sig)) }
        }
        syscalls.threadCreated = { debugger.threadStarted($0) }
        syscalls.forkedChild = { [unowned self] in
            debugger.detachAfterFork()
            self.debugger = nil
            syscalls.signalInterceptor = nil
            syscalls.threadCreated = nil
            machine.removeAllDebugPoints()
        }
        debugger.threadStarted(syscalls.thread)
    }

    /// `runThread` under a debugger: before each run the thread asks whether
    /// (and how) it may run; breakpoints, watchpoints and completed steps stop
    /// it for the debugger instead of reaching the Linux personality. Threads
    /// the debugger holds stopped wait in `willRun`, outside guest code and
    /// without the kernel lock; a step runs the selected thread alone when
    /// the others are held (gdb's `vCont;s:TID`).
    func runThreadDebugged(_ thread: GuestThread, _ debugger: ProcessDebugger) -> ProcessExit? {
        while true {
            let mode = debugger.willRun(thread)
            if self.debugger == nil { return runThread(thread) }  // detached in a forked child
            let start = (pc: thread.hart.pc, retired: thread.hart.retired)
            let reason = mode == .step ? machine.step(thread.hart) : machine.run(thread.hart)
            debugger.didRun(thread)
            if case .debug(let stop) = reason {
                _ = debugger.stopped(thread, .debug(stop))
                continue
            }
            if case .ended(let end) = handleStop(reason, of: thread) { return end }
            // A stop request that predates the step (the debugger's own, a
            // signal's) returned before the instruction ran: the step is still due.
            if mode == .step, case .budgetExhausted = reason,
               thread.hart.pc == start.pc, thread.hart.retired == start.retired { continue }
            // A step that ended in a signal stop was reported already (the debugger ignores this one).
            if mode == .step { _ = debugger.stopped(thread, .stepped) }
        }
    }

    /// Runs `body` (which may wait for the debugger) without the kernel lock,
    /// which the calling thread holds, so the debugger and the other threads
    /// can proceed meanwhile.
    func whileParked<T>(_ body: () -> T) -> T {
        syscalls.kernelLock.unlock()
        defer { syscalls.kernelLock.lock() }
        return body()
    }

    /// Runs `body` while no guest thread runs guest code or handles a system
    /// call (the debugger's all-stop): the kernel lock is held, and every hart
    /// is stopped at a block boundary (an exclusive section), parked, or
    /// blocked in the host. `body` must not wait for a guest thread.
    public func withThreadsStopped<T>(_ body: () -> T) -> T {
        syscalls.kernelLock.withLock { machine.exclusive(body) }
    }

    /// Live guest threads, the main thread first, then in creation order.
    public var threads: [GuestThread] { syscalls.liveThreads }

    /// The auxiliary vector the guest was started with (gdb's qXfer:auxv).
    public var auxiliaryVector: [(UInt64, UInt64)] { syscalls.auxv }
}

extension GuestThread {
    /// The thread's name (prctl PR_SET_NAME; the program's file name at first).
    public var threadName: String { String(decoding: name, as: UTF8.self) }
}
