#if canImport(Glibc)
import Glibc
#endif

/// How a guest Linux process is set up and run.
public struct LinuxOptions: Sendable {
    /// The guest environment, as `NAME=value` strings.
    public var environment: [String]
    /// The guest environment as raw bytes, in order (wins over `environment`
    /// when set: the strings of a program started by execve need not be UTF-8).
    public var environmentBytes: [[UInt8]]?
    /// What the guest's initial stack receives.
    var guestEnvironment: [[UInt8]] { environmentBytes ?? environment.map { Array($0.utf8) } }
    /// Log unimplemented syscalls and unsupported requests to stderr, one line
    /// each the first time (qemu's `-d unimp`). Off by default: the guest's
    /// stderr carries nothing from tern unless asked; the counts are always
    /// kept (`SyscallHandler.unimplementedCalls`, shown by `--stats`).
    public var warnUnsupported: Bool
    /// Print every syscall with its arguments and result to stderr.
    public var strace: Bool
    /// Size of the guest stack mapping.
    public var stackSize: UInt64
    /// Host directory holding the guest's root file system (qemu's `-L`):
    /// the dynamic loader and absolute guest paths are looked up there first.
    public var sysroot: String?
    /// Host command that runs another riscv64 program with the same settings,
    /// used by execve: `--exec-env N --argv0 NAME -- PROGRAM ARGS... ENV...`
    /// is appended: the guest's envp travels as the last N arguments, and the
    /// new tern process gets Tern's own environment, so nothing the guest puts
    /// in its environment (LD_PRELOAD, LD_LIBRARY_PATH, GLIBC_TUNABLES,
    /// TERN_SYSROOT...) reaches the host tern
    /// (e.g. `["/usr/bin/tern", "run", "--sysroot", "/sr"]`). Nil: execve of a
    /// riscv64 program fails with ENOEXEC.
    public var execCommand: [String]?
    /// The host file to load instead of the program's path (binfmt_misc hands
    /// tern the program as an open file: `/proc/self/fd/N`).
    public var executableHostPath: String?
    /// execve of a riscv64 program goes through the host kernel (and so through
    /// binfmt_misc, which started this tern) instead of `execCommand`.
    public var execThroughKernel = false
    /// State a program started by execve inherits from the one that called it
    /// (what the kernel keeps across exec besides descriptors, cwd and umask,
    /// which the host process keeps by itself).
    public var inherited: InheritedState

    public init(environment: [String] = [], warnUnsupported: Bool = false, strace: Bool = false,
                stackSize: UInt64 = GuestLayout.defaultStackSize, sysroot: String? = nil, execCommand: [String]? = nil) {
        self.environment = environment
        self.warnUnsupported = warnUnsupported
        self.strace = strace
        self.stackSize = stackSize
        self.sysroot = sysroot
        self.execCommand = execCommand
        self.inherited = InheritedState()
    }

    /// Tern's own environment (`environ`), raw bytes in order. The guest
    /// cannot change it: the guest's environment lives in guest memory.
    public static func hostEnvironment() -> [[UInt8]] {
        var out: [[UInt8]] = []
        var p = environ
        while let entry = p.pointee {
            out.append(Array(UnsafeRawBufferPointer(start: entry, count: strlen(entry))))
            p += 1
        }
        return out
    }

    /// The environment of the tern a guest execve starts: Tern's own, without
    /// the variables that configure only this tern (TERN_GDB: the new program
    /// must not wait for gdb again).
    public static func execEnvironment() -> [[UInt8]] {
        hostEnvironment().filter { !$0.starts(with: Array("TERN_GDB=".utf8)) }
    }

    /// The limits Tern keeps itself (`InheritedState.resourceLimits`).
    var resourceLimits: [Int32: ResourceLimit] { inherited.resourceLimits }
}

/// How a guest process ended.
public enum ProcessExit: Equatable, Sendable {
    /// exit/exit_group with this status (0–255).
    case exited(Int32)
    /// Killed by signal `sig`. `message` is one line such as
    /// `tern: guest SIGSEGV at pc 0x10564: store to unmapped address 0x10`
    /// when Tern found the fault (an illegal instruction, a bad access, a
    /// signal frame it cannot push or pop); nil when the signal came as on
    /// Linux from the guest itself (kill, raise, abort) or from outside (a
    /// parent's SIGTERM, SIGPIPE, SIGALRM): Linux prints nothing then, and
    /// neither does Tern: the exit status tells.
    case signaled(Int32, message: String?)
}

/// What execve carries from the old program to the new one besides the host
/// process's own state: the calling thread's blocked signals, the signals
/// whose disposition is "ignore", and the resource limits Tern keeps itself
/// (RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK). Caught signals revert to the
/// default, as on Linux.
public struct InheritedState: Equatable, Sendable {
    /// Blocked signals, bit (sig - 1).
    public var signalMask: UInt64 = 0
    /// Signals set to SIG_IGN, bit (sig - 1).
    public var ignoredSignals: UInt64 = 0
    /// Limits by resource number.
    public var resourceLimits: [Int32: ResourceLimit] = [:]
    /// prctl(PR_RISCV_V_GET_CONTROL)'s value the program starts with (2: V on, as a fresh process).
    public var vectorControl: Int64 = 2

    public init(signalMask: UInt64 = 0, ignoredSignals: UInt64 = 0, resourceLimits: [Int32: ResourceLimit] = [:],
                vectorControl: Int64 = 2) {
        self.signalMask = signalMask
        self.ignoredSignals = ignoredSignals
        self.resourceLimits = resourceLimits
        self.vectorControl = vectorControl
    }

    /// The command-line form (`--exec-state`): `mask,ignored[,resource:cur:max]...[,v:control]`,
    /// numbers in hex (the V control only when it is not the fresh process's 2).
    public var encoded: String {
        var parts = [String(signalMask, radix: 16), String(ignoredSignals, radix: 16)]
        for (r, l) in resourceLimits.sorted(by: { $0.key < $1.key }) {
            parts.append("\(r):\(String(l.current, radix: 16)):\(String(l.maximum, radix: 16))")
        }
        if vectorControl != 2 { parts.append("v:" + String(vectorControl, radix: 16)) }
        return parts.joined(separator: ",")
    }

    /// Parses `encoded`; nil when malformed.
    public init?(encoded: String) {
        let parts = encoded.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count >= 2, let mask = UInt64(parts[0], radix: 16), let ignored = UInt64(parts[1], radix: 16) else { return nil }
        var limits: [Int32: ResourceLimit] = [:]
        var vectorControl: Int64 = 2
        for p in parts.dropFirst(2) {
            let f = p.split(separator: ":", omittingEmptySubsequences: false)
            if f.count == 2, f[0] == "v" {
                guard let v = Int64(f[1], radix: 16), v >= 0, v <= 0x1f else { return nil }
                vectorControl = v
                continue
            }
            guard f.count == 3, let r = Int32(f[0]), r >= 0, r < 16, let c = UInt64(f[1], radix: 16), let m = UInt64(f[2], radix: 16) else { return nil }
            limits[r] = ResourceLimit(current: c, maximum: m)
        }
        self.init(signalMask: mask, ignoredSignals: ignored, resourceLimits: limits, vectorControl: vectorControl)
    }
}
