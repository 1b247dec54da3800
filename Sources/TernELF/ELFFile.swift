import TernCore

/// A parsed and validated RISC-V ELF64 executable image (headers only; the
/// file bytes are kept for copying segments).
///
/// Parsing never traps: every offset is bounds-checked and every malformation
/// becomes a specific `LoadError`.
public struct ELFFile: Sendable {
    /// e_machine of RISC-V.
    public static let machineRISCV: UInt16 = 243
    /// ET_EXEC and ET_DYN.
    public static let typeExec: UInt16 = 2
    public static let typeDyn: UInt16 = 3
    /// Sizes of the ELF64 header and of one program header.
    public static let headerSize = 64
    public static let phdrSize = 56

    /// Program header types used by the loaders.
    public static let ptLoad: UInt32 = 1
    public static let ptInterp: UInt32 = 3
    public static let ptPhdr: UInt32 = 6
    public static let ptGNUStack: UInt32 = 0x6474_e551

    /// e_flags bits: RVC, float ABI, RVE.
    public static let flagRVC: UInt32 = 0x1
    public static let floatABIMask: UInt32 = 0x6
    public static let flagRVE: UInt32 = 0x8

    /// One program header.
    public struct ProgramHeader: Sendable, Equatable {
        /// p_type, p_flags, p_offset, p_vaddr, p_filesz, p_memsz, p_align.
        public var type: UInt32
        public var flags: UInt32
        public var offset: UInt64
        public var vaddr: UInt64
        public var filesz: UInt64
        public var memsz: UInt64
        public var align: UInt64

        /// Guest permissions from PF_R/PF_W/PF_X.
        public var protection: (read: Bool, write: Bool, execute: Bool) {
            (flags & 4 != 0, flags & 2 != 0, flags & 1 != 0)
        }
    }

    /// The file's path (for messages).
    public let path: String
    /// The file's bytes: the whole file, or for `ELFFile(headersOf:)` its
    /// leading bytes through the program headers and the interpreter path
    /// (`isComplete` tells which).
    public let bytes: [UInt8]
    /// Size of the file in bytes (segment offsets are checked against it).
    public let fileSize: UInt64
    /// Whether `bytes` holds the whole file.
    public var isComplete: Bool { UInt64(bytes.count) == fileSize }
    /// e_type (ET_EXEC or ET_DYN).
    public let type: UInt16
    /// e_entry.
    public let entry: UInt64
    /// e_flags.
    public let flags: UInt32
    /// File offset of the program header table.
    public let phoff: UInt64
    /// Every program header, in file order.
    public let programHeaders: [ProgramHeader]
    /// The PT_INTERP path, if any.
    public let interpreter: String?

    /// ET_DYN (static PIE).
    public var isPositionIndependent: Bool { type == Self.typeDyn }
    /// The PT_LOAD headers.
    public var loadSegments: [ProgramHeader] { programHeaders.filter { $0.type == Self.ptLoad } }

    /// Raw program header table bytes.
    public var programHeaderBytes: ArraySlice<UInt8> {
        let start = Int(phoff)
        return bytes[start ..< start + programHeaders.count * Self.phdrSize]
    }

    private static func fail(_ path: String, _ kind: LoadError.Kind, _ message: String) -> LoadError {
        LoadError(path: path, kind: kind, message: message)
    }

    /// Parses and validates `bytes` (the whole file).
    public init(path: String, bytes: [UInt8]) throws(LoadError) {
        try self.init(path: path, bytes: bytes, fileSize: UInt64(bytes.count))
    }

    /// Parses and validates the leading `bytes` of a file of `fileSize`
    /// bytes; they must reach through the program headers and the
    /// interpreter path (`headersOf` reads that much).
    init(path: String, bytes: [UInt8], fileSize: UInt64) throws(LoadError) {
        self.path = path
        self.bytes = bytes
        self.fileSize = fileSize
        let r = ByteReader(bytes)
        guard bytes.count >= 4, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46 else {
            throw Self.fail(path, .notELF, "not an ELF file")
        }
        guard bytes.count >= Self.headerSize else {
            throw Self.fail(path, .truncated, "truncated ELF (file shorter than the ELF header)")
        }
        guard bytes[4] == 2 else {
            throw Self.fail(path, .wrongClass, bytes[4] == 1 ? "32-bit ELF, expected ELF64 (rv64)"
                                                             : "unknown ELF class \(bytes[4]), expected ELF64")
        }
        guard bytes[5] == 1 else {
            throw Self.fail(path, .wrongByteOrder, bytes[5] == 2 ? "big-endian ELF, expected little-endian"
                                                                 : "unknown ELF data encoding \(bytes[5])")
        }
        guard bytes[6] == 1 else { throw Self.fail(path, .wrongVersion, "unsupported ELF version \(bytes[6])") }
        let type = r.u16(16), machine = r.u16(18), version = r.u32(20)
        guard machine == Self.machineRISCV else {
            throw Self.fail(path, .wrongMachine(machine),
                            "ELF for machine \(machine)\(Self.machineName(machine)), expected RISC-V (243)")
        }
        guard version == 1 else { throw Self.fail(path, .wrongVersion, "unsupported ELF version \(version)") }
        guard type == Self.typeExec || type == Self.typeDyn else {
            let what = type == 1 ? " (relocatable object)" : type == 4 ? " (core dump)" : ""
            throw Self.fail(path, .wrongType(type), "ELF type \(type)\(what) is not an executable")
        }
        let flags = r.u32(48)
        guard flags & Self.flagRVE == 0 else {
            throw Self.fail(path, .unsupportedABI(flags), "RV64E (embedded ABI) executables are not supported")
        }
        switch flags & Self.floatABIMask {
        case 0, 4: break
        case 2: throw Self.fail(path, .unsupportedABI(flags), "single-float ABI (lp64f) is not supported, expected lp64d or lp64")
        default: throw Self.fail(path, .unsupportedABI(flags), "quad-float ABI (lp64q) is not supported, expected lp64d or lp64")
        }
        let phoff = r.u64(32), phentsize = r.u16(54), phnum = r.u16(56)
        guard phentsize == UInt16(Self.phdrSize) else {
            throw Self.fail(path, .badHeader, "bad program header size \(phentsize), expected 56")
        }
        guard phnum != 0 else { throw Self.fail(path, .badHeader, "no program headers") }
        guard phnum != 0xffff else { throw Self.fail(path, .badHeader, "too many program headers (PN_XNUM)") }
        let tableSize = UInt64(phnum) * UInt64(Self.phdrSize)
        guard phoff <= fileSize, tableSize <= fileSize - phoff, phoff + tableSize <= UInt64(bytes.count) else {
            throw Self.fail(path, .truncated, "truncated ELF (program headers past end of file)")
        }
        var headers: [ProgramHeader] = []
        for i in 0 ..< Int(phnum) {
            let o = Int(phoff) + i * Self.phdrSize
            headers.append(ProgramHeader(type: r.u32(o), flags: r.u32(o + 4), offset: r.u64(o + 8),
                                         vaddr: r.u64(o + 16), filesz: r.u64(o + 32),
                                         memsz: r.u64(o + 40), align: r.u64(o + 48)))
        }
        var interpreter: String?
        var loads = 0
        for (i, h) in headers.enumerated() {
            switch h.type {
            case Self.ptLoad:
                loads += 1
                guard h.filesz <= h.memsz else {
                    throw Self.fail(path, .badSegment, "segment \(i): file size 0x\(hex(h.filesz)) exceeds memory size 0x\(hex(h.memsz))")
                }
                guard h.offset <= fileSize, h.filesz <= fileSize - h.offset else {
                    throw Self.fail(path, .truncated, "truncated ELF (segment \(i) data past end of file)")
                }
                let (end, o) = h.vaddr.addingReportingOverflow(h.memsz)
                guard !o, end <= GuestMemory.size else {
                    throw Self.fail(path, .badSegment, "segment \(i) at 0x\(hex(h.vaddr)) (0x\(hex(h.memsz)) bytes) is outside the 2^38-byte guest address space")
                }
                if h.align > 1 {
                    guard h.align & (h.align - 1) == 0 else {
                        throw Self.fail(path, .badSegment, "segment \(i): alignment 0x\(hex(h.align)) is not a power of two")
                    }
                }
            case Self.ptInterp:
                guard h.offset <= fileSize, h.filesz <= fileSize - h.offset, h.filesz > 0, h.filesz <= 4096,
                      h.offset + h.filesz <= UInt64(bytes.count) else {
                    throw Self.fail(path, .truncated, "truncated ELF (interpreter path past end of file)")
                }
                var name = Array(bytes[Int(h.offset) ..< Int(h.offset + h.filesz)])
                if let nul = name.firstIndex(of: 0) { name.removeSubrange(nul...) }
                interpreter = String(decoding: name, as: UTF8.self)
            default: break
            }
        }
        guard loads > 0 else { throw Self.fail(path, .badSegment, "no loadable segments") }
        self.type = type
        self.entry = r.u64(24)
        self.flags = flags
        self.phoff = phoff
        self.programHeaders = headers
        self.interpreter = interpreter
    }

    private static func machineName(_ m: UInt16) -> String {
        switch m {
        case 3: " (i386)"
        case 8: " (MIPS)"
        case 20: " (PowerPC)"
        case 21: " (PowerPC64)"
        case 40: " (ARM)"
        case 62: " (x86-64)"
        case 183: " (AArch64)"
        case 258: " (LoongArch)"
        default: ""
        }
    }
}

/// Little-endian reads at offsets the caller has already bounds-checked.
public struct ByteReader {
    let bytes: [UInt8]
    /// Wraps `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    /// Little-endian u16/u32/u64 at byte offset `o`.
    public func u16(_ o: Int) -> UInt16 { UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8 }
    public func u32(_ o: Int) -> UInt32 { UInt32(u16(o)) | UInt32(u16(o + 2)) << 16 }
    public func u64(_ o: Int) -> UInt64 { UInt64(u32(o)) | UInt64(u32(o + 4)) << 32 }
}

/// Lower-case hexadecimal without prefix.
public func hex<T: BinaryInteger>(_ v: T) -> String { String(v, radix: 16) }
