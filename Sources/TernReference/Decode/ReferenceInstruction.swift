/// One instruction as the reference decoder sees it: the mnemonic and the operand
/// fields named by its encoding-table row. Compressed instructions arrive expanded to
/// their base-ISA equivalent (as the specification defines each RVC instruction),
/// with `length == 2`.
public struct ReferenceInstruction: Sendable, Equatable {
    /// The (expanded) mnemonic.
    public var opcode: ReferenceOpcode
    /// Destination register number (x or f per `writesX` / `writesF`).
    public var rd: UInt8 = 0
    /// First source register; the 5-bit zimm of csrr*i.
    public var rs1: UInt8 = 0
    /// Second source register.
    public var rs2: UInt8 = 0
    /// Third source register (fused multiply-add).
    public var rs3: UInt8 = 0
    /// The immediate as the instruction uses it: sign-extended I/S/B/U/J immediates
    /// (branch and jump offsets in bytes, U-type already shifted), shift amounts,
    /// the CSR number, fence's bits 31:20.
    public var imm: Int64 = 0
    /// The rounding-mode field of FP instructions; `aq << 1 | rl` of atomics.
    public var rm: UInt8 = 0
    /// 2 (compressed) or 4.
    public var length: UInt8 = 4
    /// The encoding (the low 16 bits for compressed instructions).
    public var bits: UInt32 = 0

    /// An instruction with the given fields.
    public init(opcode: ReferenceOpcode, rd: UInt8 = 0, rs1: UInt8 = 0, rs2: UInt8 = 0, rs3: UInt8 = 0,
                imm: Int64 = 0, rm: UInt8 = 0, length: UInt8 = 4, bits: UInt32 = 0) {
        self.opcode = opcode; self.rd = rd; self.rs1 = rs1; self.rs2 = rs2; self.rs3 = rs3
        self.imm = imm; self.rm = rm; self.length = length; self.bits = bits
    }

    /// Whether the instruction writes integer register `rd` (its table row names `rd`).
    public var writesX: Bool { SpecEncodingTable.row(for: opcode).operands.contains(.rd) }
    /// Whether the instruction writes floating-point register `rd` (its row names `fd`).
    public var writesF: Bool { SpecEncodingTable.row(for: opcode).operands.contains(.fd) }
    /// Whether it may read or write fflags/frm (F, D and Zicsr).
    public var touchesFCSR: Bool { [.f, .d, .zicsr, .zfhmin, .zfh, .zfa].contains(opcode.extension) }
}
