import CoreGlue
import CoreGlue.ThreadedGlue
import TernSpec

// The V extension's three threaded ops. Op layout (Translator): rd = vd/vs3/rd,
// rs1 = the rs1/vs1/immediate field, rs2 = vs2/rs2, rs3 = nf (memory) or
// immediate bit 5 (vror.vi), imm = the decoded immediate (simm5, zimm), aux low
// 16 bits = the row's index in `vectorInstructions`, bit 24 = vm, bit 25 = the
// model has Zvfh.

/// A vector row, reached without copying it (its closure and strings stay unretained).
typealias VectorRow = UnsafePointer<VectorInstruction>

extension UnsafePointer where Pointee == VectorInstruction {
    @inline(__always) var kind: VectorKind { pointee.kind }
    @inline(__always) var operand: VectorOperand { pointee.operand }
    @inline(__always) var function: VectorElementFunction? { pointee.function }
    @inline(__always) var float: VectorFloat? { pointee.float }
}

/// The rows in one allocation, reached from every hart (`TernHart.vectorRows`), so a
/// handler finds its row without a global's initialisation check. A hart gets
/// the pointer at its first vector op (`attach`): building the rows costs a
/// scalar program's start about 0.4 ms for nothing.
enum VectorRowTable {
    nonisolated(unsafe) static let rows: UnsafeMutablePointer<VectorInstruction> = {
        let p = UnsafeMutablePointer<VectorInstruction>.allocate(capacity: vectorInstructions.count)
        p.initialize(from: vectorInstructions, count: vectorInstructions.count)
        return p
    }()

    /// Stores the rows' address in `h` and returns it.
    @inline(never) static func attach(_ h: HartPtr) -> UnsafeRawPointer {
        let p = UnsafeRawPointer(rows)
        h.pointee.vectorRows = p
        return p
    }
}

extension UnsafePointer where Pointee == TernOp {
    /// The vector row this op executes.
    @inline(__always) func vectorRow(_ h: HartPtr) -> VectorRow {
        (h.pointee.vectorRows ?? VectorRowTable.attach(h)).assumingMemoryBound(to: VectorInstruction.self) + Int(pointee.aux & 0xffff)
    }
    /// The vm bit: true when the instruction is unmasked.
    @inline(__always) var vm: Bool { pointee.aux & (1 << 24) != 0 }
    /// Whether the CPU model has Zvfh (binary16 vector arithmetic), set at translation.
    @inline(__always) var zvfh: Bool { pointee.aux & (1 << 25) != 0 }
}

@_silgen_name("tern_exec_vconfig") func exec_vconfig(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    VectorConfiguration.execute(op, h)
}

@_silgen_name("tern_exec_vmemory") func exec_vmemory(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    VectorMemoryDriver.execute(op, h, m)
}

@_silgen_name("tern_exec_varith") func exec_varith(_ op: OpPtr, _ h: HartPtr, _ m: MemPtr) {
    VectorArithmeticDriver.execute(op, h)
}

/// This file's tail-call stubs. Referencing the group here compiles the stubs
/// into the same object as the bodies above, so each body inlines into its stub.
let vectorHandlerGroup = HandlerGroup(handlers: tern_handlers_Vector, names: tern_names_Vector)
