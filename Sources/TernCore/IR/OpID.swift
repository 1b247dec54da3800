import CoreGlue

/// One group of handler stubs and their op names, as declared with TERN_GROUP in Ops.def.
struct HandlerGroup: Sendable {
    let handlers: [UInt]
    let names: [String]

    init<H, N>(handlers: H, names: N) {
        self.handlers = withUnsafeBytes(of: handlers) { Array($0.bindMemory(to: UInt.self)) }
        self.names = withUnsafeBytes(of: names) { raw in
            raw.bindMemory(to: UnsafePointer<CChar>.self).map { String(cString: $0) }
        }
    }
}

/// The handler table in op-id order: the groups in Ops.def order.
enum HandlerTable {
    static let groups = [integerHandlerGroup, memoryHandlerGroup, atomicHandlerGroup, csrHandlerGroup,
                         floatHandlerGroup, controlHandlerGroup, bitManipHandlerGroup, fusedHandlerGroup,
                         adjacentHandlerGroup, translatedMemoryHandlerGroup, halfFloatHandlerGroup,
                         vectorHandlerGroup]
    static let handlers: [UInt] = groups.flatMap(\.handlers)
    /// Op names in table order (must equal Ops.def order; checked by a test).
    static let names: [String] = groups.flatMap(\.names)
    /// Op ids by handler address.
    static let idByHandler = HandlerIndex(handlers)
}

/// Handler address → op id: an open-addressing table with a multiplicative
/// hash (the translator and the native compiler look up every op record; a
/// `Dictionary` spent most of that time hashing).
struct HandlerIndex: Sendable {
    private let keys: [UInt]
    private let ids: [UInt16]
    private let shift: UInt

    /// Indexes `handlers` by position (the first of equal addresses wins).
    init(_ handlers: [UInt]) {
        var bits: UInt = 4
        while 1 << bits < 4 * max(handlers.count, 1) { bits += 1 }
        shift = UInt(UInt.bitWidth) - bits
        var keys = [UInt](repeating: 0, count: 1 << bits), ids = [UInt16](repeating: 0, count: 1 << bits)
        let mask = (1 << bits) - 1
        for (i, h) in handlers.enumerated() where h != 0 {
            var slot = Self.hash(h, shift)
            while keys[slot] != 0 && keys[slot] != h { slot = (slot + 1) & mask }
            if keys[slot] == 0 { keys[slot] = h; ids[slot] = UInt16(i) }
        }
        self.keys = keys
        self.ids = ids
    }

    @inline(__always) private static func hash(_ h: UInt, _ shift: UInt) -> Int {
        Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The op id whose handler is at `handler`, if any.
    subscript(_ handler: UInt) -> TernOpID? {
        guard handler != 0 else { return nil }
        let mask = keys.count - 1
        var slot = Self.hash(handler, shift)
        while true {
            let k = keys[slot]
            if k == handler { return TernOpID(rawValue: ids[slot]) }
            if k == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}

extension TernOpID {
    /// The op whose threaded handler is at `handler` (nil for link records and
    /// unknown addresses).
    init?(handler: UnsafeRawPointer?) {
        guard let handler, let id = HandlerTable.idByHandler[UInt(bitPattern: handler)] else { return nil }
        self = id
    }

    /// The threaded handler address for this op.
    var handler: UnsafeRawPointer {
        UnsafeRawPointer(bitPattern: HandlerTable.handlers[Int(rawValue)])!
    }

    /// Whether the op ends its block (TERN_TERM).
    var isTerminator: Bool { kind == 1 }
    /// IR records a straight-line op runs: 1, or 2-4 for a superinstruction
    /// (TERN_PAIR, TERN_TRIPLE, TERN_QUAD). A fused terminator ends the block.
    var records: Int { kind >= 2 ? Int(kind) : 1 }

    private var kind: UInt8 {
        withUnsafeBytes(of: tern_op_kinds) { $0[Int(rawValue)] }
    }

    /// The op's name as listed in Ops.def.
    public var name: String {
        withUnsafeBytes(of: tern_op_names) { table in
            String(cString: table.load(fromByteOffset: Int(rawValue) * MemoryLayout<UnsafePointer<CChar>>.stride,
                                       as: UnsafePointer<CChar>.self))
        }
    }
}

extension TernOp {
    /// An op record for `id` with the given operands.
    init(_ id: TernOpID, pc: UInt64, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, rs3: UInt8 = 0,
         imm: Int64 = 0, aux: UInt32 = 0) {
        self.init(handler: id.handler, imm: imm, pc: pc, rd: rd, rs1: rs1, rs2: rs2, rs3: rs3, aux: aux)
    }

    /// The record that follows a terminator: chain link slots in `handler` (taken)
    /// and `imm` (fall-through), initially empty; `pc` names the owning block.
    static func linkRecord(owner: UInt64) -> TernOp {
        TernOp(handler: nil, imm: 0, pc: owner, rd: 0, rs1: 0, rs2: 0, rs3: 0, aux: 0)
    }

    /// Index of this (non-terminator) op's instruction within its block.
    var instructionIndex: Int { Int((aux >> 16) & 0xff) }
}

/// The op names in handler-table order, and in Ops.def order (for consistency checks).
public enum OpTable {
    /// Names as laid out in the handler table.
    public static var tableOrder: [String] { HandlerTable.names }
    /// Names in op-id order.
    public static var idOrder: [String] { (0..<Int(TernOpCount.rawValue)).map { TernOpID(rawValue: UInt16($0)).name } }
}
