import ArgumentParser
import TernCore

/// qemu-user's `-d ITEM,...` spelling: `unimp` logs unimplemented syscalls,
/// `strace` is `--strace`, `in_asm` and `exec` are the `--trace` items.
struct DebugLog: Equatable {
    var unimplemented = false
    var strace = false
    var trace = TraceOptions()

    /// Accepted items and what each turns on, in display order.
    static let items: [(String, @Sendable (inout DebugLog) -> Void)] = [
        ("unimp", { $0.unimplemented = true }),
        ("strace", { $0.strace = true }),
        ("in_asm", { $0.trace.insert(.inAsm) }),
        ("exec", { $0.trace.insert(.exec) }),
    ]

    /// Parses a comma-separated list; throws a usage error naming the first unknown item.
    init(parsing list: String) throws {
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            guard let match = Self.items.first(where: { $0.0 == item }) else {
                let known = Self.items.map(\.0).joined(separator: ", ")
                throw ValidationError("unknown -d item '\(item)' (expected a comma-separated list of: \(known))")
            }
            match.1(&self)
        }
    }

    init() {}
}
