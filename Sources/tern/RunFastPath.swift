import ArgumentParser
import TernCore

/// The common `tern run` command lines parsed without swift-argument-parser's
/// reflection. ArgumentParser builds each command's argument set through
/// `Mirror` and runtime type lookups several times per parse (about 3 ms of a
/// 12 ms static-hello start, most of it conformance scans over the static
/// binary); every guest execve re-runs tern, so shells pay it per command.
///
/// `parse` accepts only command lines whose meaning under ArgumentParser is
/// plain: `run`, then options of `Run` spelled exactly as declared (a value
/// as the next word, not starting with `-`, or after `=` for a long name),
/// each at most once (`-E`/`-U` may repeat), then the program (not starting
/// with `-`) and the guest's arguments, which are captured as they are.
/// Anything else (help, `--version`, `--`, unknown or packed options, a
/// value ArgumentParser would reject, a command line that fails `validate`)
/// answers nil and goes through ArgumentParser, which then gives its own
/// answer or error. `RunFastPathTests` checks that both parsers agree.
enum RunFastPath {
    /// One option of `Run`: its spellings, whether it takes a value, and
    /// where the value goes (false: ArgumentParser would not accept it).
    struct Row {
        let names: [String]
        let takesValue: Bool
        let repeats: Bool
        let apply: (inout Run, String) -> Bool

        static func flag(_ names: [String], _ key: WritableKeyPath<Run, Bool>) -> Row {
            Row(names: names, takesValue: false, repeats: false) { run, _ in run[keyPath: key] = true; return true }
        }

        static func value<T: ExpressibleByArgument>(_ names: [String], _ key: WritableKeyPath<Run, T?>) -> Row {
            Row(names: names, takesValue: true, repeats: false) { run, text in
                guard let v = T(argument: text) else { return false }
                run[keyPath: key] = v
                return true
            }
        }

        static func value<T: ExpressibleByArgument>(_ names: [String], _ key: WritableKeyPath<Run, T>) -> Row {
            Row(names: names, takesValue: true, repeats: false) { run, text in
                guard let v = T(argument: text) else { return false }
                run[keyPath: key] = v
                return true
            }
        }

        static func list(_ names: [String], _ key: WritableKeyPath<Run, [String]>) -> Row {
            Row(names: names, takesValue: true, repeats: true) { run, text in run[keyPath: key].append(text); return true }
        }
    }

    /// Every option of `Run` and of its option groups, as declared there.
    nonisolated(unsafe) static let rows: [Row] = [  // immutable; key paths are not Sendable
        .list(["-E"], \.setEnvironment),
        .list(["-U"], \.unsetEnvironment),
        .flag(["--stats"], \.stats),
        .value(["--stats-json"], \.statsJson),
        .value(["--tcache-size"], \.tcacheSize),
        .value(["--stats-interval"], \.statsInterval),
        .value(["--profile-blocks"], \.profileBlocks),
        .flag(["--strace", "-strace"], \.strace),
        .value(["--sysroot", "-L"], \.sysroot),
        .value(["--argv0", "-0"], \.argv0),
        .value(["--trace"], \.trace),
        .value(["-d"], \.debugLog),
        .flag(["--bare"], \.bare),
        .value(["--max-instructions"], \.maxInstructions),
        .value(["--engine"], \.engine),
        .value(["--checkpoint"], \.checkpointOptions.checkpoint),
        .value(["--checkpoint-after"], \.checkpointOptions.checkpointAfter),
        .value(["--checkpoint-on"], \.checkpointOptions.checkpointOn),
        .value(["--cpu", "-cpu"], \.cpu),
        .value(["-g", "--gdb"], \.qemu.gdb),
        .value(["-s", "--stack-size"], \.qemu.stackSize),
        .flag(["--perfmap", "-perfmap"], \.qemu.perfmap),
        .flag(["--jitdump", "-jitdump"], \.qemu.jitdump),
        .value(["--exec-state"], \.execState),
        .value(["--exec-env"], \.execEnv),
        .value(["--exec-fd"], \.execFd),
        .value(["--binfmt-fd"], \.binfmtFd),
    ]

    /// Spelling -> row index.
    private static let byName: [String: Int] = {
        var map: [String: Int] = [:]
        for (i, row) in rows.enumerated() { for name in row.names { map[name] = i } }
        return map
    }()

    /// A `Run` holding every default of its declarations (ArgumentParser's
    /// property wrappers hold no value until parsed or assigned).
    static func defaults() -> Run {
        var run = Run()
        run.setEnvironment = []
        run.unsetEnvironment = []
        run.stats = false
        run.statsJson = nil
        run.tcacheSize = nil
        run.statsInterval = nil
        run.profileBlocks = nil
        run.strace = false
        run.sysroot = nil
        run.argv0 = nil
        run.trace = nil
        run.debugLog = nil
        run.bare = false
        run.maxInstructions = nil
        run.engine = .cliDefault
        var checkpoint = CheckpointOptions()
        checkpoint.checkpoint = nil
        checkpoint.checkpointAfter = nil
        checkpoint.checkpointOn = nil
        run.checkpointOptions = checkpoint
        run.cpu = nil
        var qemu = QemuStyleOptions()
        qemu.gdb = nil
        qemu.stackSize = nil
        qemu.perfmap = false
        qemu.jitdump = false
        run.qemu = qemu
        run.execState = nil
        run.execEnv = nil
        run.execFd = nil
        run.binfmtFd = nil
        run.program = nil
        run.arguments = []
        return run
    }

    /// `Run` for `arguments` (the words after `run`), validated as
    /// ArgumentParser would; nil when ArgumentParser must decide.
    static func parse(_ arguments: [String]) -> Run? {
        // ArgumentParser looks for these anywhere on the line, guest arguments included.
        if arguments.contains(where: { $0.hasPrefix("--generate-completion-script") }) { return nil }
        var run = defaults()
        var seen = Set<Int>()
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            guard word.hasPrefix("-") else { break }
            var name = Substring(word), attached: Substring? = nil
            if word.hasPrefix("--"), let eq = word.firstIndex(of: "=") {
                name = word[..<eq]
                attached = word[word.index(after: eq)...]
                if attached?.isEmpty == true { return nil }  // ArgumentParser takes the next word then
            }
            guard let index = byName[String(name)] else { return nil }
            let row = rows[index]
            guard row.repeats || seen.insert(index).inserted else { return nil }
            if row.takesValue {
                let value: String
                if let attached { value = String(attached) } else {
                    i += 1
                    guard i < arguments.count, !arguments[i].hasPrefix("-") else { return nil }
                    value = arguments[i]
                }
                guard row.apply(&run, value) else { return nil }
            } else {
                guard attached == nil, row.apply(&run, "") else { return nil }
            }
            i += 1
        }
        guard i < arguments.count, !arguments[i].isEmpty else { return nil }
        run.program = arguments[i]
        run.arguments = Array(arguments[(i + 1)...])
        do {
            try run.qemu.validate()
            try run.validate()
        } catch {
            return nil
        }
        return run
    }

    /// Runs `tern run ARGUMENTS` through `parse` when it can, as
    /// `ParsableCommand.main` would (errors end tern through `root`'s
    /// `exit(withError:)`); false when ArgumentParser must parse them.
    static func main(_ arguments: [String], root: any ParsableCommand.Type) -> Bool {
        guard let run = parse(arguments) else { return false }
        do { try run.run() } catch { root.exit(withError: error) }
        return true
    }
}
