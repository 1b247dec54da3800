import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// The perf map that `perf report` reads to name JIT code (`--perfmap`, like
/// qemu's -perfmap): /tmp/perf-PID.map, one `START SIZE NAME` line (hex) per
/// native block, NAME being the guest code it translates.
public final class PerfMap: @unchecked Sendable {
    private var fd: Int32 = -1
    private var pid: Int32 = 0

    public init() { reopenIfForked() }

    /// Where perf looks for the map of process `pid` (perf reads /tmp, whatever TMPDIR says).
    public static func path(pid: Int32) -> String { "/tmp/perf-\(pid).map" }

    /// Adds one native block.
    public func record(code: UnsafeRawBufferPointer, name: String) {
        reopenIfForked()
        guard fd >= 0, let start = code.baseAddress else { return }
        let line = String(UInt(bitPattern: start), radix: 16) + " " + String(code.count, radix: 16) + " " + name + "\n"
        _ = line.withCString { write(fd, $0, strlen($0)) }
    }

    /// A forked child's blocks go to a map of its own.
    private func reopenIfForked() {
        let me = getpid()
        guard me != pid else { return }
        if fd >= 0 { close(fd); ReservedDescriptors.shared.release(fd) }
        pid = me
        // Out of the guest's reach: the guest shares the descriptor table.
        fd = ReservedDescriptors.shared.adopt(open(Self.path(pid: me), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644))
    }
}
