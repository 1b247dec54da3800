import ArgumentParser
import TernCore
import TernGDB
import TernLinux

/// Options of `tern run` spelled as qemu-user's (`-g`, `-s`, `-perfmap`,
/// `-jitdump`), with their environment variables.
struct QemuStyleOptions: ParsableArguments {
    @Option(name: [.customShort("g"), .customLong("gdb")],
            help: ArgumentHelp("Wait for gdb on TCP port PORT (or a Unix socket path) before the first instruction, like qemu's -g (default: $TERN_GDB).", valueName: "PORT"))
    var gdb: String?

    @Option(name: [.customShort("s"), .customLong("stack-size")],
            help: ArgumentHelp("Guest stack size in bytes, with an optional K/M/G suffix, like qemu's -s (default 8M).", valueName: "SIZE"))
    var stackSize: String?

    @Flag(name: [.customLong("perfmap"), .customLong("perfmap", withSingleDash: true)],
          help: "Write /tmp/perf-PID.map naming each native block by its guest code, for perf (like qemu's -perfmap).")
    var perfmap = false

    @Flag(name: [.customLong("jitdump"), .customLong("jitdump", withSingleDash: true)],
          help: "Write jit-PID.dump ($TMPDIR or /tmp) with each native block's code and guest name, for perf inject --jit (like qemu's -jitdump; record with perf record -k 1).")
    var jitdump = false

    func validate() throws {
        if let stackSize, Self.size(stackSize) == nil {
            throw ValidationError("-s expects a size such as 8M, 16384K or 1048576, got '\(stackSize)'")
        }
        if let endpoint = gdb, GDBEndpoint(endpoint) == nil {
            throw ValidationError("-g expects a TCP port or a Unix socket path, got '\(endpoint)'")
        }
    }

    /// The guest stack size, if given.
    var stackBytes: UInt64? { stackSize.flatMap(Self.size) }

    /// Bytes from `8M`, `16k`, `1048576` (qemu's -s suffixes; K, M and G, either case).
    static func size(_ text: String) -> UInt64? {
        guard let last = text.last else { return nil }
        let shifts: [Character: UInt64] = ["k": 10, "K": 10, "m": 20, "M": 20, "g": 30, "G": 30]
        let (digits, shift) = shifts[last].map { (text.dropLast(), $0) } ?? (Substring(text), 0)
        guard let n = UInt64(digits), n > 0, n <= (UInt64(1) << 36) >> shift else { return nil }
        return n << shift
    }

    /// Where gdb connects: `-g`, else $TERN_GDB (nil: no debugger).
    func gdbEndpoint(environment: [String: String]) throws -> GDBEndpoint? {
        guard let text = gdb ?? environment["TERN_GDB"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard let endpoint = GDBEndpoint(text) else {
            throw ValidationError("TERN_GDB expects a TCP port or a Unix socket path, got '\(text)'")
        }
        return endpoint
    }
}
