import TernCore
import JITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Reading a stopped process into a `ProcessState`.
extension SyscallHandler {
    /// The whole process as plain data. Every guest thread must be stopped at
    /// a block boundary or before a syscall it will restart (the caller's
    /// duty); `running` is the thread the caller runs, saved first.
    /// Descriptors are read from the calling thread's table, so no descriptor
    /// of Tern's own may be open meanwhile.
    /// `takingPendingSignals` false leaves the host's pending signals alone
    /// (an embedded guest's snapshot: the guest goes on, and host signals are
    /// the host process's).
    func captureState(running: GuestThread, cpu: String, takingPendingSignals: Bool = true) -> ProcessState {
        let others = threads.values.filter { $0 !== running }.sorted { $0.tid < $1.tid }
        let ordered = threads[running.tid] === running ? [running] + others : others
        let limits = (Int32(0) ..< 16).compactMap { r -> ResourceLimitState? in
            var l = rlimit()
            guard getrlimit(__rlimit_resource_t(UInt32(r)), &l) == 0 else { return nil }
            return ResourceLimitState(resource: r, current: UInt64(l.rlim_cur), maximum: UInt64(l.rlim_max))
        }
        let mask = umask(0)
        umask(mask)
        return ProcessState(
            pid: pid, executablePath: executablePath, arguments: argumentBytes, auxv: auxv, stackStart: stackStart,
            breakStart: breakStart, programBreak: programBreak, mmapTop: mmapTop, trampolineAddress: trampolineAddress,
            sysroot: paths.sysroot, cpu: cpu, workingDirectory: Self.workingDirectory(), umask: UInt32(mask),
            hostLimits: limits,
            virtualLimits: virtualLimits.sorted { $0.key < $1.key }.map {
                ResourceLimitState(resource: $0.key, current: $0.value.current, maximum: $0.value.maximum)
            },
            sealedRanges: sealedRanges,
            signalActions: signalActions.sorted { $0.key < $1.key }.map {
                SignalActionState(signal: Int32($0.key), handler: $0.value.handler, flags: $0.value.flags, mask: $0.value.mask)
            },
            pendingSignals: takingPendingSignals ? takeProcessPendingSignals() : [],
            threads: ordered.map { Self.capture($0, takingPendingSignals: takingPendingSignals) },
            descriptors: DescriptorTable.capture(),
            timers: captureTimers(),
            regions: memory.mappedRegions)
    }

    /// One stopped thread. Signals the host delivered to it and the guest has
    /// not seen yet (its inbox) are saved with those Tern raised for it.
    static func capture(_ t: GuestThread, takingPendingSignals: Bool) -> ThreadState {
        // A thread waiting in a blocking call runs it again after the restore: its pc goes back to the
        // ecall (during a call it is past it). In rt_sigsuspend, with the mask it had before. One
        // that came back since the stop is caught by `WorldStop.stillValid`, checked after this.
        var registers = t.hart.registers
        if t.inHostCall { registers.pc = t.currentPC }
        return ThreadState(tid: t.tid, registers: registers, signalMask: t.suspendMask ?? t.signalMask,
                    altStackPointer: t.altStack.sp, altStackFlags: t.altStack.flags, altStackSize: t.altStack.size,
                    clearChildTID: t.clearChildTID, robustListHead: t.robustList.head, robustListLength: t.robustList.length,
                    name: t.name, pendingSignals: t.pendingSynchronous.map { PendingSignalState(signal: $0.0, info: $0.1) }
                        + (takingPendingSignals ? takeInbox(t.inbox.raw) : []))
    }

    /// Takes every signal out of `inbox`, with its siginfo.
    static func takeInbox(_ inbox: UnsafeMutablePointer<TernSignalInbox>) -> [PendingSignalState] {
        let pending = tern_signal_inbox_pending(inbox)
        return (Int32(1) ... 64).compactMap { sig in
            guard pending & (1 << UInt64(sig - 1)) != 0, let info = SignalInbox.take(sig, from: inbox) else { return nil }
            return PendingSignalState(signal: sig, info: info)
        }
    }

    /// The working directory as the host names it.
    static func workingDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4097)
        guard getcwd(&buffer, 4096) != nil else { return "/" }
        return String(cString: buffer)
    }

    /// Signals that arrived for the process and were not delivered yet: those
    /// Tern recorded, and those the host kernel holds because the guest blocks
    /// them (taken from it here, with their siginfo).
    func takeProcessPendingSignals() -> [PendingSignalState] {
        var out = Self.takeInbox(HostSignals.processInbox)
        var held = sigset_t()
        sigpending(&held)
        for sig in Int32(1) ... 64 where sigismember(&held, sig) == 1 && !HostSignals.reserved.contains(sig) {
            var one = sigset_t()
            sigemptyset(&one)
            sigaddset(&one, sig)
            var info = siginfo_t()
            var zero = timespec()
            guard sigtimedwait(&one, &info, &zero) == sig else { continue }
            let bytes = withUnsafeBytes(of: &info) { [UInt8]($0.prefix(128)) }
            if !out.contains(where: { $0.signal == sig }) { out.append(PendingSignalState(signal: sig, info: bytes)) }
        }
        return out
    }

    /// The interval timers and POSIX timers with their current settings.
    func captureTimers() -> TimerState {
        var state = TimerState()
        for which in Int32(0) ... 2 {
            var value = [Int64](repeating: 0, count: 4)  // struct itimerval: interval, value (timeval each)
            let r = value.withUnsafeMutableBytes { host_syscall(HostSyscall.getitimer, Int(which), Int(bitPattern: $0.baseAddress), 0, 0, 0, 0) }
            guard r == 0, value[2] != 0 || value[3] != 0 else { continue }
            state.intervalTimers.append(IntervalTimerState(
                which: which, intervalMicroseconds: UInt64(value[0]) * 1_000_000 + UInt64(value[1]),
                valueMicroseconds: UInt64(value[2]) * 1_000_000 + UInt64(value[3])))
        }
        for (id, record) in posixTimers.sorted(by: { $0.key < $1.key }) {
            let setting = posixTimerSetting(id) ?? (0, 0)
            state.posixTimers.append(PosixTimerState(id: id, clock: record.clock, event: record.event,
                                                     intervalNanoseconds: setting.interval, valueNanoseconds: setting.value))
        }
        return state
    }
}
