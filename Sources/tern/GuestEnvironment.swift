/// The guest environment: the host's, adjusted by `-E` and `-U` like qemu-user.
enum GuestEnvironment {
    /// `VAR=VALUE` strings in a stable order (host order is not observable anyway).
    static func build(host: [String: String], set: [String], unset: [String]) -> [String] {
        var env = host
        for u in unset { env[u] = nil }
        for s in set {
            let parts = s.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return env.keys.sorted().map { "\($0)=\(env[$0]!)" }
    }
}
