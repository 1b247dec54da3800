import CoreGlue
import CoreGlue.ThreadedGlue

extension TernOpID {
    /// The threaded handler address for this op.
    var handler: UnsafeRawPointer {
        withUnsafeBytes(of: tern_threaded_handlers) { table in
            UnsafeRawPointer(bitPattern: table.load(fromByteOffset: Int(rawValue) * MemoryLayout<UInt>.stride, as: UInt.self))!
        }
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
