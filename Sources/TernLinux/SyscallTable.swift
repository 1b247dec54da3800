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
        // Files and descriptors (SyscallsFile.swift)
        SyscallEntry("read", .fd, .hex, .int, blocks: true) { $0.sysRead($1) },
        SyscallEntry("write", .fd, .buffer(count: 2), .int, blocks: true) { $0.sysWrite($1) },
        SyscallEntry("readv", .fd, .hex, .int, blocks: true) { $0.sysReadv($1) },
        SyscallEntry("writev", .fd, .hex, .int, blocks: true) { $0.sysWritev($1) },
        SyscallEntry("pread64", .fd, .hex, .int, .int, blocks: true) { $0.sysPread($1) },
        SyscallEntry("pwrite64", .fd, .buffer(count: 2), .int, .int, blocks: true) { $0.sysPwrite($1) },
        SyscallEntry("openat", .dirfd, .path, .openFlags, .mode, blocks: true) { $0.sysOpenat($1) },
        SyscallEntry("close", .fd, blocks: true) { $0.sysClose($1) },
        SyscallEntry("lseek", .fd, .int, .int) { $0.sysLseek($1) },
        SyscallEntry("fstat", .fd, .hex) { $0.sysFstat($1) },
        SyscallEntry("newfstatat", .dirfd, .path, .hex, .hex) { $0.sysNewfstatat($1) },
        SyscallEntry("statx", .dirfd, .path, .hex, .hex, .hex) { $0.sysStatx($1) },
        SyscallEntry("readlinkat", .dirfd, .path, .hex, .int) { $0.sysReadlinkat($1) },
        SyscallEntry("ioctl", .fd, .hex, .hex, blocks: true) { $0.sysIoctl($1) },
        SyscallEntry("fcntl", .fd, .int, .hex, blocks: true) { $0.sysFcntl($1) },
        SyscallEntry("dup", .fd) { $0.sysDup($1) },
        SyscallEntry("dup3", .fd, .fd, .openFlags) { $0.sysDup3($1) },
        SyscallEntry("pipe2", .hex, .openFlags) { $0.sysPipe2($1) },
        SyscallEntry("getdents64", .fd, .hex, .int) { $0.sysGetdents64($1) },
        SyscallEntry("getcwd", .hex, .int) { $0.sysGetcwd($1) },
        SyscallEntry("chdir", .path) { $0.sysChdir($1) },
        SyscallEntry("fchdir", .fd) { $0.sysFchdir($1) },
        SyscallEntry("faccessat", .dirfd, .path, .int) { $0.sysFaccessat($1, hasFlags: false) },
        SyscallEntry("faccessat2", .dirfd, .path, .int, .hex) { $0.sysFaccessat($1, hasFlags: true) },
        SyscallEntry("unlinkat", .dirfd, .path, .hex) { $0.sysUnlinkat($1) },
        SyscallEntry("mkdirat", .dirfd, .path, .mode) { $0.sysMkdirat($1) },
        SyscallEntry("renameat2", .dirfd, .path, .dirfd, .path, .hex) { $0.sysRenameat($1) },
        SyscallEntry("symlinkat", .path, .dirfd, .path) { $0.sysSymlinkat($1) },
        SyscallEntry("linkat", .dirfd, .path, .dirfd, .path, .hex) { $0.sysLinkat($1) },
        SyscallEntry("ftruncate", .fd, .int) { $0.sysFtruncate($1) },
        SyscallEntry("truncate", .path, .int) { $0.sysTruncate($1) },
        SyscallEntry("fsync", .fd, blocks: true) { $0.sysFsync($1) },
        SyscallEntry("fdatasync", .fd, blocks: true) { $0.sysFsync($1) },
        SyscallEntry("sync", blocks: true) { h, _ in h.blocking { sync() }; return 0 },
        SyscallEntry("syncfs", .fd, blocks: true) { $0.sysSyncfs($1) },
        SyscallEntry("fchmod", .fd, .mode) { $0.sysFchmod($1) },
        SyscallEntry("fchmodat", .dirfd, .path, .mode) { $0.sysFchmodat($1) },
        SyscallEntry("utimensat", .dirfd, .path, .hex, .hex) { $0.sysUtimensat($1) },
        SyscallEntry("umask", .mode) { $0.sysUmask($1) },
        SyscallEntry("flock", .fd, .int, blocks: true) { $0.sysFlock($1) },
        // Ownership, statfs, xattrs, copies (SyscallsFileAttributes.swift)
        SyscallEntry("fchown", .fd, .int, .int) { $0.sysFchown($1) },
        SyscallEntry("fchownat", .dirfd, .path, .int, .int, .hex) { $0.sysFchownat($1) },
        SyscallEntry("statfs", .path, .hex) { $0.sysStatfs($1) },
        SyscallEntry("fstatfs", .fd, .hex) { $0.sysFstatfs($1) },
        SyscallEntry("getxattr", .path, .path, .hex, .int) { $0.sysGetxattr($1, follow: true) },
        SyscallEntry("lgetxattr", .path, .path, .hex, .int) { $0.sysGetxattr($1, follow: false) },
        SyscallEntry("fgetxattr", .fd, .path, .hex, .int) { $0.sysGetxattr($1, follow: true, byFD: true) },
        SyscallEntry("listxattr", .path, .hex, .int) { $0.sysListxattr($1, follow: true) },
        SyscallEntry("llistxattr", .path, .hex, .int) { $0.sysListxattr($1, follow: false) },
        SyscallEntry("flistxattr", .fd, .hex, .int) { $0.sysListxattr($1, follow: true, byFD: true) },
        SyscallEntry("setxattr", .path, .path, .hex, .int, .hex) { $0.sysSetxattr($1, follow: true) },
        SyscallEntry("lsetxattr", .path, .path, .hex, .int, .hex) { $0.sysSetxattr($1, follow: false) },
        SyscallEntry("fsetxattr", .fd, .path, .hex, .int, .hex) { $0.sysSetxattr($1, follow: true, byFD: true) },
        SyscallEntry("removexattr", .path, .path) { $0.sysRemovexattr($1, follow: true) },
        SyscallEntry("lremovexattr", .path, .path) { $0.sysRemovexattr($1, follow: false) },
        SyscallEntry("fremovexattr", .fd, .path) { $0.sysRemovexattr($1, follow: true, byFD: true) },
        SyscallEntry("sendfile", .fd, .fd, .hex, .int, blocks: true) { $0.sysSendfile($1) },
        SyscallEntry("copy_file_range", .fd, .hex, .fd, .hex, .int, .hex, blocks: true) { $0.sysCopyFileRange($1) },
        SyscallEntry("fallocate", .fd, .int, .int, .int, blocks: true) { $0.sysFallocate($1) },
        SyscallEntry("mknodat", .dirfd, .path, .mode, .hex) { $0.sysMknodat($1) },
        SyscallEntry("memfd_create", .path, .hex) { $0.sysMemfdCreate($1) },
        // Waiting (SyscallsPoll.swift)
        SyscallEntry("ppoll", .hex, .int, .hex, .hex, .int, blocks: true) { $0.sysPpoll($1) },
        SyscallEntry("pselect6", .int, .hex, .hex, .hex, .hex, .hex, blocks: true) { $0.sysPselect6($1) },
        SyscallEntry("epoll_create1", .hex) { $0.sysEpollCreate1($1) },
        SyscallEntry("epoll_ctl", .fd, .int, .fd, .hex) { $0.sysEpollCtl($1) },
        SyscallEntry("epoll_pwait", .fd, .hex, .int, .int, .hex, .int, blocks: true) { $0.sysEpollPwait($1, timespecTimeout: false) },
        SyscallEntry("epoll_pwait2", .fd, .hex, .int, .hex, .hex, .int, blocks: true) { $0.sysEpollPwait($1, timespecTimeout: true) },
        SyscallEntry("eventfd2", .int, .hex) { $0.sysEventfd2($1) },
        // Sockets (SyscallsSocket.swift)
        SyscallEntry("socket", .int, .hex, .int) { $0.sysSocket($1) },
        SyscallEntry("socketpair", .int, .hex, .int, .hex) { $0.sysSocketpair($1) },
        SyscallEntry("bind", .fd, .hex, .int) { $0.sysBind($1) },
        SyscallEntry("connect", .fd, .hex, .int, blocks: true) { $0.sysConnect($1) },
        SyscallEntry("listen", .fd, .int) { $0.sysListen($1) },
        SyscallEntry("accept", .fd, .hex, .hex, blocks: true) { $0.sysAccept($1, hasFlags: false) },
        SyscallEntry("accept4", .fd, .hex, .hex, .hex, blocks: true) { $0.sysAccept($1, hasFlags: true) },
        SyscallEntry("getsockname", .fd, .hex, .hex) { $0.sysGetsockname($1, peer: false) },
        SyscallEntry("getpeername", .fd, .hex, .hex) { $0.sysGetsockname($1, peer: true) },
        SyscallEntry("sendto", .fd, .buffer(count: 2), .int, .hex, .hex, .int, blocks: true) { $0.sysSendto($1) },
        SyscallEntry("recvfrom", .fd, .hex, .int, .hex, .hex, .hex, blocks: true) { $0.sysRecvfrom($1) },
        SyscallEntry("setsockopt", .fd, .int, .int, .hex, .int) { $0.sysSetsockopt($1) },
        SyscallEntry("getsockopt", .fd, .int, .int, .hex, .hex) { $0.sysGetsockopt($1) },
        SyscallEntry("shutdown", .fd, .int) { $0.sysShutdown($1) },
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
        // Time (SyscallsTime.swift)
        SyscallEntry("clock_gettime", .int, .hex) { $0.sysClockGettime($1) },
        SyscallEntry("clock_getres", .int, .hex) { $0.sysClockGetres($1) },
        SyscallEntry("gettimeofday", .hex, .hex) { $0.sysGettimeofday($1) },
        SyscallEntry("nanosleep", .hex, .hex, blocks: true) { $0.sysNanosleep($1) },
        SyscallEntry("clock_nanosleep", .int, .int, .hex, .hex, blocks: true) { $0.sysClockNanosleep($1) },
        SyscallEntry("times", .hex) { $0.sysTimes($1) },
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
        SyscallEntry("getresuid", .hex, .hex, .hex) { $0.sysGetresid($1, user: true) },
        SyscallEntry("getresgid", .hex, .hex, .hex) { $0.sysGetresid($1, user: false) },
        SyscallEntry("uname", .hex) { $0.sysUname($1) },
        SyscallEntry("sysinfo", .hex) { $0.sysSysinfo($1) },
        SyscallEntry("getrusage", .int, .hex) { $0.sysGetrusage($1) },
        SyscallEntry("prlimit64", .int, .int, .hex, .hex) { $0.sysPrlimit($1) },
        SyscallEntry("getrlimit", .int, .hex) { $0.sysGetrlimit($1) },
        SyscallEntry("setrlimit", .int, .hex) { $0.sysSetrlimit($1) },
        SyscallEntry("getrandom", .hex, .int, .hex, blocks: true) { $0.sysGetrandom($1) },
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
        SyscallEntry("wait4", .int, .hex, .hex, .hex, blocks: true) { $0.sysWait4($1) },
        SyscallEntry("waitid", .int, .int, .hex, .hex, .hex, blocks: true) { $0.sysWaitid($1) },
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
