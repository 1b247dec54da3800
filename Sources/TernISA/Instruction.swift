/// One decoded RV64GC instruction. Compressed forms are already expanded to
/// their 32-bit equivalent (same `opcode` and operand fields), with `length == 2`.
public struct Instruction: Sendable, Equatable {
    /// What the instruction does.
    public var opcode: Opcode
    /// Destination register (x or f according to the opcode); 0 when unused.
    public var rd: UInt8
    /// First source register; for `csrr*i` the 5-bit zero-extended immediate.
    public var rs1: UInt8
    /// Second source register; 0 when unused.
    public var rs2: UInt8
    /// Third source register of fused multiply-add; 0 otherwise.
    public var rs3: UInt8
    /// Sign-extended immediate (byte offset for branches/jumps, already-shifted
    /// value for lui/auipc, shift amount, CSR number, fence bits 31:20).
    public var imm: Int64
    /// FP: the funct3 rounding-mode field. A: `(aq << 1) | rl`. Otherwise 0.
    public var rm: UInt8
    /// Encoded size in bytes: 2 (compressed) or 4.
    public var length: UInt8
    /// Raw encoding (only the low 16 bits for compressed instructions).
    public var bits: UInt32

    /// Creates an instruction from its fields.
    public init(opcode: Opcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, rs3: UInt8 = 0,
                imm: Int64 = 0, rm: UInt8 = 0, length: UInt8 = 4, bits: UInt32 = 0) {
        self.opcode = opcode; self.rd = rd; self.rs1 = rs1; self.rs2 = rs2; self.rs3 = rs3
        self.imm = imm; self.rm = rm; self.length = length; self.bits = bits
    }

    /// True for an expanded compressed (RVC) instruction.
    @inlinable public var isCompressed: Bool { length == 2 }
}
