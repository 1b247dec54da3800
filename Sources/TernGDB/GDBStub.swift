import TernCore
import TernISA
import TernLinux
#if canImport(Glibc)
import Glibc
#endif

/// A gdb remote stub for one guest Linux process (`tern run -g PORT`), in
/// all-stop mode: when one thread stops (breakpoint, watchpoint, step, signal,
/// Ctrl-C) every thread stops, and gdb resumes them with `vCont`.
///
/// A server thread owns the socket. Guest threads park in `willRun` while the
/// process is stopped and report stops through `stopped`; while it is stopped
/// the server holds the process's all-stop section (`withThreadsStopped`), so
/// no thread runs guest code or a system call while gdb reads or changes state.
public final class GDBStub: ProcessDebugger, @unchecked Sendable {
    let process: LinuxProcess
    var machine: Machine { process.machine }
    let connection: GDBConnection
    /// The registers gdb sees (the CPU model's: vector registers with V).
    let target: TargetDescription

    /// How a thread may run after a resume.
    enum Action: Equatable { case stop, run, step }

    /// What the stub knows of one guest thread.
    final class ThreadState {
        let thread: GuestThread
        var action = Action.stop
        /// The signal a `C`/`S` resume passes to this thread's pending signal stop.
        var resumeSignal: Int32 = 0
        /// A stop was reported since the thread last started running.
        var reported = false
        init(_ thread: GuestThread) { self.thread = thread }
    }

    // State shared by the guest threads and the server thread, under `mutex`.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Guest threads must not run (the process is stopped for gdb).
    private var halted = true
    /// Bumped by every resume (threads waiting for "resumed" watch it).
    private var generation: UInt64 = 0
    private var detached = false
    private var states: [ObjectIdentifier: ThreadState] = [:]
    /// Live threads in creation order (gdb numbers them in this order).
    private var order: [GuestThread] = []
    /// A stop waiting for the server to report it.
    private var event: (GuestThread, DebugStopCause)?
    /// The process ended: the server reports it and sets `endReported`.
    private var end: ProcessExit?
    private var endReported = false
    /// Action for threads a resume did not name (and threads created later).
    private var defaultAction = Action.stop
    /// The thread that ran last (reported for Ctrl-C).
    private var lastRunning: GuestThread?
    /// Wakes the server's poll: a stop or the end to report.
    private let wake: (read: Int32, write: Int32)

    // Server-thread state (the server alone touches these).
    /// The last stop reply (`?`).
    var lastStop = "S05"
    /// Thread of the last stop, and the threads selected by `Hg` / `Hc`.
    var stopThread: GuestThread
    var registerThread: GuestThread
    var resumeThread: GuestThread?
    /// gdb's qSupported features.
    var multiprocess = false
    var swbreak = false
    /// Thread ids sent for qsThreadInfo.
    var threadListCursor: [GuestThread] = []

    /// Listens on `endpoint`; the process then waits for gdb before its first instruction.
    public init(process: LinuxProcess, endpoint: GDBEndpoint) throws(GDBError) {
        self.process = process
        target = TargetDescription.forModel(vector: process.machine.extensions.contains(.v), vlenb: Int(process.machine.vlenb))
        connection = try GDBConnection(listening: endpoint)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw GDBError(description: "cannot create a pipe") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // Out of the guest's reach: the guest shares the descriptor table.
        wake = (ReservedDescriptors.shared.adopt(fds[0]), ReservedDescriptors.shared.adopt(fds[1]))
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        stopThread = process.threads[0]
        registerThread = stopThread
        guard DetachedHostThread.start({ [self] in serve() }) == 0 else {
            throw GDBError(description: "cannot start the gdb server thread")
        }
    }

    // MARK: - ProcessDebugger (called on guest threads)

    public func threadStarted(_ thread: GuestThread) {
        locked {
            let state = ThreadState(thread)
            state.action = order.isEmpty ? .stop : defaultAction
            states[ObjectIdentifier(thread)] = state
            order.append(thread)
        }
    }

    public func threadExited(_ thread: GuestThread) {
        locked {
            states[ObjectIdentifier(thread)] = nil
            order.removeAll { $0 === thread }
        }
    }

    public func willRun(_ thread: GuestThread) -> DebugResumeMode {
        locked {
            while true {
                if detached { return .run }
                if let state = states[ObjectIdentifier(thread)], !halted, state.action != .stop {
                    state.reported = false
                    lastRunning = thread
                    return state.action == .step ? .step : .run
                }
                pthread_cond_wait(changed, mutex)
            }
        }
    }

    public func didRun(_ thread: GuestThread) {}

    public func stopped(_ thread: GuestThread, _ cause: DebugStopCause) -> Int32 {
        locked {
            let passThrough: Int32 = if case .signal(let sig) = cause { sig } else { 0 }
            guard !detached, let state = states[ObjectIdentifier(thread)] else { return passThrough }
            if cause == .stepped && state.reported { return 0 }
            // Another stop is being reported: a breakpoint or watchpoint will trap
            // again when this thread resumes; a step or a signal waits its turn.
            while halted || event != nil {
                let seen = generation
                while generation == seen && !detached { pthread_cond_wait(changed, mutex) }
                if detached { return passThrough }
                if case .debug = cause { return 0 }
            }
            state.reported = true
            state.resumeSignal = 0
            halted = true
            event = (thread, cause)
            notifyServer()
            let seen = generation
            while generation == seen && !detached { pthread_cond_wait(changed, mutex) }
            if detached { return passThrough }
            if case .signal = cause { return state.resumeSignal }
            return 0
        }
    }

    public func processEnded(_ end: ProcessExit) {
        locked {
            guard !detached else { return }
            self.end = end
            notifyServer()
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            deadline.tv_sec += 5
            while !endReported && !detached {
                if pthread_cond_timedwait(changed, mutex, &deadline) == ETIMEDOUT { break }
            }
        }
    }

    public func detachAfterFork() {
        locked { detached = true }
        connection.close()
    }

    // MARK: - The server thread

    private func serve() {
        guard connection.accept() else { return detach() }
        // The process starts stopped: gdb's first `?` sees it before its first instruction.
        lastStop = stopReply(stopThread, signal: GDBSignal.trap, extra: "")
        var stopped = true
        while true {
            if stopped {
                guard let next = serveStopped() else { return }
                if next == .quit { return }
                stopped = false
            }
            switch waitWhileRunning() {
            case .stop: stopped = true
            case .ended: return
            case .gone: return detach()
            }
        }
    }

    enum StoppedOutcome { case resumed, quit }

    /// Serves packets while the process is stopped, under its all-stop section;
    /// returns when gdb resumed it (or left: nil / .quit).
    private func serveStopped() -> StoppedOutcome? {
        process.withThreadsStopped {
            while true {
                guard let input = connection.receive() else { detach(threadsStopped: true); return nil }
                guard case .packet(let bytes) = input else { continue }  // Ctrl-C while stopped: nothing to do
                switch handle(bytes) {
                case .reply(let text):
                    connection.send(text)
                    if text == "OK" && bytes == Array("QStartNoAckMode".utf8) { connection.noAck = true }
                case .binary(let data): connection.send(data)
                case .resume: return .resumed
                case .detach:
                    connection.send("OK")
                    detach(threadsStopped: true)
                    return .quit
                case .kill:
                    if bytes.starts(with: Array("vKill".utf8)) { connection.send("OK") }
                    kill()
                }
            }
        }
    }

    enum RunningOutcome { case stop, ended, gone }

    /// Waits while the process runs for a stop to report, the end of the
    /// process, or Ctrl-C from gdb.
    private func waitWhileRunning() -> RunningOutcome {
        while true {
            if let outcome = reportIfDue() { return outcome }
            var fds = [pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            if !connection.hasBufferedInput {
                let n = poll(&fds, 2, -1)
                if n < 0 { continue }
                if fds[1].revents != 0 {
                    var sink = [UInt8](repeating: 0, count: 64)
                    _ = read(wake.read, &sink, sink.count)
                    continue
                }
                guard fds[0].revents != 0 else { continue }
            }
            guard let input = connection.receive() else { return .gone }
            if input == .interrupt || input == .packet(Array("vCtrlC".utf8)) {
                if input != .interrupt { connection.send("OK") }
                interruptAll()
                reportInterrupt()
                return .stop
            }
        }
    }

    /// Reports a pending stop or the end of the process, if any.
    private func reportIfDue() -> RunningOutcome? {
        let due: (event: (GuestThread, DebugStopCause)?, end: ProcessExit?) = locked { (event, end) }
        if let end = due.end {
            connection.sendFinal(exitReply(end))
            connection.close()
            locked {
                endReported = true
                detached = true
                pthread_cond_broadcast(changed)
            }
            return .ended
        }
        guard let (thread, cause) = due.event else { return nil }
        // The reporting thread set `halted`; the others stop at their next block boundary.
        interruptAll()
        process.withThreadsStopped { stopAll() }
        lastStop = stopReply(thread, cause)
        stopThread = thread
        registerThread = thread
        connection.send(lastStop)
        locked { event = nil }
        return .stop
    }

    /// Ctrl-C: stops every thread and reports SIGINT for the one that ran last.
    private func interruptAll() {
        let victims: [GuestThread] = locked {
            halted = true
            return order
        }
        for t in victims { t.hart.requestStop() }  // each stops at its next block boundary
    }

    /// Called under the all-stop section: every thread's action is `.stop`.
    private func stopAll() {
        locked { for s in states.values { s.action = .stop } }
    }

    /// Stops the process for an interrupt and reports it (from `waitWhileRunning`).
    func reportInterrupt() {
        let thread: GuestThread = locked { lastRunning ?? order.first ?? stopThread }
        process.withThreadsStopped { stopAll() }
        let pendingEvent: (GuestThread, DebugStopCause)? = locked { event }
        if let (t, cause) = pendingEvent {
            lastStop = stopReply(t, cause)
            stopThread = t
            locked { event = nil }
        } else {
            lastStop = stopReply(thread, signal: GDBSignal.interrupt, extra: "")
            stopThread = thread
        }
        registerThread = stopThread
        connection.send(lastStop)
    }

    /// Lets every thread go with the actions chosen by a resume packet.
    func resume(_ actions: [(action: Action, signal: UInt8, thread: ThreadSelector)]) {
        locked {
            defaultAction = .stop
            for s in states.values {
                s.action = .stop
                s.resumeSignal = 0
            }
            for s in states.values {
                // The first action naming a thread applies to it (gdb lists specific ones first).
                guard let match = actions.first(where: { $0.thread.matches(s.thread) }) else { continue }
                s.action = match.action
                s.resumeSignal = GDBSignal.linux(match.signal)
            }
            if let fallback = actions.first(where: { $0.thread == .all }) { defaultAction = fallback.action }
            halted = false
            generation &+= 1
            pthread_cond_broadcast(changed)
        }
    }

    /// gdb left (D, or the connection ended): breakpoints go, threads run on.
    /// `threadsStopped`: the caller holds the all-stop section already.
    func detach(threadsStopped: Bool = false) {
        if threadsStopped {
            machine.removeAllDebugPoints()
        } else {
            process.withThreadsStopped { machine.removeAllDebugPoints() }
        }
        locked {
            detached = true
            halted = false
            generation &+= 1
            pthread_cond_broadcast(changed)
        }
        connection.close()
    }

    /// gdb's `kill`: the process dies at once.
    private func kill() -> Never {
        connection.close()
        LinuxProcess.die(SIGKILL)
    }

    // MARK: - Helpers

    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    private func notifyServer() {
        var one: UInt8 = 1
        _ = write(wake.write, &one, 1)
    }

    /// Live threads in creation order.
    var threadList: [GuestThread] { locked { order } }

    /// The thread with id `tid`, if alive.
    func thread(_ tid: Int32) -> GuestThread? { locked { order.first { $0.tid == tid } } }
}
