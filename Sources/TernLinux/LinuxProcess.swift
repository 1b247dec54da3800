import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// A guest Linux process: a loaded executable, its initial stack, one hart,
/// and the syscall layer. Create it, then call `run()`.
public final class LinuxProcess: @unchecked Sendable {
    public let machine: Machine
    /// The single hart (thread) of the process.
    public let hart = Hart()
    /// The syscall layer (exposed for tests and tools).
    public let syscalls: SyscallHandler
    /// Where the executable was loaded.
    let image: LoadedImage
    /// The initial stack pointer.
    public let initialStackPointer: UInt64

    /// Loads `executablePath` into `machine` and builds the initial stack.
    /// `arguments` includes argv[0].
    public init(machine: Machine, executablePath: String, arguments: [String],
                options: LinuxOptions) throws(LoadError) {
        self.machine = machine
        let paths = GuestPaths(sysroot: options.sysroot)
        let hostExecutable = paths.host(executablePath)
        let bytes = try ELFLoader.readFile(hostExecutable)
        let elf = try ELFFile(path: hostExecutable, bytes: bytes)
        let image = try ELFLoader.load(elf, into: machine.memory)
        self.image = image
        var interpreterImage: LoadedImage?
        if let interpreter = elf.interpreter {
            interpreterImage = try Self.loadInterpreter(interpreter, for: executablePath, paths: paths, memory: machine.memory)
        }

        let stackSize = GuestMemory.pageUp(max(options.stackSize, 64 << 10))
        let stackTop = GuestLayout.stackTop
        guard stackSize < stackTop / 2 else {
            throw LoadError(path: executablePath, kind: .mapFailed, message: "stack size too large")
        }
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
            arguments: arguments, environment: options.environment, execfn: executablePath,
            image: image, interpreterBase: interpreterImage?.bias ?? 0, random: random,
            identity: .init(uid: UInt64(getuid()), euid: UInt64(geteuid()), gid: UInt64(getgid()), egid: UInt64(getegid())))
        initialStackPointer = stack.stackPointer

        syscalls = SyscallHandler(machine: machine, options: options,
                                  executablePath: Self.absolutePath(hostExecutable),
                                  breakStart: image.breakStart,
                                  mmapTop: stackBottom - GuestLayout.stackGap)
        syscalls.paths = paths
        syscalls.hart = hart
        syscalls.arguments = arguments
        syscalls.stackStart = stack.stackPointer
        syscalls.auxv = stack.auxv.map { ($0.0.rawValue, $0.1) }
        hart.pc = interpreterImage?.entry ?? image.entry
        hart[x: 2] = stack.stackPointer
    }

    /// Loads the program interpreter (PT_INTERP) from the sysroot at its own
    /// base, just below the stack gap, as Linux maps it at the top of the mmap area.
    static func loadInterpreter(_ interpreter: String, for program: String, paths: GuestPaths,
                                memory: GuestMemory) throws(LoadError) -> LoadedImage {
        let host = paths.host(interpreter)
        let bytes: [UInt8]
        do { bytes = try ELFLoader.readFile(host) } catch {
            let hint = paths.sysroot == nil ? "; pass --sysroot DIR (or -L DIR, TERN_SYSROOT) with the guest's root file system" : ""
            throw LoadError(path: program, kind: .dynamicallyLinked(interpreter: interpreter),
                            message: "cannot load the program interpreter \(paths.lookedUp(interpreter)): \(error.message)\(hint)")
        }
        let elf = try ELFFile(path: host, bytes: bytes)
        guard elf.isPositionIndependent, elf.interpreter == nil else {
            throw LoadError(path: host, kind: .badHeader, message: "the program interpreter must be a position-independent ELF without its own interpreter")
        }
        let lowest = elf.loadSegments.map { GuestMemory.pageDown($0.vaddr) }.min()!
        let highest = elf.loadSegments.map { GuestMemory.pageUp($0.vaddr &+ $0.memsz) }.max()!
        let span = highest &- lowest
        let top = GuestLayout.stackTop - GuestLayout.defaultStackSize - GuestLayout.stackGap
        guard span < top / 4 else { throw LoadError(path: host, kind: .badSegment, message: "interpreter segments span 0x\(hex(span)) bytes") }
        let base = (top - span) & ~(GuestLayout.interpreterAlignment - 1)
        return try ELFLoader.load(elf, into: memory, dynamicBase: base)
    }

    /// Runs until the guest exits or dies; returns how it ended.
    public func run() -> ProcessExit {
        while true {
            let reason = machine.run(hart)
            if let end = handle(reason) { return end }
        }
    }

    /// Handles one stop; returns the exit when the process is over.
    func handle(_ reason: StopReason) -> ProcessExit? {
        let pc = hart.pc
        func die(_ sig: Int32, _ what: String) -> ProcessExit {
            .signaled(sig, message: "tern: guest \(Signal.name(sig)) at pc 0x\(hex(pc)): \(what)")
        }
        switch reason {
        case .ecall:
            syscalls.currentPC = pc
            let number = Int(hart[x: 17])
            let args = SyscallArgs((10 ... 15).map { hart[x: $0] })
            let result = syscalls.handle(number: number, args: args)
            if let end = syscalls.exitRequest { return end }
            hart[x: 10] = UInt64(bitPattern: result)
            hart.pc = pc &+ 4
            return nil
        case .budgetExhausted:
            return nil
        case .ebreak:
            return die(Signal.sigtrap, "ebreak")
        case .illegalInstruction(let bits):
            return die(Signal.sigill, "illegal instruction 0x\(hex(bits))")
        case .fetchFault(let address):
            return die(Signal.sigsegv, "instruction fetch from \(describe(address, needing: .execute)) address 0x\(hex(address))")
        case .loadFault(let address):
            return die(Signal.sigsegv, "load from \(describe(address, needing: .read)) address 0x\(hex(address))")
        case .storeFault(let address):
            return die(Signal.sigsegv, "store to \(describe(address, needing: .write)) address 0x\(hex(address))")
        case .misalignedAtomic(let address):
            return die(Signal.sigbus, "misaligned atomic access to address 0x\(hex(address))")
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
