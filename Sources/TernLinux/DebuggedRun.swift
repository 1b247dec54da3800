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
            return whileParked(thread) { debugger.stopped(thread, .signal(sig)) }
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
    /// it for the debugger instead of reaching the Linux personality.
    func runThreadDebugged(_ thread: GuestThread, _ debugger: ProcessDebugger) -> ProcessExit? {
        while true {
            let mode = whileParked(thread) { debugger.willRun(thread) }
            if self.debugger == nil { return runThread(thread) }  // detached in a forked child
            let reason = mode == .step ? machine.step(thread.hart) : machine.run(thread.hart)
            debugger.didRun(thread)
            if case .debug(let stop) = reason {
                _ = whileParked(thread) { debugger.stopped(thread, .debug(stop)) }
                continue
            }
            if let end = handle(reason) ?? syscalls.deliverSignals() {
                guard thread.exitsThreadOnly else { return end }
                debugger.threadExited(thread)
                return syscalls.endCurrentThread() ? end : nil
            }
            // A step that ended in a signal stop was reported already (the debugger ignores this one).
            if mode == .step { _ = whileParked(thread) { debugger.stopped(thread, .stepped) } }
            if case .budgetExhausted = reason { syscalls.yieldIfWanted() }
        }
    }

    /// Runs `body` (which may wait for the debugger) without the run lock, so
    /// the debugger and the other threads can proceed meanwhile.
    func whileParked<T>(_ thread: GuestThread, _ body: () -> T) -> T {
        syscalls.leave()
        let result = body()
        syscalls.enter(thread, first: true)
        return result
    }

    /// Runs `body` while no guest thread runs guest code or handles a system
    /// call (the debugger's all-stop: threads stopped at block boundaries,
    /// parked, or blocked in the host). `body` must not wait for a guest thread.
    public func withThreadsStopped<T>(_ body: () -> T) -> T {
        syscalls.runLock.acquire(debuggerTurn, interrupt: debuggerInterruptWord)
        defer { syscalls.runLock.release() }
        return body()
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
