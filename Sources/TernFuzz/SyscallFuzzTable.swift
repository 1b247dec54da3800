/// What one argument of a fuzzed system call is drawn from. Pointers go to
/// the harness's fixtures (`SyscallFuzzHarness`): inputs point at prepared
/// structures (read-only or writable copies), outputs into a scratch buffer,
/// and both sometimes at NULL, unmapped, read-only or half-mapped memory.
public enum FuzzArg: Sendable, Equatable {
    /// A descriptor: the harness's pool (0...16), or -1, AT_FDCWD, 999, INT_MAX, high bits set.
    case fd
    /// AT_FDCWD most of the time, else `fd`.
    case dirfd
    /// A path name: the scratch directory's names, "", "/nonexistent/x", too long, not UTF-8; or a bad pointer.
    case path
    /// A buffer the kernel writes.
    case output
    /// A structure the kernel writes whose size differs between riscv64 and
    /// x86-64 (struct stat, sigaction, epoll_event): like `output`, but never
    /// running into an unmapped page (the native run would fault at another byte).
    case layoutOutput
    /// A buffer the kernel reads (also passed to calls that write it to files).
    case input
    /// A prepared input structure of this fixture kind, or a bad pointer.
    case fixture(FuzzFixture)
    /// A byte count: 0, 1, 8, small, the buffer's size, INT_MAX, 2^32, 2^63, all ones.
    case size
    /// Any integer, biased to boundaries.
    case int
    /// One of these values (with a few random ones mixed in when `strict` is false).
    case choice([UInt64], strict: Bool)
    /// An address for the memory-management calls: inside the harness's arena, unaligned, beyond the address space.
    case arenaAddress
    /// `arenaAddress` or 0 (mmap's "anywhere"; never given to the calls that unmap or protect).
    case mmapAddress
    /// A length for the memory-management calls: within the arena, 0, 1 MiB (past
    /// it, short of the harness's other areas, which a mapping must not replace),
    /// or absurd (2^62, all ones: no mapping that large succeeds).
    case arenaLength
    /// `arenaLength` for madvise, which walks every VMA of its range: never so long
    /// that it reaches the program's own mappings (stack, vDSO), whose layout
    /// differs by architecture and emulator (0, 1 MiB, or wrapping instead).
    case arenaSpan
    /// A signal number 0...64 (or -1, 65) other than SIGPIPE (the harness ignores SIGPIPE and keeps it so).
    case signal
}

/// Prepared structures in the harness (each in a read-only and a writable copy).
public enum FuzzFixture: String, Sendable, CaseIterable {
    /// struct timespec: {0, 1000}, {0, 0}, {-1, 0}, {0, 10^9} (never a long sleep).
    case timespec
    /// sigset_t: all ones, empty, SIGUSR1.
    case sigset
    /// struct sigaction: SIG_IGN, SIG_DFL.
    case sigaction
    /// struct iovec arrays into the output buffer (one bad entry, one huge length).
    case iovec
    /// struct msghdr over the iovecs.
    case msghdr
    /// struct sockaddr_un naming "s0" in the scratch directory, or a bad family.
    case sockaddr
    /// struct epoll_event.
    case epollEvent
    /// struct flock (write and read locks).
    case flock
    /// struct itimerval / itimerspec of zeros (disarm).
    case timerValue
    /// struct pollfd array over the descriptor pool.
    case pollfd
    /// A socklen_t the kernel reads and writes back: 0, 4, 16, 110, 128, -1.
    case length
    /// A loff_t the kernel reads and writes back: 0, 100, -1, 2^62.
    case offset
    /// An fd_set the kernel reads and writes back: {3, 6, 8}, descriptors 0...15, none.
    case fdSet
}

/// How the fuzzer compares one call's results under tern and qemu.
public enum FuzzCompare: Sendable, Equatable {
    /// The same return value.
    case exact
    /// The same errno when either failed; any success value otherwise (addresses, ids).
    case errno
    /// Not compared (time, pids, calls qemu and Linux answer differently by design); only run.
    case none
}

/// One system call the fuzzer issues, with its argument kinds.
public struct FuzzedSyscall: Sendable {
    public let name: String
    public let number: UInt64
    public let args: [FuzzArg]
    public let compare: FuzzCompare
    /// Whether x86-64 Linux has the call under the same name with the same
    /// meaning, so the native run gives Linux's answer (otherwise qemu's is the reference).
    public let native: Bool
    init(_ name: String, _ number: UInt64, _ args: [FuzzArg], _ compare: FuzzCompare = .exact, native: Bool = true) {
        self.name = name; self.number = number; self.args = args; self.compare = compare; self.native = native
    }
}

/// The fuzzed calls (riscv64 numbers). What is left out, and why, is in
/// `SyscallFuzzTable.excluded`; calls that could block forever get only
/// non-blocking arguments (O_NONBLOCK descriptors, LOCK_NB, F_SETLK instead of
/// F_SETLKW, tiny timeouts).
public enum SyscallFuzzTable {
    static let nonblockingFlags: [UInt64] = [0o4000, 0o4000 | 0o2000000]
    static let atFlags: [UInt64] = [0, 0x100, 0x200, 0x400, 0x800, 0x1000, 0xffff_ffff, 0x1_0000_0000]
    static let openFlags: [UInt64] = [0, 1, 2, 0o100 | 2, 0o300 | 2, 0o1000 | 1, 0o2000 | 1, 0o200000, 0o400000,
                                      0o2000000, 0o10000000, 0o20200000 | 2, 3, 0o4000 | 2]
    static let modes: [UInt64] = [0, 0o644, 0o755, 0o7777, 0xffff_ffff]
    /// ioctl requests (no FIONBIO/FIOASYNC: they would make descriptors blocking or signal-driven;
    /// no TIOCSTI/TIOCSCTTY/TIOCNOTTY/TIOCCONS: they act on the terminal).
    static let ioctls: [UInt64] = [0x5401, 0x5402, 0x5404, 0x5413, 0x5414, 0x540f, 0x541b, 0x5450, 0x5451, 0x8004_5430,
                                   0x4004_5431, 0x8004_5439, 0x5441, 0x5411, 0x5415, 0x5429, 0x5460, 0x5424,
                                   0x802c_542a, 0, 0xdead, 0xffff_ffff, 0x1_0000_5401]
    /// fcntl commands (no F_SETLKW/F_OFD_SETLKW: they wait; no F_NOTIFY/F_SETLEASE: they raise SIGIO).
    static let fcntls: [UInt64] = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 15, 16, 36, 37, 1025, 1030, 1031, 1032, 1033, 1034,
                                   1035, 1036, 9999, 0xffff_ffff]

    public static let calls: [FuzzedSyscall] = [
        .init("getcwd", 17, [.output, .size]),
        .init("eventfd2", 19, [.int, .choice([0o4000, 0o4000 | 1, 0o4000 | 0o2000000, 0xffff_ffff], strict: true)]),
        .init("epoll_create1", 20, [.choice([0, 0o2000000, 1], strict: false)]),
        .init("epoll_ctl", 21, [.fd, .choice([1, 2, 3, 0, 99], strict: false), .fd, .fixture(.epollEvent)]),
        .init("epoll_pwait", 22, [.fd, .layoutOutput, .choice([1, 2, 16, 0, 0xffff_ffff, 1 << 30], strict: true),
                                  .choice([0, 1], strict: true), .fixture(.sigset), .choice([8, 0, 7], strict: true)]),
        .init("dup", 23, [.fd]),
        .init("dup3", 24, [.fd, .fd, .choice([0, 0o2000000, 1], strict: false)]),
        .init("fcntl", 25, [.fd, .choice(fcntls, strict: true), .choice([0, 1, 5, 10, 0o4000, 0xffff_ffff], strict: false)]),
        .init("ioctl", 29, [.fd, .choice(ioctls, strict: true), .output]),
        .init("flock", 32, [.fd, .choice([5, 6, 8, 12, 0, 4, 99, 0xffff_ffff], strict: true)]),
        .init("mknodat", 33, [.dirfd, .path, .choice([0o100644, 0o644, 0, 0o140644], strict: true), .int]),
        .init("mkdirat", 34, [.dirfd, .path, .choice(modes, strict: true)]),
        .init("unlinkat", 35, [.dirfd, .path, .choice([0, 0x200, 1], strict: false)]),
        .init("symlinkat", 36, [.path, .dirfd, .path]),
        .init("linkat", 37, [.dirfd, .path, .dirfd, .path, .choice(atFlags, strict: true)]),
        .init("statfs", 43, [.path, .output]),
        .init("fstatfs", 44, [.fd, .output]),
        .init("truncate", 45, [.path, .choice([0, 10, 4096, 0xffff_ffff_ffff_ffff], strict: true)]),
        .init("ftruncate", 46, [.fd, .choice([0, 10, 4096, 1 << 20, 0xffff_ffff_ffff_ffff], strict: true)]),
        .init("fallocate", 47, [.fd, .choice([0, 1, 3, 0x10, 99], strict: true), .choice([0, 100, 4096], strict: true),
                                .choice([0, 1, 4096, 65536, 0xffff_ffff_ffff_ffff], strict: true)]),
        .init("faccessat", 48, [.dirfd, .path, .choice([0, 1, 2, 4, 7, 8], strict: false)]),
        .init("chdir", 49, [.path]),
        .init("fchdir", 50, [.fd]),
        .init("fchmod", 52, [.fd, .choice(modes, strict: true)]),
        .init("fchmodat", 53, [.dirfd, .path, .choice(modes, strict: true)]),
        .init("fchownat", 54, [.dirfd, .path, .choice([0, 0xffff_ffff], strict: true), .choice([0, 0xffff_ffff], strict: true), .choice(atFlags, strict: true)]),
        .init("fchown", 55, [.fd, .choice([0, 0xffff_ffff], strict: true), .choice([0, 0xffff_ffff], strict: true)]),
        .init("openat", 56, [.dirfd, .path, .choice(openFlags, strict: true), .choice(modes, strict: true)]),
        .init("close", 57, [.fd]),
        .init("pipe2", 59, [.output, .choice(nonblockingFlags + [0o4000 | 0o40000, 0xffff_ffff], strict: true)]),
        .init("getdents64", 61, [.fd, .output, .size]),
        .init("lseek", 62, [.fd, .int, .choice([0, 1, 2, 3, 4, 5, 99], strict: true)]),
        .init("read", 63, [.fd, .output, .size]),
        .init("write", 64, [.fd, .input, .size]),
        .init("readv", 65, [.fd, .fixture(.iovec), .choice([0, 1, 2, 1024, 1025, 0xffff_ffff_ffff_ffff], strict: true)]),
        .init("writev", 66, [.fd, .fixture(.iovec), .choice([0, 1, 2, 1024, 1025, 0xffff_ffff_ffff_ffff], strict: true)]),
        .init("pread64", 67, [.fd, .output, .size, .int]),
        .init("pwrite64", 68, [.fd, .input, .size, .choice([0, 100, 1 << 20, 0xffff_ffff_ffff_ffff], strict: true)]),
        .init("sendfile", 71, [.fd, .fd, .fixture(.offset), .size]),
        .init("pselect6", 72, [.choice([0, 1, 8, 17, 1024, 0xffff_ffff], strict: true), .fixture(.fdSet), .fixture(.fdSet), .fixture(.fdSet),
                               .fixture(.timespec), .choice([0], strict: true)]),
        .init("ppoll", 73, [.fixture(.pollfd), .choice([0, 1, 4, 1 << 20, 0xffff_ffff_ffff_ffff], strict: true),
                            .fixture(.timespec), .fixture(.sigset), .choice([8, 0], strict: true)]),
        .init("readlinkat", 78, [.dirfd, .path, .output, .size]),
        .init("newfstatat", 79, [.dirfd, .path, .layoutOutput, .choice(atFlags, strict: true)]),
        .init("fstat", 80, [.fd, .layoutOutput]),
        .init("fsync", 82, [.fd]),
        .init("fdatasync", 83, [.fd]),
        .init("utimensat", 88, [.dirfd, .path, .fixture(.timespec), .choice(atFlags, strict: true)]),
        .init("getitimer", 102, [.int, .output]),
        .init("setitimer", 103, [.int, .fixture(.timerValue), .output]),
        .init("timer_create", 107, [.choice([0, 1, 7, 99], strict: false), .choice([0], strict: true), .output], .errno),
        .init("timer_gettime", 108, [.int, .output]),
        .init("timer_getoverrun", 109, [.int]),
        .init("timer_settime", 110, [.int, .choice([0, 1], strict: false), .fixture(.timerValue), .output]),
        .init("timer_delete", 111, [.int]),
        .init("clock_gettime", 113, [.choice([0, 1, 2, 3, 4, 5, 6, 7, 11, 99], strict: false), .output]),
        .init("clock_getres", 114, [.choice([0, 1, 2, 3, 4, 5, 6, 7, 11, 99], strict: false), .output]),
        .init("clock_nanosleep", 115, [.choice([0, 1, 4, 5, 7, 8, 11, 99, 0x8000_0000], strict: true), .choice([0, 1], strict: false), .fixture(.timespec), .output]),
        .init("sched_getparam", 121, [.choice([0, 0xffff_ffff, 0x7fff_fff0], strict: true), .output]),
        .init("sched_getscheduler", 120, [.choice([0, 0xffff_ffff, 0x7fff_fff0], strict: true)]),
        .init("sched_getaffinity", 123, [.choice([0, 0xffff_ffff, 0x7fff_fff0], strict: true), .size, .output]),
        .init("sched_yield", 124, []),
        .init("kill", 129, [.choice([0, 1, 0xffff_ffff, 0x7fff_fff0], strict: true), .choice([0, 65, 0xffff_ffff], strict: true)]),
        .init("tkill", 130, [.choice([0, 1, 0xffff_ffff, 0x7fff_fff0], strict: true), .choice([0, 65], strict: true)]),
        .init("tgkill", 131, [.choice([0, 1, 0xffff_ffff, 0x7fff_fff0], strict: true), .choice([0, 1, 0xffff_ffff], strict: true), .choice([0, 65], strict: true)]),
        .init("sigaltstack", 132, [.choice([0], strict: true), .output]),
        .init("rt_sigaction", 134, [.signal, .fixture(.sigaction), .layoutOutput, .choice([8, 0, 16], strict: true)]),
        .init("rt_sigprocmask", 135, [.choice([0, 1, 2, 3], strict: false), .fixture(.sigset), .output, .choice([8, 0, 16], strict: true)]),
        .init("rt_sigpending", 136, [.output, .choice([8, 0, 4, 16], strict: true)]),
        .init("rt_sigtimedwait", 137, [.fixture(.sigset), .output, .fixture(.timespec), .choice([8, 0], strict: true)]),
        .init("getpriority", 141, [.choice([0, 1, 2, 3], strict: false), .choice([0], strict: false)]),
        .init("getresuid", 148, [.output, .output, .output]),
        .init("getresgid", 150, [.output, .output, .output]),
        .init("times", 153, [.output], .none),
        .init("getpgid", 155, [.choice([0, 0x7fff_fff0, 0xffff_ffff], strict: true)], .errno),
        .init("getsid", 156, [.choice([0, 0x7fff_fff0, 0xffff_ffff], strict: true)], .errno),
        .init("getgroups", 158, [.choice([0, 1, 64, 0x7fff_ffff, 0xffff_ffff], strict: true), .output]),
        .init("uname", 160, [.output]),
        .init("getrlimit", 163, [.choice([0, 1, 2, 3, 7, 9, 15, 16, 99], strict: true), .output]),
        .init("setrlimit", 164, [.choice([0, 1, 2, 3, 7, 9, 15, 16, 99], strict: true), .choice([0, 0x10], strict: true)]),
        .init("getrusage", 165, [.choice([0, 1, 0xffff_ffff, 2, 99], strict: true), .output]),
        .init("umask", 166, [.choice([0o22, 0o77, 0, 0xffff_ffff], strict: true)]),
        // PR_SET_NAME reads a string (an input: what an output buffer holds differs by architecture).
        .init("prctl", 167, [.choice([15], strict: true), .input, .int, .int, .int]),
        .init("prctl", 167, [.choice([16, 3, 39, 2, 9999], strict: true), .output, .int, .int, .int]),
        .init("gettimeofday", 169, [.output, .output]),
        .init("getpid", 172, [], .none),
        .init("getppid", 173, [], .none),
        .init("getuid", 174, []),
        .init("geteuid", 175, []),
        .init("getgid", 176, []),
        .init("getegid", 177, []),
        .init("gettid", 178, [], .none),
        .init("sysinfo", 179, [.output]),
        .init("socket", 198, [.choice([1, 0, 9999], strict: true), .choice([1 | 0o4000, 2 | 0o4000, 5 | 0o4000, 99], strict: true), .choice([0, 1], strict: true)]),
        .init("socketpair", 199, [.choice([1, 9999], strict: true), .choice([1 | 0o4000, 2 | 0o4000, 5 | 0o4000], strict: true), .choice([0, 1], strict: true), .output]),
        .init("bind", 200, [.fd, .fixture(.sockaddr), .choice([0, 2, 5, 110, 128, 129, 0xffff_ffff], strict: true)]),
        .init("listen", 201, [.fd, .choice([0, 1, 0xffff_ffff], strict: true)]),
        .init("accept", 202, [.fd, .output, .fixture(.length)]),
        .init("connect", 203, [.fd, .fixture(.sockaddr), .choice([0, 2, 5, 110, 128, 129], strict: true)]),
        .init("getsockname", 204, [.fd, .output, .fixture(.length)]),
        .init("getpeername", 205, [.fd, .output, .fixture(.length)]),
        .init("sendto", 206, [.fd, .input, .size, .choice([0, 0x40, 0x4000], strict: true), .fixture(.sockaddr), .choice([0, 2, 110, 0xffff_ffff], strict: true)]),
        .init("recvfrom", 207, [.fd, .output, .size, .choice([0, 0x40, 2], strict: true), .output, .fixture(.length)]),
        .init("setsockopt", 208, [.fd, .choice([1, 0, 6, 0xffff_ffff], strict: true), .choice([2, 7, 8, 20, 99], strict: true), .input, .choice([0, 4, 8, 0xffff_ffff], strict: true)]),
        .init("getsockopt", 209, [.fd, .choice([1, 0, 6], strict: true), .choice([2, 3, 4, 7, 8, 99], strict: true), .output, .fixture(.length)]),
        .init("shutdown", 210, [.fd, .choice([0, 1, 2, 3], strict: true)]),
        .init("sendmsg", 211, [.fd, .fixture(.msghdr), .choice([0, 0x40], strict: true)]),
        .init("recvmsg", 212, [.fd, .fixture(.msghdr), .choice([0, 0x40, 2], strict: true)]),
        .init("brk", 214, [.choice([0, 0x1000, 0xffff_ffff_ffff_ffff], strict: true)], .none),
        .init("munmap", 215, [.arenaAddress, .arenaLength]),
        .init("mremap", 216, [.arenaAddress, .arenaLength, .arenaLength, .choice([0, 1, 4, 5, 8], strict: true), .arenaAddress], .errno),
        .init("mmap", 222, [.mmapAddress, .arenaLength, .choice([0, 1, 3, 5, 7, 8], strict: true),
                            .choice([0x22, 0x32, 0x21, 0x02, 0x01, 0x10_0022, 0x00, 0x0f], strict: true), .fd,
                            .choice([0, 4096, 1, 0x1_0000_0000_0000, 0x7fff_ffff_ffff_f000], strict: true)], .errno),  // no negative offset: riscv64 shifts the signed off_t, x86-64 an unsigned one
        .init("mprotect", 226, [.arenaAddress, .arenaLength, .choice([0, 1, 3, 5, 7, 8, 0x0100_0000], strict: true)]),
        .init("msync", 227, [.arenaAddress, .arenaLength, .choice([0, 1, 4, 5, 2, 8], strict: true)]),
        .init("mlock", 228, [.arenaAddress, .arenaLength], .none),
        .init("munlock", 229, [.arenaAddress, .arenaLength], .none),
        .init("madvise", 233, [.arenaAddress, .arenaSpan, .choice([0, 1, 2, 3, 4, 8, 9, 99], strict: true)], .errno),
        .init("accept4", 242, [.fd, .output, .fixture(.length), .choice([0, 0o4000, 0o2000000, 1], strict: true)]),
        .init("wait4", 260, [.choice([0, 0xffff_ffff, 0x7fff_fff0], strict: true), .output, .choice([1, 0x80000000 | 1, 99], strict: true), .output]),
        .init("prlimit64", 261, [.choice([0, 0x7fff_fff0], strict: true), .choice([0, 2, 3, 7, 9, 16, 0xffff_ffff], strict: true),
                                 .choice([0, 0x10], strict: true), .output]),
        .init("syncfs", 267, [.fd]),
        .init("getrandom", 278, [.output, .size, .choice([0, 1, 2, 3, 4, 8], strict: true)]),
        .init("memfd_create", 279, [.path, .choice([0, 1, 2, 3, 0xffff_ffff], strict: true)]),
        .init("copy_file_range", 285, [.fd, .fixture(.offset), .fd, .fixture(.offset), .size, .choice([0, 1], strict: true)]),
        .init("statx", 291, [.dirfd, .path, .choice(atFlags, strict: true), .choice([0, 0xfff, 0xffff_ffff], strict: true), .output]),
        .init("faccessat2", 439, [.dirfd, .path, .choice([0, 1, 2, 4, 7], strict: true), .choice(atFlags, strict: true)]),
        .init("riscv_hwprobe", 258, [.output, .choice([0, 1, 4, 1 << 20], strict: true), .choice([0], strict: true), .choice([0], strict: true), .choice([0, 1], strict: true)], .none, native: false),
        .init("getxattr", 8, [.path, .path, .output, .size]),
        .init("listxattr", 11, [.path, .output, .size]),
        .init("fgetxattr", 10, [.fd, .path, .output, .size]),
        .init("flistxattr", 13, [.fd, .output, .size]),
        .init("fremovexattr", 16, [.fd, .path]),
    ]

    /// Calls never issued, and why (the long run documents them in docs/FUZZING.md).
    public static let excluded: [(String, String)] = [
        ("exit, exit_group", "end the harness"),
        ("rt_sigreturn", "replaces every register"),
        ("clone, clone3, execve, execveat", "start processes or programs (a second fuzzing process)"),
        ("futex", "wait operations could wait forever on the harness's own words"),
        ("nanosleep", "a long sleep is a hang by design (clock_nanosleep gets only tiny or invalid timespecs, and no CPU-time clock: a relative sleep on the CPU time of a sleeping process never ends)"),
        ("rt_sigsuspend, pause-like waits", "wait for a signal nobody sends"),
        ("kill/tkill/tgkill with a signal", "only signal 0 (and invalid numbers): a signal would end the harness"),
        ("reboot, mount, umount2, pivot_root, chroot, swapon/off, sethostname, setdomainname, settimeofday, clock_settime, adjtimex, clock_adjtime, acct, quotactl, syslog, kexec_*, *_module, personality, setpriority, sched_set*, ioprio_set, unshare, setns, capset, seccomp, landlock_*, keyctl, add_key, request_key, bpf, perf_event_open, ptrace, process_vm_*, pidfd_send_signal, rt_(tg)sigqueueinfo, migrate_pages, move_pages, mbind, set_mempolicy, setuid family, setgroups, setsid, setpgid, vhangup",
         "change the machine, other processes, or this process's privileges: qemu passes them to the host (as root)"),
        ("SysV IPC, POSIX message queues, io_uring, io_setup/io_getevents", "persist beyond the process or wait for completions"),
        ("socket domains other than AF_UNIX", "no traffic may leave the machine"),
    ]
}
