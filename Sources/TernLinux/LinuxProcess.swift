import Synchronization
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// A guest Linux process: a loaded executable, its initial stack, one hart,
/// and the syscall layer. Create it, then call `run()`.
public final class LinuxProcess: @unchecked Sendable {
    public let machine: Machine
    /// The hart of the process's main thread.
    public let hart: Hart
    /// The syscall layer (exposed for tests and tools).
    public let syscalls: SyscallHandler
    /// Where the executable was loaded.
    let image: LoadedImage
    /// Absolute host path of the guest executable.
    public var executablePath: String { syscalls.executablePath }
    /// How far the executable was moved from its link addresses (0 unless PIE).
    public var loadBias: UInt64 { image.bias }
    /// The initial stack pointer.
    public let initialStackPointer: UInt64
    /// When to write a checkpoint image and end the run (`tern run --checkpoint`); nil: never.
    public var checkpointRequest: CheckpointRequest? {
        didSet {
            if let sig = checkpointRequest?.signal { HostSignals.reserveForCheckpoint(sig) }
            syscalls.releasesForStops = checkpointRequest != nil || embedded
        }
    }
    /// Instructions the process had retired when `run()` started.
    var retiredAtStart: UInt64 = 0
    /// Set once a checkpoint image was written (the run then ends with status 0).
    public internal(set) var checkpointWritten = false
    /// Limits of an embedded guest (`GuestVM`): a guest that reaches one ends with SIGXCPU.
    public var limits = ProcessLimits()
    /// Set by `requestStop` (from any thread): the guest ends at its next block boundary.
    let stopRequest = Atomic<Int>(0)
    /// The instruction count (of this run, all threads) at which `pauseHandler`
    /// is called, exactly; nil: never (ProcessPause.swift).
    var pauseAt: UInt64?
    /// Called on the guest thread that reaches `pauseAt` with every thread
    /// stopped (`stopWorld`); the guest goes on when it returns.
    var pauseHandler: ((WorldStop) -> Void)?
    /// Whether a thread runs `pauseHandler` now (kernel lock).
    var pausing = false
    /// Set by the one thread that ends the process (`claimEnd`).
    private let endClaimed = Atomic<Bool>(false)

    /// Whether the calling thread is the one that ends the process: several
    /// may find it ending at once (a limit, the embedder's stop); the others
    /// just end their host threads.
    func claimEnd() -> Bool { !endClaimed.exchange(true, ordering: .sequentiallyConsistent) }
    /// Whether this process runs inside a host process that goes on after it
    /// (`GuestVM`): `run()` then returns however the guest ends, from whichever
    /// thread, and stopped guest threads end their host threads.
    public var embedded = false {
        didSet {
            if embedded { _ = Self.wakeHandlerInstalled }
            syscalls.embedded = embedded
            syscalls.releasesForStops = checkpointRequest != nil || embedded
        }
    }
    /// How the process ended when a thread other than the caller of `run()` ended it (embedded).
    private let endedElsewhere = EndSignal()

    /// Loads `executablePath` into `machine` and builds the initial stack.
    /// `arguments` includes argv[0].
    public convenience init(machine: Machine, executablePath: String, arguments: [String],
                            options: LinuxOptions) throws(LoadError) {
        try self.init(machine: machine, executablePath: executablePath, argumentBytes: arguments.map { Array($0.utf8) }, options: options)
    }

    /// Loads `executablePath` into `machine` and builds the initial stack with
    /// argv given as raw bytes (any bytes but NUL; argv[0] included).
    public init(machine: Machine, executablePath: String, argumentBytes arguments: [[UInt8]],
                options: LinuxOptions) throws(LoadError) {
        self.machine = machine
        let paths = GuestPaths(sysroot: options.sysroot)
        let hostExecutable = options.executableHostPath ?? paths.host(executablePath)
        let elf = try ELFFile(headersOf: hostExecutable)
        // A program started by execve gets the stack RLIMIT_STACK allows (within 64 KiB...1 GiB).
        var requestedStack = options.stackSize
        if let l = options.inherited.resourceLimits[SyscallHandler.rlimitStack], l.current != UInt64.max {
            requestedStack = min(l.current, 1 << 30)
        }
        let stackSize = GuestMemory.pageUp(max(requestedStack, 64 << 10))
        guard stackSize < GuestLayout.stackTop / 2 else {
            throw LoadError(path: executablePath, kind: .mapFailed, message: "stack size too large")
        }
        // Everything else sits below the stack that size needs (and its gap).
        let belowStack = GuestLayout.belowStack(stackSize)
        let image = try ELFLoader.load(elf, into: machine.memory, limit: belowStack)
        self.image = image
        var interpreterImage: LoadedImage?
        if let interpreter = elf.interpreter {
            interpreterImage = try Self.loadInterpreter(interpreter, for: executablePath, paths: paths,
                                                        memory: machine.memory, below: belowStack)
        }
        let stackTop = GuestLayout.stackTop

        let stackBottom = stackTop - stackSize
        var stackProtection: MemoryProtection = [.read, .write]
        if image.executableStack { stackProtection.insert(.execute) }
        do { try machine.memory.map(stackBottom, length: stackSize, protection: stackProtection, name: "[stack]") } catch {
            throw LoadError(path: executablePath, kind: .mapFailed, message: "cannot map the stack: \(error)")
        }
        var random = [UInt8](repeating: 0, count: 16)
        _ = random.withUnsafeMutableBytes { host_getrandom($0.baseAddress!, 16, 0) }
        let stack = try InitialStack.build(
            memory: machine.memory, top: stackTop, limit: stackBottom, path: executablePath,
            arguments: arguments, environment: options.guestEnvironment, execfn: executablePath,
            image: image, interpreterBase: interpreterImage?.bias ?? 0, random: random,
            identity: .init(uid: UInt64(getuid()), euid: UInt64(geteuid()), gid: UInt64(getgid()), egid: UInt64(getegid())),
            hwcap: AuxVector.hwcap(VectorControl.enabled(machine.extensions, control: options.inherited.vectorControl)))
        initialStackPointer = stack.stackPointer

        syscalls = SyscallHandler(machine: machine, options: options,
                                  executablePath: Self.absolutePath(hostExecutable),
                                  breakStart: image.breakStart,
                                  mmapTop: belowStack)
        syscalls.paths = paths
        syscalls.trampolineAddress = try Self.mapTrampoline(machine.memory, below: belowStack, program: executablePath)
        hart = syscalls.mainThread.hart
        // The thread name (comm) is the program's file name, at most 15 bytes, as Linux sets it.
        let fileName = executablePath.split(separator: "/").last.map(String.init) ?? executablePath
        syscalls.mainThread.name = Array(Array(fileName.utf8).prefix(15))
        syscalls.argumentBytes = arguments
        syscalls.applyInheritedState()
        syscalls.stackStart = stack.stackPointer
        syscalls.auxv = stack.auxv.map { ($0.0.rawValue, $0.1) }
        hart.pc = interpreterImage?.entry ?? image.entry
        hart[x: 2] = stack.stackPointer
    }

    /// A process made of parts already set up (a restored checkpoint).
    init(machine: Machine, syscalls: SyscallHandler, image: LoadedImage, initialStackPointer: UInt64) {
        self.machine = machine
        self.syscalls = syscalls
        self.image = image
        self.initialStackPointer = initialStackPointer
        hart = syscalls.thread.hart
    }

    /// Loads the program interpreter (PT_INTERP) from the sysroot at its own
    /// base, just below the stack gap, as Linux maps it at the top of the mmap area.
    static func loadInterpreter(_ interpreter: String, for program: String, paths: GuestPaths,
                                memory: GuestMemory, below top: UInt64) throws(LoadError) -> LoadedImage {
        let host = paths.host(interpreter)
        let elf: ELFFile
        do { elf = try ELFFile(headersOf: host) } catch {
            switch error.kind {
            case .fileSystem, .notRegularFile: break
            default: throw error  // a malformed interpreter is reported as itself
            }
            let hint = paths.sysroot == nil ? "; pass --sysroot DIR (or -L DIR, TERN_SYSROOT) with the guest's root file system" : ""
            throw LoadError(path: program, kind: .dynamicallyLinked(interpreter: interpreter),
                            message: "cannot load the program interpreter \(paths.lookedUp(interpreter)): \(error.message)\(hint)")
        }
        guard elf.isPositionIndependent, elf.interpreter == nil else {
            throw LoadError(path: host, kind: .badHeader, message: "the program interpreter must be a position-independent ELF without its own interpreter")
        }
        let lowest = elf.loadSegments.map { GuestMemory.pageDown($0.vaddr) }.min()!
        let highest = elf.loadSegments.map { GuestMemory.pageUp($0.vaddr &+ $0.memsz) }.max()!
        let span = highest &- lowest
        guard span < top / 4 else { throw LoadError(path: host, kind: .badSegment, message: "interpreter segments span 0x\(hex(span)) bytes") }
        let base = (top - span) & ~(GuestLayout.interpreterAlignment - 1)
        return try ELFLoader.load(elf, into: memory, dynamicBase: base, limit: top)
    }

    /// Maps the one-page "[vdso]" holding the rt_sigreturn trampoline handlers return to.
    static func mapTrampoline(_ memory: GuestMemory, below top: UInt64, program: String) throws(LoadError) -> UInt64 {
        guard let page = memory.findFree(length: GuestMemory.pageSize, from: GuestLayout.minimumAddress, below: top) else {
            throw LoadError(path: program, kind: .mapFailed, message: "no room for the signal trampoline")
        }
        var code: [UInt8] = []
        for word in SignalFrame.trampoline { for i in 0 ..< 4 { code.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(i)))) } }
        let written = code.withUnsafeBytes { raw -> Bool in
            do {
                try memory.map(page, length: GuestMemory.pageSize, protection: [.read, .execute], name: "[vdso]")
                try memory.writeInitial(page, raw)
                return true
            } catch {
                return false
            }
        }
        guard written else { throw LoadError(path: program, kind: .mapFailed, message: "cannot map the signal trampoline") }
        return page
    }

    /// Ends the process when a thread other than the caller of `run()` ends
    /// it (exit_group, a fatal signal, or the last thread's `exit`). It must not
    /// return; the default exits the host process with the guest's status.
    public var exitFromThread: (ProcessExit) -> Void = { LinuxProcess.exitHost($0) }

    /// A debugger attached before `run()` (a gdb stub): it decides when guest
    /// threads run and sees breakpoints, steps and signals first (DebuggedRun.swift).
    public var debugger: ProcessDebugger?

    /// Runs until the guest exits or dies; returns how it ended. Signals are
    /// delivered to guest handlers after each stop (syscall or interrupt).
    /// Guest threads run on host threads of their own, in parallel; when the
    /// main thread exits alone, this call waits for the others.
    public func run() -> ProcessExit {
        syscalls.startThread = { [unowned self] thread in self.runSecondary(thread) }
        let main = syscalls.mainThread
        if debugger != nil { attachDebugger() }
        main.attachToHostThread()
        retiredAtStart = syscalls.kernelLock.withLock { syscalls.instructionsRetired() }
        startRestoredThreads()
        startCheckpointWatcher()
        if checkpointRequest != nil { syscalls.checkpointDroppedInChild = { [unowned self] in checkpointRequest = nil } }
        if let end = runThread(main), claimEnd() {
            if !checkpointWritten { endProcess() }
            debugger?.processEnded(end)
            main.detachFromHostThread()
            return end
        }
        main.detachFromHostThread()
        if embedded { return endedElsewhere.wait() }
        // Host signals must reach the threads that still run guest code.
        _ = HostSignals.blockAll()
        while true { pause() }  // the last thread ends the process (`exitFromThread`)
    }

    /// Runs `body` with host signals interrupting the main hart at its next
    /// block boundary, as `run()` does (for callers that drive `machine.run`
    /// themselves, such as the lockstep checker).
    public func withSignalInterrupts<T>(_ body: () -> T) -> T {
        syscalls.mainThread.attachToHostThread()
        defer { syscalls.mainThread.detachFromHostThread() }
        return body()
    }

    /// Runs `thread` on the calling host thread until the process ends (its
    /// exit) or the thread alone exits (nil). Guest code runs without any
    /// lock; stops are handled under the syscall layer's kernel lock.
    func runThread(_ thread: GuestThread) -> ProcessExit? {
        if let debugger { return runThreadDebugged(thread, debugger) }
        while true {
            if machine.hartsReleased { return nil }  // an embedded process ended on another thread
            switch processStopDue() {
            case .checkpoint?: return writeCheckpoint()
            case .end(let end)?: return end
            case .pause?: pauseIfDue()
            case nil: break
            }
            let reason = runGuest(thread)
            if case .ended(let end) = handleStop(reason, of: thread) { return end }
        }
    }

    /// What a thread does after `handleStop`.
    enum AfterStop {
        /// Run guest code again.
        case goOn
        /// The process ends as the value says (nil: only this thread ended).
        case ended(ProcessExit?)
    }

    /// Handles a stop of `thread`'s hart (a syscall, a fault, an interrupt)
    /// and delivers its signals, under the syscall layer's kernel lock.
    func handleStop(_ reason: StopReason, of thread: GuestThread) -> AfterStop {
        syscalls.kernelLock.lock()
        guard !machine.hartsReleased else {  // an embedded process ended meanwhile
            syscalls.kernelLock.unlock()
            return .ended(nil)
        }
        thread.handling.store(true, ordering: .sequentiallyConsistent)
        // Another thread's hart may translate code from guest memory this
        // thread writes now (syscall buffers, a signal frame): keep such
        // pages writable until it is done (`GuestMemory.beginHostWrites`).
        let scoped = syscalls.threads.count > 1
        if scoped { machine.memory.beginHostWrites() }
        defer {
            if scoped { machine.memory.endHostWrites() }
            thread.handling.store(false, ordering: .sequentiallyConsistent)
            syscalls.kernelLock.unlock()
        }
        guard let end = handle(reason) ?? syscalls.deliverSignals() else {
            return machine.hartsReleased ? .ended(nil) : .goOn
        }
        guard thread.exitsThreadOnly else { return .ended(end) }
        debugger?.threadExited(thread)
        return .ended(syscalls.endCurrentThread() ? end : nil)
    }

    /// The process ends (exit_group, a fatal signal, the last thread's exit):
    /// every other hart stops for good, and the robust futexes of the threads
    /// still alive are released, as Linux does for each dying thread (a
    /// robust mutex in memory shared with another process becomes EOWNERDEAD there).
    func endProcess() {
        machine.stopOtherHarts()
        syscalls.kernelLock.withLock { syscalls.releaseAllRobustFutexes() }
        // An embedded guest's host process goes on: the stopped threads end
        // their host threads (each at its next stop; one in a blocking call is woken).
        if embedded {
            machine.releaseStoppedHarts()
            wakeBlockedThreads()
        }
    }

    /// The body of a host thread started by clone(CLONE_THREAD).
    func runSecondary(_ thread: GuestThread) {
        defer { syscalls.secondaryHostThreads.subtract(1, ordering: .sequentiallyConsistent) }
        thread.attachToHostThread()
        HostSignals.setBlocked(thread.signalMask)
        if let end = runThread(thread), claimEnd() {
            if !checkpointWritten { endProcess() }
            debugger?.processEnded(end)
            guard embedded else {
                exitFromThread(end)
                return
            }
            endedElsewhere.post(end)
            thread.detachFromHostThread()
            return
        }
        machine.memory.rearmWatches()  // what its last syscalls lifted
        thread.detachFromHostThread()
    }

    /// A one-shot hand-over of the process's end between host threads.
    private final class EndSignal: @unchecked Sendable {
        private var end: ProcessExit?
        private var semaphore = sem_t()
        init() { sem_init(&semaphore, 0, 0) }
        deinit { sem_destroy(&semaphore) }
        func post(_ value: ProcessExit) {
            end = value
            sem_post(&semaphore)
        }
        func wait() -> ProcessExit {
            while sem_wait(&semaphore) != 0 {}
            return end!
        }
    }

    /// Exits the host process as the guest process ended.
    public static func exitHost(_ end: ProcessExit) -> Never {
        switch end {
        case .exited(let status):
            exit(status)
        case .signaled(let sig, let message):
            if let message { printError(message) }
            die(sig)
        }
    }

    /// Kills the host process with `sig` (no core file), as the guest's fatal
    /// signal ended the guest; falls back to exit 128+sig.
    public static func die(_ sig: Int32) -> Never {
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        signal(sig, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, sig)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(sig)
        exit(128 + sig)
    }

    /// Handles one stop of `machine.run` (serves a syscall, or turns a fault into
    /// the guest's death); returns the exit when the process is over.
    public func handle(_ reason: StopReason) -> ProcessExit? {
        let hart = syscalls.thread.hart
        let pc = hart.pc
        /// To the guest's handler when it has one, else the process dies (a
        /// debugger sees it first and may discard it: the instruction runs again).
        func fault(_ sig: Int32, code: Int32, address: UInt64, _ what: String) -> ProcessExit? {
            if let intercept = syscalls.signalInterceptor {
                let delivered = intercept(sig)
                if delivered == 0 { return nil }
                if delivered != sig { return syscalls.raiseFromDebugger(delivered) }
            }
            if syscalls.queueFault(sig, code: code, address: address) { return nil }
            return .signaled(sig, message: "tern: guest \(Signal.name(sig)) at pc 0x\(hex(pc)): \(what)")
        }
        func segv(_ address: UInt64, _ access: MemoryProtection) -> Int32 {
            machine.memory.region(containing: address) == nil ? 1 : 2  // SEGV_MAPERR, SEGV_ACCERR
        }
        /// A fault on a page the guest may access has no page behind it (a file
        /// mapping past the end of its file, the part of a grown shared mapping past
        /// its object): SIGBUS with BUS_ADRERR, as Linux's fault handler gives.
        func memoryFault(_ address: UInt64, _ access: MemoryProtection, _ what: String) -> ProcessExit? {
            if let region = machine.memory.region(containing: address), region.protection.contains(access) {
                return fault(Signal.sigbus, code: 2, address: address,
                             "\(what) address 0x\(hex(address)) past the end of its mapped object")
            }
            return fault(Signal.sigsegv, code: segv(address, access), address: address,
                         "\(what) \(describe(address, needing: access)) address 0x\(hex(address))")
        }
        switch reason {
        case .ecall:
            syscalls.currentPC = pc
            let number = Int(truncatingIfNeeded: hart[x: 17])  // any a7, even -1: ENOSYS, never a trap
            let args = SyscallArgs((10 ... 15).map { hart[x: $0] })
            hart.pc = pc &+ 4  // during the call the pc is past the ecall, as Linux and qemu show it
            let result = syscalls.handle(number: number, args: args)
            if let end = syscalls.exitRequest { return end }
            if syscalls.registersRestored {  // rt_sigreturn
                syscalls.registersRestored = false
                return nil
            }
            hart[x: 10] = UInt64(bitPattern: result)
            hart.pc = pc &+ 4
            syscalls.lastSyscall = (number, pc, args[0], result)
            return nil
        case .budgetExhausted:
            return nil
        case .ebreak:
            return fault(Signal.sigtrap, code: 1, address: pc, "ebreak")  // TRAP_BRKPT
        case .illegalInstruction(let bits), .system(let bits):
            return fault(Signal.sigill, code: 1, address: pc, "illegal instruction 0x\(hex(bits))")  // ILL_ILLOPC
        case .fetchFault(let address):
            return memoryFault(address, .execute, "instruction fetch from")
        case .loadFault(let address):
            return memoryFault(address, .read, "load from")
        case .storeFault(let address):
            return memoryFault(address, .write, "store to")
        case .debug(let stop):  // only with a debugger's breakpoints or watchpoints; as the hardware trap would
            if case .watchpoint = stop { return fault(Signal.sigtrap, code: 4, address: pc, "watchpoint") }  // TRAP_HWBKPT
            return fault(Signal.sigtrap, code: 1, address: pc, "breakpoint")  // TRAP_BRKPT
        case .misalignedAtomic(let address):
            return fault(Signal.sigbus, code: 1, address: address, "misaligned atomic access to address 0x\(hex(address))")  // BUS_ADRALN
        }
    }

    /// "unmapped", "read-only", "non-executable"...
    private func describe(_ address: UInt64, needing access: MemoryProtection) -> String {
        guard let region = machine.memory.region(containing: address) else { return "unmapped" }
        let p = region.protection
        if access == .write && p.contains(.read) { return "read-only" }
        if access == .execute { return "non-executable" }
        return p.isEmpty ? "inaccessible" : "unreadable"
    }

    static func absolutePath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
