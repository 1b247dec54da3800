import ArgumentParser
import TernCore
import TernGDB
import TernLinux

/// Options of `tern run` spelled as qemu-user's (`-g`, `-d`, `-s`), with their
/// environment variables.
struct QemuStyleOptions: ParsableArguments {
    @Option(name: [.customShort("g"), .customLong("gdb")],
            help: ArgumentHelp("Wait for gdb on TCP port PORT (or a Unix socket path) before the first instruction, like qemu's -g (default: $TERN_GDB).", valueName: "PORT"))
    var gdb: String?

    @Option(name: .customShort("d"),
            help: ArgumentHelp("qemu-style log items, comma-separated: in_asm, exec (as --trace), strace (as --strace); 'help' lists them.", valueName: "ITEMS"))
    var log: String?

    @Option(name: [.customShort("s"), .customLong("stack-size")],
            help: ArgumentHelp("Guest stack size in bytes, with an optional K/M/G suffix, like qemu's -s (default 8M).", valueName: "SIZE"))
    var stackSize: String?

    @Flag(name: [.customLong("perfmap"), .customLong("perfmap", withSingleDash: true)],
          help: "Write /tmp/perf-PID.map naming each native block by its guest code, for perf (like qemu's -perfmap).")
    var perfmap = false

    @Flag(name: [.customLong("jitdump"), .customLong("jitdump", withSingleDash: true)],
          help: "Write jit-PID.dump ($TMPDIR or /tmp) with each native block's code and guest name, for perf inject --jit (like qemu's -jitdump; record with perf record -k 1).")
    var jitdump = false

    /// `-d` items and what they turn on.
    static let logItems: [(name: String, help: String)] = [
        ("in_asm", "each block's guest instructions when it is translated"),
        ("exec", "each block entered"),
        ("strace", "each guest system call and its result"),
    ]

    func validate() throws {
        if let log, log != "help" { _ = try parsedLog(log) }
        if let stackSize, Self.size(stackSize) == nil {
            throw ValidationError("-s expects a size such as 8M, 16384K or 1048576, got '\(stackSize)'")
        }
        if let endpoint = gdb, GDBEndpoint(endpoint) == nil {
            throw ValidationError("-g expects a TCP port or a Unix socket path, got '\(endpoint)'")
        }
    }

    /// `-d`'s trace items and whether it asked for strace.
    func parsedLog(_ list: String) throws -> (trace: TraceOptions, strace: Bool) {
        var trace = TraceOptions()
        var strace = false
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            if item == "strace" { strace = true; continue }
            guard case .success(let t) = TraceOptions.parse(String(item)) else {
                throw ValidationError("unknown -d item '\(item)' (expected a comma-separated list of: "
                                      + Self.logItems.map(\.name).joined(separator: ", ") + ")")
            }
            trace.formUnion(t)
        }
        return (trace, strace)
    }

    /// `-d help`: the items, one per line (as qemu lists its log items).
    static var logHelp: String {
        "Log items (comma separated):\n" + logItems.map { $0.name.padding(toLength: 10, withPad: " ", startingAt: 0) + $0.help }.joined(separator: "\n")
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
