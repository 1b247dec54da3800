/// How a guest Linux process is set up and run.
public struct LinuxOptions: Sendable {
    /// The guest environment, as `NAME=value` strings.
    public var environment: [String]
    /// Print one warning per unsupported syscall number.
    public var warnUnsupported: Bool
    /// Print every syscall with its arguments and result to stderr.
    public var strace: Bool
    /// Size of the guest stack mapping.
    public var stackSize: UInt64
    /// Host directory holding the guest's root file system (qemu's `-L`):
    /// the dynamic loader and absolute guest paths are looked up there first.
    public var sysroot: String?
    /// Host command that runs another riscv64 program with the same settings,
    /// used by execve: `--argv0 NAME -- PROGRAM ARGS...` is appended
    /// (e.g. `["/usr/bin/tern", "run", "--sysroot", "/sr"]`). Nil: execve of a
    /// riscv64 program fails with ENOEXEC.
    public var execCommand: [String]?
    /// The host file to load instead of the program's path (binfmt_misc hands
    /// tern the program as an open file: `/proc/self/fd/N`).
    public var executableHostPath: String?
    /// execve of a riscv64 program goes through the host kernel (and so through
    /// binfmt_misc, which started this tern) instead of `execCommand`.
    public var execThroughKernel = false

    public init(environment: [String] = [], warnUnsupported: Bool = true, strace: Bool = false,
                stackSize: UInt64 = GuestLayout.defaultStackSize, sysroot: String? = nil, execCommand: [String]? = nil) {
        self.environment = environment
        self.warnUnsupported = warnUnsupported
        self.strace = strace
        self.stackSize = stackSize
        self.sysroot = sysroot
        self.execCommand = execCommand
    }
}

/// How a guest process ended.
public enum ProcessExit: Equatable, Sendable {
    /// exit/exit_group with this status (0–255).
    case exited(Int32)
    /// Killed by signal `sig`; `message` is one line such as
    /// `tern: guest SIGSEGV at pc 0x10564: store to unmapped address 0x10`.
    case signaled(Int32, message: String)
}
