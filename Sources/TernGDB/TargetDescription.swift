import Foundation
import TernCore
#if canImport(Glibc)
import Glibc
#endif

/// One register as gdb sees it: its name, width, gdb type and remote number,
/// and how it is read from and written to a hart.
struct TargetRegister: Sendable {
    let name: String
    let bits: Int
    /// The gdb type (`int`, `code_ptr`, `data_ptr`, `riscv_double`...); nil: gdb's default.
    let type: String?
    /// gdb's register group, when not the default one.
    let group: String?
    let number: Int
    let read: @Sendable (Hart) -> UInt64
    /// nil: writes are ignored (read-only counters).
    let write: (@Sendable (Hart, UInt64) -> Void)?

    var bytes: Int { bits / 8 }
}

/// One `<feature>` of the target description (gdb's org.gnu.gdb.riscv.* names).
struct TargetFeature: Sendable {
    let name: String
    /// Type definitions placed before the registers (XML).
    let types: String
    let registers: [TargetRegister]
}

/// The registers gdb sees, as features of target.xml. Features are a table:
/// the vector extension adds `org.gnu.gdb.riscv.vector` here once harts have
/// vector state. Remote register numbers follow qemu-riscv64's (x0-x31 and pc
/// 0-32, f0-f31 33-64, priv 65, CSR n at 66 + n), so gdb sessions look alike.
struct TargetDescription: Sendable {
    let features: [TargetFeature]

    /// The rv64gc user-mode description.
    static let rv64 = TargetDescription(features: [cpu, fpu, virtualRegisters, csrs])

    static let xNames = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
                         "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"]
    static let fNames = ["ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3",
                         "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11",
                         "ft8", "ft9", "ft10", "ft11"]

    static let cpu = TargetFeature(name: "org.gnu.gdb.riscv.cpu", types: "", registers:
        xNames.enumerated().map { i, name in
            TargetRegister(name: name, bits: 64, type: i == 1 ? "code_ptr" : (i == 2 || i == 8 ? "data_ptr" : "int"),
                           group: nil, number: i, read: { $0[x: i] }, write: { $0[x: i] = $1 })
        } + [TargetRegister(name: "pc", bits: 64, type: "code_ptr", group: nil, number: 32,
                            read: { $0.pc }, write: { $0.pc = $1 })])

    static let fpu = TargetFeature(
        name: "org.gnu.gdb.riscv.fpu",
        types: "<union id=\"riscv_double\"><field name=\"float\" type=\"ieee_single\"/><field name=\"double\" type=\"ieee_double\"/></union>",
        registers: fNames.enumerated().map { i, name in
            TargetRegister(name: name, bits: 64, type: "riscv_double", group: nil, number: 33 + i,
                           read: { $0[f: i] }, write: { $0[f: i] = $1 })
        })

    /// The privilege level (always U in a Linux process).
    static let virtualRegisters = TargetFeature(name: "org.gnu.gdb.riscv.virtual", types: "", registers: [
        TargetRegister(name: "priv", bits: 64, type: nil, group: nil, number: 65, read: { _ in 0 }, write: nil),
    ])

    /// User-mode CSRs at 66 + CSR number.
    static let csrs = TargetFeature(name: "org.gnu.gdb.riscv.csr", types: "", registers: [
        csr("fflags", 0x001, read: { UInt64($0.fflags) }, write: { $0.fflags = UInt32(truncatingIfNeeded: $1) }),
        csr("frm", 0x002, read: { UInt64($0.frm) }, write: { $0.frm = UInt32(truncatingIfNeeded: $1) }),
        csr("fcsr", 0x003, read: { UInt64($0.frm << 5 | $0.fflags) },
            write: { $0.fflags = UInt32(truncatingIfNeeded: $1); $0.frm = UInt32(truncatingIfNeeded: $1 >> 5) }),
        csr("cycle", 0xc00, read: { $0.retired }, write: nil),
        csr("time", 0xc01, read: { _ in timeCSR() }, write: nil),
        csr("instret", 0xc02, read: { $0.retired }, write: nil),
    ])

    private static func csr(_ name: String, _ number: Int, read: @escaping @Sendable (Hart) -> UInt64,
                            write: (@Sendable (Hart, UInt64) -> Void)?) -> TargetRegister {
        TargetRegister(name: name, bits: 64, type: "int", group: nil, number: 66 + number, read: read, write: write)
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
