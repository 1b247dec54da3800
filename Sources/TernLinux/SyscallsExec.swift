import TernCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("wait4")
func host_wait4(_ pid: Int32, _ status: UnsafeMutablePointer<Int32>?, _ options: Int32, _ usage: UnsafeMutableRawPointer?) -> Int32
@_silgen_name("waitid")
func host_waitid(_ idtype: UInt32, _ id: UInt32, _ info: UnsafeMutableRawPointer, _ options: Int32) -> Int32

/// Processes: clone/clone3 without CLONE_VM (and vfork) become a host fork —
/// the child continues the same machine on copy-on-write copies of guest
/// memory and the translation cache (the reservation is MAP_PRIVATE); execve
/// of a riscv64 ELF re-runs tern (`LinuxOptions.execCommand`), a `#!` script
/// runs its interpreter, any other file is executed by the host; wait4 and
/// waitid report host statuses, whose encoding is the same on both ABIs.
extension SyscallHandler {
    static let cloneVM: UInt64 = 0x100, cloneSighand: UInt64 = 0x800, cloneVfork: UInt64 = 0x4000, cloneThread: UInt64 = 0x10000
    static let cloneSetTLS: UInt64 = 0x80000, cloneParentSetTID: UInt64 = 0x100000
    static let cloneChildClearTID: UInt64 = 0x200000, cloneChildSetTID: UInt64 = 0x1000000
    /// Deepest chain of `#!` interpreters followed (Linux: BINPRM_MAX_RECURSION 4).
    static let maxInterpreterDepth = 4

    /// clone(flags, newsp, parent_tid, tls, child_tid) — riscv64 argument order.
    func sysClone(_ a: SyscallArgs) -> Int64 {
        forkProcess(flags: a[0], stack: a[1], parentTID: a[2], tls: a[3], childTID: a[4])
    }

    /// clone3(struct clone_args *, size).
    func sysClone3(_ a: SyscallArgs) -> Int64 {
        guard a[1] >= 64, a[1] <= 4096 else { return -Errno.EINVAL }
        guard let raw = copyIn(a[0], 64) else { return -Errno.EFAULT }
        let r = ByteReader(raw)
        // flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls
        let flags = r.u64(0) | (r.u64(32) & 0xff)
        let stack = r.u64(40) == 0 ? 0 : r.u64(40) &+ r.u64(48)
        return forkProcess(flags: flags, stack: stack, parentTID: r.u64(24), tls: r.u64(56), childTID: r.u64(16))
    }

    private func forkProcess(flags: UInt64, stack: UInt64, parentTID: UInt64, tls: UInt64, childTID: UInt64) -> Int64 {
        if flags & Self.cloneThread != 0 {
            return cloneThread(flags: flags, stack: stack, parentTID: parentTID, tls: tls, childTID: childTID)
        }
        if flags & Self.cloneVM != 0 && flags & Self.cloneVfork == 0 {
            warnOnce("clone with CLONE_VM but without CLONE_THREAD or CLONE_VFORK is not supported")
            return -Errno.ENOSYS
        }
        var forkError: Int32 = 0
        let pid = machine.fork {
            let pid = Glibc.fork()
            forkError = errno
            return pid
        }
        guard pid >= 0 else { return -Errno.guest(fromHost: forkError) }
        if pid > 0 {
            if flags & Self.cloneParentSetTID != 0 { _ = copyOut(parentTID, value: Int32(pid), size: 4) }
            return Int64(pid)
        }
        becomeSingleThreadedAfterFork()
        forkedChild?()
        checkpointDroppedInChild?()
        let me = Int32(getpid())
        if flags & Self.cloneParentSetTID != 0 { _ = copyOut(parentTID, value: me, size: 4) }
        if flags & Self.cloneChildSetTID != 0 { _ = copyOut(childTID, value: me, size: 4) }
        if let hart {
            if stack != 0 { hart[x: 2] = stack }
            if flags & Self.cloneSetTLS != 0 { hart[x: 4] = tls }
        }
        return 0
    }

    /// Counts an unsupported request; logs it the first time with `-d unimp`.
    func warnOnce(_ message: String) {
        let count = unsupportedRequests[message, default: 0] + 1
        unsupportedRequests[message] = count
        if options.warnUnsupported && count == 1 { printError("tern: unsupported: \(message)") }
    }

    // MARK: execve

    /// Reads a NULL-terminated guest array of string pointers, each string as
    /// raw bytes (MAX_ARG_STRLEN 128 KiB each: E2BIG past it).
    private func stringArray(_ address: UInt64) -> Result<[[UInt8]], SyscallError> {
        var out: [[UInt8]] = []
        guard address != 0 else { return .success([]) }
        var a = address
        while true {
            guard let p = loadU64(a) else { return .failure(.init(Errno.EFAULT)) }
            if p == 0 { return .success(out) }
            switch guestString(p, limit: 128 << 10) {
            case .failure(let e): return .failure(e.errno == Errno.ENAMETOOLONG ? .init(Errno.E2BIG) : e)
            case .success(let s): out.append(s)
            }
            guard out.count < 1 << 17 else { return .failure(.init(Errno.E2BIG)) }
            a += 8
        }
    }

    /// The state the new program inherits (`InheritedState`): this thread's
    /// mask, the ignored signals, the limits Tern keeps, the V control as the
    /// new program starts with it.
    func stateForExec() -> InheritedState {
        var ignored: UInt64 = 0
        for (sig, act) in signalActions where act.handler == 1 && sig >= 1 && sig <= 64 { ignored |= 1 << UInt64(sig - 1) }
        var limits: [Int32: ResourceLimit] = [:]
        for r in [Self.rlimitAS, Self.rlimitData, Self.rlimitStack] { limits[r] = virtualLimit(r) }
        return InheritedState(signalMask: signalMask, ignoredSignals: ignored, resourceLimits: limits,
                              vectorControl: VectorControl.afterExec(vectorControl))
    }

    /// Takes over what the program that called execve left (`LinuxOptions.inherited`).
    func applyInheritedState() {
        let state = options.inherited
        for sig in Int32(1) ... 64 where state.ignoredSignals & (1 << UInt64(sig - 1)) != 0 && sig != 9 && sig != 19 {
            signalActions[Int(sig)] = GuestSigaction(handler: 1)
            HostSignals.setDisposition(sig, handler: 1)
        }
        if state.signalMask != 0 { setSignalMask(state.signalMask) }
        setVectorControl(state.vectorControl)
    }

    /// What an executable file is, from its first bytes.
    enum ExecutableKind: Equatable {
        case riscv64
        case script(interpreter: [UInt8], argument: [UInt8]?)
        case host
    }

    /// Classifies the first bytes of a file (ELF machine or `#!` line).
    static func executableKind(_ head: [UInt8]) -> ExecutableKind {
        if head.count >= 20, head[0 ..< 4] == [0x7f, 0x45, 0x4c, 0x46], head[18] == 243, head[19] == 0 { return .riscv64 }
        if head.count > 2, head[0] == 0x23, head[1] == 0x21 {
            let line = head[2...].prefix { $0 != 0x0a }
            let isBlank = { (b: UInt8) in b == 0x20 || b == 0x09 }
            let trimmed = line.drop(while: isBlank)
            let interpreter = Array(trimmed.prefix { !isBlank($0) })
            var rest = Array(trimmed.dropFirst(interpreter.count).drop(while: isBlank))
            while let last = rest.last, isBlank(last) || last == 0x0d { rest.removeLast() }
            guard !interpreter.isEmpty else { return .host }
            return .script(interpreter: interpreter, argument: rest.isEmpty ? nil : rest)
        }
        return .host
    }

    func sysExecve(_ a: SyscallArgs) -> Int64 {
        switch guestPath(a[0]) {
        case .failure(let e): return -e.errno
        case .success(let path): return sysExecve(a, path: path, argv: a[1], envp: a[2])
        }
    }

    /// execve of guest program `path` with the guest arrays at `argvAddress`, `envpAddress`.
    func sysExecve(_ a: SyscallArgs, path: [UInt8], argv argvAddress: UInt64, envp envpAddress: UInt64) -> Int64 {
        var argv: [[UInt8]], envp: [[UInt8]]
        switch stringArray(argvAddress) { case .failure(let e): return -e.errno; case .success(let v): argv = v }
        switch stringArray(envpAddress) { case .failure(let e): return -e.errno; case .success(let v): envp = v }
        var guestProgram = path
        for _ in 0 ... Self.maxInterpreterDepth {
            let host = hostPath(guestProgram)
            let fd = (host + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_RDONLY | O_CLOEXEC) } }
            guard fd >= 0 else { return Errno.lastHostError() }
            var head = [UInt8](repeating: 0, count: 256)
            let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 256) }
            close(fd)
            guard n >= 0 else { return Errno.lastHostError() }
            guard access(String(decoding: host, as: UTF8.self), X_OK) == 0 else { return Errno.lastHostError() }
            let descriptor = Self.descriptorNamed(guestProgram)
            switch Self.executableKind(Array(head.prefix(n))) {
            case .riscv64:
                if options.execThroughKernel { return hostExec(host, argv, envp) }  // binfmt_misc runs it
                guard let command = options.execCommand else {
                    warnOnce("execve of a riscv64 program needs LinuxOptions.execCommand")
                    return -Errno.ENOEXEC
                }
                var program = isSelfExe(guestProgram) ? Array(executablePath.utf8) : guestProgram
                let argv0 = argv.first ?? program
                var options = command + ["--exec-state", stateForExec().encoded]
                var programFD: Int32 = -1
                if let descriptor {
                    // fexecve: the descriptor may be close-on-exec, and the new tern must
                    // still read the program. A copy without FD_CLOEXEC survives the
                    // host execve; the new tern loads from it and closes it.
                    programFD = fcntl(descriptor, F_DUPFD, 3)
                    guard programFD >= 0 else { return Errno.lastHostError() }
                    program = Array("/proc/self/fd/\(programFD)".utf8)
                    options += ["--exec-fd", String(programFD)]
                }
                // The guest's envp goes as arguments; the host tern keeps Tern's own environment.
                options += ["--exec-env", String(envp.count)]
                let arguments = (options + ["--argv0"]).map { Array($0.utf8) } + [argv0, Array("--".utf8), program]
                    + argv.dropFirst() + envp
                let r = hostExec(Array(command[0].utf8), arguments, LinuxOptions.execEnvironment())
                if programFD >= 0 { close(programFD) }
                return r
            case .script(let interpreter, let argument):
                // The interpreter opens the script by name: a close-on-exec descriptor
                // is gone by then (execveat(2): ENOENT).
                if let descriptor, fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0 { return -Errno.ENOENT }
                var next = [interpreter]
                if let argument { next.append(argument) }
                next.append(guestProgram)
                argv = next + argv.dropFirst()
                guestProgram = interpreter
            case .host:
                return hostExec(host, argv, envp)
            }
        }
        return -Errno.ELOOP
    }

    /// The descriptor a program path names through /proc/self/fd/N or /dev/fd/N
    /// (how fexecve and execveat with AT_EMPTY_PATH reach execve); nil otherwise.
    static func descriptorNamed(_ path: [UInt8]) -> Int32? {
        let s = String(decoding: path, as: UTF8.self)
        for prefix in ["/proc/self/fd/", "/proc/thread-self/fd/", "/proc/\(getpid())/fd/", "/dev/fd/"] where s.hasPrefix(prefix) {
            return Int32(s.dropFirst(prefix.count)).flatMap { $0 >= 0 ? $0 : nil }
        }
        return nil
    }

    /// Host execve; returns -errno when it fails. The robust futexes of every
    /// thread are released first, as Linux does at exec (futex_exec_release for
    /// the calling thread, the exit of the others that de_thread kills): a
    /// process-shared robust mutex the process holds becomes EOWNERDEAD for its
    /// next locker while the new program runs. Linux does this after the point
    /// of no return; Tern cannot know that the host execve will succeed, so a
    /// failing one (E2BIG, ENOMEM, a vanished tern binary) has already released them.
    private func hostExec(_ path: [UInt8], _ argv: [[UInt8]], _ envp: [[UInt8]]) -> Int64 {
        releaseAllRobustFutexes()
        func cStrings(_ list: [[UInt8]]) -> [UnsafeMutablePointer<CChar>?] {
            list.map { bytes in
                let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
                for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
                p[bytes.count] = 0
                return p
            } + [nil]
        }
        let args = cStrings(argv), env = cStrings(envp), file = cStrings([path])
        defer { for p in args + env + file { p?.deallocate() } }
        execve(file[0]!, args, env)
        return Errno.lastHostError()
    }

    // MARK: wait

}
