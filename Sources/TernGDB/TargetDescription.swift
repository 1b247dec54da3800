import Foundation
import TernCore
import TernISA
#if canImport(Glibc)
import Glibc
#endif

/// One register as gdb sees it: its name, width, gdb type and remote number,
/// and how it is read from and written to a hart (little-endian bytes, `bits / 8`
/// of them: 64-bit registers and VLEN-wide vector registers alike).
struct TargetRegister: Sendable {
    let name: String
    let bits: Int
    /// The gdb type (`int`, `code_ptr`, `data_ptr`, `riscv_double`...); nil: gdb's default.
    let type: String?
    /// gdb's register group, when not the default one.
    let group: String?
    let number: Int
    let read: @Sendable (Hart) -> [UInt8]
    /// nil: writes are ignored (read-only counters and CSRs).
    let write: (@Sendable (Hart, [UInt8]) -> Void)?

    var bytes: Int { bits / 8 }

    /// A register of `bits` bits read and written as whole bytes.
    init(name: String, bits: Int, type: String?, group: String?, number: Int,
         read: @escaping @Sendable (Hart) -> [UInt8], write: (@Sendable (Hart, [UInt8]) -> Void)?) {
        self.name = name; self.bits = bits; self.type = type; self.group = group; self.number = number
        self.read = read; self.write = write
    }

    /// A 64-bit register read and written as a number.
    init(name: String, type: String?, number: Int, read: @escaping @Sendable (Hart) -> UInt64,
         write: (@Sendable (Hart, UInt64) -> Void)?) {
        let readBytes: @Sendable (Hart) -> [UInt8] = { hart in Self.bytes(of: read(hart)) }
        var writeBytes: (@Sendable (Hart, [UInt8]) -> Void)?
        if let write {
            writeBytes = { hart, bytes in write(hart, Self.value(of: bytes)) }
        }
        self.init(name: name, bits: 64, type: type, group: nil, number: number, read: readBytes, write: writeBytes)
    }

    /// `v` as 8 little-endian bytes.
    static func bytes(of v: UInt64) -> [UInt8] {
        (0 ..< 8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }
    }

    /// Little-endian bytes as a number.
    static func value(of bytes: [UInt8]) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}

/// One `<feature>` of the target description (gdb's org.gnu.gdb.riscv.* names).
struct TargetFeature: Sendable {
    let name: String
    /// Type definitions placed before the registers (XML).
    let types: String
    let registers: [TargetRegister]
}

/// The registers gdb sees, as features of target.xml. Features are a table,
/// chosen by the CPU model. Remote register numbers follow qemu-riscv64's: x0-x31
/// and pc 0-32, f0-f31 33-64; without V the privilege level at 65 and CSR n at
/// 66 + n (qemu 7.2 and 11 alike), with V (qemu 11, `-cpu rva23u64`) v0-v31 at
/// 65-96, the privilege level at 97 and CSR n at 98 + n, the vector CSRs included,
/// so gdb sessions look alike.
struct TargetDescription: Sendable {
    let features: [TargetFeature]

    /// The rv64gc user-mode description.
    static let rv64 = TargetDescription(features: [cpu, fpu, virtualRegisters(number: 65), csrs(base: 66, vector: false)])

    /// The description for a CPU model: rv64gc's, or with V the vector feature
    /// (registers `vlenb` bytes wide) and the vector CSRs, numbered as qemu 11 numbers them.
    static func forModel(vector: Bool, vlenb: Int) -> TargetDescription {
        guard vector else { return rv64 }
        return TargetDescription(features: [cpu, fpu, vectorFeature(vlenb: vlenb), virtualRegisters(number: 97),
                                            csrs(base: 98, vector: true)])
    }

    static let xNames = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
                         "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"]
    static let fNames = ["ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3",
                         "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11",
                         "ft8", "ft9", "ft10", "ft11"]

    static let cpu = TargetFeature(name: "org.gnu.gdb.riscv.cpu", types: "", registers:
        xNames.enumerated().map { i, name in
            TargetRegister(name: name, type: i == 1 ? "code_ptr" : (i == 2 || i == 8 ? "data_ptr" : "int"),
                           number: i, read: { $0[x: i] }, write: { $0[x: i] = $1 })
        } + [TargetRegister(name: "pc", type: "code_ptr", number: 32, read: { $0.pc }, write: { $0.pc = $1 })])

    static let fpu = TargetFeature(
        name: "org.gnu.gdb.riscv.fpu",
        types: "<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/><field name=\"double\" type=\"ieee_double\"/></union>",
        registers: fNames.enumerated().map { i, name in
            TargetRegister(name: name, type: "riscv_double", number: 33 + i, read: { $0[f: i] }, write: { $0[f: i] = $1 })
        })

    /// v0-v31 at 65-96 as qemu 11 describes them: a union of element vectors
    /// (q: 128-bit, l, w, s, b) `vlenb` bytes wide, in gdb's "vector" group.
    static func vectorFeature(vlenb: Int) -> TargetFeature {
        let elements = [("quads", "uint128", 16), ("longs", "uint64", 8), ("words", "uint32", 4),
                        ("shorts", "uint16", 2), ("bytes", "uint8", 1)]
        var types = elements.map { "<vector id=\"\($0.0)\" type=\"\($0.1)\" count=\"\(vlenb / $0.2)\"/>" }.joined()
        types += "<union id=\"riscv_vector\">"
            + zip(["q", "l", "w", "s", "b"], elements).map { "<field name=\"\($0)\" type=\"\($1.0)\"/>" }.joined()
            + "</union>"
        return TargetFeature(name: "org.gnu.gdb.riscv.vector", types: types, registers: (0 ..< 32).map { n in
            TargetRegister(name: "v\(n)", bits: 8 * vlenb, type: "riscv_vector", group: "vector", number: 65 + n,
                           read: { $0.vectorRegister(n) }, write: { $0.setVectorRegister(n, $1) })
        })
    }

    /// The privilege level (always U in a Linux process).
    static func virtualRegisters(number: Int) -> TargetFeature {
        TargetFeature(name: "org.gnu.gdb.riscv.virtual", types: "", registers: [
            TargetRegister(name: "priv", type: nil, number: number, read: { _ in 0 }, write: nil),
        ])
    }

    /// User-mode CSRs at `base` + CSR number; with V also vstart, vxsat, vxrm, vcsr
    /// (writable, as csrw can) and vl, vtype, vlenb (read-only, as for the program).
    static func csrs(base: Int, vector: Bool) -> TargetFeature {
        func csr(_ name: String, _ number: Int, read: @escaping @Sendable (Hart) -> UInt64,
                 write: (@Sendable (Hart, UInt64) -> Void)?) -> TargetRegister {
            TargetRegister(name: name, type: "int", number: base + number, read: read, write: write)
        }
        var registers = [
            csr("fflags", 0x001, read: { UInt64($0.fflags) }, write: { $0.fflags = UInt32(truncatingIfNeeded: $1) }),
            csr("frm", 0x002, read: { UInt64($0.frm) }, write: { $0.frm = UInt32(truncatingIfNeeded: $1) }),
            csr("fcsr", 0x003, read: { UInt64($0.frm << 5 | $0.fflags) },
                write: { $0.fflags = UInt32(truncatingIfNeeded: $1); $0.frm = UInt32(truncatingIfNeeded: $1 >> 5) }),
        ]
        if vector {
            registers += [
                csr("vstart", 0x008, read: { $0.vectorCSRs.vstart },
                    write: { h, v in h.vectorCSRs.vstart = v & UInt64(8 * h.vlenb - 1) }),
                csr("vxsat", 0x009, read: { $0.vectorCSRs.vxsat }, write: { h, v in h.vectorCSRs.vxsat = v & 1 }),
                csr("vxrm", 0x00a, read: { $0.vectorCSRs.vxrm }, write: { h, v in h.vectorCSRs.vxrm = v & 3 }),
                csr("vcsr", 0x00f, read: { $0.vectorCSRs.vxrm << 1 | $0.vectorCSRs.vxsat },
                    write: { h, v in h.vectorCSRs.vxrm = v >> 1 & 3; h.vectorCSRs.vxsat = v & 1 }),
            ]
        }
        registers += [
            csr("cycle", 0xc00, read: { $0.retired }, write: nil),
            csr("time", 0xc01, read: { _ in timeCSR() }, write: nil),
            csr("instret", 0xc02, read: { $0.retired }, write: nil),
        ]
        if vector {
            registers += [
                csr("vl", 0xc20, read: { $0.vectorCSRs.vl }, write: nil),
                csr("vtype", 0xc21, read: { $0.vectorCSRs.vtype }, write: nil),
                csr("vlenb", 0xc22, read: { UInt64($0.vlenb) }, write: nil),
            ]
        }
        return TargetFeature(name: "org.gnu.gdb.riscv.csr", types: "", registers: registers)
    }

    /// The `time` CSR as the guest reads it (10 MHz monotonic, see CSRHandlers.swift).
    private static func timeCSR() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 10_000_000 &+ UInt64(ts.tv_nsec) / 100
    }

    /// Every register by remote number.
    var registers: [Int: TargetRegister] {
        Dictionary(uniqueKeysWithValues: features.flatMap(\.registers).map { ($0.number, $0) })
    }

    /// The registers of the `g` packet, in order: the cpu and fpu features.
    var generalBlock: [TargetRegister] {
        features.filter { $0.name.hasSuffix(".cpu") || $0.name.hasSuffix(".fpu") }.flatMap(\.registers)
    }

    /// The documents gdb reads with qXfer:features:read: target.xml and one per feature.
    var documents: [String: String] {
        var docs: [String: String] = [:]
        var includes = ""
        for f in features {
            let file = f.name.replacingOccurrences(of: "org.gnu.gdb.", with: "").replacingOccurrences(of: ".", with: "-") + ".xml"
            includes += "<xi:include href=\"\(file)\"/>"
            var xml = "<?xml version=\"1.0\"?><!DOCTYPE feature SYSTEM \"gdb-target.dtd\"><feature name=\"\(f.name)\">" + f.types
            for r in f.registers {
                xml += "<reg name=\"\(r.name)\" bitsize=\"\(r.bits)\" regnum=\"\(r.number)\""
                if let t = r.type { xml += " type=\"\(t)\"" }
                if let g = r.group { xml += " group=\"\(g)\"" }
                xml += "/>"
            }
            docs[file] = xml + "</feature>"
        }
        docs["target.xml"] = "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target>"
            + "<architecture>riscv:rv64</architecture>" + includes + "</target>"
        return docs
    }
}
