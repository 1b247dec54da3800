import TernCore
import JITRuntime
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A guest `struct sigaction` (riscv64: handler, flags, mask — no restorer).
struct GuestSigaction: Equatable, Sendable {
    var handler: UInt64 = 0, flags: UInt64 = 0, mask: UInt64 = 0
    static let siginfo: UInt64 = 0x4, onStack: UInt64 = 0x0800_0000, restart: UInt64 = 0x1000_0000
    static let noDefer: UInt64 = 0x4000_0000, resetHand: UInt64 = 0x8000_0000
}

/// Signal dispositions, masks, the alternate stack, and delivery of guest
/// handlers with a riscv64 signal frame.
extension SyscallHandler {
    static let unblockable: UInt64 = 1 << 8 | 1 << 18  // SIGKILL, SIGSTOP
    /// Signals whose default action is to do nothing.
    static let ignoredByDefault: Set<Int32> = [17, 18, 23, 28]  // SIGCHLD, SIGCONT, SIGURG, SIGWINCH
    /// Syscalls Linux never restarts after a handler, even with SA_RESTART.
    static let neverRestarted: Set<String> = ["rt_sigsuspend", "ppoll", "pselect6", "epoll_pwait", "epoll_pwait2",
                                               "nanosleep", "clock_nanosleep", "rt_sigtimedwait"]

    func action(_ sig: Int32) -> GuestSigaction { signalActions[Int(sig)] ?? GuestSigaction() }

    func sysRtSigaction(_ a: SyscallArgs) -> Int64 {
        // Linux's order: the set size, the new action's copy, the signal, then the old action's copy (after the change).
        let sig = a.int32(0)
        guard a[3] == 8 else { return -Errno.EINVAL }
        var new: GuestSigaction?
        if a[1] != 0 {
            guard let raw = copyIn(a[1], 24) else { return -Errno.EFAULT }
            let r = ByteReader(raw)
            new = GuestSigaction(handler: r.u64(0), flags: r.u64(8), mask: r.u64(16))
        }
        guard sig >= 1, sig <= 64 else { return -Errno.EINVAL }
        if new != nil && (sig == 9 || sig == 19) { return -Errno.EINVAL }
        let old = action(sig)
        if let new {
            signalActions[Int(sig)] = new
            HostSignals.setDisposition(sig, handler: new.handler)
        }
        if a[2] != 0 {
            var w = StructWriter(size: 24)
            w.put(old.handler, at: 0); w.put(old.flags, at: 8); w.put(old.mask, at: 16)
            guard copyOut(a[2], w.bytes) else { return -Errno.EFAULT }
        }
        return 0
    }

    /// Sets the guest's blocked set (and the host's, see `HostSignals.setBlocked`).
    func setSignalMask(_ mask: UInt64) {
        signalMask = mask & ~Self.unblockable
        HostSignals.setBlocked(signalMask)
    }

    func sysRtSigprocmask(_ a: SyscallArgs) -> Int64 {
        // Linux's order: the set size, the new set's copy, `how`, the change, then the old set's copy.
        guard a[3] == 8 else { return -Errno.EINVAL }
        let old = signalMask
        if a[1] != 0 {
            guard let set = loadU64(a[1]) else { return -Errno.EFAULT }
            switch a.int32(0) {
            case 0: setSignalMask(signalMask | set)
            case 1: setSignalMask(signalMask & ~set)
            case 2: setSignalMask(set)
            default: return -Errno.EINVAL
            }
        }
        if a[2] != 0 && !copyOut(a[2], value: old.littleEndian, size: 8) { return -Errno.EFAULT }
        return 0
    }

    /// Signals recorded for the current thread or the process, not yet delivered.
    var recordedSignals: UInt64 { thread.inbox.pending | tern_signal_inbox_pending(HostSignals.processInbox) }

    func sysRtSigpending(_ a: SyscallArgs) -> Int64 {
        guard a[1] <= 8 else { return -Errno.EINVAL }
        var host = sigset_t()
        sigpending(&host)  // the calling thread's and the process's
        var set = recordedSignals
        for sig in Int32(1) ... 64 where sigismember(&host, sig) == 1 { set |= 1 << UInt64(sig - 1) }
        return copyOut(a[0], value: (set & signalMask).littleEndian, size: Int(a[1])) ? 0 : -Errno.EFAULT
    }

    /// rt_sigsuspend: waits with the given mask; the handler's frame saves the previous one.
    func sysRtSigsuspend(_ a: SyscallArgs) -> Int64 {
        guard a[1] == 8 else { return -Errno.EINVAL }
        guard let temporary = loadU64(a[0]) else { return -Errno.EFAULT }
        suspendMask = signalMask
        signalMask = temporary & ~Self.unblockable
        if recordedSignals & ~signalMask == 0 {
            var host = HostSignals.hostSet(signalMask)
            _ = blocking { sigsuspend(&host) }
        }
        return -Errno.EINTR
    }

    /// rt_sigtimedwait(set, info, timeout, size): accepts a blocked signal synchronously.
    func sysRtSigtimedwait(_ a: SyscallArgs) -> Int64 {
        guard a[3] == 8 else { return -Errno.EINVAL }
        guard let wanted = loadU64(a[0]) else { return -Errno.EFAULT }
        var set = HostSignals.hostSet(wanted)
        var info = siginfo_t()
        let r: Int32
        if a[2] != 0 {
            guard var t = readTimespec(a[2]) else { return -Errno.EFAULT }
            r = blocking { sigtimedwait(&set, &info, &t) }
        } else {
            r = blocking { sigwaitinfo(&set, &info) }
        }
        guard r > 0 else { return r == -1 && errno == EAGAIN ? -Errno.EAGAIN : Errno.lastHostError() }
        if a[1] != 0 && !copyOut(a[1], value: info, size: 128) { return -Errno.EFAULT }
        return Int64(r)
    }

    func sysSigaltstack(_ a: SyscallArgs) -> Int64 {
        let sp = hart?[x: 2] ?? 0
        let onStack = altStack.flags & 2 == 0 && altStack.size > 0 && sp &- altStack.sp < altStack.size
        var new: (UInt64, Int32, UInt64)?
        if a[0] != 0 {
            guard let raw = copyIn(a[0], 24) else { return -Errno.EFAULT }
            let r = ByteReader(raw)
            let flags = Int32(bitPattern: r.u32(8))
            guard !onStack else { return -Errno.EPERM }
            guard flags & ~(2 | Int32(bitPattern: 0x8000_0000)) == 0 else { return -Errno.EINVAL }  // SS_DISABLE, SS_AUTODISARM
            if flags & 2 != 0 {
                new = (0, 2, 0)
            } else {
                guard r.u64(16) >= 2048 else { return -Errno.ENOMEM }  // MINSIGSTKSZ
                new = (r.u64(0), 0, r.u64(16))
            }
        }
        if a[1] != 0 {
            var w = StructWriter(size: 24)
            w.put(altStack.sp, at: 0)
            w.put(altStack.size == 0 ? Int32(2) : (onStack ? Int32(1) : altStack.flags), at: 8)
            w.put(altStack.size, at: 16)
            guard copyOut(a[1], w.bytes) else { return -Errno.EFAULT }
        }
        if let new { altStack = new }
        return 0
    }

    /// kill (`target` 0: kill(pid, sig)), tgkill (1: tgkill(tgid, tid, sig))
    /// and tkill (2: tkill(tid, sig)). To this process or one
    /// of its threads: a caught signal goes through the host (kill, or
    /// tgkill to the thread), so blocking and delivery behave alike and the
    /// host kernel picks the thread of a process-directed one; ignored ones
    /// are dropped; others end the process. Signals to other processes (or
    /// their threads) go to the host.
    func sysKill(_ a: SyscallArgs, target: Int) -> Int64 {
        let pid = a.int32(0), sig = a.int32(target == 1 ? 2 : 1)
        let me = self.pid, host = getpid()  // the id the guest knows, the host process's
        var recipient: GuestThread?  // nil: the whole process
        switch target {
        case 0:
            if pid != me && pid != 0 { return Errno.result(Glibc.kill(pid == -me ? -host : pid, sig)) }
        case 1:
            let tid = a.int32(1)
            guard pid > 0, tid > 0 else { return -Errno.EINVAL }
            if pid != me { return hostResult(host_syscall(HostSyscall.tgkill, Int(pid), Int(tid), Int(sig), 0, 0, 0)) }
            guard let t = threads[tid] else { return -Errno.ESRCH }
            recipient = t
        default:
            guard pid > 0 else { return -Errno.EINVAL }  // never kill(-1): tkill names one thread
            guard let t = threads[pid] else { return hostResult(host_syscall(HostSyscall.tkill, Int(pid), Int(sig), 0, 0, 0, 0)) }
            recipient = t
        }
        // As Linux, the signal number is checked once the target is found (ESRCH first).
        guard sig >= 0, sig <= 64 else { return -Errno.EINVAL }
        guard sig != 0 else { return 0 }
        let bit = UInt64(1) << UInt64(sig - 1)
        /// Sends through the host: to the recipient thread, or to the process.
        func viaHost() -> Int64 {
            guard let t = recipient else { return Errno.result(Glibc.kill(host, sig)) }
            return hostResult(host_syscall(HostSyscall.tgkill, Int(host), Int(t.hostTID), Int(sig), 0, 0, 0))
        }
        let handler = action(sig).handler
        if handler > 1 && !HostSignals.reserved.contains(sig) { return viaHost() }
        if handler > 1 {  // a synchronous-fault signal raised by hand: deliver directly
            let t = recipient ?? thread
            t.pendingSynchronous.append((sig, killInfo(sig)))
            if t !== thread { t.hart.requestStop() }
            return 0
        }
        let blocked = recipient.map { $0.signalMask & bit != 0 } ?? threads.values.allSatisfy { $0.signalMask & bit != 0 }
        if blocked && !HostSignals.reserved.contains(sig) { return viaHost() }
        if handler == 1 || (handler == 0 && Self.ignoredByDefault.contains(sig)) { return 0 }
        exitRequest = .signaled(sig, message: nil)
        return 0
    }

    /// siginfo for a signal sent by kill() from this process (SI_USER).
    func killInfo(_ sig: Int32) -> [UInt8] {
        var w = StructWriter(size: 128)
        w.put(sig, at: 0); w.put(Int32(0), at: 8); w.put(pid, at: 16); w.put(UInt32(getuid()), at: 20)
        return w.bytes
    }

    /// siginfo for a synchronous fault: si_code and si_addr.
    static func faultInfo(_ sig: Int32, code: Int32, address: UInt64) -> [UInt8] {
        var w = StructWriter(size: 128)
        w.put(sig, at: 0); w.put(code, at: 8); w.put(address, at: 16)
        return w.bytes
    }

    func sysRtSigreturn(_ a: SyscallArgs) -> Int64 {
        guard let hart else { return -Errno.EINVAL }
        let frame = hart[x: 2]
        guard let bytes = copyIn(frame &+ UInt64(SignalFrame.ucontext), SignalFrame.ucontextSize) else {
            exitRequest = .signaled(Signal.sigsegv, message: "tern: guest SIGSEGV at pc 0x\(hex(currentPC)): bad signal frame at 0x\(hex(frame))")
            return 0
        }
        let saved = SignalFrame.decode(ucontext: bytes)
        // The V context, when the frame has one: the registers come from its datap (as Linux reads them).
        let header = ByteReader(bytes)
        if header.u32(SignalFrame.extensionHeader) == SignalFrame.vectorMagic {
            let vlenb = hart.vlenb
            guard header.u32(SignalFrame.extensionHeader + 4) == UInt32(SignalFrame.vectorContextSize(vlenb: vlenb)),
                  let state = copyIn(frame &+ UInt64(SignalFrame.ucontext + SignalFrame.extensionHeader + 8), 48),
                  case let r = ByteReader(state), let registers = copyIn(r.u64(40), 32 * vlenb) else {
                exitRequest = .signaled(Signal.sigsegv, message: "tern: guest SIGSEGV at pc 0x\(hex(currentPC)): bad vector context in the signal frame at 0x\(hex(frame))")
                return 0
            }
            hart.state.pointee.vstart = r.u64(0)
            hart.state.pointee.vl = r.u64(8)
            hart.state.pointee.vtype = r.u64(16)
            hart.state.pointee.vxsat = UInt32(r.u64(24) & 1)
            hart.state.pointee.vxrm = UInt32((r.u64(24) >> 1) & 3)
            for n in 0 ..< 32 { hart.setVectorRegister(n, Array(registers[(n * vlenb) ..< ((n + 1) * vlenb)])) }
        }
        for i in 1 ..< 32 { hart[x: i] = saved.x[i] }
        for i in 0 ..< 32 { hart[f: i] = saved.f[i] }
        hart.fflags = saved.fcsr & 0x1f
        hart.frm = (saved.fcsr >> 5) & 7
        hart.pc = saved.pc
        setSignalMask(saved.mask)
        registersRestored = true
        return 0
    }

    // MARK: Delivery

    /// Delivers every deliverable signal (stacking frames as Linux does).
    /// Returns the exit when a signal ends the process.
    public func deliverSignals() -> ProcessExit? {
        let restart = lastSyscall
        lastSyscall = nil
        defer { if let m = suspendMask { setSignalMask(m); suspendMask = nil } }
        while true {
            var sig: Int32 = 0
            var info: [UInt8] = []
            if let sync = pendingSynchronous.first {
                pendingSynchronous.removeFirst()
                (sig, info) = sync
            } else {
                // Signals that arrived on this thread first, then the process's.
                let own = thread.inbox.pending & ~signalMask
                let shared = tern_signal_inbox_pending(HostSignals.processInbox) & ~signalMask
                let ready = own != 0 ? own : shared
                guard ready != 0 else { return nil }
                sig = Int32(ready.trailingZeroBitCount + 1)
                guard let taken = own != 0 ? thread.inbox.take(sig) : SignalInbox.take(sig, from: HostSignals.processInbox)
                else { continue }
                info = taken
            }
            if let intercept = signalInterceptor {
                let chosen = intercept(sig)
                if chosen == 0 { continue }
                if chosen != sig { (sig, info) = (chosen, killInfo(chosen)) }
            }
            let act = action(sig)
            if options.strace {
                let code = Int32(bitPattern: ByteReader(info).u32(8))
                printError("\(getpid()) --- \(Signal.name(sig)) {si_signo=\(Signal.name(sig)), si_code=\(code)} ---")
            }
            if act.handler == 1 || (act.handler == 0 && Self.ignoredByDefault.contains(sig)) { continue }
            if act.handler == 0 {
                return .signaled(sig, message: nil)
            }
            if let r = restart, r.result == -Errno.EINTR, act.flags & GuestSigaction.restart != 0,
               !Self.neverRestarted.contains(SyscallNames.name(r.number)), let hart {
                hart.pc = r.pc
                hart[x: 10] = r.arg0
            }
            if let end = pushFrame(sig, act, info: info) { return end }
        }
    }

    /// Builds the frame for `sig` and points the hart at the handler.
    func pushFrame(_ sig: Int32, _ act: GuestSigaction, info: [UInt8]) -> ProcessExit? {
        guard let hart else { return nil }
        var sp = hart[x: 2]
        let onAltStack = altStack.size > 0 && sp &- altStack.sp < altStack.size
        if act.flags & GuestSigaction.onStack != 0 && altStack.size > 0 && altStack.flags & 2 == 0 && !onAltStack {
            sp = altStack.sp &+ altStack.size
        }
        // The frame carries the vector state once the thread has used V, as Linux's does
        // (qemu-user 11 never saves it; a thread that has not used V gets qemu's frame).
        let vector = machine.extensions.contains(.v) && hart.vectorStateUsed ? SignalFrame.Vector(
            vstart: hart.state.pointee.vstart, vl: hart.state.pointee.vl, vtype: hart.state.pointee.vtype,
            vcsr: UInt64(hart.state.pointee.vxrm << 1 | hart.state.pointee.vxsat), vlenb: hart.vlenb,
            registers: (0 ..< 32).flatMap { hart.vectorRegister($0) }) : nil
        let frame = (sp &- UInt64(SignalFrame.size(vlenb: vector?.vlenb))) & ~15
        let savedMask = suspendMask ?? signalMask
        let fcsr = hart.frm << 5 | hart.fflags
        let bytes = SignalFrame.encode(info: info, altStack: altStack, savedMask: savedMask, pc: hart.pc,
                                       x: (0 ..< 32).map { hart[x: $0] }, f: (0 ..< 32).map { hart[f: $0] }, fcsr: fcsr,
                                       vector: vector, frameAddress: frame)
        guard copyOut(frame, bytes) else {
            return .signaled(Signal.sigsegv, message: "tern: guest SIGSEGV at pc 0x\(hex(hart.pc)): cannot push the \(Signal.name(sig)) frame at 0x\(hex(frame))")
        }
        suspendMask = nil
        var mask = savedMask | act.mask
        if act.flags & GuestSigaction.noDefer == 0 { mask |= 1 << UInt64(sig - 1) }
        setSignalMask(mask)
        if act.flags & GuestSigaction.resetHand != 0 {
            signalActions[Int(sig)] = GuestSigaction()
            HostSignals.setDisposition(sig, handler: 0)
        }
        hart[x: 1] = trampolineAddress
        hart[x: 2] = frame
        hart[x: 10] = UInt64(sig)
        hart[x: 11] = frame
        hart[x: 12] = frame + UInt64(SignalFrame.ucontext)
        hart.pc = act.handler
        return nil
    }

    /// Signal `sig` chosen by a debugger for the current thread (gdb's `signal`
    /// command): queued for its handler, ignored, or the process's death.
    func raiseFromDebugger(_ sig: Int32) -> ProcessExit? {
        guard sig >= 1, sig <= 64 else { return nil }
        let act = action(sig)
        if act.handler > 1 {
            pendingSynchronous.append((sig, killInfo(sig)))
            return nil
        }
        if act.handler == 1 || (act.handler == 0 && Self.ignoredByDefault.contains(sig)) { return nil }
        return .signaled(sig, message: "tern: guest \(Signal.name(sig)) at pc 0x\(hex(hart?.pc ?? 0)): sent by the debugger")
    }

    /// Queues a synchronous fault signal for its guest handler; false when the
    /// guest has none (or blocks/ignores it), so the process must die.
    public func queueFault(_ sig: Int32, code: Int32, address: UInt64) -> Bool {
        let act = action(sig)
        guard act.handler > 1, signalMask & (1 << UInt64(sig - 1)) == 0 else { return false }
        pendingSynchronous.append((sig, Self.faultInfo(sig, code: code, address: address)))
        return true
    }
}
