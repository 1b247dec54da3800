/// The rest of the riscv64 table: calls Tern refuses as Linux refuses an
/// unprivileged process, calls riscv64 Linux itself lacks, optional kernel
/// features Tern leaves out, and the calls implemented in
/// SyscallsVectorIO.swift, SyscallsIPC.swift and SyscallsKernelMisc.swift.
extension SyscallHandler {
    static let refusedEntries: [SyscallEntry] = [
        refused("reboot", Errno.EPERM, "CAP_SYS_BOOT", .hex, .hex, .int, .hex),
        refused("kexec_load", Errno.EPERM, "CAP_SYS_BOOT", .hex, .int, .hex, .hex),
        refused("kexec_file_load", Errno.EPERM, "CAP_SYS_BOOT", .fd, .fd, .int, .hex, .hex),
        refused("init_module", Errno.EPERM, "CAP_SYS_MODULE", .hex, .int, .path),
        refused("finit_module", Errno.EPERM, "CAP_SYS_MODULE", .fd, .path, .hex),
        refused("delete_module", Errno.EPERM, "CAP_SYS_MODULE", .path, .hex),
        refused("swapon", Errno.EPERM, "CAP_SYS_ADMIN", .path, .hex),
        refused("swapoff", Errno.EPERM, "CAP_SYS_ADMIN", .path),
        // Linux's own gaps on riscv64
        absent("lookup_dcookie", "sys_ni_syscall since Linux 6.8", .hex, .hex, .int),
        absent("nfsservctl", "sys_ni_syscall since Linux 3.1", .int, .hex, .hex),
        absent("renameat", "not in the riscv64 ABI (renameat2 replaces it)", .dirfd, .path, .dirfd, .path),
        absent("pkey_mprotect", "riscv64 has no memory protection keys", .hex, .hex, .prot, .int),
        absent("pkey_alloc", "riscv64 has no memory protection keys", .hex, .hex),
        absent("pkey_free", "riscv64 has no memory protection keys", .int),
        absent("map_shadow_stack", "x86-only in Linux 6.12", .hex, .hex, .hex),
        // Optional features Tern does not provide
        notConfigured("io_setup", "CONFIG_AIO", .int, .hex),
        notConfigured("io_destroy", "CONFIG_AIO", .hex),
        notConfigured("io_submit", "CONFIG_AIO", .hex, .int, .hex),
        notConfigured("io_cancel", "CONFIG_AIO", .hex, .hex, .hex),
        notConfigured("io_getevents", "CONFIG_AIO", .hex, .int, .int, .hex, .hex),
        notConfigured("io_pgetevents", "CONFIG_AIO", .hex, .int, .int, .hex, .hex, .hex),
        notConfigured("io_uring_setup", "CONFIG_IO_URING", .int, .hex),
        notConfigured("io_uring_enter", "CONFIG_IO_URING", .fd, .int, .int, .hex, .hex, .int),
        notConfigured("io_uring_register", "CONFIG_IO_URING", .fd, .int, .hex, .int),
        notConfigured("bpf", "CONFIG_BPF_SYSCALL", .int, .hex, .int),
        notConfigured("perf_event_open", "CONFIG_PERF_EVENTS", .hex, .int, .int, .fd, .hex),
        notConfigured("seccomp", "CONFIG_SECCOMP", .int, .hex, .hex),
        notConfigured("userfaultfd", "CONFIG_USERFAULTFD", .hex),
        notConfigured("rseq", "CONFIG_RSEQ", .hex, .int, .hex, .hex),
        notConfigured("add_key", "CONFIG_KEYS", .path, .path, .hex, .int, .int),
        notConfigured("request_key", "CONFIG_KEYS", .path, .path, .path, .int),
        notConfigured("keyctl", "CONFIG_KEYS", .int, .hex, .hex, .hex, .hex),
    ]

    static let moreEntries: [SyscallEntry] = [
        // Vectored and cross-process I/O (SyscallsVectorIO.swift)
        SyscallEntry("preadv", .fd, .hex, .int, .int, blocks: true) { $0.sysPreadv($1, hasFlags: false) },
        SyscallEntry("pwritev", .fd, .hex, .int, .int, blocks: true) { $0.sysPwritev($1, hasFlags: false) },
        SyscallEntry("preadv2", .fd, .hex, .int, .int, .int, .hex, blocks: true) { $0.sysPreadv($1, hasFlags: true) },
        SyscallEntry("pwritev2", .fd, .hex, .int, .int, .int, .hex, blocks: true) { $0.sysPwritev($1, hasFlags: true) },
        SyscallEntry("vmsplice", .fd, .hex, .int, .hex, blocks: true) { $0.sysVmsplice($1) },
        SyscallEntry("process_vm_readv", .int, .hex, .int, .hex, .int, .hex) { $0.sysProcessVM($1, write: false) },
        SyscallEntry("process_vm_writev", .int, .hex, .int, .hex, .int, .hex) { $0.sysProcessVM($1, write: true) },
        SyscallEntry("process_madvise", .fd, .hex, .int, .int, .hex) { $0.sysProcessMadvise($1) },
        SyscallEntry("sendmmsg", .fd, .hex, .int, .hex, blocks: true) { $0.sysMmsg($1, receive: false) },
        SyscallEntry("recvmmsg", .fd, .hex, .int, .hex, .hex, blocks: true) { $0.sysMmsg($1, receive: true) },
        // System V IPC with guest structures or guest mappings (SyscallsIPC.swift)
        SyscallEntry("msgctl", .int, .int, .hex) { $0.sysIPCControl($1, host: 71, bufferSize: 120) },
        SyscallEntry("shmctl", .int, .int, .hex) { $0.sysIPCControl($1, host: 31, bufferSize: 112) },
        SyscallEntry("semctl", .int, .int, .int, .hex) { $0.sysSemctl($1) },
        SyscallEntry("shmat", .int, .hex, .hex, result: .hex) { $0.sysShmat($1) },
        SyscallEntry("shmdt", .hex) { $0.sysShmdt($1) },
        // Kernel odds and ends (SyscallsKernelMisc.swift)
        SyscallEntry("set_robust_list", .hex, .int) { $0.sysSetRobustList($1) },
        SyscallEntry("get_robust_list", .int, .hex, .hex) { $0.sysGetRobustList($1) },
        SyscallEntry("restart_syscall") { _, _ in -Errno.EINTR },
        SyscallEntry("ptrace", .int, .int, .hex, .hex) { $0.sysPtrace($1) },
        SyscallEntry("execveat", .dirfd, .path, .hex, .hex, .hex) { $0.sysExecveat($1) },
        SyscallEntry("openat2", .dirfd, .path, .hex, .int) { $0.sysOpenat2($1) },
        SyscallEntry("mincore", .hex, .hex, .hex) { $0.sysMincore($1) },
        SyscallEntry("move_pages", .int, .int, .hex, .hex, .hex, .hex) { $0.sysMovePages($1) },
        SyscallEntry("remap_file_pages", .hex, .hex, .prot, .int, .hex) { $0.sysRemapFilePages($1) },
        SyscallEntry("mseal", .hex, .hex, .hex) { $0.sysMseal($1) },
        SyscallEntry("riscv_flush_icache", .hex, .hex, .hex) { $0.sysRiscvFlushIcache($1) },
        SyscallEntry("futex_waitv", .hex, .int, .hex, .hex, .int, blocks: true) { $0.sysFutexWaitv($1) },
        SyscallEntry("futex_wake", .hex, .hex, .int, .hex) { $0.sysFutexWake($1) },
        SyscallEntry("futex_wait", .hex, .hex, .hex, .hex, .hex, .int, blocks: true) { $0.sysFutexWait($1) },
        SyscallEntry("futex_requeue", .hex, .hex, .int, .int) { $0.sysFutexRequeue($1) },
    ]

    private static func refused(_ name: String, _ errno: Int64, _ capability: String, _ formats: SyscallArgFormat...) -> SyscallEntry {
        SyscallEntry(name, formats: formats, status: .refused(errno: errno, capability: capability)) { _, _ in -errno }
    }

    private static func absent(_ name: String, _ why: String, _ formats: SyscallArgFormat...) -> SyscallEntry {
        SyscallEntry(name, formats: formats, status: .absentInLinux(why)) { _, _ in -Errno.ENOSYS }
    }

    private static func notConfigured(_ name: String, _ config: String, _ formats: SyscallArgFormat...) -> SyscallEntry {
        SyscallEntry(name, formats: formats, status: .notConfigured(config)) { _, _ in -Errno.ENOSYS }
    }
}
