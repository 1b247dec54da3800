#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tern's own host descriptors while a guest runs: the perf map, the jitdump
/// file, the gdb stub's socket and wake-up pipe.
///
/// The guest shares the host process's descriptor table, so these live where no
/// guest descriptor can be: at the top of a range whose bottom (`floor`) the
/// guest's RLIMIT_NOFILE never passes (the host's soft limit is lowered to it, and
/// the guest sees `floor` as its hard limit). The kernel then refuses dup3 onto
/// them as it refuses any number past the limit (EBADF), and the syscall layer
/// treats them as closed: calls naming one as a descriptor get EBADF, close_range
/// skips them. So the guest sees the descriptor table it would have under Linux,
/// and cannot close or replace Tern's descriptors.
public final class ReservedDescriptors: @unchecked Sendable {
    /// The process's reserved descriptors.
    public static let shared = ReservedDescriptors()

    /// How many numbers are kept for Tern.
    static let capacity: Int32 = 16
    /// The highest number used: the fd table grows to it, so it stays modest even
    /// where the hard limit is a million.
    static let ceiling: UInt64 = 65_536

    private let lock = Lock()
    private var reserved: [Int32] = []
    private var lowest: Int32?

    /// Whether Tern has ever reserved a descriptor (read without the lock on every
    /// system call; set once, before the guest runs or while it waits for gdb).
    public private(set) var isActive = false

    /// The lowest reserved number: every guest descriptor is below it (nil while
    /// Tern holds none).
    public var floor: Int32? { lock.withLock { lowest } }

    /// Whether `fd` is one of Tern's descriptors.
    public func contains(_ fd: Int32) -> Bool { lock.withLock { lowest.map { fd >= $0 } == true && reserved.contains(fd) } }

    /// Tern's descriptors in ascending order.
    public var descriptors: [Int32] { lock.withLock { reserved.sorted() } }

    /// Moves `fd` into the reserved range (close-on-exec) and returns its new
    /// number; `fd` itself is closed. Where the limits leave no room (a hard
    /// limit under 64) or the range is full, `fd` stays as it is.
    public func adopt(_ fd: Int32) -> Int32 {
        guard fd >= 0 else { return fd }
        return lock.withLock {
            var limit = rlimit()
            guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 else { return fd }
            let top = min(UInt64(limit.rlim_max), Self.ceiling)
            guard top >= 64 else { return fd }
            let bottom = lowest ?? Int32(top) - Self.capacity
            // F_DUPFD places at most below the soft limit: raise it for the move.
            var raised = limit
            raised.rlim_cur = rlim_t(top)
            setrlimit(RLIMIT_NOFILE_VALUE, &raised)
            let moved = fcntl(fd, F_DUPFD_CLOEXEC, bottom)
            // The guest's descriptors stay below the range.
            var lowered = limit
            lowered.rlim_cur = min(limit.rlim_cur, rlim_t(bottom))
            setrlimit(RLIMIT_NOFILE_VALUE, &lowered)
            guard moved >= bottom, UInt64(moved) < top else {
                if moved >= 0 { close(moved) }
                return fd
            }
            close(fd)
            lowest = bottom
            reserved.append(moved)
            isActive = true
            return moved
        }
    }

    /// Forgets `fd` (Tern closed it).
    public func release(_ fd: Int32) { lock.withLock { reserved.removeAll { $0 == fd } } }
}

#if canImport(Glibc)
private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#else
private let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
#endif
