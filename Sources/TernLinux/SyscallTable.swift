#if canImport(Glibc)
import Glibc
#endif

/// One system call of the riscv64 table: its name, how `--strace` shows it,
/// how Tern serves it (for docs/SYSCALLS.md), whether it can block, and its handler.
struct SyscallEntry: Sendable {
    typealias Handler = @Sendable (SyscallHandler, SyscallArgs) -> Int64
    let name: String
    /// Argument formats for `--strace` (nil: six raw hex values).
    let formats: [SyscallArgFormat]?
    let resultFormat: SyscallResultFormat
    let status: SyscallStatus
    /// The call can wait for something outside the calling thread (another
    /// thread or process, a device, a timeout). Its handler runs the waiting
    /// host call inside `SyscallHandler.blocking`, which lets the other guest
    /// threads run meanwhile; only calls marked here may do so. (Tern's thread
    /// model uses this mark to treat the thread as outside guest code.)
    let blocks: Bool
    let handler: Handler
    init(_ name: String, _ formats: SyscallArgFormat..., result: SyscallResultFormat = .int,
         status: SyscallStatus = .emulated, blocks: Bool = false, _ handler: @escaping Handler) {
        self.init(name, formats: formats, result: result, status: status, blocks: blocks, handler)
    }
    init(_ name: String, formats: [SyscallArgFormat], result: SyscallResultFormat = .int,
         status: SyscallStatus, blocks: Bool = false, _ handler: @escaping Handler) {
        self.name = name
        self.formats = formats
        self.resultFormat = result
        self.status = status
        self.blocks = blocks
        self.handler = handler
    }
}

extension SyscallHandler {
    /// Implemented syscalls by name; numbers come from `SyscallNames`.
    private static let entries: [SyscallEntry] = [
        // Files and descriptors (SyscallsFile.swift). Where the layouts agree the
        // host kernel serves the call on the guest's own buffers (KernelArguments.swift).
        .host("read", 0, .value, .output(.argument(2)), .value, strace: [.fd, .hex, .int], blocks: true),
        .host("write", 1, .value, .inputBytes(.argument(2)), .value, strace: [.fd, .buffer(count: 2), .int], blocks: true),
        SyscallEntry("readv", .fd, .hex, .int, blocks: true) { $0.sysReadv($1) },
        SyscallEntry("writev", .fd, .hex, .int, blocks: true) { $0.sysWritev($1) },
        .host("pread64", 17, .value, .output(.argument(2)), .value, .value, strace: [.fd, .hex, .int, .int], blocks: true),
        .host("pwrite64", 18, .value, .inputBytes(.argument(2)), .value, .value, strace: [.fd, .buffer(count: 2), .int, .int], blocks: true),
        SyscallEntry("openat", .dirfd, .path, .openFlags, .mode, blocks: true) { $0.sysOpenat($1) },
        SyscallEntry("close", .fd, blocks: true) { $0.sysClose($1) },
        .host("lseek", 8, .value, .value, .value, strace: [.fd, .int, .int]),
        SyscallEntry("fstat", .fd, .hex) { $0.sysFstat($1) },
        SyscallEntry("newfstatat", .dirfd, .path, .hex, .hex) { $0.sysNewfstatat($1) },
        .host("statx", 332, .value, .pathAt(0), .value, .value, .output(.bytes(256)), strace: [.dirfd, .path, .hex, .hex, .hex]),
        SyscallEntry("readlinkat", .dirfd, .path, .hex, .int) { $0.sysReadlinkat($1) },
        SyscallEntry("ioctl", .fd, .hex, .hex, blocks: true) { $0.sysIoctl($1) },
        SyscallEntry("fcntl", .fd, .int, .hex, blocks: true) { $0.sysFcntl($1) },
        .host("dup", 32, .value, strace: [.fd]),
        .host("dup3", 292, .value, .value, .value, strace: [.fd, .fd, .openFlags]),
        .host("pipe2", 293, .output(.bytes(8)), .value, strace: [.hex, .openFlags]),
        .host("getdents64", 217, .value, .output(.argumentUInt32(2)), .value, strace: [.fd, .hex, .int]),
        SyscallEntry("getcwd", .hex, .int) { $0.sysGetcwd($1) },
        .host("chdir", 80, .path),
        SyscallEntry("fchdir", .fd) { $0.sysFchdir($1) },
        .host("faccessat", 269, .value, .pathAt(0), .value, strace: [.dirfd, .path, .int]),
        .host("faccessat2", 439, .value, .pathAt(0), .value, .value, strace: [.dirfd, .path, .int, .hex]),
        .host("unlinkat", 263, .value, .pathAt(0), .value, strace: [.dirfd, .path, .hex]),
        .host("mkdirat", 258, .value, .pathAt(0), .value, strace: [.dirfd, .path, .mode]),
        .host("renameat2", 316, .value, .pathAt(0), .value, .pathAt(2), .value, strace: [.dirfd, .path, .dirfd, .path, .hex]),
        // The target is text stored in the link, not a lookup: it stays as given.
        .host("symlinkat", 266, .string, .value, .pathAt(1), strace: [.path, .dirfd, .path]),
        .host("linkat", 265, .value, .pathAt(0), .value, .pathAt(2), .value, strace: [.dirfd, .path, .dirfd, .path, .hex]),
        .host("ftruncate", 77, .value, .value, strace: [.fd, .int]),
        .host("truncate", 76, .path, .value),
        .host("fsync", 74, .value, strace: [.fd], blocks: true),
        .host("fdatasync", 75, .value, strace: [.fd], blocks: true),
        SyscallEntry("sync", blocks: true) { h, _ in h.blocking { sync() }; return 0 },
        .host("syncfs", 306, .value, strace: [.fd], blocks: true),
        .host("fchmod", 91, .value, .value, strace: [.fd, .mode]),
        .host("fchmodat", 268, .value, .pathAt(0), .value, strace: [.dirfd, .path, .mode]),
        // A NULL path is futimens (glibc's wrapper refuses it; the raw call takes it).
        .host("utimensat", 280, .value, .pathAt(0), .inputBytes(.bytes(32)), .value, strace: [.dirfd, .path, .hex, .hex]),
        .host("umask", 95, .value, strace: [.mode]),
        .host("flock", 73, .value, .value, strace: [.fd, .int], blocks: true),
        // Ownership, statfs, xattrs, copies (struct statfs: the same 120 bytes on both)
        .host("fchown", 93, .value, .value, .value, strace: [.fd, .int, .int]),
        .host("fchownat", 260, .value, .pathAt(0), .value, .value, .value, strace: [.dirfd, .path, .int, .int, .hex]),
        .host("statfs", 137, .path, .output(.bytes(120))),
        .host("fstatfs", 138, .value, .output(.bytes(120)), strace: [.fd, .hex]),
        // Attribute values: the kernel copies at most XATTR_SIZE_MAX (65536) bytes, the size it has.
        .host("getxattr", 191, .path, .string, .output(.argumentAtMost(3, 65536)), .value),
        .host("lgetxattr", 192, .path, .string, .output(.argumentAtMost(3, 65536)), .value),
        .host("fgetxattr", 193, .value, .string, .output(.argumentAtMost(3, 65536)), .value, strace: [.fd, .path, .hex, .int]),
        .host("listxattr", 194, .path, .output(.argumentAtMost(2, 65536)), .value),
        .host("llistxattr", 195, .path, .output(.argumentAtMost(2, 65536)), .value),
        .host("flistxattr", 196, .value, .output(.argumentAtMost(2, 65536)), .value, strace: [.fd, .hex, .int]),
        .host("setxattr", 188, .path, .string, .inputBytes(.argumentAtMost(3, 65536)), .value, .value),
        .host("lsetxattr", 189, .path, .string, .inputBytes(.argumentAtMost(3, 65536)), .value, .value),
        .host("fsetxattr", 190, .value, .string, .inputBytes(.argumentAtMost(3, 65536)), .value, .value, strace: [.fd, .path, .hex, .int, .hex]),
        .host("removexattr", 197, .path, .string),
        .host("lremovexattr", 198, .path, .string),
        .host("fremovexattr", 199, .value, .string, strace: [.fd, .path]),
        .host("sendfile", 40, .value, .value, .output(.bytes(8)), .value, strace: [.fd, .fd, .hex, .int], blocks: true),
        .host("copy_file_range", 326, .value, .output(.bytes(8)), .value, .output(.bytes(8)), .value, .value,
              strace: [.fd, .hex, .fd, .hex, .int, .hex], blocks: true),
        .host("fallocate", 285, .value, .value, .value, .value, strace: [.fd, .int, .int, .int], blocks: true),
        .host("mknodat", 259, .value, .pathAt(0), .value, .value, strace: [.dirfd, .path, .mode, .hex]),
        .host("memfd_create", 319, .string, .value, strace: [.path, .hex]),
        // Waiting (SyscallsPoll.swift)
        SyscallEntry("ppoll", .hex, .int, .hex, .hex, .int, blocks: true) { $0.sysPpoll($1) },
        SyscallEntry("pselect6", .int, .hex, .hex, .hex, .hex, .hex, blocks: true) { $0.sysPselect6($1) },
        .host("epoll_create1", 291, .value, strace: [.hex]),
        SyscallEntry("epoll_ctl", .fd, .int, .fd, .hex) { $0.sysEpollCtl($1) },
        SyscallEntry("epoll_pwait", .fd, .hex, .int, .int, .hex, .int, blocks: true) { $0.sysEpollPwait($1, timespecTimeout: false) },
        SyscallEntry("epoll_pwait2", .fd, .hex, .int, .hex, .hex, .int, blocks: true) { $0.sysEpollPwait($1, timespecTimeout: true) },
        .host("eventfd2", 290, .value, .value, strace: [.int, .hex]),
        // Sockets (SyscallsSocket.swift): addresses, option values and msghdr have the same layout.
        .host("socket", 41, .value, .value, .value, strace: [.int, .hex, .int]),
        .host("socketpair", 53, .value, .value, .value, .output(.bytes(8)), strace: [.int, .hex, .int, .hex]),
        .host("bind", 49, .value, .input, .value, strace: [.fd, .hex, .int]),
        .host("connect", 42, .value, .input, .value, strace: [.fd, .hex, .int], blocks: true),
        .host("listen", 50, .value, .value, strace: [.fd, .int]),
        .host("accept", 43, .value, .output(.guestLength(2, 128)), .output(.bytes(4)), strace: [.fd, .hex, .hex], blocks: true),
        .host("accept4", 288, .value, .output(.guestLength(2, 128)), .output(.bytes(4)), .value, strace: [.fd, .hex, .hex, .hex], blocks: true),
        .host("getsockname", 51, .value, .output(.guestLength(2, 128)), .output(.bytes(4)), strace: [.fd, .hex, .hex]),
        .host("getpeername", 52, .value, .output(.guestLength(2, 128)), .output(.bytes(4)), strace: [.fd, .hex, .hex]),
        .host("sendto", 44, .value, .inputBytes(.argument(2)), .value, .value, .input, .value,
              strace: [.fd, .buffer(count: 2), .int, .hex, .hex, .int], blocks: true),
        .host("recvfrom", 45, .value, .output(.argument(2)), .value, .value, .output(.guestLength(5, 128)), .output(.bytes(4)),
              strace: [.fd, .hex, .int, .hex, .hex, .hex], blocks: true),
        SyscallEntry("setsockopt", .fd, .int, .int, .hex, .int) { $0.sysSetsockopt($1) },
        .host("getsockopt", 55, .value, .value, .value, .output(.guestLength(4, 65536)), .output(.bytes(4)), strace: [.fd, .int, .int, .hex, .hex]),
        .host("shutdown", 48, .value, .value, strace: [.fd, .int]),
        SyscallEntry("sendmsg", .fd, .hex, .hex, blocks: true) { $0.sysSendmsg($1) },
        SyscallEntry("recvmsg", .fd, .hex, .hex, blocks: true) { $0.sysRecvmsg($1) },
        // Memory (SyscallsMemory.swift)
        SyscallEntry("brk", .hex, result: .hex) { $0.sysBrk($1) },
        SyscallEntry("mmap", .hex, .hex, .prot, .mapFlags, .fd, .hex, result: .hex) { $0.sysMmap($1) },
        SyscallEntry("munmap", .hex, .hex) { $0.sysMunmap($1) },
        SyscallEntry("mprotect", .hex, .hex, .prot) { $0.sysMprotect($1) },
        SyscallEntry("mremap", .hex, .hex, .hex, .hex, .hex, result: .hex) { $0.sysMremap($1) },
        SyscallEntry("madvise", .hex, .hex, .int) { $0.sysMadvise($1) },
        SyscallEntry("msync", .hex, .hex, .hex, blocks: true) { $0.sysMsync($1) },
        SyscallEntry("mlock", .hex, .hex) { $0.sysMlock($1, lock: true, flags: nil) },
        SyscallEntry("mlock2", .hex, .hex, .hex) { $0.sysMlock($1, lock: true, flags: $1[2]) },
        SyscallEntry("munlock", .hex, .hex) { $0.sysMlock($1, lock: false, flags: nil) },
        // Time (SyscallsTime.swift)
        .host("clock_gettime", 228, .value, .output(.bytes(16)), strace: [.int, .hex]),
        .host("clock_getres", 229, .value, .output(.bytes(16)), strace: [.int, .hex]),
        .host("gettimeofday", 96, .output(.bytes(16)), .output(.bytes(8))),
        .host("nanosleep", 35, .inputBytes(.bytes(16)), .output(.bytes(16)), blocks: true),
        .host("clock_nanosleep", 230, .value, .value, .inputBytes(.bytes(16)), .output(.bytes(16)), strace: [.int, .int, .hex, .hex], blocks: true),
        .host("times", 100, .output(.bytes(32))),
        SyscallEntry("getitimer", .int, .hex) { $0.sysGetitimer($1) },
        SyscallEntry("setitimer", .int, .hex, .hex) { $0.sysSetitimer($1) },
        SyscallEntry("timer_create", .int, .hex, .hex) { $0.sysTimerCreate($1) },  // SyscallsTimer.swift
        SyscallEntry("timer_settime", .int, .int, .hex, .hex) { $0.sysTimerSettime($1) },
        SyscallEntry("timer_gettime", .int, .hex) { $0.sysTimerGettime($1) },
        SyscallEntry("timer_getoverrun", .int) { $0.sysTimerGetoverrun($1) },
        SyscallEntry("timer_delete", .int) { $0.sysTimerDelete($1) },
        // Process (SyscallsProcess.swift)
        SyscallEntry("exit", .int) { $0.sysExitThread($1) },
        SyscallEntry("exit_group", .int) { $0.sysExit($1) },
        SyscallEntry("set_tid_address", .hex) { $0.sysSetTidAddress($1) },
        SyscallEntry("riscv_hwprobe", .hex, .int, .int, .hex, .hex) { $0.sysRiscvHwprobe($1) },
        SyscallEntry("getpid") { _, _ in Int64(getpid()) },
        SyscallEntry("gettid") { $0.sysGettid($1) },
        SyscallEntry("getppid") { _, _ in Int64(getppid()) },
        SyscallEntry("getuid") { _, _ in Int64(getuid()) },
        SyscallEntry("geteuid") { _, _ in Int64(geteuid()) },
        SyscallEntry("getgid") { _, _ in Int64(getgid()) },
        SyscallEntry("getegid") { _, _ in Int64(getegid()) },
        SyscallEntry("getpgid", .int) { $0.sysGetpgid($1) },
        .host("getresuid", 118, .output(.bytes(4)), .output(.bytes(4)), .output(.bytes(4))),
        .host("getresgid", 120, .output(.bytes(4)), .output(.bytes(4)), .output(.bytes(4))),
        SyscallEntry("uname", .hex) { $0.sysUname($1) },
        .host("sysinfo", 99, .output(.bytes(112))),
        .host("getrusage", 98, .value, .output(.bytes(144))),
        SyscallEntry("prlimit64", .int, .int, .hex, .hex) { $0.sysPrlimit($1) },
        SyscallEntry("getrlimit", .int, .hex) { $0.sysGetrlimit($1) },
        SyscallEntry("setrlimit", .int, .hex) { $0.sysSetrlimit($1) },
        .host("getrandom", 318, .output(.argument(1)), .value, .value, strace: [.hex, .int, .hex], blocks: true),  // waits for the entropy pool at boot
        SyscallEntry("rt_sigaction", .signal, .hex, .hex, .int) { $0.sysRtSigaction($1) },
        SyscallEntry("rt_sigprocmask", .int, .hex, .hex, .int) { $0.sysRtSigprocmask($1) },
        SyscallEntry("sigaltstack", .hex, .hex) { $0.sysSigaltstack($1) },
        SyscallEntry("rt_sigreturn") { $0.sysRtSigreturn($1) },
        SyscallEntry("rt_sigsuspend", .hex, .int, blocks: true) { $0.sysRtSigsuspend($1) },
        SyscallEntry("rt_sigpending", .hex, .int) { $0.sysRtSigpending($1) },
        SyscallEntry("rt_sigtimedwait", .hex, .hex, .hex, .int, blocks: true) { $0.sysRtSigtimedwait($1) },
        SyscallEntry("kill", .int, .signal) { $0.sysKill($1, target: 0) },
        SyscallEntry("tkill", .int, .signal) { $0.sysKill($1, target: 2) },
        SyscallEntry("tgkill", .int, .int, .signal) { $0.sysKill($1, target: 1) },
        SyscallEntry("futex", .hex, .int, .int, .hex, .hex, .int, blocks: true) { $0.sysFutex($1) },
        SyscallEntry("sched_yield") { $0.sysSchedYield($1) },
        SyscallEntry("prctl", .int, .hex, .hex, .hex, .hex) { $0.sysPrctl($1) },
        // Processes (SyscallsExec.swift)
        SyscallEntry("clone", .hex, .hex, .hex, .hex, .hex) { $0.sysClone($1) },
        SyscallEntry("clone3", .hex, .int) { $0.sysClone3($1) },
        SyscallEntry("execve", .path, .hex, .hex) { $0.sysExecve($1) },
        .host("wait4", 61, .value, .output(.bytes(4)), .value, .output(.bytes(144)), strace: [.int, .hex, .hex, .hex], blocks: true),
        .host("waitid", 247, .value, .value, .output(.bytes(128)), .value, .output(.bytes(144)), strace: [.int, .int, .hex, .hex, .hex], blocks: true),
        // Identity, sessions, priorities (SyscallsIdentity.swift)
        SyscallEntry("getgroups", .int, .hex) { $0.sysGetgroups($1) },
        SyscallEntry("setgroups", .int, .hex) { $0.sysSetgroups($1) },
        SyscallEntry("setuid", .int) { $0.sysSetID($1, user: true) },
        SyscallEntry("setgid", .int) { $0.sysSetID($1, user: false) },
        SyscallEntry("setreuid", .int, .int) { $0.sysSetIDs($1, user: true, (0, 1, nil)) },
        SyscallEntry("setregid", .int, .int) { $0.sysSetIDs($1, user: false, (0, 1, nil)) },
        SyscallEntry("setresuid", .int, .int, .int) { $0.sysSetIDs($1, user: true, (0, 1, 2)) },
        SyscallEntry("setresgid", .int, .int, .int) { $0.sysSetIDs($1, user: false, (0, 1, 2)) },
        SyscallEntry("setpgid", .int, .int) { $0.sysSetpgid($1) },
        SyscallEntry("getsid", .int) { $0.sysGetsid($1) },
        SyscallEntry("setsid") { $0.sysSetsid($1) },
        SyscallEntry("getpriority", .int, .int) { $0.sysGetpriority($1) },
        SyscallEntry("setpriority", .int, .int, .int) { $0.sysSetpriority($1) },
    ]

    /// Syscall number → entry.
    static let table: [Int: SyscallEntry] = {
        var t: [Int: SyscallEntry] = [:]
        for entry in entries + hostEntries + refusedEntries + moreEntries {
            guard let n = SyscallNames.number(entry.name) else { preconditionFailure("no syscall named \(entry.name)") }
            precondition(t[n] == nil, "syscall \(entry.name) listed twice")
            t[n] = entry
        }
        return t
    }()
}
