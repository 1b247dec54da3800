import CoreGlue
import TernISA

/// A read-only table keyed by a small dense integer (an `Opcode` or a
/// `TernOpID` raw value): one array slot per key, so a lookup is an index,
/// not a hash. The translator looks up every instruction and op record in
/// several tables; as `Dictionary`s and `Set`s, hashing them was about 8% of
/// gcc's cc1 run under `--engine auto` (190,000 blocks translated). The
/// declarative tables (OpSelection.swift, FusionRules.swift...) stay the
/// source; these are built from them once.
struct DenseTable<Value: Sendable>: Sendable {
    private let slots: [Value?]

    /// The table holding `entries`, each under `index(key)` (non-negative).
    init<Key>(_ entries: [Key: Value], index: (Key) -> Int) {
        let size = entries.keys.map(index).max().map { $0 + 1 } ?? 0
        var slots = [Value?](repeating: nil, count: size)
        for (key, value) in entries { slots[index(key)] = value }
        self.slots = slots
    }

    /// The value at raw index `i`; nil when none (or out of range).
    @inline(__always) subscript(_ i: Int) -> Value? {
        i >= 0 && i < slots.count ? slots[i] : nil
    }
}

extension DenseTable {
    /// A table keyed by opcode.
    init(_ entries: [Opcode: Value]) { self.init(entries) { Int($0.rawValue) } }
    /// A table keyed by op id.
    init(_ entries: [TernOpID: Value]) { self.init(entries) { Int($0.rawValue) } }

    /// The value for `opcode`.
    @inline(__always) subscript(_ opcode: Opcode) -> Value? { self[Int(opcode.rawValue)] }
    /// The value for op `id`.
    @inline(__always) subscript(_ id: TernOpID) -> Value? { self[Int(id.rawValue)] }
}

extension DenseTable where Value == Bool {
    /// Membership of `members` (opcodes).
    init(_ members: Set<Opcode>) { self.init(Dictionary(uniqueKeysWithValues: members.map { ($0, true) })) }
    /// Membership of `members` (op ids).
    init(_ members: Set<TernOpID>) { self.init(Dictionary(uniqueKeysWithValues: members.map { ($0, true) })) }

    /// Whether `opcode` is a member.
    @inline(__always) func contains(_ opcode: Opcode) -> Bool { self[opcode] ?? false }
    /// Whether op `id` is a member.
    @inline(__always) func contains(_ id: TernOpID) -> Bool { self[id] ?? false }
}

/// The translator's opcode tables as dense tables (OpSelection.swift is generated).
enum OpSelectionTables {
    static let straightLine = DenseTable(straightLineOps)
    static let csr = DenseTable(csrOps)
    static let branch = DenseTable(branchOps)
    static let privileged = DenseTable(privilegedOpcodes)
    static let machineModeOnly = DenseTable(machineModeOnlyOpcodes)
    static let cacheBlock = DenseTable(SystemInstructionPolicy.cacheBlockOpcodes)
}
