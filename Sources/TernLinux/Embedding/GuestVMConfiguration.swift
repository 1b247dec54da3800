import TernCore

/// What a VM runs and the limits it runs under.
extension GuestVM {
    /// What to run and how.
    public struct Configuration: Sendable {
        /// Host path of the riscv64 ELF (static, or dynamic with `sysroot`).
        public var executable: String
        /// argv, argv[0] included (default: the executable's path).
        public var arguments: [String]
        /// The environment, "NAME=value" each (default: empty).
        public var environment: [String] = []
        /// The guest root file system for the interpreter and libraries.
        public var sysroot: String?
        /// The bytes the guest reads from its stdin (then end of file).
        public var stdin: [UInt8] = []
        /// Instruction, memory and wall-time limits.
        public var limits = Limits()
        /// Per-call policies by syscall name ("openat", "socket"...).
        public var syscalls: [String: SyscallPolicy] = [:]
        /// Working directory of the guest (default: the host process's).
        public var workingDirectory: String?
        /// The CPU model, named as `tern run --cpu` takes it ("rv64gc",
        /// "rva23u64", "max,zicond=false"...; nil: Tern's default, `max`).
        public var cpu: String?

        /// Runs `executable` with `arguments` (argv[0] included; default: the executable's path alone).
        public init(executable: String, arguments: [String]? = nil) {
            self.executable = executable
            self.arguments = arguments ?? [executable]
        }
    }

    /// Limits; a guest that reaches one ends as `Result.exit` says.
    public struct Limits: Sendable, Equatable {
        /// Guest instructions (all threads): the guest is stopped with SIGXCPU
        /// after exactly this many.
        public var instructions: UInt64?
        /// Bytes of guest address space (RLIMIT_AS, as Tern enforces it: mmap,
        /// brk and mremap beyond it fail with ENOMEM).
        public var memoryBytes: UInt64?
        /// Seconds of wall time: the guest is stopped with SIGXCPU at its next
        /// block boundary after this long.
        public var wallSeconds: Double?

        /// Limits; nil means none of that kind.
        public init(instructions: UInt64? = nil, memoryBytes: UInt64? = nil, wallSeconds: Double? = nil) {
            self.instructions = instructions
            self.memoryBytes = memoryBytes
            self.wallSeconds = wallSeconds
        }
    }
}
