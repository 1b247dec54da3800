#if canImport(Glibc)
import Glibc
#endif
import TernLinux

/// The guest environment: the host's, adjusted by `-E` and `-U` like qemu-user.
/// Entries are raw bytes in the host's order: a program started by a guest
/// execve receives exactly the envp it was given (bytes that are not UTF-8 included).
enum GuestEnvironment {
    /// The host process's environment (`environ`), in order.
    static func host() -> [[UInt8]] { LinuxOptions.hostEnvironment() }

    /// `host` without the variables in `unset`, with each `VAR=VALUE` of `set`
    /// replacing the variable in place or appended.
    static func build(host: [[UInt8]], set: [String], unset: [String]) -> [[UInt8]] {
        func name(_ entry: [UInt8]) -> [UInt8] { Array(entry.prefix { $0 != UInt8(ascii: "=") }) }
        let removed = Swift.Set(unset.map { Array($0.utf8) })
        var env = host.filter { !removed.contains(name($0)) }
        for s in set {
            let entry = Array(s.utf8)
            if let i = env.firstIndex(where: { name($0) == name(entry) }) { env[i] = entry } else { env.append(entry) }
        }
        return env
    }
}

/// Tern's own environment variables, read with getenv (ProcessInfo's
/// `environment` builds a dictionary of all of them at every use).
enum HostEnvironment {
    /// The value of `name`, nil when unset.
    static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

/// The command line as the kernel passed it: raw bytes, before any decoding
/// (Swift's `CommandLine.arguments` turns bytes that are not UTF-8 into U+FFFD).
enum RawCommandLine {
    static var arguments: [[UInt8]] {
        (0 ..< Int(CommandLine.argc)).map { i in
            guard let p = CommandLine.unsafeArgv[i] else { return [] }
            return Array(UnsafeRawBufferPointer(start: p, count: strlen(p)))
        }
    }

    /// The guest's argv: `argv0` (or the program) then the trailing `count`
    /// arguments, taken raw from the command line (they are its last words,
    /// but for `after` words of environment after them: `--exec-env`).
    static func guestArguments(program: String, argv0: String?, count: Int, after: Int = 0) -> [[UInt8]] {
        let raw = Array(arguments.dropLast(after))
        let tail = count > 0 && raw.count >= count ? Array(raw.suffix(count)) : []
        var first = Array((argv0 ?? program).utf8)
        let options = raw.dropLast(min(raw.count, count + 1))  // tern's own words: the guest's may say --argv0 too
        if let argv0, let i = options.lastIndex(of: Array("--argv0".utf8)), i + 1 < options.endIndex,
           String(decoding: raw[i + 1], as: UTF8.self) == argv0 {
            first = raw[i + 1]
        }
        return [first] + tail
    }
}
