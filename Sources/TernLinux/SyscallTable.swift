#if canImport(Glibc)
import Glibc
#endif

/// One implemented system call.
struct SyscallEntry: Sendable {
    typealias Handler = @Sendable (SyscallHandler, SyscallArgs) -> Int64
    let name: String
    let handler: Handler
    init(_ name: String, _ handler: @escaping Handler) {
        self.name = name
        self.handler = handler
    }
}

extension SyscallHandler {
    /// Implemented syscalls by name; numbers come from `SyscallNames`.
    private static let entries: [SyscallEntry] = [
        // Files and descriptors (SyscallsFile.swift)
        SyscallEntry("read") { $0.sysRead($1) },
        SyscallEntry("write") { $0.sysWrite($1) },
        SyscallEntry("readv") { $0.sysReadv($1) },
        SyscallEntry("writev") { $0.sysWritev($1) },
        SyscallEntry("pread64") { $0.sysPread($1) },
        SyscallEntry("pwrite64") { $0.sysPwrite($1) },
        SyscallEntry("openat") { $0.sysOpenat($1) },
        SyscallEntry("close") { $0.sysClose($1) },
        SyscallEntry("lseek") { $0.sysLseek($1) },
        SyscallEntry("fstat") { $0.sysFstat($1) },
        SyscallEntry("newfstatat") { $0.sysNewfstatat($1) },
        SyscallEntry("statx") { $0.sysStatx($1) },
        SyscallEntry("readlinkat") { $0.sysReadlinkat($1) },
        SyscallEntry("ioctl") { $0.sysIoctl($1) },
        SyscallEntry("fcntl") { $0.sysFcntl($1) },
        SyscallEntry("dup") { $0.sysDup($1) },
        SyscallEntry("dup3") { $0.sysDup3($1) },
        SyscallEntry("pipe2") { $0.sysPipe2($1) },
        SyscallEntry("getdents64") { $0.sysGetdents64($1) },
        SyscallEntry("getcwd") { $0.sysGetcwd($1) },
        SyscallEntry("chdir") { $0.sysChdir($1) },
        SyscallEntry("fchdir") { $0.sysFchdir($1) },
        SyscallEntry("faccessat") { $0.sysFaccessat($1, hasFlags: false) },
        SyscallEntry("faccessat2") { $0.sysFaccessat($1, hasFlags: true) },
        SyscallEntry("unlinkat") { $0.sysUnlinkat($1) },
        SyscallEntry("mkdirat") { $0.sysMkdirat($1) },
        SyscallEntry("renameat") { $0.sysRenameat($1) },
        SyscallEntry("renameat2") { $0.sysRenameat($1) },
        SyscallEntry("symlinkat") { $0.sysSymlinkat($1) },
        SyscallEntry("linkat") { $0.sysLinkat($1) },
        SyscallEntry("ftruncate") { $0.sysFtruncate($1) },
        SyscallEntry("truncate") { $0.sysTruncate($1) },
        SyscallEntry("fsync") { $0.sysFsync($1) },
        SyscallEntry("fdatasync") { $0.sysFsync($1) },
        SyscallEntry("fchmod") { $0.sysFchmod($1) },
        SyscallEntry("fchmodat") { $0.sysFchmodat($1) },
        SyscallEntry("utimensat") { $0.sysUtimensat($1) },
        SyscallEntry("umask") { $0.sysUmask($1) },
        SyscallEntry("fadvise64") { _, _ in 0 },
        SyscallEntry("flock") { $0.sysFlock($1) },
        // Memory (SyscallsMemory.swift)
        SyscallEntry("brk") { $0.sysBrk($1) },
        SyscallEntry("mmap") { $0.sysMmap($1) },
        SyscallEntry("munmap") { $0.sysMunmap($1) },
        SyscallEntry("mprotect") { $0.sysMprotect($1) },
        SyscallEntry("mremap") { $0.sysMremap($1) },
        SyscallEntry("madvise") { $0.sysMadvise($1) },
        SyscallEntry("msync") { _, _ in 0 },
        SyscallEntry("mlock") { _, _ in 0 },
        SyscallEntry("munlock") { _, _ in 0 },
        // Time (SyscallsTime.swift)
        SyscallEntry("clock_gettime") { $0.sysClockGettime($1) },
        SyscallEntry("clock_getres") { $0.sysClockGetres($1) },
        SyscallEntry("gettimeofday") { $0.sysGettimeofday($1) },
        SyscallEntry("nanosleep") { $0.sysNanosleep($1) },
        SyscallEntry("clock_nanosleep") { $0.sysClockNanosleep($1) },
        SyscallEntry("times") { $0.sysTimes($1) },
        // Process (SyscallsProcess.swift)
        SyscallEntry("exit") { $0.sysExit($1) },
        SyscallEntry("exit_group") { $0.sysExit($1) },
        SyscallEntry("set_tid_address") { _, _ in Int64(getpid()) },
        SyscallEntry("set_robust_list") { _, _ in 0 },
        SyscallEntry("rseq") { _, _ in -Errno.ENOSYS },
        SyscallEntry("riscv_hwprobe") { _, _ in -Errno.ENOSYS },
        SyscallEntry("getpid") { _, _ in Int64(getpid()) },
        SyscallEntry("gettid") { _, _ in Int64(getpid()) },
        SyscallEntry("getppid") { _, _ in Int64(getppid()) },
        SyscallEntry("getuid") { _, _ in Int64(getuid()) },
        SyscallEntry("geteuid") { _, _ in Int64(geteuid()) },
        SyscallEntry("getgid") { _, _ in Int64(getgid()) },
        SyscallEntry("getegid") { _, _ in Int64(getegid()) },
        SyscallEntry("getpgid") { $0.sysGetpgid($1) },
        SyscallEntry("getresuid") { $0.sysGetresid($1, user: true) },
        SyscallEntry("getresgid") { $0.sysGetresid($1, user: false) },
        SyscallEntry("uname") { $0.sysUname($1) },
        SyscallEntry("sysinfo") { $0.sysSysinfo($1) },
        SyscallEntry("getrusage") { $0.sysGetrusage($1) },
        SyscallEntry("prlimit64") { $0.sysPrlimit($1) },
        SyscallEntry("getrlimit") { $0.sysGetrlimit($1) },
        SyscallEntry("setrlimit") { $0.sysSetrlimit($1) },
        SyscallEntry("getrandom") { $0.sysGetrandom($1) },
        SyscallEntry("rt_sigaction") { $0.sysRtSigaction($1) },
        SyscallEntry("rt_sigprocmask") { $0.sysRtSigprocmask($1) },
        SyscallEntry("sigaltstack") { $0.sysSigaltstack($1) },
        SyscallEntry("kill") { $0.sysKill($1, target: 0) },
        SyscallEntry("tkill") { $0.sysKill($1, target: 0) },
        SyscallEntry("tgkill") { $0.sysKill($1, target: 1) },
        SyscallEntry("futex") { $0.sysFutex($1) },
        SyscallEntry("sched_yield") { _, _ in 0 },
        SyscallEntry("sched_getaffinity") { $0.sysSchedGetaffinity($1) },
        SyscallEntry("prctl") { $0.sysPrctl($1) },
        SyscallEntry("membarrier") { _, _ in -Errno.ENOSYS },
    ]

    /// Syscall number → entry.
    static let table: [Int: SyscallEntry] = {
        var t: [Int: SyscallEntry] = [:]
        for entry in entries {
            guard let n = SyscallNames.number(entry.name) else { preconditionFailure("no syscall named \(entry.name)") }
            t[n] = entry
        }
        return t
    }()
}
