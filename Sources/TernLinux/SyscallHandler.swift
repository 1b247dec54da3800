import Synchronization
import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// The six argument registers a0–a5 of one system call.
public struct SyscallArgs: Sendable {
    public var values: [UInt64]
    public init(_ values: [UInt64]) { self.values = values + [UInt64](repeating: 0, count: max(0, 6 - values.count)) }
    public subscript(_ i: Int) -> UInt64 { values[i] }
    /// Argument `i` as a signed 64-bit value.
    func int(_ i: Int) -> Int64 { Int64(bitPattern: values[i]) }
    /// Argument `i` as a C `int` (file descriptors, flags): the low 32 bits.
    func int32(_ i: Int) -> Int32 { Int32(truncatingIfNeeded: values[i]) }
}

/// The Linux system-call layer of one guest process: state the kernel keeps
/// per process (break, signal dispositions...) and the handlers.
///
/// Guest file descriptors are host file descriptors. A guest pointer reaches
/// the host kernel as the host address of the guest's buffer (`KernelArguments`),
/// so the kernel finds bad pointers in its own order; Tern's own copies check
/// guest memory first and yield `-EFAULT`.
public final class SyscallHandler: @unchecked Sendable {
    public let machine: Machine
    public let options: LinuxOptions
    var memory: GuestMemory { machine.memory }
    /// Absolute host path of the guest executable (`/proc/self/exe`).
    let executablePath: String

    /// Lowest and current program break.
    public internal(set) var breakStart: UInt64
    public internal(set) var programBreak: UInt64
    /// `mmap` allocates below this address.
    let mmapTop: UInt64
    /// The calling thread's prctl(PR_RISCV_V_GET/SET_CONTROL) value (`GuestThread.vectorControl`).
    var vectorControl: Int64 { thread.vectorControl }
    /// The CPU model's extensions (`--cpu`), V included while V is off for a
    /// thread (hwprobe and /proc/cpuinfo report the model, as Linux's do).
    var modelExtensions: ExtensionSet { machine.extensions }

    /// The process id the guest sees: the host's, except in a restored
    /// process, which keeps the one it had (docs/CHECKPOINT.md).
    public internal(set) var pid = Int32(getpid())

    /// The guest thread whose syscall is being handled: the one attached to
    /// the calling host thread (`GuestThread.attachToHostThread`), else the
    /// main thread (callers that drive the process from outside a guest
    /// thread). Per-thread kernel state (masks, the alternate stack...) lives there.
    public var thread: GuestThread {
        if let current = GuestThread.current, current.owner == ObjectIdentifier(self) { return current }
        return mainThread
    }
    /// The process's first thread.
    public let mainThread: GuestThread
    /// Guards the syscall layer's shared state (see `KernelLock`).
    let kernelLock = KernelLock()
    /// Live guest threads (including the main one), by thread id (kernel lock).
    var threads: [Int32: GuestThread] = [:]
    /// Threads of a restored process still to be started on host threads of their own (by `LinuxProcess.run()`).
    var restoredThreads: [GuestThread] = []
    /// POSIX timers of a restored process aimed at those threads, made once they run.
    var restoredTimers: [PosixTimerState] = []
    /// Instructions retired by threads that have exited.
    var retiredByExitedThreads: UInt64 = 0
    /// Set by `LinuxProcess.embedded`.
    var embedded = false
    /// Host threads started for guest threads (`startThread`) that have not
    /// ended yet: counted before each starts, uncounted as it ends.
    let secondaryHostThreads = Atomic<Int>(0)
    /// Whether blocking host calls release the kernel lock even while one
    /// thread runs, so a stop of the whole process (checkpoint, snapshot,
    /// pause of an embedded guest) can be taken meanwhile (StopTheWorld.swift).
    var releasesForStops = false
    /// Per-call policies of an embedder (`GuestVM`), by syscall name.
    public var policies: [String: SyscallPolicy] = [:]
    /// Runs a new guest thread on its host thread (set by `LinuxProcess`; nil: no threads).
    var startThread: ((GuestThread) -> Void)?
    /// A debugger's view of signals: called with each signal about to reach the
    /// current thread (a fault, or a host signal being delivered); returns the
    /// signal to deliver instead (0: none).
    var signalInterceptor: ((Int32) -> Int32)?
    /// Told of each new guest thread before it runs (a debugger).
    var threadCreated: ((GuestThread) -> Void)?
    /// Called in the child of a fork (a debugger lets the child go).
    var forkedChild: (() -> Void)?
    /// Called in the child of a fork: a checkpoint request is the parent's
    /// alone (set by `LinuxProcess.run`).
    var checkpointDroppedInChild: (() -> Void)?

    /// Live guest threads: the main thread first, then by thread id.
    var liveThreads: [GuestThread] {
        let me = Int32(getpid())
        return threads.values.sorted { ($0.tid == me ? 0 : 1, $0.tid) < ($1.tid == me ? 0 : 1, $1.tid) }
    }

    /// Set when the current thread asked to terminate (itself: `exit`, or the process).
    public internal(set) var exitRequest: ProcessExit? {
        get { thread.exitRequest }
        set { thread.exitRequest = newValue }
    }
    /// pc of the current ecall (for messages).
    var currentPC: UInt64 {
        get { thread.currentPC }
        set { thread.currentPC = newValue }
    }

    /// Guest signal dispositions by signal number (absent: SIG_DFL).
    var signalActions: [Int: GuestSigaction] = [:]
    /// The current thread's blocked signals, bit (sig - 1).
    var signalMask: UInt64 {
        get { thread.signalMask }
        set { thread.signalMask = newValue }
    }
    /// The mask rt_sigsuspend replaced, restored after delivery.
    var suspendMask: UInt64? {
        get { thread.suspendMask }
        set { thread.suspendMask = newValue }
    }
    /// sigaltstack: (ss_sp, ss_flags, ss_size).
    var altStack: (sp: UInt64, flags: Int32, size: UInt64) {
        get { thread.altStack }
        set { thread.altStack = newValue }
    }
    /// Guest address of the rt_sigreturn trampoline (the "[vdso]" page).
    public internal(set) var trampolineAddress: UInt64 = 0
    /// Fault signals waiting for the current thread's guest handler, with their siginfo.
    var pendingSynchronous: [(Int32, [UInt8])] {
        get { thread.pendingSynchronous }
        set { thread.pendingSynchronous = newValue }
    }
    /// The syscall just handled (SA_RESTART restarts it when a handler interrupts it).
    var lastSyscall: (number: Int, pc: UInt64, arg0: UInt64, result: Int64)? {
        get { thread.lastSyscall }
        set { thread.lastSyscall = newValue }
    }
    /// Set by rt_sigreturn: the hart's registers were replaced, leave a0 and pc alone.
    public internal(set) var registersRestored: Bool {
        get { thread.registersRestored }
        set { thread.registersRestored = newValue }
    }
    /// The limits Tern keeps itself (RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK: applied
    /// to the host they would limit Tern's own memory); nil until first used.
    var virtualLimits: [Int32: ResourceLimit] = [:]
    /// How often each unimplemented syscall number was called (ENOSYS), for `--stats`.
    public internal(set) var unimplementedCalls: [Int: UInt64] = [:]
    /// Unsupported requests of implemented calls (e.g. a clone flag combination), by message.
    public internal(set) var unsupportedRequests: [String: UInt64] = [:]
    /// The hart whose ecall is being handled (the current thread's).
    public var hart: Hart? { thread.hart }
    var threadName: [UInt8] {
        get { thread.name }
        set { thread.name = newValue }
    }
    /// POSIX timers by the id the guest knows (timer_create), and the host
    /// ids of those whose id differs (timers of a restored process).
    var posixTimers: [Int32: PosixTimerRecord] = [:]
    var timerIDs: [Int32: Int32] = [:]
    /// Page ranges sealed with mseal: never unmapped, remapped or reprotected.
    var sealedRanges: [(start: UInt64, end: UInt64)] = []
    /// Guest → host path mapping (the sysroot).
    public internal(set) var paths = GuestPaths(sysroot: nil)
    /// argv as the guest received it (`/proc/self/cmdline`).
    public internal(set) var argumentBytes: [[UInt8]] = []
    /// argv as strings (bytes that are not UTF-8 shown as U+FFFD).
    public var arguments: [String] {
        get { argumentBytes.map { String(decoding: $0, as: UTF8.self) } }
        set { argumentBytes = newValue.map { Array($0.utf8) } }
    }
    /// The auxiliary vector as written on the stack (`/proc/self/auxv`).
    public internal(set) var auxv: [(UInt64, UInt64)] = []
    /// The initial stack pointer (`/proc/self/stat` startstack).
    public internal(set) var stackStart: UInt64 = 0

    /// Creates the syscall layer for a process whose break starts at `breakStart`.
    public init(machine: Machine, options: LinuxOptions, executablePath: String, breakStart: UInt64,
                mmapTop: UInt64 = GuestLayout.stackTop - GuestLayout.defaultStackSize - GuestLayout.stackGap) {
        self.machine = machine
        self.options = options
        self.executablePath = executablePath
        self.breakStart = breakStart
        self.programBreak = breakStart
        self.mmapTop = mmapTop
        mainThread = GuestThread(hart: Hart(), tid: Int32(getpid()))
        mainThread.owner = ObjectIdentifier(self)
        threads[mainThread.tid] = mainThread
    }

    /// Executes system call `number`; returns the value for a0 (negative: -errno).
    /// Called with the kernel lock held (`LinuxProcess` takes it).
    public func handle(number: Int, args: SyscallArgs) -> Int64 {
        if number == Self.hostCallNumber { return sysHostCall(args) }  // SyscallsHostCall.swift
        let entry = Self.table[number]
        // Like qemu: the call before it runs, the result after (calls that do
        // not return — exit, a successful execve — show no result). With
        // several threads the line is written whole once the call returns,
        // so lines of calls that block are never interleaved.
        let noReturn = entry?.name == "exit" || entry?.name == "exit_group" || entry?.name == "execve"
        let parallel = threads.count > 1
        var heldCall: String?
        if options.strace {
            let call = Strace.call(entry?.name ?? SyscallNames.name(number), entry?.formats, args, memory: memory)
            if parallel && !noReturn { heldCall = call } else { printError(call, newline: noReturn) }
        }
        let result: Int64
        if !policies.isEmpty, let policy = policies[entry?.name ?? SyscallNames.name(number)] {
            switch policy {
            case .deny: result = -Errno.EPERM
            case .handle(let body): result = body(args, memory)
            }
        } else if let entry, ReservedDescriptors.shared.isActive, Self.namesReservedDescriptor(entry, args) {
            result = -Errno.EBADF  // not a descriptor of the guest's table
        } else if let entry, !entry.status.isUnimplemented {
            let me = thread
            me.inBlockingCall = entry.blocks
            result = entry.handler(self, args)
            me.inBlockingCall = false
        } else {
            let count = unimplementedCalls[number, default: 0] + 1
            unimplementedCalls[number] = count
            if options.warnUnsupported && count == 1 {
                printError("tern: unimplemented syscall \(number) (\(SyscallNames.name(number)))")
            }
            result = -Errno.ENOSYS
        }
        if options.strace {
            if !noReturn {
                printError((heldCall ?? "") + Strace.result(result, entry?.resultFormat ?? .int))
            } else if entry?.name == "execve" {  // it failed
                printError("\(getpid()) execve" + Strace.result(result, .int))
            }
        }
        return result
    }

    /// Whether a descriptor argument of `entry` (by its `--strace` formats) is one of
    /// Tern's own (`ReservedDescriptors`).
    static func namesReservedDescriptor(_ entry: SyscallEntry, _ args: SyscallArgs) -> Bool {
        guard let formats = entry.formats else { return false }
        for (i, format) in formats.enumerated() where i < 6 {
            if case .fd = format, ReservedDescriptors.shared.contains(args.int32(i)) { return true }
        }
        return false
    }

    // MARK: - Guest memory helpers

    /// Number of bytes from `address` (at most `length`) accessible with `access`.
    func accessiblePrefix(_ address: UInt64, _ length: UInt64, _ access: MemoryProtection) -> UInt64 {
        guard length > 0, address < GuestMemory.size else { return 0 }
        let end = address + min(length, GuestMemory.size - address)
        var cursor = address
        for r in memory.mappedRegions where r.end > cursor {
            guard r.start <= cursor, r.protection.contains(access) else { break }
            cursor = min(r.end, end)
            if cursor >= end { break }
        }
        return cursor - address
    }

    /// A host pointer and byte count for a guest I/O buffer, Linux-style: the
    /// count is clamped to MAX_RW_COUNT and to the accessible prefix; nil
    /// (EFAULT) when nothing is accessible. A zero count is always fine. A buffer the host
    /// will write may hold translated code: its pages are released (and translations
    /// dropped) first, as for any host write.
    func ioBuffer(_ address: UInt64, _ count: UInt64, _ access: MemoryProtection) -> (UnsafeMutableRawPointer, Int)? {
        let count = min(count, 0x7fff_f000)
        if count == 0 { return (memory.base, 0) }
        let n = accessiblePrefix(address, count, access)
        // memory.pointer also releases write-protected code pages the host will write.
        guard n > 0, let p = memory.pointer(address, length: n, access) else { return nil }
        return (p, Int(n))
    }

    /// A checked host pointer for a whole guest structure.
    func guestPointer(_ address: UInt64, _ length: Int, _ access: MemoryProtection) -> UnsafeMutableRawPointer? {
        guard length >= 0 else { return nil }
        if length == 0 { return memory.base }
        return memory.pointer(address, length: UInt64(length), access)
    }

    /// Copies `bytes` to guest `address`; false on a bad pointer or a page that faults
    /// (guest memory is only ever reached through GuestMemory's guarded copies).
    func copyOut(_ address: UInt64, _ bytes: [UInt8]) -> Bool {
        bytes.isEmpty ? guestPointer(address, 0, .write) != nil : memory.write(address, from: bytes)
    }

    /// Copies a host value's bytes to guest `address`; false on a bad pointer or a faulting page.
    func copyOut<T>(_ address: UInt64, value: T, size: Int) -> Bool {
        withUnsafeBytes(of: value) { raw in
            let n = min(size, raw.count)
            guard n < size else { return memory.write(address, from: UnsafeRawBufferPointer(rebasing: raw[0 ..< n])) }
            // A size past the value's own bytes: the rest stays as it is, but must be writable.
            guard guestPointer(address, size, .write) != nil else { return false }
            return memory.write(address, from: UnsafeRawBufferPointer(rebasing: raw[0 ..< n]))
        }
    }

    /// Reads `count` guest bytes; nil on a bad pointer or a faulting page.
    func copyIn(_ address: UInt64, _ count: Int) -> [UInt8]? {
        guard count >= 0 else { return nil }
        return try? memory.read(address, count: count)
    }

    /// Reads a little-endian u64 from guest memory.
    func loadU64(_ address: UInt64) -> UInt64? { try? memory.load(address, as: UInt64.self) }

    /// Reads a NUL-terminated guest path (PATH_MAX 4096): the bytes without
    /// the NUL, or -EFAULT / -ENAMETOOLONG.
    func guestPath(_ address: UInt64) -> Result<[UInt8], SyscallError> { guestString(address, limit: 4096) }

    /// Reads a NUL-terminated guest string of fewer than `limit` bytes: the
    /// raw bytes without the NUL, or -EFAULT / -ENAMETOOLONG.
    func guestString(_ address: UInt64, limit: Int) -> Result<[UInt8], SyscallError> {
        var bytes: [UInt8] = []
        var a = address
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let run = Int(accessiblePrefix(a, min(256, 4096 - (a & 4095)), .read))
            guard run > 0 else { return .failure(.init(Errno.EFAULT)) }
            // A guarded copy, not a load: a mapped page can still fault (a file mapping past
            // the end of its file is SIGBUS), which must be EFAULT here.
            guard chunk.withUnsafeMutableBytes({ memory.read(a, into: $0.baseAddress!, count: run) }) else {
                return .failure(.init(Errno.EFAULT))
            }
            for i in 0 ..< run {
                if chunk[i] == 0 { return .success(bytes) }
                bytes.append(chunk[i])
                guard bytes.count < limit else { return .failure(.init(Errno.ENAMETOOLONG)) }
            }
            a += UInt64(run)
        }
    }

    /// /proc/PID/... with the process id a restored guest keeps names the
    /// host's /proc/self/... (unchanged otherwise).
    func restoredProcAlias(_ guest: [UInt8]) -> [UInt8] {
        let hostPID = Int32(getpid())
        guard pid != hostPID else { return guest }
        let prefix = Array("/proc/\(pid)".utf8)
        guard guest.starts(with: prefix), guest.count == prefix.count || guest[prefix.count] == UInt8(ascii: "/") else { return guest }
        return Array("/proc/self".utf8) + guest[prefix.count...]
    }

    /// The host path for guest path bytes looked up relative to `dirfd`:
    /// /proc/self/exe names the executable; paths go through the sysroot
    /// (`GuestPaths.host(_:relativeTo:)`).
    func hostPath(_ guest: [UInt8], dirfd: Int32 = AT_FDCWD) -> [UInt8] {
        isSelfExe(guest) ? Array(executablePath.utf8) : paths.host(restoredProcAlias(guest), relativeTo: dirfd)
    }

    /// Reads a guest path and calls `body` with its host translation (relative
    /// to `dirfd`). A path Tern cannot read (a bad pointer, too long) reaches
    /// the host call as the guest's own pointer, so the host kernel reports it
    /// where Linux does: `body` must pass it to the kernel only (a raw syscall,
    /// never a libc function that reads it).
    func withPath(_ address: UInt64, dirfd: Int32 = AT_FDCWD, _ body: (UnsafePointer<CChar>?) -> Int64) -> Int64 {
        withKernelPath(address, dirfd: dirfd) { body(UnsafePointer(bitPattern: $0)) }
    }

    /// Whether `path` names the current process's executable in /proc.
    func isSelfExe(_ path: [UInt8]) -> Bool {
        let s = String(decoding: path, as: UTF8.self)
        return s == "/proc/self/exe" || s == "/proc/\(pid)/exe" || s == "/proc/thread-self/exe"
    }
}

/// Writes one line (or, with `newline: false`, a line's start) to the host's stderr.
func printError(_ line: String, newline: Bool = true) {
    if newline { return TraceOutput.standardError(line) }
    var s = line
    s.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

extension SyscallHandler {
    /// Unimplemented calls as `name (number)` and unsupported requests as their
    /// message, with how often each happened (the `--stats` section).
    public var unimplementedSummary: [String: UInt64] {
        var out: [String: UInt64] = [:]
        for (number, count) in unimplementedCalls { out["\(SyscallNames.name(number)) (\(number))"] = count }
        for (message, count) in unsupportedRequests { out[message] = count }
        return out
    }
}
