/// Translation of `open`/`fcntl` flag bits between the guest (riscv64,
/// asm-generic `fcntl.h`) and the host (Linux x86-64).
///
/// The two ABIs happen to use the same octal values; the explicit table keeps
/// the translation honest (unknown guest bits are dropped, not passed on) and
/// is the one place to change for a host with different values.
enum OpenFlags {
    /// (guest bit, host bit, name).
    static let table: [(guest: Int32, host: Int32, name: String)] = [
        (0o100, 0o100, "O_CREAT"),
        (0o200, 0o200, "O_EXCL"),
        (0o400, 0o400, "O_NOCTTY"),
        (0o1000, 0o1000, "O_TRUNC"),
        (0o2000, 0o2000, "O_APPEND"),
        (0o4000, 0o4000, "O_NONBLOCK"),
        (0o10000, 0o10000, "O_DSYNC"),
        (0o20000, 0o20000, "FASYNC"),
        (0o40000, 0o40000, "O_DIRECT"),
        (0o100000, 0o100000, "O_LARGEFILE"),
        (0o200000, 0o200000, "O_DIRECTORY"),
        (0o400000, 0o400000, "O_NOFOLLOW"),
        (0o1000000, 0o1000000, "O_NOATIME"),
        (0o2000000, 0o2000000, "O_CLOEXEC"),
        (0o4000000, 0o4000000, "__O_SYNC"),
        (0o10000000, 0o10000000, "O_PATH"),
        (0o20000000, 0o20000000, "__O_TMPFILE"),
    ]

    /// Access mode bits (O_RDONLY/O_WRONLY/O_RDWR), identical everywhere.
    static let accessMode: Int32 = 3

    /// Host open flags for guest open flags.
    static func host(fromGuest guest: Int32) -> Int32 {
        var host = guest & accessMode
        for entry in table where guest & entry.guest != 0 { host |= entry.host }
        return host
    }

    /// Guest flags for host flags (F_GETFL results).
    static func guest(fromHost host: Int32) -> Int32 {
        var guest = host & accessMode
        for entry in table where host & entry.host != 0 { guest |= entry.guest }
        return guest
    }
}
