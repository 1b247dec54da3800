import TernCore

/// Everything a stopped guest process is, apart from the contents of its
/// memory, as plain data: what a checkpoint image holds (docs/CHECKPOINT.md)
/// and what an in-memory snapshot keeps. Nothing here is a host pointer or a
/// host object; descriptors are described by path, timers by their settings.
public struct ProcessState: Sendable {
    /// The guest's process id (its threads' ids are in `threads`).
    public var pid: Int32
    /// Absolute host path of the executable (`/proc/self/exe`).
    public var executablePath: String
    /// argv as the guest received it (`/proc/self/cmdline`).
    public var arguments: [[UInt8]]
    /// The auxiliary vector as written on the initial stack.
    public var auxv: [(UInt64, UInt64)]
    /// The initial stack pointer.
    public var stackStart: UInt64
    /// Lowest and current program break.
    public var breakStart: UInt64
    public var programBreak: UInt64
    /// `mmap` allocates below this address.
    public var mmapTop: UInt64
    /// Guest address of the rt_sigreturn trampoline page.
    public var trampolineAddress: UInt64
    /// The guest root file system (`--sysroot`), if any.
    public var sysroot: String?
    /// The CPU profile (`--cpu`; "" for the build's default).
    public var cpu: String
    /// The working directory (a host path) and the file mode creation mask.
    public var workingDirectory: String
    public var umask: UInt32
    /// Host resource limits (RLIMIT_* number, soft, hard).
    public var hostLimits: [ResourceLimitState]
    /// The limits Tern keeps itself (RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK).
    public var virtualLimits: [ResourceLimitState]
    /// Page ranges sealed with mseal.
    public var sealedRanges: [(start: UInt64, end: UInt64)]
    /// Signal dispositions by number (absent: SIG_DFL).
    public var signalActions: [SignalActionState]
    /// Signals pending for the whole process, with their siginfo.
    public var pendingSignals: [PendingSignalState]
    /// Every thread; the first is the one that was running (the main thread
    /// when it is alive).
    public var threads: [ThreadState]
    /// The descriptor table.
    public var descriptors: [DescriptorState]
    /// Interval timers and POSIX timers.
    public var timers: TimerState
    /// Every mapping with its protection and backing.
    public var regions: [MemoryRegion]

    /// The thread whose id is `tid`.
    func thread(_ tid: Int32) -> ThreadState? { threads.first { $0.tid == tid } }
}

/// One resource limit.
public struct ResourceLimitState: Sendable, Equatable {
    public var resource: Int32
    public var current: UInt64
    public var maximum: UInt64
}

/// One guest signal disposition (struct sigaction as riscv64 Linux keeps it).
public struct SignalActionState: Sendable, Equatable {
    public var signal: Int32
    public var handler: UInt64
    public var flags: UInt64
    public var mask: UInt64
}

/// A signal waiting for delivery, with its 128-byte siginfo.
public struct PendingSignalState: Sendable, Equatable {
    public var signal: Int32
    public var info: [UInt8]
}

/// One guest thread.
public struct ThreadState: Sendable {
    public var tid: Int32
    public var registers: HartRegisters
    /// Blocked signals, bit (sig - 1).
    public var signalMask: UInt64
    /// sigaltstack (ss_sp, ss_flags, ss_size).
    public var altStackPointer: UInt64
    public var altStackFlags: Int32
    public var altStackSize: UInt64
    /// set_tid_address / CLONE_CHILD_CLEARTID word (0: none).
    public var clearChildTID: UInt64
    /// set_robust_list head and length.
    public var robustListHead: UInt64
    public var robustListLength: UInt64
    /// prctl(PR_SET_NAME).
    public var name: [UInt8]
    /// Faults waiting for the thread's handler, and thread-directed signals.
    public var pendingSignals: [PendingSignalState]
}

/// One open descriptor and how a restore gets it back.
public struct DescriptorState: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A regular file (or a device or directory node with a path),
        /// reopened by path at `offset` with `flags`.
        case file(path: String, flags: Int32, offset: Int64, directory: Bool)
        /// Shares the open file of stdin/stdout/stderr (`number` 0, 1, 2):
        /// attached to the restoring process's.
        case standard(Int32)
        /// One end of a pipe whose both ends are open in the guest: a new
        /// pipe is made for each `pipe` number (the host inode), holding the
        /// bytes that were buffered (`content`, on one read end's entry), and
        /// each descriptor gets its end with its status `flags` (O_NONBLOCK).
        case pipe(pipe: UInt64, writeEnd: Bool, flags: Int32, content: [UInt8])
        /// Cannot be reopened (a pipe with an end outside the guest, a socket,
        /// eventfd, epoll...): restored closed, with a warning that names `what`.
        case unrestorable(what: String)
    }

    public var fd: Int32
    public var kind: Kind
    /// FD_CLOEXEC.
    public var closeOnExec: Bool
}

/// The process's timers.
public struct TimerState: Sendable, Equatable {
    /// ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF: (interval, value) in microseconds.
    public var intervalTimers: [IntervalTimerState]
    /// timer_create timers.
    public var posixTimers: [PosixTimerState]

    public init(intervalTimers: [IntervalTimerState] = [], posixTimers: [PosixTimerState] = []) {
        self.intervalTimers = intervalTimers
        self.posixTimers = posixTimers
    }
}

public struct IntervalTimerState: Sendable, Equatable {
    public var which: Int32
    public var intervalMicroseconds: UInt64
    public var valueMicroseconds: UInt64
}

/// A POSIX timer: how it was created and when it fires next.
public struct PosixTimerState: Sendable, Equatable {
    /// The id the guest knows it by.
    public var id: Int32
    public var clock: Int32
    /// The guest's struct sigevent (64 bytes), empty for a NULL sevp.
    public var event: [UInt8]
    /// it_interval and it_value in nanoseconds (value 0: disarmed).
    public var intervalNanoseconds: UInt64
    public var valueNanoseconds: UInt64
}

// MARK: - Encoding (section layouts of docs/CHECKPOINT.md)

extension ProcessState {
    /// The PROCESS section payload (everything but threads and memory).
    func encodeProcess(_ e: inout ImageEncoder) {
        e.i32(pid)
        e.string(executablePath)
        e.array(arguments) { $0.data($1) }
        e.array(auxv) { $0.u64($1.0); $0.u64($1.1) }
        e.u64(stackStart); e.u64(breakStart); e.u64(programBreak); e.u64(mmapTop); e.u64(trampolineAddress)
        e.optional(sysroot) { $0.string($1) }
        e.string(cpu)
        e.string(workingDirectory)
        e.u32(umask)
        for list in [hostLimits, virtualLimits] {
            e.array(list) { $0.i32($1.resource); $0.u64($1.current); $0.u64($1.maximum) }
        }
        e.array(sealedRanges) { $0.u64($1.start); $0.u64($1.end) }
        e.array(signalActions) { $0.i32($1.signal); $0.u64($1.handler); $0.u64($1.flags); $0.u64($1.mask) }
        e.array(pendingSignals) { $1.encode(&$0) }
        e.array(descriptors) { e, d in
            e.i32(d.fd)
            e.bool(d.closeOnExec)
            switch d.kind {
            case .file(let path, let flags, let offset, let directory):
                e.u8(0); e.string(path); e.i32(flags); e.i64(offset); e.bool(directory)
            case .standard(let n):
                e.u8(1); e.i32(n)
            case .unrestorable(let what):
                e.u8(2); e.string(what)
            case .pipe(let pipe, let writeEnd, let flags, let content):
                e.u8(3); e.u64(pipe); e.bool(writeEnd); e.i32(flags); e.data(content)
            }
        }
        e.array(timers.intervalTimers) { $0.i32($1.which); $0.u64($1.intervalMicroseconds); $0.u64($1.valueMicroseconds) }
        e.array(timers.posixTimers) {
            $0.i32($1.id); $0.i32($1.clock); $0.data($1.event); $0.u64($1.intervalNanoseconds); $0.u64($1.valueNanoseconds)
        }
    }

    /// Reads a PROCESS section payload; threads and regions are left empty.
    static func decodeProcess(_ d: inout ImageDecoder) throws(ImageDecoder.Malformed) -> ProcessState {
        let pid = try d.i32()
        let executablePath = try d.string()
        let arguments = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in try d.data() }
        let auxv = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in (try d.u64(), try d.u64()) }
        let stackStart = try d.u64(), breakStart = try d.u64(), programBreak = try d.u64()
        let mmapTop = try d.u64(), trampoline = try d.u64()
        let sysroot = try d.optional { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in try d.string() }
        let cpu = try d.string()
        let cwd = try d.string()
        let umask = try d.u32()
        var limits: [[ResourceLimitState]] = []
        for _ in 0 ..< 2 {
            limits.append(try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in
                ResourceLimitState(resource: try d.i32(), current: try d.u64(), maximum: try d.u64())
            })
        }
        let sealed = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in (start: try d.u64(), end: try d.u64()) }
        let actions = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in
            SignalActionState(signal: try d.i32(), handler: try d.u64(), flags: try d.u64(), mask: try d.u64())
        }
        let pending = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in try PendingSignalState.decode(&d) }
        let descriptors = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) -> DescriptorState in
            let fd = try d.i32(), cloexec = try d.bool()
            let kind: DescriptorState.Kind
            switch try d.u8() {
            case 0: kind = .file(path: try d.string(), flags: try d.i32(), offset: try d.i64(), directory: try d.bool())
            case 1: kind = .standard(try d.i32())
            case 2: kind = .unrestorable(what: try d.string())
            case 3:
                kind = .pipe(pipe: try d.u64(), writeEnd: try d.bool(), flags: try d.i32(),
                             content: try d.data(limit: DescriptorTable.maxPipeContent))
            default: throw ImageDecoder.Malformed(what: "unknown descriptor kind")
            }
            return DescriptorState(fd: fd, kind: kind, closeOnExec: cloexec)
        }
        let itimers = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in
            IntervalTimerState(which: try d.i32(), intervalMicroseconds: try d.u64(), valueMicroseconds: try d.u64())
        }
        let ptimers = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in
            PosixTimerState(id: try d.i32(), clock: try d.i32(), event: try d.data(limit: 64),
                            intervalNanoseconds: try d.u64(), valueNanoseconds: try d.u64())
        }
        return ProcessState(pid: pid, executablePath: executablePath, arguments: arguments, auxv: auxv,
                            stackStart: stackStart, breakStart: breakStart, programBreak: programBreak, mmapTop: mmapTop,
                            trampolineAddress: trampoline, sysroot: sysroot, cpu: cpu, workingDirectory: cwd, umask: umask,
                            hostLimits: limits[0], virtualLimits: limits[1], sealedRanges: sealed, signalActions: actions,
                            pendingSignals: pending, threads: [], descriptors: descriptors,
                            timers: TimerState(intervalTimers: itimers, posixTimers: ptimers), regions: [])
    }
}

extension PendingSignalState {
    func encode(_ e: inout ImageEncoder) { e.i32(signal); e.data(info) }
    static func decode(_ d: inout ImageDecoder) throws(ImageDecoder.Malformed) -> PendingSignalState {
        let signal = try d.i32(), info = try d.data(limit: 128)
        guard signal >= 1, signal <= 64, info.count == 128 else { throw ImageDecoder.Malformed(what: "bad pending signal") }
        return PendingSignalState(signal: signal, info: info)
    }
}

extension ThreadState {
    /// A THREAD section payload. Extension state (vector registers...) follows
    /// as (kind, version, bytes) records, the versioned extension point.
    func encode(_ e: inout ImageEncoder) {
        e.i32(tid)
        for i in 0 ..< 32 { e.u64(registers.x[i]) }
        for i in 0 ..< 32 { e.u64(registers.f[i]) }
        e.u64(registers.pc); e.u32(registers.fflags); e.u32(registers.frm); e.u64(registers.retired)
        e.u64(signalMask)
        e.u64(altStackPointer); e.i32(altStackFlags); e.u64(altStackSize)
        e.u64(clearChildTID); e.u64(robustListHead); e.u64(robustListLength)
        e.data(name)
        e.array(pendingSignals) { $1.encode(&$0) }
        e.array(registers.extensions) { $0.u32($1.kind); $0.u32($1.version); $0.data($1.bytes) }
    }

    static func decode(_ d: inout ImageDecoder) throws(ImageDecoder.Malformed) -> ThreadState {
        let tid = try d.i32()
        var r = HartRegisters()
        for i in 0 ..< 32 { r.x[i] = try d.u64() }
        for i in 0 ..< 32 { r.f[i] = try d.u64() }
        r.pc = try d.u64(); r.fflags = try d.u32(); r.frm = try d.u32(); r.retired = try d.u64()
        guard r.x[0] == 0, r.fflags < 32, r.frm < 8 else { throw ImageDecoder.Malformed(what: "bad registers of thread \(tid)") }
        let mask = try d.u64()
        let altSP = try d.u64(), altFlags = try d.i32(), altSize = try d.u64()
        let clear = try d.u64(), robustHead = try d.u64(), robustLength = try d.u64()
        let name = try d.data(limit: 16)
        let pending = try d.array { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in try PendingSignalState.decode(&d) }
        r.extensions = try d.array(limit: 64) { (d: inout ImageDecoder) throws(ImageDecoder.Malformed) in
            HartExtensionState(kind: try d.u32(), version: try d.u32(), bytes: try d.data())
        }
        return ThreadState(tid: tid, registers: r, signalMask: mask, altStackPointer: altSP, altStackFlags: altFlags,
                           altStackSize: altSize, clearChildTID: clear, robustListHead: robustHead,
                           robustListLength: robustLength, name: name, pendingSignals: pending)
    }
}
