/// Why a program could not be loaded. `description` is one line naming the file,
/// e.g. `tern: /bin/x: not an ELF file`.
public struct LoadError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, for programmatic checks.
    public enum Kind: Equatable, Sendable {
        /// The file could not be opened or read (host errno).
        case fileSystem(errno: Int32)
        /// Not a regular file.
        case notRegularFile
        /// No ELF magic.
        case notELF
        /// ELFCLASS32 or unknown class.
        case wrongClass
        /// Big-endian or unknown data encoding.
        case wrongByteOrder
        /// EI_VERSION / e_version is not 1.
        case wrongVersion
        /// e_machine is not EM_RISCV.
        case wrongMachine(UInt16)
        /// Neither ET_EXEC nor ET_DYN.
        case wrongType(UInt16)
        /// e_flags ask for an ABI Tern does not run (RVE, ilp32f/lp64f, lp64q).
        case unsupportedABI(UInt32)
        /// A header field is invalid (e_phentsize, e_phnum...).
        case badHeader
        /// Something points past the end of the file.
        case truncated
        /// A segment is malformed or does not fit in the guest address space.
        case badSegment
        /// The program needs a dynamic loader.
        case dynamicallyLinked(interpreter: String)
        /// Arguments and environment do not fit on the stack.
        case argumentsTooLong
        /// Mapping guest memory failed.
        case mapFailed
    }

    /// The file concerned.
    public let path: String
    /// The category of the failure.
    public let kind: Kind
    /// Human-readable detail (without the path).
    public let message: String

    public init(path: String, kind: Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
    }

    public var description: String { "tern: \(path): \(message)" }
}
