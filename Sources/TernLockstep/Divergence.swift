import TernISA

/// One architectural register whose value differs between the two strategies.
public struct RegisterDifference: Equatable, Sendable {
    /// `x10 (a0)`, `f3 (ft3)`, `pc`, `fflags` or `frm`.
    public var name: String
    /// Value in the threaded engine.
    public var engine: UInt64
    /// Value in the reference interpreter.
    public var reference: UInt64
}

/// One guest byte whose value (or mapping) differs.
public struct MemoryDifference: Equatable, Sendable {
    public var address: UInt64
    /// The engine's byte (nil: unmapped).
    public var engine: UInt8?
    /// The reference's byte (nil: unmapped).
    public var reference: UInt8?
    /// Extra explanation (mapping differences).
    public var note: String = ""
}

/// The first point where the threaded engine and the reference interpreter disagree.
public struct Divergence: Equatable, Sendable {
    /// First pc of the block after which the states were compared.
    public var blockPC: UInt64
    /// The instruction blamed: the earliest one in the block that wrote a
    /// differing register or byte (the terminator for pc-only differences).
    public var pc: UInt64
    /// Its disassembly.
    public var disassembly: String
    /// Instructions both sides had retired before the block.
    public var retiredBefore: UInt64
    /// Differing registers (engine value, reference value).
    public var registers: [RegisterDifference]
    /// Differing memory bytes (first few).
    public var memory: [MemoryDifference]
    /// The stop reasons when they differ ("engine: ..., reference: ...").
    public var stops: String?

    /// The multi-line report printed by `tern lockstep`.
    public var report: String {
        func h(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
        func b(_ v: UInt8?) -> String { v.map { "0x" + String($0, radix: 16) } ?? "unmapped" }
        var lines = ["tern: lockstep divergence at pc \(h(pc)): \(disassembly.split(separator: "\t").joined(separator: " "))",
                     "  block at \(h(blockPC)), after \(retiredBefore) retired instructions"]
        if let stops { lines.append("  stop: \(stops)") }
        for r in registers { lines.append("  \(r.name): engine \(h(r.engine)), reference \(h(r.reference))") }
        for m in memory.prefix(8) {
            lines.append("  memory \(h(m.address)): engine \(b(m.engine)), reference \(b(m.reference))\(m.note.isEmpty ? "" : " (\(m.note))")")
        }
        return lines.joined(separator: "\n")
    }
}

/// Names used in divergence reports.
enum RegisterName {
    static func x(_ i: Int) -> String { "x\(i) (\(Register.abiName(UInt8(i))))" }
    static func f(_ i: Int) -> String { "f\(i) (\(Register.fpABIName(UInt8(i))))" }
}
