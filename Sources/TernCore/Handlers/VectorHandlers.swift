import CoreGlue
import CoreGlue.ThreadedGlue
import TernSpec

// The V extension's three threaded ops. Op layout (Translator): rd = vd/vs3/rd,
// rs1 = the rs1/vs1/immediate field, rs2 = vs2/rs2, rs3 = nf (memory) or
// immediate bit 5 (vror.vi), imm = the decoded immediate (simm5, zimm), aux low
// 16 bits = the row's index in `vectorInstructions`, bit 24 = vm.

extension UnsafePointer where Pointee == TernOp {
    /// The vector row this op executes.
    @inline(__always) var vectorRow: VectorInstruction { vectorInstructions[Int(pointee.aux & 0xffff)] }
    /// The vm bit: true when the instruction is unmasked.
    @inline(__always) var vm: Bool { pointee.aux & (1 << 24) != 0 }
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
