import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// How `--strace` shows one syscall argument.
enum SyscallArgFormat: Sendable, Equatable {
    /// Signed decimal.
    case int
    /// Hexadecimal (addresses, sizes of mappings, opaque values).
    case hex
    /// A file descriptor; `dirfd` also shows AT_FDCWD.
    case fd, dirfd
    /// A NUL-terminated guest string.
    case path
    /// Guest bytes whose count is argument `count` (shown up to 32 bytes).
    case buffer(count: Int)
    /// open(2) flags, PROT_* bits, MAP_* flags, octal mode, signal number.
    case openFlags, prot, mapFlags, mode, signal
}

/// How `--strace` shows a result.
enum SyscallResultFormat: Sendable {
    case int, hex
}

/// Formats syscalls like qemu's `-strace`: `PID name(arg,...) = result`,
/// errors as `-1 errno=N (message)`.
enum Strace {
    static let openFlagNames: [(Int32, String)] = OpenFlags.table.map { ($0.guest, $0.name) }
    static let protNames: [(UInt64, String)] = [(1, "PROT_READ"), (2, "PROT_WRITE"), (4, "PROT_EXEC")]
    static let mapNames: [(UInt64, String)] = [
        (0x01, "MAP_SHARED"), (0x02, "MAP_PRIVATE"), (0x10, "MAP_FIXED"), (0x20, "MAP_ANONYMOUS"),
        (0x100, "MAP_GROWSDOWN"), (0x800, "MAP_DENYWRITE"), (0x1000, "MAP_EXECUTABLE"), (0x2000, "MAP_LOCKED"),
        (0x4000, "MAP_NORESERVE"), (0x8000, "MAP_POPULATE"), (0x10000, "MAP_NONBLOCK"), (0x20000, "MAP_STACK"),
        (0x40000, "MAP_HUGETLB"), (0x100000, "MAP_FIXED_NOREPLACE"),
    ]

    /// `A|B|0x40` for the set bits of `value`.
    static func bits(_ value: UInt64, _ names: [(UInt64, String)], zero: String) -> String {
        var parts: [String] = []
        var rest = value
        for (bit, name) in names where value & bit == bit && bit != 0 {
            parts.append(name)
            rest &= ~bit
        }
        if rest != 0 { parts.append("0x" + hex(rest)) }
        return parts.isEmpty ? zero : parts.joined(separator: "|")
    }

    /// C-style escaped, quoted string, "..." appended when cut.
    static func quoted(_ bytes: [UInt8], truncated: Bool) -> String {
        var s = "\""
        for b in bytes {
            switch b {
            case 0x0a: s += "\\n"
            case 0x09: s += "\\t"
            case 0x0d: s += "\\r"
            case 0x22: s += "\\\""
            case 0x5c: s += "\\\\"
            case 0x20 ..< 0x7f: s.unicodeScalars.append(Unicode.Scalar(b))
            default: s += "\\" + String(b, radix: 8)
            }
        }
        return s + "\"" + (truncated ? "..." : "")
    }

    static func argument(_ format: SyscallArgFormat, _ i: Int, _ args: SyscallArgs, memory: GuestMemory) -> String {
        let v = args[i]
        switch format {
        case .int: return String(Int64(bitPattern: v))
        case .hex: return "0x" + hex(v)
        case .fd: return String(Int32(truncatingIfNeeded: v))
        case .dirfd: return Int32(truncatingIfNeeded: v) == -100 ? "AT_FDCWD" : String(Int32(truncatingIfNeeded: v))
        case .path:
            if v == 0 { return "NULL" }
            guard let s = memory.readCString(v, maxLength: 4096) else { return "0x" + hex(v) }
            return quoted(Array(s.utf8), truncated: false)
        case .buffer(let countIndex):
            let count = Int(min(args[countIndex], 32))
            guard v != 0, let bytes = try? memory.read(v, count: count) else { return "0x" + hex(v) }
            return quoted(bytes, truncated: args[countIndex] > 32)
        case .openFlags:
            let f = Int32(truncatingIfNeeded: v)
            let mode = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][Int(f & 3)]
            let rest = bits(UInt64(UInt32(bitPattern: f & ~3)), openFlagNames.map { (UInt64(UInt32($0.0)), $0.1) }, zero: "")
            return rest.isEmpty ? mode : mode + "|" + rest
        case .prot: return bits(v, protNames, zero: "PROT_NONE")
        case .mapFlags: return bits(v, mapNames, zero: "0")
        case .mode: return "0" + String(v & 0o7777, radix: 8)
        case .signal: return Signal.name(Int32(truncatingIfNeeded: v))
        }
    }

    /// `name(args...)` before the call.
    static func call(_ name: String, _ formats: [SyscallArgFormat]?, _ args: SyscallArgs, memory: GuestMemory) -> String {
        let shown: [String]
        if let formats {
            shown = formats.enumerated().map { argument($0.element, $0.offset, args, memory: memory) }
        } else {
            shown = (0 ..< 6).map { "0x" + hex(args[$0]) }
        }
        return "\(getpid()) \(name)(\(shown.joined(separator: ",")))"
    }

    /// ` = result` after the call.
    static func result(_ value: Int64, _ format: SyscallResultFormat) -> String {
        if value < 0 && value >= -4095 {
            return " = -1 errno=\(-value) (\(String(cString: strerror(Int32(-value)))))"
        }
        return format == .hex ? " = 0x" + hex(UInt64(bitPattern: value)) : " = \(value)"
    }
}
