import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `tern binfmt install|remove|status`: Tern as the kernel's handler of riscv64
/// ELF files (binfmt_misc), so `./riscv64-program` runs directly.
struct Binfmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binfmt",  // explicit: the default name is derived by reflection at every start
        abstract: "Register Tern with binfmt_misc for riscv64 ELF programs (or remove, or show the registration).",
        discussion: """
            The entry is named \(BinfmtEntry.name), with qemu-user-binfmt's riscv64 magic and mask and flags OCF \
            (the kernel opens the program for tern, credentials follow the program, the interpreter is \
            opened at registration so it works in containers and chroots). Programs started this way use \
            $TERN_SYSROOT, else /etc/tern/sysroot (a directory, or a file naming one) as their sysroot. \
            binfmt_misc must be mounted: mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc \
            (in a user and mount namespace of its own from Linux 6.7 on, where the registration is private).
            """,
        subcommands: [Install.self, Remove.self, Status.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "install", abstract: "Register (or re-register) Tern for riscv64 ELF programs.")

        @Option(help: ArgumentHelp("The interpreter the kernel starts (default: this tern binary).", valueName: "PATH"))
        var interpreter: String?

        @Flag(help: "Also write \(BinfmtEntry.persistentPath) so systemd-binfmt registers Tern at boot.")
        var persist = false

        func run() throws {
            let path = interpreter.map(ExecCommand.absolute) ?? BinfmtEntry.thisBinary
            guard FileManager.default.isExecutableFile(atPath: path) else { throw BinfmtEntry.fail("\(path) is not an executable file") }
            try BinfmtEntry.requireMounted()
            if FileManager.default.fileExists(atPath: BinfmtEntry.entryPath) {
                try BinfmtEntry.write("-1", to: BinfmtEntry.entryPath)
            }
            let line = BinfmtEntry.registration(interpreter: path)
            try BinfmtEntry.write(line, to: BinfmtEntry.registerPath)
            if persist {
                do {
                    try FileManager.default.createDirectory(atPath: "/etc/binfmt.d", withIntermediateDirectories: true)
                    try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: BinfmtEntry.persistentPath))
                } catch {
                    throw BinfmtEntry.fail("cannot write \(BinfmtEntry.persistentPath): \(error.localizedDescription)")
                }
            }
            print("tern: registered \(BinfmtEntry.name) for riscv64 ELF programs (interpreter \(path), flags \(BinfmtEntry.flags))")
            for other in BinfmtEntry.otherRiscv64Handlers() {
                print("tern: note: \(other) also handles riscv64 programs; the kernel uses the latest registration (\(BinfmtEntry.name))")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove Tern's binfmt_misc registration (and its boot-time file).")

        func run() throws {
            var removed = false
            if FileManager.default.fileExists(atPath: BinfmtEntry.persistentPath) {
                do { try FileManager.default.removeItem(atPath: BinfmtEntry.persistentPath) } catch {
                    throw BinfmtEntry.fail("cannot remove \(BinfmtEntry.persistentPath): \(error.localizedDescription)")
                }
                removed = true
            }
            if FileManager.default.fileExists(atPath: BinfmtEntry.entryPath) {
                try BinfmtEntry.write("-1", to: BinfmtEntry.entryPath)
                removed = true
            }
            print(removed ? "tern: removed \(BinfmtEntry.name)" : "tern: \(BinfmtEntry.name) was not registered")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show Tern's binfmt_misc registration.",
            discussion: "Exit status 0 when Tern is registered and enabled, 1 otherwise.")

        func run() throws {
            guard FileManager.default.fileExists(atPath: BinfmtEntry.registerPath) else {
                print("binfmt_misc: not mounted at \(BinfmtEntry.directory)")
                throw ExitCode(1)
            }
            let enabled = (try? String(contentsOfFile: BinfmtEntry.directory + "/status", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
            print("binfmt_misc: mounted, \(enabled)")
            guard let entry = try? String(contentsOfFile: BinfmtEntry.entryPath, encoding: .utf8) else {
                print("\(BinfmtEntry.name): not registered")
                throw ExitCode(1)
            }
            print("\(BinfmtEntry.name): registered")
            for line in entry.split(separator: "\n") { print("  " + line) }
            print("sysroot: " + (BinfmtEntry.sysroot(environment: ProcessInfo.processInfo.environment) ?? "none"))
            if FileManager.default.fileExists(atPath: BinfmtEntry.persistentPath) {
                print("at boot: \(BinfmtEntry.persistentPath)")
            }
            for other in BinfmtEntry.otherRiscv64Handlers() { print("also handling riscv64: \(other)") }
            if !entry.hasPrefix("enabled") { throw ExitCode(1) }
        }
    }
}

/// The binfmt_misc entry and how tern behaves when the kernel starts it.
enum BinfmtEntry {
    static let name = "tern-riscv64"
    static let directory = "/proc/sys/fs/binfmt_misc"
    static var registerPath: String { directory + "/register" }
    static var entryPath: String { directory + "/" + name }
    static let persistentPath = "/etc/binfmt.d/tern-riscv64.conf"
    static let sysrootPath = "/etc/tern/sysroot"
    static let flags = "OCF"
    /// ELF64, little-endian, version 1, ET_EXEC or ET_DYN, EM_RISCV (243): qemu-user-binfmt's riscv64 entry.
    static let magic: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x02, 0x00, 0xf3, 0x00]
    static let mask: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                0xfe, 0xff, 0xff, 0xff]

    /// The `register` line: `:name:M::magic:mask:interpreter:flags`, bytes as \\xHH.
    static func registration(interpreter: String) -> String {
        func escaped(_ bytes: [UInt8]) -> String { bytes.map { "\\x" + hex($0) }.joined() }
        return ":\(name):M::\(escaped(magic)):\(escaped(mask)):\(interpreter):\(flags)"
    }

    private static func hex(_ b: UInt8) -> String { (b < 16 ? "0" : "") + String(b, radix: 16) }

    static var thisBinary: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("tern: binfmt: \(message)\n".utf8))
        return ExitCode(1)
    }

    static func requireMounted() throws {
        guard FileManager.default.fileExists(atPath: registerPath) else {
            throw fail("binfmt_misc is not mounted (mount -t binfmt_misc binfmt_misc \(directory))")
        }
    }

    /// Writes `text` to a binfmt_misc control file (one write, as the kernel requires).
    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw fail("cannot open \(path): \(String(cString: strerror(errno)))\(hint(errno))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard Glibc.write(fd, bytes, bytes.count) == bytes.count else {
            throw fail("writing \(path) failed: \(String(cString: strerror(errno)))\(hint(errno))")
        }
    }

    private static func hint(_ error: Int32) -> String { error == EACCES || error == EPERM ? " (run as root)" : "" }

    /// Other enabled entries whose magic is riscv64's (qemu-riscv64 from qemu-user-binfmt, say).
    static func otherRiscv64Handlers() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let riscv64 = magic.map(hex).joined()
        return names.sorted().filter { n in
            guard n != name, n != "register", n != "status",
                  let text = try? String(contentsOfFile: directory + "/" + n, encoding: .utf8) else { return false }
            return text.hasPrefix("enabled") && text.contains("magic " + riscv64)
        }
    }

    /// The sysroot of programs the kernel starts through tern: $TERN_SYSROOT,
    /// else /etc/tern/sysroot (a directory or a link to one, or a file whose
    /// first line names one).
    static func sysroot(environment: [String: String]) -> String? {
        if let root = environment["TERN_SYSROOT"], !root.isEmpty { return root }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: sysrootPath, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return sysrootPath }
        let named = (try? String(contentsOfFile: sysrootPath, encoding: .utf8))?
            .split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
        return named.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// AT_EXECFD from this process's auxiliary vector (/proc/self/auxv: pairs of
    /// u64), read with plain system calls (every start asks).
    static func executableFD() -> Int32? {
        let file = open("/proc/self/auxv", O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var words = [UInt64](repeating: 0, count: 1024)  // 8 KiB: the kernel's vector has a few dozen pairs
        var filled = 0
        while filled < words.count * 8 {
            let n = words.withUnsafeMutableBytes { read(file, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        var i = 0
        while i + 1 < filled / 8, words[i] != 0 {
            if words[i] == 2 { return Int32(exactly: words[i + 1]) }  // AT_EXECFD
            i += 2
        }
        return nil
    }

    /// When the kernel started tern for a program (flag O passes the program
    /// as AT_EXECFD, argv is [interpreter, program path, arguments...]): the
    /// `tern run` arguments that run it. Nil for an ordinary invocation.
    static func launchArguments() -> [String]? {
        let args = CommandLine.arguments
        guard args.count >= 2, let fd = executableFD(), fd > 2 else { return nil }
        var run = ["--binfmt-fd", String(fd)]
        if let root = sysroot(environment: ProcessInfo.processInfo.environment) { run += ["--sysroot", root] }
        return run + ["--", args[1]] + args.dropFirst(2)
    }
}
